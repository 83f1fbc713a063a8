"""Schema config over HTTP: request parsing and the route table (domain: :mod:`.._domain.schema`).

Also the tables re-sync (``POST .../schemas/tables/resync``, domain: :mod:`.._domain.syncs`),
which lives under the schema config's path.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import param
from fivetrex.emulator._api._fields import body_object, opt_bool, opt_enum
from fivetrex.emulator._catalog import SCHEMA_CHANGE_HANDLING, SYNC_MODES
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.schema import ColumnPatch, SchemaPatch, TablePatch
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route
from fivetrex.emulator._validation import validate_table_map

__all__ = ["SCHEMA_ROUTES", "column_patch", "schema_patch", "table_patch"]


def _enabled(body: dict[str, Any], path: str | None) -> bool | None:
    """``enabled``; required (400 naming ``{path}enabled``) unless ``path`` is ``None``."""
    enabled = opt_bool(body, "enabled")
    if enabled is None and path is not None:
        raise InvalidInputError(f"Field '{path}enabled' is required")
    return enabled


def _members(value: Any, name: str) -> dict[str, Any]:
    """An optional object of named members (``{}`` when absent or ``null``)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInputError(f"Field '{name}' must be an object")
    return value


def column_patch(value: Any, name: str, path: str | None = None) -> ColumnPatch:
    """The column ``name``'s settings; ``enabled`` required when ``path`` is given."""
    body = body_object(value, f"column '{name}'")
    enabled = _enabled(body, path)
    return ColumnPatch(enabled, opt_bool(body, "hashed"), opt_bool(body, "is_primary_key"))


def table_patch(
    value: Any, name: str, path: str | None = None, *, create: bool = False
) -> TablePatch:
    """The table ``name``'s settings and its columns'.

    ``enabled`` is required when ``path`` is given; ``create`` (a table of a pre-created
    config) reads a falsy ``columns`` as none.
    """
    body = body_object(value, f"table '{name}'")
    enabled = _enabled(body, path)
    sync_mode = opt_enum(body, "sync_mode", SYNC_MODES)
    columns = body.get("columns")
    columns = _members(columns or None if create else columns, "columns")
    return TablePatch(
        enabled, sync_mode, {cname: column_patch(c, cname) for cname, c in columns.items()}
    )


def schema_patch(value: Any, name: str, path: str | None = None) -> SchemaPatch:
    """The schema ``name``'s settings and its tables'; ``enabled`` required if ``path`` is given."""
    body = body_object(value, f"schema '{name}'")
    enabled = _enabled(body, path)
    tables = _members(body.get("tables"), "tables")
    return SchemaPatch(enabled, {tname: table_patch(t, tname) for tname, t in tables.items()})


def _new_schema(value: Any, name: str) -> SchemaPatch:
    """A schema of a pre-created config: its and its tables' ``enabled`` are required."""
    body = body_object(value, f"schema '{name}'")
    path = f"schemas.{name}."
    enabled = _enabled(body, path)
    tables = _members(body.get("tables") or None, f"{path}tables")
    return SchemaPatch(
        enabled,
        {
            tname: table_patch(t, tname, f"{path}tables.{tname}.", create=True)
            for tname, t in tables.items()
        },
    )


def _pre_create(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    schemas = body.get("schemas")
    if not isinstance(schemas, dict):
        raise InvalidInputError("Field 'schemas' is required")
    handling = opt_enum(body, "schema_change_handling", SCHEMA_CHANGE_HANDLING) or "ALLOW_ALL"
    parsed = {sname: _new_schema(s, sname) for sname, s in schemas.items()}
    return b.pre_create_schema_config(param(c, "connectionId"), parsed, handling)


def _update_config(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    handling = opt_enum(body, "schema_change_handling", SCHEMA_CHANGE_HANDLING)
    locked = opt_bool(body, "is_type_locked")
    schemas = _members(body.get("schemas"), "schemas")
    return b.update_schema_config(
        param(c, "connectionId"),
        schema_change_handling=handling,
        is_type_locked=locked,
        schemas={sname: schema_patch(s, sname) for sname, s in schemas.items()},
    )


def _reload(b: Backend, c: Call) -> Any:
    mode = "PRESERVE"
    if c.body is not None:
        mode = opt_enum(body_object(c.body), "exclude_mode", ("PRESERVE", "EXCLUDE")) or mode
    return b.reload_schema_config(param(c, "connectionId"), mode)


def _resync_tables(b: Backend, c: Call) -> Any:
    tables = validate_table_map(c.body, "request body")
    return b.resync_tables(param(c, "connectionId"), tables)


def _drop_columns(value: Any) -> dict[str, dict[str, list[str]]]:
    """The columns to drop: schema name → table name → a non-empty array of column names."""
    schemas = body_object(value).get("schemas")
    if not isinstance(schemas, dict) or not schemas:
        raise InvalidInputError("Field 'schemas' is required")
    out: dict[str, dict[str, list[str]]] = {}
    for sname, sbody in schemas.items():
        tables = body_object(sbody, f"schema '{sname}'").get("tables")
        if not isinstance(tables, dict):
            raise InvalidInputError(f"Field 'schemas.{sname}.tables' is required")
        out[sname] = {}
        for tname, tbody in tables.items():
            columns = body_object(tbody, f"table '{tname}'").get("columns")
            if not isinstance(columns, list) or not columns:
                raise InvalidInputError(
                    f"Field 'schemas.{sname}.tables.{tname}.columns' must be a non-empty array"
                )
            out[sname][tname] = [str(column) for column in columns]
    return out


def _update_schema(b: Backend, c: Call) -> Any:
    name = param(c, "schemaName")
    patch = schema_patch(c.body, name, "")
    return b.update_schema(param(c, "connectionId"), name, patch)


def _update_table(b: Backend, c: Call) -> Any:
    table = param(c, "tableName")
    patch = table_patch(c.body, table, "")
    return b.update_table(param(c, "connectionId"), param(c, "schemaName"), table, patch)


def _update_column(b: Backend, c: Call) -> Any:
    column = param(c, "columnName")
    patch = column_patch(c.body, column, "")
    return b.update_column(
        param(c, "connectionId"), param(c, "schemaName"), param(c, "tableName"), column, patch
    )


_S = "/v1/connections/{connectionId}/schemas"

SCHEMA_ROUTES: tuple[Route, ...] = (
    Route("GET", _S, lambda b, c: b.get_schema_config(param(c, "connectionId")),
          message="Schema configuration retrieved successfully"),
    Route("POST", _S, _pre_create, message="Schema configuration pre-created successfully"),
    Route("PATCH", _S, _update_config, message="Schema configuration has been modified"),
    Route("POST", _S + "/reload", _reload, message="Schema configuration has been reloaded"),
    Route("POST", _S + "/tables/resync", _resync_tables,
          message="Re-sync has been triggered successfully"),
    Route("POST", _S + "/drop-columns",
          lambda b, c: b.drop_columns(param(c, "connectionId"), _drop_columns(c.body)),
          message="Column(s) successfully marked for deletion"),
    Route("PATCH", _S + "/{schemaName}", _update_schema,
          message="Database schema configuration has been modified"),
    Route("PATCH", _S + "/{schemaName}/tables/{tableName}", _update_table,
          message="Table configuration has been modified"),
    Route("PATCH", _S + "/{schemaName}/tables/{tableName}/columns/{columnName}", _update_column,
          message="Column configuration has been modified"),
    Route("DELETE", _S + "/{schemaName}/tables/{tableName}/columns/{columnName}",
          lambda b, c: b.drop_column(
              param(c, "connectionId"), param(c, "schemaName"), param(c, "tableName"),
              param(c, "columnName")),
          message="Column successfully marked for deletion"),
    Route("GET", _S + "/{schema}/tables/{table}/columns",
          lambda b, c: b.get_table_columns(
              param(c, "connectionId"), param(c, "schema"), param(c, "table")),
          message="Column configuration retrieved successfully"),
)  # fmt: skip
"""The schema config's routes (and the tables re-sync under them)."""
