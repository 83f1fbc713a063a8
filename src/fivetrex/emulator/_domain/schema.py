"""Schema config: schemas, tables and columns, reloads, drops."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fivetrex.emulator._catalog import CONNECTION_SERVICES
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._errors import ConflictError, InvalidInputError, NotFoundError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._sources import columns_for_table, default_source
from fivetrex.emulator._state import Doc

__all__ = ["ColumnPatch", "SchemaArea", "SchemaPatch", "TablePatch"]


@dataclass(frozen=True)
class ColumnPatch:
    """A column's settings as a request sends them; ``None``: not sent (kept, or defaulted)."""

    enabled: bool | None = None
    hashed: bool | None = None
    is_primary_key: bool | None = None


@dataclass(frozen=True)
class TablePatch:
    """A table's settings as a request sends them; ``None``: not sent.

    ``sync_mode`` is one of :data:`~fivetrex.emulator._catalog.SYNC_MODES` (checked by the
    route); ``columns`` by column name.
    """

    enabled: bool | None = None
    sync_mode: str | None = None
    columns: Mapping[str, ColumnPatch] = field(default_factory=dict)


@dataclass(frozen=True)
class SchemaPatch:
    """A schema's settings as a request sends them; ``None``: not sent. ``tables`` by name."""

    enabled: bool | None = None
    tables: Mapping[str, TablePatch] = field(default_factory=dict)


class SchemaArea(BackendBase):
    """A connection's schema config."""

    def _schema_config(self, connection_id: str) -> Doc:
        self._connection(connection_id)
        message = f"Connection with id '{connection_id}' doesn't have a schema config"
        return self.state.require("schemas", connection_id, "SchemaConfig", message=message)

    def render_schema_config(self, cfg: Doc) -> dict[str, Any]:
        """Public form of a schema config (only user-edited columns are listed)."""
        schemas: dict[str, Any] = {}
        for sname, schema in cfg["schemas"].items():
            tables: dict[str, Any] = {}
            for tname, table in schema["tables"].items():
                out = {k: _clone(v) for k, v in table.items() if k != "columns"}
                out["columns"] = {
                    cname: self._render_column(column)
                    for cname, column in table["columns"].items()
                    if column.get("_edited")
                }
                tables[tname] = out
            schemas[sname] = {
                "name_in_destination": schema["name_in_destination"],
                "enabled": schema["enabled"],
                "tables": tables,
            }
        handling = cfg["schema_change_handling"]
        return {
            "enable_new_by_default": handling == "ALLOW_ALL",
            "schema_change_handling": handling,
            "schemas": schemas,
        }

    @staticmethod
    def _render_column(column: Doc) -> dict[str, Any]:
        return {k: _clone(v) for k, v in column.items() if not k.startswith("_")}

    def get_schema_config(self, connection_id: str) -> dict[str, Any]:
        """``GET /v1/connections/{connectionId}/schemas``."""
        return self.render_schema_config(self._schema_config(connection_id))

    def _dest_schema_name(self, doc: Doc, source_schema: str) -> str:
        info = CONNECTION_SERVICES[doc["service"]]
        if info.kind == "database":
            return f"{doc['schema']}_{source_schema.lower()}"
        if info.kind == "table":
            return str(doc["config"].get("schema", source_schema))
        return str(doc["schema"])

    def _source(self, doc: Doc) -> Doc:
        source = self.state.get("sources", doc["id"])
        if source is None:
            source = {"schemas": default_source(doc["service"], doc["config"])}
            self.state.put("sources", doc["id"], source)
        return source

    def add_source_table(
        self,
        connection_id: str,
        schema: str,
        table: str,
        columns: list[str] | None = None,
    ) -> dict[str, Any]:
        """Add a table to the connection's simulated source (seen on the next reload)."""
        doc = self._connection(connection_id)
        if not isinstance(schema, str) or not schema or not isinstance(table, str) or not table:
            raise InvalidInputError("Fields 'schema' and 'table' must be non-empty strings")
        source = self._source(doc)
        if columns is None:
            cols = columns_for_table(table)
        else:
            if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
                raise InvalidInputError("Field 'columns' must be an array of strings")
            cols = [{"name": c, "primary_key": i == 0} for i, c in enumerate(columns)]
        source["schemas"].setdefault(schema, {})[table] = cols
        self.state.touch("sources", connection_id)
        return {"schemas": _clone(source["schemas"])}

    @staticmethod
    def _new_column(name: str, primary_key: bool, enabled: bool) -> Doc:
        settings: dict[str, Any] = {"allowed": True}
        if primary_key:
            settings = {
                "allowed": False,
                "reason_code": "SYSTEM_COLUMN",
                "reason": "The column does not support exclusion as it is a Primary Key",
            }
        return {
            "name_in_destination": name.lower(),
            "enabled": True if primary_key else enabled,
            "hashed": False,
            "enabled_patch_settings": settings,
            "is_primary_key": primary_key,
        }

    @staticmethod
    def _new_table(name: str, enabled: bool) -> Doc:
        return {
            "name_in_destination": name.lower(),
            "enabled": enabled,
            "sync_mode": "SOFT_DELETE",
            "enabled_patch_settings": {"allowed": True},
            "supports_columns_config": True,
            "supports_history_mode": True,
            "columns": {},
        }

    def _reload_table(
        self,
        schema: Doc,
        name: str,
        columns: list[Doc],
        new_container: bool,
        new_column: bool,
    ) -> None:
        """Add the source's table ``name`` (or its new ``columns``) to ``schema``; a table
        back in the source loses its ``DELETED`` mark."""
        table = schema["tables"].get(name)
        if table is None:
            table = self._new_table(name, new_container)
            schema["tables"][name] = table
        elif table["enabled_patch_settings"].get("reason_code") == "DELETED":
            table["enabled_patch_settings"] = {"allowed": True}
        for column in columns:
            if column["name"] not in table["columns"]:
                table["columns"][column["name"]] = self._new_column(
                    column["name"], bool(column.get("primary_key")), new_column
                )

    def reload_schema_config(
        self, connection_id: str, exclude_mode: str = "PRESERVE"
    ) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/schemas/reload``.

        ``exclude_mode`` ``PRESERVE`` (default) keeps the enabled flags of known items and
        enables new ones according to ``schema_change_handling``; ``EXCLUDE`` disables new
        schemas and tables.
        """
        doc = self._connection(connection_id)
        cfg = self.state.get("schemas", connection_id)
        if cfg is None:
            cfg = {"schema_change_handling": "ALLOW_ALL", "schemas": {}}
        handling = cfg["schema_change_handling"]
        new_container = exclude_mode == "PRESERVE" and handling == "ALLOW_ALL"
        new_column = exclude_mode == "EXCLUDE" or handling != "BLOCK_ALL"
        source = self._source(doc)
        seen: set[tuple[str, str]] = set()
        for sname, tables in source["schemas"].items():
            schema = cfg["schemas"].get(sname)
            if schema is None:
                schema = {
                    "name_in_destination": self._dest_schema_name(doc, sname),
                    "enabled": new_container,
                    "tables": {},
                }
                cfg["schemas"][sname] = schema
            for tname, columns in tables.items():
                seen.add((sname, tname))
                self._reload_table(schema, tname, columns, new_container, new_column)
        for sname, schema in cfg["schemas"].items():
            for tname, table in schema["tables"].items():
                if (sname, tname) not in seen:
                    table["enabled_patch_settings"] = {"allowed": False, "reason_code": "DELETED"}
        self.state.put("schemas", connection_id, cfg)
        return self.render_schema_config(cfg)

    def pre_create_schema_config(
        self,
        connection_id: str,
        schemas: Mapping[str, SchemaPatch],
        schema_change_handling: str = "ALLOW_ALL",
    ) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/schemas`` (only when none exists yet).

        ``schemas`` as sent: every schema's and table's ``enabled`` is set (the route
        requires it); a column's ``enabled`` defaults to true, ``hashed`` and
        ``is_primary_key`` to false.
        """
        doc = self._connection(connection_id)
        if self.state.get("schemas", connection_id) is not None:
            raise ConflictError(f"Connection with id '{connection_id}' already has a schema config")
        cfg: Doc = {"schema_change_handling": schema_change_handling, "schemas": {}}
        for sname, spatch in schemas.items():
            schema: Doc = {
                "name_in_destination": self._dest_schema_name(doc, sname),
                "enabled": bool(spatch.enabled),
                "tables": {},
            }
            for tname, tpatch in spatch.tables.items():
                table = self._new_table(tname, bool(tpatch.enabled))
                if tpatch.sync_mode:
                    table["sync_mode"] = tpatch.sync_mode
                for cname, cpatch in tpatch.columns.items():
                    enabled = True if cpatch.enabled is None else cpatch.enabled
                    column = self._new_column(cname, bool(cpatch.is_primary_key), enabled)
                    column["hashed"] = bool(cpatch.hashed)
                    column["_edited"] = True
                    table["columns"][cname] = column
                schema["tables"][tname] = table
            cfg["schemas"][sname] = schema
        self.state.put("schemas", connection_id, cfg)
        return self.render_schema_config(cfg)

    @staticmethod
    def _patch_column(column: Doc, name: str, patch: ColumnPatch) -> None:
        if patch.enabled is not None and patch.enabled != column["enabled"]:
            if not column["enabled_patch_settings"].get("allowed", True):
                reason = column["enabled_patch_settings"].get("reason", "it is a system column")
                raise InvalidInputError(f"Column '{name}' cannot be excluded: {reason}")
            column["enabled"] = patch.enabled
        if patch.hashed is not None:
            column["hashed"] = patch.hashed
        if patch.is_primary_key is not None:
            column["is_primary_key"] = patch.is_primary_key
        column["_edited"] = True

    def _patch_table(self, table: Doc, name: str, patch: TablePatch) -> None:
        if patch.enabled is not None and patch.enabled != table["enabled"]:
            if not table["enabled_patch_settings"].get("allowed", True):
                raise InvalidInputError(f"Table '{name}' cannot be changed")
            table["enabled"] = patch.enabled
        if patch.sync_mode is not None:
            table["sync_mode"] = patch.sync_mode
        for cname, cpatch in patch.columns.items():
            column = self._member(table["columns"], "Column", cname, f"table '{name}'")
            self._patch_column(column, cname, cpatch)

    def _patch_schema(self, schema: Doc, name: str, patch: SchemaPatch) -> None:
        if patch.enabled is not None:
            schema["enabled"] = patch.enabled
        for tname, tpatch in patch.tables.items():
            table = self._member(schema["tables"], "Table", tname, f"schema '{name}'")
            self._patch_table(table, tname, tpatch)

    @staticmethod
    def _member(nodes: Doc, kind: str, name: str, parent: str) -> Doc:
        """``nodes[name]``, or 404 ``NotFound_{kind}`` naming it and its ``parent``."""
        node: Doc | None = nodes.get(name)
        if node is None:
            raise NotFoundError(kind, name, message=f"{kind} '{name}' does not exist in {parent}")
        return node

    def _locate(
        self, cfg: Doc, schema: str, table: str | None = None, column: str | None = None
    ) -> Doc:
        node: Doc | None = cfg["schemas"].get(schema)
        if node is None:
            raise NotFoundError("Schema", schema, message=f"Schema '{schema}' does not exist")
        if table is not None:
            node = self._member(node["tables"], "Table", table, f"schema '{schema}'")
        if column is not None:
            assert table is not None
            node = self._member(node["columns"], "Column", column, f"table '{schema}.{table}'")
        return node

    def _edit_config(self, connection_id: str, apply: Callable[[Doc], None]) -> dict[str, Any]:
        cfg = self._schema_config(connection_id)
        staged = _clone(cfg)
        apply(staged)
        self.state.put("schemas", connection_id, staged | {"_seq": cfg["_seq"]})
        return self.render_schema_config(staged)

    def update_schema_config(
        self,
        connection_id: str,
        *,
        schema_change_handling: str | None = None,
        is_type_locked: bool | None = None,
        schemas: Mapping[str, SchemaPatch] | None = None,
    ) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas``: ``None`` keeps a setting.

        All or nothing: a schema, table or column the patches name that does not exist
        (404) leaves the config as it was.
        """

        def apply(cfg: Doc) -> None:
            if schema_change_handling is not None:
                cfg["schema_change_handling"] = schema_change_handling
            if is_type_locked is not None:
                cfg["is_type_locked"] = is_type_locked
            for sname, patch in (schemas or {}).items():
                self._patch_schema(self._locate(cfg, sname), sname, patch)

        return self._edit_config(connection_id, apply)

    def update_schema(self, connection_id: str, schema: str, patch: SchemaPatch) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas/{schemaName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_schema(self._locate(cfg, schema), schema, patch),
        )

    def update_table(
        self, connection_id: str, schema: str, table: str, patch: TablePatch
    ) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas/{schemaName}/tables/{tableName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_table(self._locate(cfg, schema, table), table, patch),
        )

    def update_column(
        self, connection_id: str, schema: str, table: str, column: str, patch: ColumnPatch
    ) -> dict[str, Any]:
        """``PATCH .../schemas/{schemaName}/tables/{tableName}/columns/{columnName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_column(self._locate(cfg, schema, table, column), column, patch),
        )

    def get_table_columns(self, connection_id: str, schema: str, table: str) -> dict[str, Any]:
        """``GET .../schemas/{schema}/tables/{table}/columns`` (every column, edited or not)."""
        doc = self._connection(connection_id)
        cfg = self._schema_config(connection_id)
        node = self._locate(cfg, schema, table)
        if doc["status"]["setup_state"] != "connected":
            raise InvalidInputError(
                f"Connection with id '{connection_id}' must be in 'connected' setup state to "
                "read source table columns"
            )
        return {"columns": {name: self._render_column(c) for name, c in node["columns"].items()}}

    def drop_column(self, connection_id: str, schema: str, table: str, column: str) -> None:
        """``DELETE .../columns/{columnName}`` (409 unless the column is blocked)."""
        cfg = self._schema_config(connection_id)
        node = self._locate(cfg, schema, table, column)
        if node["enabled"]:
            raise ConflictError(f"Column '{column}' is not blocked; disable it before dropping it")

    def drop_columns(
        self, connection_id: str, schemas: Mapping[str, Mapping[str, list[str]]]
    ) -> None:
        """``POST /v1/connections/{connectionId}/schemas/drop-columns``.

        ``schemas``: schema name → table name → the columns to drop; each must exist (404)
        and be blocked (409).
        """
        cfg = self._schema_config(connection_id)
        for sname, tables in schemas.items():
            for tname, columns in tables.items():
                for cname in columns:
                    node = self._locate(cfg, sname, tname, cname)
                    if node["enabled"]:
                        raise ConflictError(f"Column '{cname}' is not blocked")
