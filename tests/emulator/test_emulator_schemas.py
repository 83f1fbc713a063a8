"""Schema config: reload, exclude_mode, PATCH at every level, columns, pre-create, drops."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group
from fivetrex.emulator import Emulator


@pytest.fixture
def pg(http: httpx.Client) -> str:
    gid = make_group(http)
    cid: str = make_connection(http, gid, "postgres", config={"schema_prefix": "prod"})["id"]
    return cid


def _reload(http: httpx.Client, cid: str, mode: str | None = None) -> dict[str, Any]:
    body = {"exclude_mode": mode} if mode else {}
    response = http.post(f"/connections/{cid}/schemas/reload", json=body)
    assert response.json()["message"] == "Schema configuration has been reloaded"
    result: dict[str, Any] = data(response)
    return result


def test_no_schema_config_until_reload(http: httpx.Client, pg: str) -> None:
    body = error(http.get(f"/connections/{pg}/schemas"), 404, "NotFound_SchemaConfig")
    assert pg in body["message"]
    error(http.patch(f"/connections/{pg}/schemas", json={}), 404, "NotFound_SchemaConfig")
    error(
        http.get(f"/connections/{pg}/schemas/public/tables/orders/columns"),
        404,
        "NotFound_SchemaConfig",
    )
    error(http.get("/connections/ghost/schemas"), 404, "NotFound_Connection")


def test_reload_generates_a_plausible_database_schema(http: httpx.Client, pg: str) -> None:
    cfg = _reload(http, pg)
    assert cfg["schema_change_handling"] == "ALLOW_ALL"
    assert cfg["enable_new_by_default"] is True
    assert set(cfg["schemas"]) == {"public", "sales", "inventory"}
    public = cfg["schemas"]["public"]
    assert public["name_in_destination"] == "prod_public"
    assert public["enabled"] is True
    orders = public["tables"]["orders"]
    assert orders["enabled"] is True
    assert orders["sync_mode"] == "SOFT_DELETE"
    assert orders["enabled_patch_settings"] == {"allowed": True}
    assert orders["columns"] == {}  # GET-style responses omit never-edited columns
    assert data(http.get(f"/connections/{pg}/schemas")) == cfg


def test_app_and_table_level_schema_keys(http: httpx.Client) -> None:
    gid = make_group(http)
    sf = make_connection(http, gid, "salesforce", config={"schema": "sfdc"})["id"]
    cfg = _reload(http, sf)
    assert list(cfg["schemas"]) == ["salesforce"]
    assert cfg["schemas"]["salesforce"]["name_in_destination"] == "sfdc"
    assert "opportunity" in cfg["schemas"]["salesforce"]["tables"]
    sheet = make_connection(
        http, gid, "google_sheets", config={"schema": "sheets", "table": "budget"}
    )["id"]
    cfg = _reload(http, sheet)
    assert list(cfg["schemas"]) == ["sheets"]
    assert list(cfg["schemas"]["sheets"]["tables"]) == ["budget"]


def test_columns_endpoint_lists_every_column(http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    response = http.get(f"/connections/{pg}/schemas/public/tables/orders/columns")
    assert response.json()["message"] == "Column configuration retrieved successfully"
    columns = data(response)["columns"]
    assert list(columns)[:2] == ["id", "customer_id"]
    assert columns["id"]["is_primary_key"] is True
    assert columns["id"]["enabled_patch_settings"]["allowed"] is False
    assert columns["id"]["enabled_patch_settings"]["reason_code"] == "SYSTEM_COLUMN"
    assert columns["status"] == {
        "name_in_destination": "status",
        "enabled": True,
        "hashed": False,
        "enabled_patch_settings": {"allowed": True},
        "is_primary_key": False,
    }
    error(http.get(f"/connections/{pg}/schemas/public/tables/nope/columns"), 404, "NotFound_Table")
    error(http.get(f"/connections/{pg}/schemas/PUBLIC/tables/orders/columns"), 404)


def test_columns_endpoint_needs_a_connected_connection(http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "stripe", run_setup_tests=False)["id"]
    _reload(http, cid)
    error(http.get(f"/connections/{cid}/schemas/stripe/tables/charge/columns"), 400)


def test_patch_levels_and_edited_columns_appear(http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    schema = http.patch(f"/connections/{pg}/schemas/sales", json={"enabled": False})
    assert schema.json()["message"] == "Database schema configuration has been modified"
    assert data(schema)["schemas"]["sales"]["enabled"] is False
    table = http.patch(
        f"/connections/{pg}/schemas/public/tables/events",
        json={"enabled": False, "sync_mode": "HISTORY"},
    )
    assert table.json()["message"] == "Table configuration has been modified"
    events = data(table)["schemas"]["public"]["tables"]["events"]
    assert (events["enabled"], events["sync_mode"]) == (False, "HISTORY")
    column = http.patch(
        f"/connections/{pg}/schemas/public/tables/customers/columns/email",
        json={"enabled": True, "hashed": True},
    )
    assert column.json()["message"] == "Column configuration has been modified"
    customers = data(column)["schemas"]["public"]["tables"]["customers"]
    assert list(customers["columns"]) == ["email"]
    assert customers["columns"]["email"]["hashed"] is True
    got = data(http.get(f"/connections/{pg}/schemas"))
    assert got["schemas"]["public"]["tables"]["customers"]["columns"]["email"]["hashed"] is True


def test_patch_whole_config(http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    response = http.patch(
        f"/connections/{pg}/schemas",
        json={
            "schema_change_handling": "BLOCK_ALL",
            "schemas": {
                "public": {
                    "tables": {"orders": {"columns": {"status": {"enabled": False}}}},
                }
            },
        },
    )
    assert response.json()["message"] == "Schema configuration has been modified"
    cfg = data(response)
    assert cfg["schema_change_handling"] == "BLOCK_ALL"
    assert cfg["enable_new_by_default"] is False
    assert cfg["schemas"]["public"]["tables"]["orders"]["columns"]["status"]["enabled"] is False


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/schemas/nope", {"enabled": True}, 404),
        ("/schemas/public", {}, 400),
        ("/schemas/public", {"enabled": "no"}, 400),
        ("/schemas/public/tables/nope", {"enabled": True}, 404),
        ("/schemas/public/tables/orders", {"enabled": True, "sync_mode": "FAST"}, 400),
        ("/schemas/public/tables/orders/columns/nope", {"enabled": True}, 404),
        ("/schemas/public/tables/orders/columns/id", {"enabled": False}, 400),
        ("/schemas/public/tables/orders/columns/status", {"hashed": True}, 400),
        ("/schemas", {"schema_change_handling": "SOMETIMES"}, 400),
        ("/schemas", {"schemas": {"nope": {"enabled": True}}}, 404),
    ],
)
def test_patch_validation(
    http: httpx.Client, pg: str, path: str, body: dict[str, Any], status: int
) -> None:
    before = _reload(http, pg)
    error(http.patch(f"/connections/{pg}{path}", json=body), status)
    assert data(http.get(f"/connections/{pg}/schemas")) == before  # nothing half-applied


def test_reload_preserve_keeps_flags_and_enables_new_items(
    emu: Emulator, http: httpx.Client, pg: str
) -> None:
    _reload(http, pg)
    http.patch(f"/connections/{pg}/schemas/public/tables/orders", json={"enabled": False})
    emu.add_source_table(pg, "public", "refunds", ["id", "amount"])
    emu.add_source_table(pg, "archive", "old_orders")
    cfg = _reload(http, pg, "PRESERVE")
    assert cfg["schemas"]["public"]["tables"]["orders"]["enabled"] is False
    assert cfg["schemas"]["public"]["tables"]["refunds"]["enabled"] is True
    assert cfg["schemas"]["archive"]["enabled"] is True
    columns = data(http.get(f"/connections/{pg}/schemas/public/tables/refunds/columns"))
    assert list(columns["columns"]) == ["id", "amount"]


def test_reload_exclude_disables_new_items(emu: Emulator, http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    http.patch(f"/connections/{pg}/schemas/public/tables/orders", json={"enabled": False})
    emu.add_source_table(pg, "public", "refunds")
    emu.add_source_table(pg, "archive", "old_orders")
    cfg = _reload(http, pg, "EXCLUDE")
    assert cfg["schemas"]["public"]["tables"]["refunds"]["enabled"] is False
    assert cfg["schemas"]["archive"]["enabled"] is False
    assert cfg["schemas"]["archive"]["tables"]["old_orders"]["enabled"] is False
    # Known items keep their flags in EXCLUDE mode too.
    assert cfg["schemas"]["public"]["tables"]["orders"]["enabled"] is False
    assert cfg["schemas"]["public"]["tables"]["customers"]["enabled"] is True


def test_first_reload_in_exclude_mode_disables_everything(http: httpx.Client, pg: str) -> None:
    cfg = _reload(http, pg, "EXCLUDE")
    assert {s["enabled"] for s in cfg["schemas"].values()} == {False}
    tables = [t for s in cfg["schemas"].values() for t in s["tables"].values()]
    assert {t["enabled"] for t in tables} == {False}


def test_reload_follows_schema_change_handling(emu: Emulator, http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    http.patch(f"/connections/{pg}/schemas", json={"schema_change_handling": "ALLOW_COLUMNS"})
    emu.add_source_table(pg, "public", "refunds")
    cfg = _reload(http, pg)
    assert cfg["schemas"]["public"]["tables"]["refunds"]["enabled"] is False


def test_reload_rejects_bad_exclude_mode(http: httpx.Client, pg: str) -> None:
    error(http.post(f"/connections/{pg}/schemas/reload", json={"exclude_mode": "ALL"}), 400)


def test_tables_gone_from_the_source_are_marked_deleted(
    emu: Emulator, http: httpx.Client, pg: str
) -> None:
    _reload(http, pg)
    emu.state.tables["sources"][pg]["schemas"]["public"].pop("events")
    cfg = _reload(http, pg)
    assert cfg["schemas"]["public"]["tables"]["events"]["enabled_patch_settings"] == {
        "allowed": False,
        "reason_code": "DELETED",
    }


def test_pre_create_schema_config(http: httpx.Client, pg: str) -> None:
    body = {
        "schema_change_handling": "BLOCK_ALL",
        "schemas": {
            "public": {
                "enabled": True,
                "tables": {
                    "orders": {
                        "enabled": True,
                        "columns": {"total_amount": {"enabled": True, "hashed": True}},
                    }
                },
            }
        },
    }
    response = http.post(f"/connections/{pg}/schemas", json=body)
    assert response.status_code == 200
    assert response.json()["message"] == "Schema configuration pre-created successfully"
    cfg = data(response)
    assert cfg["schema_change_handling"] == "BLOCK_ALL"
    orders = cfg["schemas"]["public"]["tables"]["orders"]
    assert orders["columns"]["total_amount"]["hashed"] is True
    assert data(http.get(f"/connections/{pg}/schemas")) == cfg
    error(http.post(f"/connections/{pg}/schemas", json=body), 409, "Conflict")
    # A later reload merges the real source into the pre-created config.
    reloaded = _reload(http, pg)
    assert reloaded["schemas"]["public"]["tables"]["orders"]["columns"]["total_amount"]["hashed"]
    assert reloaded["schemas"]["public"]["tables"]["customers"]["enabled"] is False


@pytest.mark.parametrize(
    "body",
    [{}, {"schemas": []}, {"schemas": {"public": {}}}, {"schemas": {"p": {"enabled": True,
     "tables": {"t": {}}}}}],
)  # fmt: skip
def test_pre_create_validation(http: httpx.Client, pg: str, body: dict[str, Any]) -> None:
    error(http.post(f"/connections/{pg}/schemas", json=body), 400, "InvalidInput")


def test_drop_blocked_columns(http: httpx.Client, pg: str) -> None:
    _reload(http, pg)
    column = f"/connections/{pg}/schemas/public/tables/orders/columns/status"
    error(http.delete(column), 409, "Conflict")
    http.patch(column, json={"enabled": False})
    dropped = http.delete(column)
    assert dropped.json() == {
        "code": "Success",
        "message": "Column successfully marked for deletion",
    }
    drop = {"schemas": {"public": {"tables": {"orders": {"columns": ["status"]}}}}}
    response = http.post(f"/connections/{pg}/schemas/drop-columns", json=drop)
    assert response.json()["message"] == "Column(s) successfully marked for deletion"
    drop["schemas"]["public"]["tables"]["orders"]["columns"] = ["currency"]
    error(http.post(f"/connections/{pg}/schemas/drop-columns", json=drop), 409)
    error(http.post(f"/connections/{pg}/schemas/drop-columns", json={}), 400)
