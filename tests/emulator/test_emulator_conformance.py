"""Conformance: every response the emulator produces validates against the official spec."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from emulator._access_scenario import access_scenario
from emulator._emu_support import BASE, Captured, data
from emulator._platform_scenario import platform_scenario
from emulator._spec import MISSING_SPEC_MESSAGE, OpenAPIOracle, load_oracle
from fivetrex.emulator import ROUTES, Emulator
from fivetrex.emulator._catalog import (
    CONNECTION_SERVICES,
    DESTINATION_SERVICES,
    KNOWN_OPERATIONS,
    REGIONS,
    TIME_ZONE_OFFSETS,
)

# Documented after the spec snapshot (reference §5.2), so absent from the file.
POST_SNAPSHOT = {
    ("GET", "/v1/connections/{connectionId}/sync-history"),
    ("GET", "/v1/connections/{connectionId}/errors"),
}


@pytest.fixture(scope="module")
def oracle() -> OpenAPIOracle:
    found = load_oracle()
    if found is None:
        pytest.skip(MISSING_SPEC_MESSAGE)
    return found


class Recorder(httpx.BaseTransport):
    """Wrap a transport and keep every exchange."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[str, str, int, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        is_json = "json" in response.headers.get("content-type", "")
        body = json.loads(response.content) if response.content and is_json else None
        self.exchanges.append((request.method, request.url.path, response.status_code, body))
        return response


@pytest.fixture(scope="module")
def traffic() -> list[tuple[str, str, int, Any]]:
    """Drive every implemented operation (and many errors) through a recorder."""
    emu = Emulator(seed="demo", deliver=Captured())
    recorder = Recorder(emu.transport())
    with httpx.Client(
        transport=recorder, base_url=BASE, auth=(emu.api_key, emu.api_secret)
    ) as http:
        _scenario(emu, http)
        access_scenario(emu, http)
        platform_scenario(emu, http)
    emu.close()
    return recorder.exchanges


def _scenario(emu: Emulator, http: httpx.Client) -> None:
    http.get("/account/info")
    groups = data(http.get("/groups", params={"limit": 2}))
    http.get("/groups", params={"cursor": groups["next_cursor"]})
    gid = data(http.post("/groups", json={"name": "Conformance"}), 201)["id"]
    http.get(f"/groups/{gid}")
    http.patch(f"/groups/{gid}", json={"name": "Conformance_2"})
    http.get(f"/groups/{gid}/public-key")
    http.get(f"/groups/{gid}/service-account")
    http.get("/groups/missing_group")
    # destinations
    http.post(
        "/destinations",
        json={
            "group_id": gid,
            "service": "snowflake",
            "time_zone_offset": "+3",
            "config": {"host": "h", "port": 443, "password": "p"},
        },
    )
    http.post("/destinations", json={"group_id": gid, "service": "nope", "time_zone_offset": "0"})
    http.get("/destinations", params={"limit": 3})
    http.get(f"/destinations/{gid}")
    http.patch(f"/destinations/{gid}", json={"region": "AWS_US_EAST_1"})
    http.post(f"/destinations/{gid}/test", json={})
    # connections of several kinds
    conns = {}
    for service, config in (
        ("postgres", {"schema_prefix": "conf_pg", "password": "p", "port": 5432}),
        ("salesforce", {"schema": "conf_sf"}),
        ("google_sheets", {"schema": "conf_sheets", "table": "t"}),
        ("connector_sdk", {"schema": "conf_sdk"}),
    ):
        created = http.post(
            "/connections",
            json={
                "group_id": gid,
                "service": service,
                "config": config,
                "sync_frequency": 1440,
                "daily_sync_time": "03:00",
                "connect_card_config": {"redirect_uri": "https://x.test/done"},
            },
        )
        conns[service] = data(created, 201)["id"]
    pg = conns["postgres"]
    http.get("/connections", params={"limit": 5})
    http.get("/connections", params={"group_id": gid})
    http.get(f"/groups/{gid}/connections")
    http.get(f"/connections/{pg}")
    http.patch(f"/connections/{pg}", json={"sync_frequency": 60})
    http.post(f"/connections/{pg}/test", json={})
    http.post(
        f"/connections/{pg}/connect-card",
        json={"connect_card_config": {"redirect_uri": "https://x.test", "hide_setup_guide": True}},
    )
    # syncs in every state
    emu.set_sync_outcome(pg, "failure", reason="boom", task_code="reconnect")
    http.post(f"/connections/{pg}/sync", json={"force": True})
    http.get(f"/connections/{pg}")
    emu.complete_sync(pg)
    http.get(f"/connections/{pg}")
    sf = conns["salesforce"]
    emu.set_sync_outcome(sf, "rescheduled")
    http.post(f"/connections/{sf}/sync")
    emu.complete_sync(sf)
    http.get(f"/connections/{sf}")
    http.post(f"/connections/{sf}/resync", json={"scope": {"salesforce": ["account"]}})
    http.patch(f"/connections/{sf}", json={"paused": True})
    http.get(f"/connections/{sf}")
    sdk = conns["connector_sdk"]
    http.patch(f"/connections/{sdk}/state", json={"state": {"cursor": "x"}})
    http.get(f"/connections/{sdk}/state")
    http.get(f"/connections/{pg}/state")
    # schema config
    http.get(f"/connections/{pg}/schemas")
    http.post(f"/connections/{pg}/schemas/reload", json={"exclude_mode": "PRESERVE"})
    http.get(f"/connections/{pg}/schemas")
    http.patch(f"/connections/{pg}/schemas", json={"schema_change_handling": "ALLOW_COLUMNS"})
    http.patch(f"/connections/{pg}/schemas/public", json={"enabled": True})
    http.patch(
        f"/connections/{pg}/schemas/public/tables/orders",
        json={"enabled": True, "sync_mode": "HISTORY"},
    )
    http.patch(
        f"/connections/{pg}/schemas/public/tables/orders/columns/status",
        json={"enabled": False, "hashed": True},
    )
    http.delete(f"/connections/{pg}/schemas/public/tables/orders/columns/status")
    http.post(
        f"/connections/{pg}/schemas/drop-columns",
        json={"schemas": {"public": {"tables": {"orders": {"columns": ["status"]}}}}},
    )
    emu.configure(sync_polls_to_complete=1)
    http.get(f"/connections/{pg}")  # finishes nothing (not syncing) but exercises GET
    emu.complete_sync(pg)
    http.post(f"/connections/{pg}/test", json={})
    http.get(f"/connections/{pg}/schemas/public/tables/orders/columns")
    http.post(f"/connections/{pg}/schemas/tables/resync", json={"public": ["orders"]})
    sheets = conns["google_sheets"]
    http.post(
        f"/connections/{sheets}/schemas",
        json={"schemas": {"conf_sheets": {"enabled": True, "tables": {"t": {"enabled": True}}}}},
    )
    # webhooks
    hook = data(
        http.post(
            "/webhooks/account",
            json={"url": "https://x.test/h", "events": ["sync_end"], "secret": "s"},
        )
    )["id"]
    http.post(f"/webhooks/group/{gid}", json={"url": "https://x.test/g", "events": ["sync_start"]})
    http.get("/webhooks", params={"limit": 2})
    http.get(f"/webhooks/{hook}")
    http.patch(f"/webhooks/{hook}", json={"active": False})
    http.post(f"/webhooks/{hook}/test", json={"event": "sync_end"})
    http.delete(f"/webhooks/{hook}")
    # teardown paths
    http.delete(f"/destinations/{gid}")
    for cid in conns.values():
        http.delete(f"/connections/{cid}")
    http.delete(f"/destinations/{gid}")
    http.delete(f"/groups/{gid}")
    # every demo connection and destination, in detail
    for conn in data(http.get("/connections", params={"limit": 1000}))["items"]:
        http.get(f"/connections/{conn['id']}")
    for dest in data(http.get("/destinations", params={"limit": 1000}))["items"]:
        http.get(f"/destinations/{dest['id']}")


def test_every_recorded_response_validates(
    oracle: OpenAPIOracle, traffic: list[tuple[str, str, int, Any]]
) -> None:
    problems: list[str] = []
    for method, path, status, body in traffic:
        if body is None and 200 <= status < 300:
            continue  # a file download: not JSON
        problems.extend(oracle.errors(method, path, status, body))
    assert problems == [], "\n".join(problems[:40])


def test_every_implemented_operation_was_exercised_successfully(
    oracle: OpenAPIOracle, traffic: list[tuple[str, str, int, Any]]
) -> None:
    ok = {
        (method, oracle.find_template(method, path))
        for method, path, status, _ in traffic
        if 200 <= status < 300
    }
    implemented = {(r.method, r.template) for r in ROUTES if not r.legacy} - POST_SNAPSHOT
    assert sorted(implemented - ok) == []


def test_success_statuses_are_the_documented_ones(
    oracle: OpenAPIOracle, traffic: list[tuple[str, str, int, Any]]
) -> None:
    for method, path, status, _ in traffic:
        template = oracle.find_template(method, path)
        assert template is not None, (method, path)
        if 200 <= status < 300:
            documented = {s for s in oracle.documented_statuses(method, template) if s < 300}
            assert status in documented, (method, template, status, documented)


def test_error_bodies_use_the_error_envelope(traffic: list[tuple[str, str, int, Any]]) -> None:
    errors = [(m, p, s, b) for m, p, s, b in traffic if s >= 400]
    assert errors, "the scenario should include error responses"
    for _, _, _, body in errors:
        assert set(body) == {"code", "message"}
        assert isinstance(body["code"], str)
        assert body["code"]


def test_implemented_routes_exist_in_the_spec(oracle: OpenAPIOracle) -> None:
    operations = oracle.operations()
    for route in ROUTES:
        if not route.legacy and (route.method, route.template) not in POST_SNAPSHOT:
            assert (route.method, route.template) in operations, route.operation


def test_known_operation_catalogue_matches_the_spec(oracle: OpenAPIOracle) -> None:
    assert set(KNOWN_OPERATIONS) - POST_SNAPSHOT == oracle.operations()


def test_service_catalogues_exist_in_the_spec(oracle: OpenAPIOracle) -> None:
    services = oracle.discriminator_values("ConnectorResponseV1")
    assert sorted(set(CONNECTION_SERVICES) - services) == []
    destinations = {
        name.removesuffix("_DestinationExtendedResponse")
        for name in oracle.spec["components"]["schemas"]
        if name.endswith("_DestinationExtendedResponse")
    }
    assert sorted(DESTINATION_SERVICES - destinations) == []


def test_enums_match_the_spec(oracle: OpenAPIOracle) -> None:
    assert set(oracle.enum_of("DestinationResponse", "region")) == REGIONS
    assert set(oracle.enum_of("DestinationResponse", "time_zone_offset")) == TIME_ZONE_OFFSETS


def test_oracle_is_strict_where_it_should_be(oracle: OpenAPIOracle) -> None:
    group = {"id": "a_b", "name": "n", "created_at": "2026-01-01T00:00:00.000000Z"}
    ok = {"code": "Success", "data": group}
    assert oracle.errors("GET", "/v1/groups/a_b", 200, ok) == []
    missing = {"code": "Success", "data": {"id": "a_b", "name": "n"}}
    assert oracle.errors("GET", "/v1/groups/a_b", 200, missing)
    wrong_type = {"code": "Success", "data": {**group, "name": 5}}
    assert oracle.errors("GET", "/v1/groups/a_b", 200, wrong_type)
    conn = {
        "id": "a_b", "service": "s", "schema": "s", "paused": False, "group_id": "g",
        "service_version": 1, "created_at": "2026-01-01T00:00:00.000000Z",
        "pause_after_trial": False, "schedule_type": "auto", "data_delay_sensitivity": "NORMAL",
        "sync_frequency": 360, "succeeded_at": None,
        "status": {"setup_state": "connected", "sync_state": "scheduled",
                   "update_state": "on_schedule", "is_historical_sync": False},
    }  # fmt: skip
    path = "/v1/connections/a_b"
    assert oracle.errors("GET", path, 200, {"code": "Success", "data": conn}) == []
    bad_freq = {**conn, "sync_frequency": 7}
    assert oracle.errors("GET", path, 200, {"code": "Success", "data": bad_freq})
    bad_enum = {**conn, "data_delay_sensitivity": "EXTREME"}
    assert oracle.errors("GET", path, 200, {"code": "Success", "data": bad_enum})
    no_status = {k: v for k, v in conn.items() if k != "status"}
    assert oracle.errors("GET", path, 200, {"code": "Success", "data": no_status})
    strict = load_oracle(lenient=False)
    assert strict is not None
    assert strict.errors("GET", path, 200, {"code": "Success", "data": conn})
