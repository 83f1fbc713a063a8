"""The legacy metadata API (``/v1/metadata/connectors/...``), served as the API served it.

Fivetran replaced it with ``/v1/metadata/connector-types`` (go-fivetran 1.2.0: "replaced
with MetadataListService"); the paths are gone from the current spec but listed in the
2023 spec (``fivetran-api.md`` section 5.3, source S8) and integrations still call them.
The item shapes follow Fivetran's 2022 spec (``SchemaMetadataResponse``,
``TableMetadataResponse``, ``ColumnMetadataResponse``, as generated into
grai-core's Fivetran source) and the payload models of metaphor's Fivetran extractor:

- schemas: ``{id, name_in_source, name_in_destination}``
- tables: ``{id, parent_id, name_in_source, name_in_destination}``
- columns: ``{id, parent_id, name_in_source, name_in_destination, type_in_source,
  type_in_destination, is_primary_key, is_foreign_key}``

each a paginated ``{items, next_cursor}`` list over the connection's source. Ids are
opaque and stable; column types are not modelled (``null``, which both sources allow).
``/v1/metadata/connectors[/{service}]`` alias the connector-types operations. All of
them are legacy routes: ``legacy_paths=False`` answers 404 like the other aliases.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain import Page, parse_limit
from fivetrex.emulator._routes import Call, Route

if TYPE_CHECKING:
    from fivetrex.emulator._domain import Backend

__all__ = ["LEGACY_METADATA_ROUTES"]

_M = "/v1/metadata/connectors"


def _id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def _catalog(backend: Backend, connection_id: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(level, parent id, item)`` for every schema, table and column of the source."""
    doc = backend._connection(connection_id)
    source = backend._source(doc)["schemas"]
    for schema, tables in source.items():
        schema_id = _id(connection_id, schema)
        yield (
            "schemas",
            "",
            {
                "id": schema_id,
                "name_in_source": schema,
                "name_in_destination": backend._dest_schema_name(doc, schema),
            },
        )
        for table, columns in tables.items():
            table_id = _id(connection_id, schema, table)
            yield (
                "tables",
                schema_id,
                {
                    "id": table_id,
                    "parent_id": schema_id,
                    "name_in_source": table,
                    "name_in_destination": table.lower(),
                },
            )
            for column in columns:
                name = str(column["name"])
                yield (
                    "columns",
                    table_id,
                    {
                        "id": _id(connection_id, schema, table, name),
                        "parent_id": table_id,
                        "name_in_source": name,
                        "name_in_destination": name.lower(),
                        "type_in_source": None,
                        "type_in_destination": None,
                        "is_primary_key": bool(column.get("primary_key")),
                        "is_foreign_key": False,
                    },
                )


def _without_seq(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "_seq"}


def _listing(level: str) -> Callable[[Any, Call], Page]:
    def handler(backend: Any, call: Call) -> Page:
        items = _catalog(backend, call.params["connectorId"])
        docs = [
            {**item, "_seq": seq}
            for seq, item in enumerate((i for kind, _, i in items if kind == level), start=1)
        ]
        cursor = call.query.get("cursor") or None
        limit = parse_limit(call.query.get("limit"))
        page: Page = backend.page(docs, cursor, limit, _without_seq)
        return page

    return handler


def _types(backend: Any, call: Call) -> Page:
    cursor = call.query.get("cursor") or None
    page: Page = backend.list_connector_types(cursor, parse_limit(call.query.get("limit")))
    return page


LEGACY_METADATA_ROUTES: tuple[Route, ...] = (
    Route("GET", _M, _types, legacy=True),
    Route("GET", _M + "/{service}", lambda b, c: b.get_connector_type(c.params["service"]),
          message="Connector configuration retrieved successfully", legacy=True),
    Route("GET", _M + "/{connectorId}/schemas", _listing("schemas"), legacy=True),
    Route("GET", _M + "/{connectorId}/tables", _listing("tables"), legacy=True),
    Route("GET", _M + "/{connectorId}/columns", _listing("columns"), legacy=True),
)  # fmt: skip
"""The legacy metadata routes (appended to the App's routes)."""
