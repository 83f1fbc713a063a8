"""Request-body parsing of schema config, the tables re-sync and webhooks (``emulator/_api``).

A body is parsed into typed arguments before the domain runs: a malformed body is a 400
even when the resource it names does not exist, and PATCH fields tell ``null`` from absent
where the API gives them different meanings.
"""

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
    data(http.post(f"/connections/{cid}/schemas/reload"))
    return cid


def _hook(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"url": "https://hooks.test/a", "events": ["sync_end"], **fields}
    hook: dict[str, Any] = data(http.post("/webhooks/account", json=body))
    return hook


# -- webhooks -------------------------------------------------------------------------------


def test_webhook_patch_secret_null_clears_it_and_absent_keeps_it(http: httpx.Client) -> None:
    hook = _hook(http, secret="s3cret")
    kept = data(http.patch(f"/webhooks/{hook['id']}", json={"active": False}))
    assert kept["secret"] == "******"
    assert kept["active"] is False
    cleared = data(http.patch(f"/webhooks/{hook['id']}", json={"secret": None}))
    assert "secret" not in cleared
    assert "secret" not in data(http.get(f"/webhooks/{hook['id']}"))


def test_webhook_patch_active_null_means_active(http: httpx.Client) -> None:
    hook = _hook(http, active=False)
    kept = data(http.patch(f"/webhooks/{hook['id']}", json={"url": "https://b.test"}))
    assert kept["active"] is False  # absent: kept
    assert data(http.patch(f"/webhooks/{hook['id']}", json={"active": None}))["active"] is True


def test_webhook_patch_dedupes_events_and_keeps_unsent_fields(http: httpx.Client) -> None:
    hook = _hook(http, secret="s")
    patched = data(
        http.patch(f"/webhooks/{hook['id']}", json={"events": ["sync_start", "sync_start"]})
    )
    assert patched["events"] == ["sync_start"]
    assert (patched["url"], patched["secret"], patched["active"]) == (
        "https://hooks.test/a",
        "******",
        True,
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"url": None}, "Field 'url' is required"),
        ({"url": "ftp://x.test/h"}, "Invalid webhook url 'ftp://x.test/h'"),
        ({"events": []}, "Field 'events' is required and must be a non-empty array"),
        ({"events": ["sync_end", "nope"]}, "Unsupported webhook event 'nope'"),
        ({"active": "no"}, None),
        ({"secret": 5}, None),
    ],
)
def test_webhook_patch_validation_changes_nothing(
    http: httpx.Client, body: dict[str, Any], message: str | None
) -> None:
    hook = _hook(http, secret="s")
    result = error(http.patch(f"/webhooks/{hook['id']}", json=body), 400, "InvalidInput")
    if message is not None:
        assert result["message"] == message
    assert data(http.get(f"/webhooks/{hook['id']}")) == hook


def test_webhook_patch_honours_require_https(emu: Emulator, http: httpx.Client) -> None:
    hook = _hook(http)
    emu.configure(require_https=True)
    result = error(http.patch(f"/webhooks/{hook['id']}", json={"url": "http://h.test"}), 400)
    assert result["message"] == "Webhook url 'http://h.test' must use https"
    error(
        http.post(f"/webhooks/group/{make_group(http)}", json={"url": "http://h.test",
              "events": ["sync_end"]}),
        400,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/webhooks/ghost", {"events": "sync_end"}),
        ("PATCH", "/webhooks/ghost", None),
        ("POST", "/webhooks/ghost/test", {"event": "no_such_event"}),
        ("POST", "/webhooks/group/ghost", {"url": "https://x.test"}),
    ],
)
def test_webhook_malformed_body_is_400_before_the_lookup(
    http: httpx.Client, method: str, path: str, body: Any
) -> None:
    error(http.request(method, path, json=body), 400, "InvalidInput")


def test_webhook_test_delivery_names_the_event(http: httpx.Client, captured: Any) -> None:
    hook = _hook(http)
    data(http.post(f"/webhooks/{hook['id']}/test", json={"event": "connection_failure"}))
    assert captured.events() == ["connection_failure"]


# -- schema config --------------------------------------------------------------------------


def test_nested_patches_need_no_enabled_but_the_addressed_level_does(
    http: httpx.Client, pg: str
) -> None:
    body = {"tables": {"orders": {"sync_mode": "HISTORY", "columns": {"status": {}}}}}
    result = error(http.patch(f"/connections/{pg}/schemas/public", json=body), 400)
    assert result["message"] == "Field 'enabled' is required"
    cfg = data(http.patch(f"/connections/{pg}/schemas/public", json={"enabled": True, **body}))
    orders = cfg["schemas"]["public"]["tables"]["orders"]
    assert orders["sync_mode"] == "HISTORY"
    assert orders["enabled"] is True  # not sent: kept
    assert orders["columns"]["status"]["enabled"] is True  # edited, nothing changed


def test_null_fields_of_a_patch_keep_the_settings(http: httpx.Client, pg: str) -> None:
    path = f"/connections/{pg}/schemas/public/tables/orders"
    data(http.patch(path, json={"enabled": False, "sync_mode": "HISTORY"}))
    cfg = data(
        http.patch(
            f"/connections/{pg}/schemas",
            json={
                "schema_change_handling": None,
                "schemas": {"public": {"enabled": None, "tables": {"orders": {"sync_mode": None,
                            "enabled": None, "columns": None}}}},
            },
        )
    )  # fmt: skip
    assert cfg["schema_change_handling"] == "ALLOW_ALL"
    assert cfg["schemas"]["public"]["enabled"] is True
    orders = cfg["schemas"]["public"]["tables"]["orders"]
    assert (orders["enabled"], orders["sync_mode"]) == (False, "HISTORY")


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/schemas", {"schemas": {"public": {"tables": []}}}, "Field 'tables' must be an object"),
        ("/schemas", {"schemas": {"public": 1}}, "The schema 'public' must be a JSON object"),
        ("/schemas/public", {"enabled": True, "tables": {"orders": 1}},
         "The table 'orders' must be a JSON object"),
        ("/schemas/public", {"enabled": True, "tables": {"orders": {"columns": []}}},
         "Field 'columns' must be an object"),
        ("/schemas/public/tables/orders", {"enabled": True, "columns": {"status": {"hashed": 1}}},
         "Field 'hashed' must be a boolean"),
    ],
)  # fmt: skip
def test_patch_shape_errors(
    http: httpx.Client, pg: str, path: str, body: dict[str, Any], message: str
) -> None:
    before = data(http.get(f"/connections/{pg}/schemas"))
    result = error(http.patch(f"/connections/{pg}{path}", json=body), 400, "InvalidInput")
    assert result["message"] == message
    assert data(http.get(f"/connections/{pg}/schemas")) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"schemas": {"p": {"enabled": True, "tables": {"t": {}}}}},
         "Field 'schemas.p.tables.t.enabled' is required"),
        ({"schemas": {"p": {}}}, "Field 'schemas.p.enabled' is required"),
        ({"schemas": {"p": {"enabled": True, "tables": 5}}},
         "Field 'schemas.p.tables' must be an object"),
        ({"schemas": {}, "schema_change_handling": "NEVER"},
         "Invalid value 'NEVER' for field 'schema_change_handling'. Allowed: ALLOW_ALL, "
         "ALLOW_COLUMNS, BLOCK_ALL"),
    ],
)  # fmt: skip
def test_pre_create_names_the_missing_field(
    http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    cid = make_connection(http, make_group(http), "postgres")["id"]
    result = error(http.post(f"/connections/{cid}/schemas", json=body), 400, "InvalidInput")
    assert result["message"] == message


def test_pre_create_reads_empty_tables_and_columns_as_none(http: httpx.Client) -> None:
    cid = make_connection(http, make_group(http), "postgres")["id"]
    body = {
        "schemas": {
            "a": {"enabled": True, "tables": []},
            "b": {"enabled": False, "tables": {"t": {"enabled": True, "columns": []}}},
        }
    }
    cfg = data(http.post(f"/connections/{cid}/schemas", json=body))
    assert cfg["schemas"]["a"]["tables"] == {}
    assert cfg["schemas"]["b"]["enabled"] is False
    assert cfg["schemas"]["b"]["tables"]["t"]["columns"] == {}
    assert cfg["schema_change_handling"] == "ALLOW_ALL"


def test_pre_create_column_defaults(http: httpx.Client) -> None:
    cid = make_connection(http, make_group(http), "postgres")["id"]
    columns = {"id": {"is_primary_key": True, "enabled": False}, "x": {}, "y": {"enabled": False}}
    body = {"schemas": {"s": {"enabled": True, "tables": {"t": {"enabled": True,
            "sync_mode": "LIVE", "columns": columns}}}}}  # fmt: skip
    table = data(http.post(f"/connections/{cid}/schemas", json=body))["schemas"]["s"]["tables"]["t"]
    assert table["sync_mode"] == "LIVE"
    got = {
        name: (c["enabled"], c["hashed"], c["is_primary_key"])
        for name, c in table["columns"].items()
    }
    assert got == {"id": (True, False, True), "x": (True, False, False), "y": (False, False, False)}


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PATCH", "/schemas", {"schema_change_handling": "SOMETIMES"}),
        ("PATCH", "/schemas/public", {}),
        ("PATCH", "/schemas/public/tables/orders", {"enabled": True, "sync_mode": "FAST"}),
        ("PATCH", "/schemas/public/tables/orders/columns/id", {"hashed": True}),
        ("POST", "/schemas", {"schemas": {"p": {}}}),
        ("POST", "/schemas/reload", {"exclude_mode": "ALL"}),
        ("POST", "/schemas/drop-columns", {"schemas": {}}),
        ("POST", "/schemas/tables/resync", None),
        ("POST", "/schemas/tables/resync", {"public": []}),
    ],
)
def test_schema_malformed_body_is_400_before_the_lookup(
    http: httpx.Client, method: str, suffix: str, body: Any
) -> None:
    error(http.request(method, f"/connections/ghost{suffix}", json=body), 400, "InvalidInput")


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ([], "Field 'schemas.public.tables' is required"),
        ({"orders": {"columns": []}},
         "Field 'schemas.public.tables.orders.columns' must be a non-empty array"),
        ({"orders": 3}, "The table 'orders' must be a JSON object"),
    ],
)  # fmt: skip
def test_drop_columns_shape_errors(http: httpx.Client, pg: str, tables: Any, message: str) -> None:
    body = {"schemas": {"public": {"tables": tables}}}
    result = error(http.post(f"/connections/{pg}/schemas/drop-columns", json=body), 400)
    assert result["message"] == message


def test_drop_columns_checks_every_named_column(http: httpx.Client, pg: str) -> None:
    column = f"/connections/{pg}/schemas/public/tables/orders/columns/status"
    data(http.patch(column, json={"enabled": False}))
    body = {"schemas": {"public": {"tables": {"orders": {"columns": ["status", "nope"]}}}}}
    error(http.post(f"/connections/{pg}/schemas/drop-columns", json=body), 404, "NotFound_Column")
    body["schemas"]["public"]["tables"]["orders"]["columns"] = ["status"]
    data(http.post(f"/connections/{pg}/schemas/drop-columns", json=body))


def test_reload_without_a_body_preserves(emu: Emulator, http: httpx.Client, pg: str) -> None:
    data(http.patch(f"/connections/{pg}/schemas/public/tables/orders", json={"enabled": False}))
    emu.add_source_table(pg, "public", "refunds")
    cfg = data(http.post(f"/connections/{pg}/schemas/reload"))
    tables = cfg["schemas"]["public"]["tables"]
    assert (tables["orders"]["enabled"], tables["refunds"]["enabled"]) == (False, True)
    emu.add_source_table(pg, "public", "returns")
    cfg = data(http.post(f"/connections/{pg}/schemas/reload", json={"exclude_mode": None}))
    assert cfg["schemas"]["public"]["tables"]["returns"]["enabled"] is True


def test_tables_resync_needs_existing_tables(http: httpx.Client, pg: str) -> None:
    path = f"/connections/{pg}/schemas/tables/resync"
    error(http.post(path, json={"public": ["nope"]}), 404, "NotFound_Table")
    error(http.post(path, json={"nope": ["orders"]}), 404, "NotFound_Schema")
    response = http.post(path, json={"public": ["orders"]})
    assert response.json()["message"] == "Re-sync has been triggered successfully"
