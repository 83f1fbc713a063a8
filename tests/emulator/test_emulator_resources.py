"""Groups, destinations, connections and webhooks: CRUD, defaults, validation, conflicts."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group
from fivetrex.emulator import Emulator

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
SLUG = re.compile(r"^[a-z]+_[a-z]+$")


# -- groups ---------------------------------------------------------------------------------


def test_group_lifecycle_messages_and_codes(http: httpx.Client) -> None:
    created = http.post("/groups", json={"name": "Primary_Snowflake"})
    assert created.status_code == 201
    body = created.json()
    assert body["message"] == "Group has been created"
    group = body["data"]
    assert set(group) == {"id", "name", "created_at"}
    assert SLUG.match(group["id"])
    assert TS.match(group["created_at"])
    gid = group["id"]
    assert data(http.get(f"/groups/{gid}")) == group
    updated = http.patch(f"/groups/{gid}", json={"name": "Renamed"})
    assert updated.json()["message"] == "Group has been updated"
    assert data(updated)["name"] == "Renamed"
    deleted = http.delete(f"/groups/{gid}")
    assert deleted.status_code == 200
    assert deleted.json() == {
        "code": "Success",
        "message": f"Group with id '{gid}' has been deleted",
    }
    error(http.get(f"/groups/{gid}"), 404, "NotFound_Group")


@pytest.mark.parametrize("name", ["1starts_with_digit", "has space", "dash-name", ""])
def test_group_name_rules(http: httpx.Client, name: str) -> None:
    error(http.post("/groups", json={"name": name}), 400, "InvalidInput")


def test_group_name_required_and_unique(http: httpx.Client) -> None:
    body = error(http.post("/groups", json={}), 400, "InvalidInput")
    assert body["message"] == "Field 'name' is required"
    make_group(http, "Same")
    error(http.post("/groups", json={"name": "Same"}), 409, "Conflict")


def test_delete_group_with_connections_is_409(http: httpx.Client) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid)
    body = error(http.delete(f"/groups/{gid}"), 409, "Conflict")
    assert "1 connection" in body["message"]
    data(http.delete(f"/connections/{conn['id']}"))
    data(http.delete(f"/groups/{gid}"))
    # The group's destination went with it.
    error(http.get(f"/destinations/{gid}"), 404, "NotFound_Destination")


def test_group_connections_list_and_schema_filter(http: httpx.Client) -> None:
    g1, g2 = make_group(http, "One"), make_group(http, "Two")
    a = make_connection(http, g1, "stripe")
    b = make_connection(http, g1, "hubspot")
    make_connection(http, g2, "stripe")
    items = data(http.get(f"/groups/{g1}/connections"))["items"]
    assert [c["id"] for c in items] == [a["id"], b["id"]]
    filtered = data(http.get(f"/groups/{g1}/connections", params={"schema": "hubspot"}))
    assert [c["id"] for c in filtered["items"]] == [b["id"]]
    error(http.get("/groups/missing_group/connections"), 404, "NotFound_Group")


def test_group_public_key_and_service_account(http: httpx.Client) -> None:
    gid = make_group(http)
    assert data(http.get(f"/groups/{gid}/public-key"))["public_key"].startswith("ssh-rsa ")
    assert "@" in data(http.get(f"/groups/{gid}/service-account"))["service_account"]


# -- destinations ---------------------------------------------------------------------------


def _group(http: httpx.Client, name: str = "Dest") -> str:
    gid: str = data(http.post("/groups", json={"name": name}), 201)["id"]
    return gid


def test_destination_id_is_group_id_and_secrets_masked(http: httpx.Client) -> None:
    gid = _group(http)
    created = http.post(
        "/destinations",
        json={
            "group_id": gid,
            "service": "snowflake",
            "time_zone_offset": "+10",
            "daylight_saving_time_enabled": True,
            "config": {"host": "h", "port": 443, "user": "u", "password": "secret!"},
        },
    )
    assert created.status_code == 201
    assert created.json()["message"] == "Destination has been created"
    dest = created.json()["data"]
    assert dest["id"] == gid
    assert dest["group_id"] == gid
    assert dest["region"] == "GCP_US_EAST4"
    assert dest["setup_status"] == "connected"
    assert dest["config"]["password"] == "******"
    assert dest["config"]["user"] == "u"
    assert [t["status"] for t in dest["setup_tests"]] == ["PASSED"] * 3
    details = data(http.get(f"/destinations/{gid}"))
    assert "setup_tests" not in details
    assert details["config"]["password"] == "******"
    listed = data(http.get("/destinations"))["items"]
    assert [d["id"] for d in listed] == [gid]
    assert "config" not in listed[0]


def test_destination_without_setup_tests_is_incomplete(http: httpx.Client) -> None:
    gid = _group(http)
    dest = data(
        http.post(
            "/destinations",
            json={
                "group_id": gid,
                "service": "big_query",
                "time_zone_offset": "0",
                "run_setup_tests": False,
            },
        ),
        201,
    )
    assert dest["setup_status"] == "incomplete"
    tested = http.post(f"/destinations/{gid}/test", json={})
    assert tested.json()["message"] == "Setup tests have been completed"
    assert data(tested)["setup_status"] == "connected"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"service": "snowflake", "time_zone_offset": "0"}, "Field 'group_id' is required"),
        ({"group_id": "{gid}", "time_zone_offset": "0"}, "Field 'service' is required"),
        (
            {"group_id": "{gid}", "service": "nope", "time_zone_offset": "0"},
            "Unsupported service 'nope'",
        ),
        ({"group_id": "{gid}", "service": "snowflake"}, "Field 'time_zone_offset' is required"),
        ({"group_id": "{gid}", "service": "snowflake", "time_zone_offset": "+13"}, None),
        (
            {
                "group_id": "{gid}",
                "service": "snowflake",
                "time_zone_offset": "0",
                "region": "MARS",
            },
            None,
        ),
    ],
)
def test_destination_validation(
    http: httpx.Client, body: dict[str, Any], message: str | None
) -> None:
    gid = _group(http)
    payload = {k: (gid if v == "{gid}" else v) for k, v in body.items()}
    result = error(http.post("/destinations", json=payload), 400, "InvalidInput")
    if message is not None:
        assert result["message"] == message


def test_destination_unknown_group_404_and_second_destination_409(http: httpx.Client) -> None:
    body = {"service": "snowflake", "time_zone_offset": "0"}
    error(http.post("/destinations", json={"group_id": "no_group", **body}), 404, "NotFound_Group")
    gid = make_group(http)
    error(http.post("/destinations", json={"group_id": gid, **body}), 409, "Conflict")


def test_destination_update_and_delete_rules(http: httpx.Client) -> None:
    gid = make_group(http)
    updated = http.patch(
        f"/destinations/{gid}", json={"region": "AWS_US_EAST_1", "config": {"password": "new"}}
    )
    assert updated.json()["message"] == "Destination has been updated"
    assert data(updated)["region"] == "AWS_US_EAST_1"
    assert data(updated)["config"]["password"] == "******"
    error(http.patch(f"/destinations/{gid}", json={"time_zone_offset": "x"}), 400)
    conn = make_connection(http, gid)
    error(http.delete(f"/destinations/{gid}"), 409, "Conflict")
    data(http.delete(f"/connections/{conn['id']}"))
    deleted = http.delete(f"/destinations/{gid}")
    assert deleted.json() == {
        "code": "Success",
        "message": f"Destination with id '{gid}' has been deleted",
    }
    error(http.get(f"/destinations/{gid}"), 404, "NotFound_Destination")
    assert data(http.get(f"/groups/{gid}"))["id"] == gid


# -- connections ----------------------------------------------------------------------------


def test_connection_defaults_match_the_live_api(http: httpx.Client) -> None:
    gid = make_group(http)
    created = http.post(
        "/connections",
        json={
            "group_id": gid,
            "service": "itunes_connect",
            "run_setup_tests": False,
            "config": {"schema": "itunes_e2e_connect", "username": "u", "password": "p"},
        },
    )
    assert created.status_code == 201
    assert created.json()["message"] == "Connection has been created"
    conn = created.json()["data"]
    assert SLUG.match(conn["id"])
    assert conn["group_id"] == gid
    assert conn["schema"] == "itunes_e2e_connect"
    assert conn["connected_by"] == "emulator_user"
    assert TS.match(conn["created_at"])
    assert conn["succeeded_at"] is None
    assert conn["failed_at"] is None
    assert conn["paused"] is False
    assert conn["pause_after_trial"] is False
    assert conn["sync_frequency"] == 360
    assert conn["schedule_type"] == "auto"
    assert conn["data_delay_sensitivity"] == "NORMAL"
    assert conn["data_delay_threshold"] == 0
    assert conn["networking_method"] == "Directly"
    assert conn["daily_sync_time"] is None
    assert conn["status"] == {
        "setup_state": "incomplete",
        "sync_state": "scheduled",
        "update_state": "on_schedule",
        "is_historical_sync": True,
        "rescheduled_for": None,
        "tasks": [],
        "warnings": [],
    }
    assert conn["config"] == {
        "schema": "itunes_e2e_connect",
        "username": "u",
        "password": "******",
    }


@pytest.mark.parametrize(
    ("service", "config", "schema"),
    [
        ("postgres", {"schema_prefix": "prod_pg"}, "prod_pg"),
        ("salesforce", {"schema": "sfdc"}, "sfdc"),
        ("google_sheets", {"schema": "sheets", "table": "budget"}, "sheets.budget"),
        ("connector_sdk", {"schema": "custom"}, "custom"),
    ],
)
def test_schema_is_derived_from_config(
    http: httpx.Client, service: str, config: dict[str, Any], schema: str
) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid, service, config=config)
    assert conn["schema"] == schema
    listed = data(http.get("/connections", params={"schema": schema}))["items"]
    assert [c["id"] for c in listed] == [conn["id"]]


@pytest.mark.parametrize(
    "secret_key",
    ["password", "api_key", "client_secret", "private_key", "api_token", "access_token",
     "secret_key", "passphrase", "refresh_token"],
)  # fmt: skip
def test_config_secrets_are_masked_everywhere(http: httpx.Client, secret_key: str) -> None:
    gid = make_group(http)
    conn = make_connection(
        http,
        gid,
        "stripe",
        config={"schema": "stripe", secret_key: "hunter2", "nested": {secret_key: "x"}},
    )
    for view in (
        conn,
        data(http.get(f"/connections/{conn['id']}")),
        data(http.get("/connections"))["items"][0],
    ):
        assert view["config"][secret_key] == "******"
        assert view["config"]["nested"][secret_key] == "******"
        assert "hunter2" not in str(view)


def test_auth_is_write_only(http: httpx.Client) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid, "hubspot", auth={"refresh_token": "tok"})
    assert "auth" not in conn
    assert "auth" not in data(http.get(f"/connections/{conn['id']}"))


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"service": "nope_service"}, "Unsupported service 'nope_service'"),
        ({"group_id": None}, "Field 'group_id' is required"),
        ({"service": None}, "Field 'service' is required"),
        ({"sync_frequency": 7}, "sync_frequency"),
        ({"sync_frequency": "daily"}, "sync_frequency"),
        ({"sync_frequency": True}, "sync_frequency"),
        ({"schedule_type": "sometimes"}, "schedule_type"),
        ({"data_delay_sensitivity": "EXTREME"}, "data_delay_sensitivity"),
        ({"daily_sync_time": "03:00"}, "daily_sync_time"),
        ({"sync_frequency": 1440, "daily_sync_time": "03:30"}, "daily_sync_time"),
        ({"sync_frequency": 1440, "daily_sync_time": "24:00"}, "daily_sync_time"),
        ({"config": {"host": "h"}}, "config.schema"),
        ({"config": {"schema": "Bad-Name"}}, "config.schema"),
        ({"config": "nope"}, "config"),
        ({"paused": "yes"}, "paused"),
        ({"connect_card_config": {"redirect_uri": "ftp://x"}}, "redirect_uri"),
    ],
)
def test_connection_create_validation(
    http: httpx.Client, fields: dict[str, Any], fragment: str
) -> None:
    gid = make_group(http)
    body = {"group_id": gid, "service": "stripe", "config": {"schema": "stripe"}, **fields}
    body = {k: v for k, v in body.items() if v is not None}
    result = error(http.post("/connections", json=body), 400, "InvalidInput")
    assert fragment in result["message"]


def test_daily_sync_time_rules(http: httpx.Client) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid, "stripe", sync_frequency=1440)
    assert conn["daily_sync_time"] == "00:00"
    cid = conn["id"]
    assert (
        data(http.patch(f"/connections/{cid}", json={"daily_sync_time": "14:00"}))[
            "daily_sync_time"
        ]
        == "14:00"
    )
    changed = data(http.patch(f"/connections/{cid}", json={"sync_frequency": 60}))
    assert changed["daily_sync_time"] is None
    error(http.patch(f"/connections/{cid}", json={"daily_sync_time": "02:00"}), 400)


def test_connection_create_unknown_group_and_duplicate_schema(http: httpx.Client) -> None:
    error(
        http.post(
            "/connections",
            json={"group_id": "ghost_group", "service": "stripe", "config": {"schema": "s"}},
        ),
        404,
        "NotFound_Group",
    )
    gid = make_group(http)
    make_connection(http, gid, "stripe")
    error(
        http.post(
            "/connections",
            json={"group_id": gid, "service": "stripe_test", "config": {"schema": "stripe"}},
        ),
        409,
        "Conflict",
    )


def test_connection_update_rules(http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "postgres", config={"schema_prefix": "pg"})["id"]
    updated = http.patch(
        f"/connections/{cid}",
        json={"sync_frequency": 15, "config": {"host": "new-host", "password": "x"}},
    )
    assert updated.json()["message"] == "Connection has been updated"
    conn = data(updated)
    assert conn["sync_frequency"] == 15
    assert conn["config"] == {"schema_prefix": "pg", "host": "new-host", "password": "******"}
    body = error(http.patch(f"/connections/{cid}", json={"trust_certificates": True}), 400)
    assert "persistent" in body["message"]
    error(http.patch(f"/connections/{cid}", json={"config": {"schema_prefix": "other"}}), 400)
    error(http.patch(f"/connections/{cid}", json={"sync_frequency": 2}), 400)
    # A rejected PATCH changes nothing.
    error(http.patch(f"/connections/{cid}", json={"paused": True, "sync_frequency": 2}), 400)
    assert data(http.get(f"/connections/{cid}"))["paused"] is False
    error(http.patch("/connections/ghost_conn", json={"paused": True}), 404, "NotFound_Connection")


def test_connection_delete(http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid)["id"]
    deleted = http.delete(f"/connections/{cid}")
    assert deleted.json() == {
        "code": "Success",
        "message": f"Connection with id '{cid}' has been deleted",
    }
    body = error(http.get(f"/connections/{cid}"), 404, "NotFound_Connection")
    assert cid in body["message"]
    error(http.delete(f"/connections/{cid}"), 404, "NotFound_Connection")


def test_setup_tests_endpoint(emu: Emulator, http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "salesforce", run_setup_tests=False)["id"]
    error(http.post(f"/connections/{cid}/test"), 400, "InvalidInput")
    result = http.post(f"/connections/{cid}/test", json={})
    assert result.json()["message"] == "Setup tests have been completed"
    conn = data(result)
    assert conn["status"]["setup_state"] == "connected"
    assert {t["status"] for t in conn["setup_tests"]} == {"PASSED"}
    emu.set_setup_tests_outcome(cid, passed=False)
    failed = data(http.post(f"/connections/{cid}/test", json={"trust_certificates": True}))
    assert failed["setup_tests"][0]["status"] == "FAILED"
    assert failed["status"]["setup_state"] == "broken"


def test_connect_card(http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "hubspot")["id"]
    response = http.post(
        f"/connections/{cid}/connect-card",
        json={"connect_card_config": {"redirect_uri": "https://app.example/done"}},
    )
    assert response.json()["message"] == "Connection Connect Card has been created"
    card = data(response)
    assert card["connector_id"] == cid
    assert card["connect_card"]["uri"].startswith("https://fivetran.com/connect-card/setup?")
    assert card["connect_card"]["token"] in card["connect_card"]["uri"]
    assert card["connect_card_config"] == {"redirect_uri": "https://app.example/done"}
    assert data(http.get(f"/connections/{cid}"))["connect_card"] == card["connect_card"]
    error(http.post(f"/connections/{cid}/connect-card", json={}), 400)
    error(
        http.post(
            f"/connections/{cid}/connect-card",
            json={"connect_card_config": {"redirect_uri": "mailto:x"}},
        ),
        400,
    )


def test_list_connections_group_filter(http: httpx.Client) -> None:
    g1, g2 = make_group(http, "A"), make_group(http, "B")
    a = make_connection(http, g1, "stripe")
    b = make_connection(http, g2, "stripe")
    assert [c["id"] for c in data(http.get("/connections"))["items"]] == [a["id"], b["id"]]
    only = data(http.get("/connections", params={"group_id": g2}))["items"]
    assert [c["id"] for c in only] == [b["id"]]


# -- legacy aliases -------------------------------------------------------------------------


def test_legacy_connector_paths_are_aliases(http: httpx.Client) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid, "stripe")
    cid = conn["id"]
    assert data(http.get(f"/connectors/{cid}"))["id"] == cid
    assert [c["id"] for c in data(http.get(f"/groups/{gid}/connectors"))["items"]] == [cid]
    assert data(http.get("/connectors"))["items"][0]["id"] == cid
    forced = http.post(f"/connectors/{cid}/force")
    assert forced.json()["message"] == (
        f"Sync has been successfully triggered for connection with id '{cid}'"
    )
    assert data(http.get(f"/connections/{cid}"))["status"]["sync_state"] == "syncing"
    assert http.post(f"/connections/{cid}/force").status_code == 200
    # A missing connection through a legacy path reports the legacy error code.
    error(http.get("/connectors/ghost_conn"), 404, "NotFound_Connector")


def test_legacy_paths_can_be_turned_off(emu: Emulator, http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "stripe")["id"]
    emu.configure(legacy_paths=False)
    for response in (
        http.get(f"/connectors/{cid}"),
        http.get(f"/groups/{gid}/connectors"),
        http.post(f"/connections/{cid}/force"),
        http.post(f"/connectors/{cid}/sync", json={}),
    ):
        error(response, 404, "NotFound")
    assert data(http.get(f"/connections/{cid}"))["id"] == cid


# -- webhooks -------------------------------------------------------------------------------


def test_account_and_group_webhooks(http: httpx.Client) -> None:
    gid = make_group(http)
    account = http.post(
        "/webhooks/account",
        json={"url": "https://hooks.test/a", "events": ["sync_start", "sync_end"], "secret": "s"},
    )
    assert account.status_code == 200
    assert account.json()["message"] == "Account webhook has been created"
    hook = account.json()["data"]
    assert hook["type"] == "account"
    assert "group_id" not in hook
    assert hook["active"] is True
    assert hook["secret"] == "******"
    assert hook["created_by"] == "emulator_user"
    assert TS.match(hook["created_at"])
    group = http.post(
        f"/webhooks/group/{gid}", json={"url": "http://127.0.0.1:9/h", "events": ["sync_end"]}
    )
    assert group.status_code == 200
    assert group.json()["message"] == "Group webhook has been created"
    ghook = group.json()["data"]
    assert ghook["type"] == "group"
    assert ghook["group_id"] == gid
    assert "secret" not in ghook
    listed = data(http.get("/webhooks"))["items"]
    assert [w["id"] for w in listed] == [hook["id"], ghook["id"]]
    assert data(http.get(f"/webhooks/{hook['id']}")) == hook
    patched = http.patch(f"/webhooks/{hook['id']}", json={"active": False, "events": ["sync_end"]})
    assert patched.json()["message"] == "Webhook has been updated"
    assert data(patched)["active"] is False
    assert data(patched)["events"] == ["sync_end"]
    deleted = http.delete(f"/webhooks/{hook['id']}")
    assert deleted.json()["message"] == f"Webhook with id '{hook['id']}' has been deleted"
    error(http.get(f"/webhooks/{hook['id']}"), 404, "NotFound_Webhook")
    error(
        http.post("/webhooks/group/ghost", json={"url": "https://x.test", "events": ["sync_end"]}),
        404,
        "NotFound_Group",
    )


@pytest.mark.parametrize(
    "body",
    [
        {"events": ["sync_end"]},
        {"url": "not a url", "events": ["sync_end"]},
        {"url": "ftp://x.test/h", "events": ["sync_end"]},
        {"url": "https://x.test/h"},
        {"url": "https://x.test/h", "events": []},
        {"url": "https://x.test/h", "events": ["no_such_event"]},
        {"url": "https://x.test/h", "events": ["sync_end"], "active": "yes"},
    ],
)
def test_webhook_validation(http: httpx.Client, body: dict[str, Any]) -> None:
    error(http.post("/webhooks/account", json=body), 400, "InvalidInput")


def test_require_https_setting(emu: Emulator, http: httpx.Client) -> None:
    body = {"url": "http://127.0.0.1:9/h", "events": ["sync_end"]}
    assert http.post("/webhooks/account", json=body).status_code == 200
    emu.configure(require_https=True)
    result = error(http.post("/webhooks/account", json=body), 400, "InvalidInput")
    assert "https" in result["message"]
    assert http.post("/webhooks/account", json={**body, "url": "https://x.test"}).status_code == 200


def test_webhook_test_endpoint_reports_delivery(
    emu: Emulator, http: httpx.Client, captured: Any
) -> None:
    hook = data(
        http.post(
            "/webhooks/account",
            json={"url": "https://x.test/h", "events": ["sync_end"], "active": False},
        )
    )
    response = http.post(f"/webhooks/{hook['id']}/test", json={"event": "sync_end"})
    assert response.json() == {
        "code": "Success",
        "message": "Webhook test completed successfully",
        "data": {"succeed": True, "status": 200, "message": "Success"},
    }
    assert captured.events() == ["sync_end"]
    captured.status = 500
    failed = data(http.post(f"/webhooks/{hook['id']}/test", json={"event": "sync_start"}))
    assert failed["succeed"] is False
    assert failed["status"] == 500
    error(http.post(f"/webhooks/{hook['id']}/test", json={}), 400)
    error(http.post("/webhooks/ghost/test", json={"event": "sync_end"}), 404, "NotFound_Webhook")
