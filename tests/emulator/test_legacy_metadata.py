"""The legacy metadata API (/v1/metadata/connectors/...), still called by integrations."""

from __future__ import annotations

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group
from fivetrex.emulator import Emulator


@pytest.fixture
def pg(http: httpx.Client) -> str:
    cid: str = make_connection(http, make_group(http), "postgres")["id"]
    return cid


def _all(http: httpx.Client, path: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    for _ in range(100):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = data(http.get(path, params=params))
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return items
    raise AssertionError("pagination did not end")


def test_schemas_tables_and_columns_link_up(http: httpx.Client, pg: str) -> None:
    base = f"/metadata/connectors/{pg}"
    schemas = _all(http, base + "/schemas")
    tables = _all(http, base + "/tables")
    columns = _all(http, base + "/columns")
    assert schemas
    assert tables
    assert columns
    assert all(set(s) == {"id", "name_in_source", "name_in_destination"} for s in schemas)
    assert all(
        set(t) == {"id", "parent_id", "name_in_source", "name_in_destination"} for t in tables
    )
    assert all(
        set(c)
        == {
            "id",
            "parent_id",
            "name_in_source",
            "name_in_destination",
            "type_in_source",
            "type_in_destination",
            "is_primary_key",
            "is_foreign_key",
        }
        for c in columns
    )
    schema_ids = {s["id"] for s in schemas}
    table_ids = {t["id"] for t in tables}
    assert {t["parent_id"] for t in tables} <= schema_ids
    assert {c["parent_id"] for c in columns} <= table_ids
    assert len({c["id"] for c in columns}) == len(columns)  # ids unique across pages
    assert any(c["is_primary_key"] for c in columns)
    # the destination names are the schema config's
    config = data(http.post(f"/connections/{pg}/schemas/reload", json={}))
    by_source = {s["name_in_source"]: s["name_in_destination"] for s in schemas}
    for name, schema in config["schemas"].items():
        assert by_source[name] == schema["name_in_destination"]
    # stable ids: asking again gives the same
    assert _all(http, base + "/schemas") == schemas


def test_unknown_connector_is_404_not_found_connector(http: httpx.Client) -> None:
    error(http.get("/metadata/connectors/nope/columns"), 404, "NotFound_Connector")


def test_old_connector_type_paths_alias_connector_types(http: httpx.Client) -> None:
    old = data(http.get("/metadata/connectors", params={"limit": 5}))
    new = data(http.get("/metadata/connector-types", params={"limit": 5}))
    assert old == new
    assert data(http.get("/metadata/connectors/postgres")) == data(
        http.get("/metadata/connector-types/postgres")
    )


def test_legacy_paths_off_answers_404(emu: Emulator, http: httpx.Client, pg: str) -> None:
    emu.configure(legacy_paths=False)
    error(http.get(f"/metadata/connectors/{pg}/tables"), 404)
    aliases = emu.coverage()["legacy_aliases"]
    assert "GET /v1/metadata/connectors/{connectorId}/tables" in aliases
