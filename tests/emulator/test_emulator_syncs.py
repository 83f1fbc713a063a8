"""Sync lifecycle: clock- and poll-driven completion, outcomes, pause/resume, state, webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from emulator._emu_support import Captured, control, data, error, make_connection, make_group
from fivetrex.emulator import Emulator


@pytest.fixture
def conn_id(http: httpx.Client) -> str:
    gid = make_group(http)
    cid: str = make_connection(http, gid, "stripe")["id"]
    return cid


def _status(http: httpx.Client, cid: str) -> dict[str, object]:
    conn = data(http.get(f"/connections/{cid}"))
    status: dict[str, object] = conn["status"]
    return {**status, "succeeded_at": conn["succeeded_at"], "failed_at": conn["failed_at"]}


def test_sync_completes_when_the_clock_passes_its_duration(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.configure(sync_polls_to_complete=None)
    triggered = http.post(f"/connections/{conn_id}/sync", json={"force": False})
    assert triggered.json() == {
        "code": "Success",
        "message": f"Sync has been successfully triggered for connection with id '{conn_id}'",
    }
    assert _status(http, conn_id)["sync_state"] == "syncing"
    emu.advance(59)
    assert _status(http, conn_id)["sync_state"] == "syncing"
    emu.advance(1)
    status = _status(http, conn_id)
    assert status["sync_state"] == "scheduled"
    assert status["succeeded_at"] is not None
    assert status["is_historical_sync"] is False
    assert status["failed_at"] is None


def test_sync_completes_on_the_nth_poll(emu: Emulator, http: httpx.Client, conn_id: str) -> None:
    emu.configure(sync_polls_to_complete=3)
    http.post(f"/connections/{conn_id}/sync")
    states = [_status(http, conn_id)["sync_state"] for _ in range(4)]
    assert states == ["syncing", "syncing", "scheduled", "scheduled"]


def test_list_calls_do_not_count_as_polls(emu: Emulator, http: httpx.Client, conn_id: str) -> None:
    emu.configure(sync_polls_to_complete=1)
    http.post(f"/connections/{conn_id}/sync")
    for _ in range(3):
        http.get("/connections")
    assert data(http.get("/connections"))["items"][0]["status"]["sync_state"] == "syncing"
    assert _status(http, conn_id)["sync_state"] == "scheduled"


def test_succeeded_at_strictly_increases(emu: Emulator, http: httpx.Client, conn_id: str) -> None:
    seen: list[str] = []
    for _ in range(3):
        http.post(f"/connections/{conn_id}/sync")
        assert emu.complete_sync(conn_id) is True
        succeeded = _status(http, conn_id)["succeeded_at"]
        assert isinstance(succeeded, str)
        seen.append(succeeded)
    assert seen == sorted(seen)
    assert len(set(seen)) == 3
    created = data(http.get(f"/connections/{conn_id}"))["created_at"]
    assert created < seen[0]
    assert emu.complete_sync(conn_id) is False


def test_sync_while_syncing_without_force_is_a_noop(
    emu: Emulator, http: httpx.Client, conn_id: str, captured: Captured
) -> None:
    data(
        http.post(
            "/webhooks/account",
            json={"url": "https://h.test", "events": ["sync_start", "sync_end"]},
        )
    )
    http.post(f"/connections/{conn_id}/sync")
    again = http.post(f"/connections/{conn_id}/sync", json={"force": False})
    assert again.status_code == 200
    assert captured.events() == ["sync_start"]
    http.post(f"/connections/{conn_id}/sync", json={"force": True})
    assert captured.events() == ["sync_start", "sync_end", "sync_start"]
    canceled = json.loads(captured.calls[1][1])
    assert canceled["data"] == {"status": "CANCELED"}


def test_sync_of_paused_connection_is_409(http: httpx.Client, conn_id: str) -> None:
    http.patch(f"/connections/{conn_id}", json={"paused": True})
    error(http.post(f"/connections/{conn_id}/sync"), 409, "Conflict")
    error(http.post("/connections/ghost/sync"), 404, "NotFound_Connection")


def test_injected_failure_sets_failed_at_and_reason(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.set_sync_outcome(conn_id, "failure", reason="Source credentials expired")
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    status = _status(http, conn_id)
    assert status["failed_at"] is not None
    assert status["succeeded_at"] is None
    assert status["update_state"] == "delayed"
    assert status["warnings"] == [
        {
            "code": "sync_failure",
            "message": "Source credentials expired",
            "details": "Source credentials expired",
        }
    ]
    # The outcome applied once: the next sync succeeds and clears the warning.
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    status = _status(http, conn_id)
    assert status["succeeded_at"] is not None
    assert status["warnings"] == []


def test_failure_with_task_breaks_setup_state(
    emu: Emulator, http: httpx.Client, conn_id: str, captured: Captured
) -> None:
    data(http.post("/webhooks/account", json={"url": "https://h.test", "events": ["sync_end"]}))
    emu.set_sync_outcome(conn_id, "failure", reason="Reconnect", task_code="reconnect")
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    status = _status(http, conn_id)
    assert status["tasks"] == [
        {"code": "reconnect", "message": "Reconnect", "details": "Reconnect"}
    ]
    assert status["setup_state"] == "broken"
    payload = json.loads(captured.calls[-1][1])
    assert payload["data"] == {
        "status": "FAILURE_WITH_TASK",
        "reason": "Reconnect",
        "taskType": "reconnect",
    }


def test_rescheduled_outcome_restarts_when_due(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.set_sync_outcome(conn_id, "rescheduled", reschedule_after=1800)
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    status = _status(http, conn_id)
    assert status["sync_state"] == "rescheduled"
    assert isinstance(status["rescheduled_for"], str)
    assert status["rescheduled_for"] > data(http.get(f"/connections/{conn_id}"))["created_at"]
    emu.advance(1799)
    assert _status(http, conn_id)["sync_state"] == "rescheduled"
    emu.advance(1)
    status = _status(http, conn_id)
    assert status["sync_state"] == "syncing"
    assert status["rescheduled_for"] is None


def test_sync_trigger_starts_a_rescheduled_connection_now(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.set_sync_outcome(conn_id, "rescheduled")
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    http.post(f"/connections/{conn_id}/sync")
    assert _status(http, conn_id)["sync_state"] == "syncing"


def test_outcome_duration_and_polls_override_settings(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.set_sync_outcome(conn_id, "success", duration=5, polls=0)
    http.post(f"/connections/{conn_id}/sync")
    for _ in range(5):
        assert _status(http, conn_id)["sync_state"] == "syncing"
    emu.advance(5)
    assert _status(http, conn_id)["sync_state"] == "scheduled"


def test_outcome_times_and_validation(emu: Emulator, http: httpx.Client, conn_id: str) -> None:
    emu.set_sync_outcome(conn_id, "failure", times=2)
    results = []
    for _ in range(3):
        http.post(f"/connections/{conn_id}/sync")
        emu.complete_sync(conn_id)
        conn = data(http.get(f"/connections/{conn_id}"))
        results.append("fail" if conn["failed_at"] and not conn["succeeded_at"] else "ok")
    assert results == ["fail", "fail", "ok"]
    bad = control(
        emu, "POST", f"/_emulator/connections/{conn_id}/sync-outcome", body='{"outcome": "explode"}'
    )
    assert bad.status == 400
    missing = control(emu, "POST", "/_emulator/connections/ghost/sync-outcome", body="{}")
    assert missing.status == 404


def test_control_plane_sync_outcome_and_clock(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.configure(sync_polls_to_complete=None)
    response = control(
        emu,
        "POST",
        f"/_emulator/connections/{conn_id}/sync-outcome",
        body=json.dumps({"outcome": "failure", "reason": "boom"}),
    )
    assert response.status == 200
    http.post(f"/connections/{conn_id}/sync")
    advanced = control(emu, "POST", "/_emulator/clock/advance", body='{"seconds": 120}')
    assert advanced.json()["data"]["now"] == "2026-01-15T09:02:00.000000Z"
    assert _status(http, conn_id)["failed_at"] is not None
    completed = control(emu, "POST", f"/_emulator/connections/{conn_id}/complete-sync")
    assert completed.json()["data"] == {"completed": False}


def test_pause_and_resume(
    emu: Emulator, http: httpx.Client, conn_id: str, captured: Captured
) -> None:
    data(
        http.post(
            "/webhooks/account",
            json={
                "url": "https://h.test",
                "events": ["pause_connector", "resume_connector", "sync_end"],
            },
        )
    )
    paused = data(http.patch(f"/connections/{conn_id}", json={"paused": True}))
    assert paused["paused"] is True
    assert paused["status"]["sync_state"] == "paused"
    resumed = data(http.patch(f"/connections/{conn_id}", json={"paused": False}))
    assert resumed["paused"] is False
    assert resumed["status"]["sync_state"] == "scheduled"
    # Pausing a running sync cancels it.
    http.post(f"/connections/{conn_id}/sync")
    data(http.patch(f"/connections/{conn_id}", json={"paused": True}))
    assert emu.complete_sync(conn_id) is False
    assert captured.events() == [
        "pause_connector",
        "resume_connector",
        "sync_end",
        "pause_connector",
    ]


def test_create_paused(http: httpx.Client) -> None:
    gid = make_group(http)
    conn = make_connection(http, gid, "stripe", paused=True)
    assert conn["paused"] is True
    assert conn["status"]["sync_state"] == "paused"


def test_resync_sets_historical_until_done(emu: Emulator, http: httpx.Client, conn_id: str) -> None:
    http.post(f"/connections/{conn_id}/sync")
    emu.complete_sync(conn_id)
    assert _status(http, conn_id)["is_historical_sync"] is False
    response = http.post(f"/connections/{conn_id}/resync", json={"scope": {"stripe": ["charge"]}})
    assert response.json()["message"] == (
        f"Sync has been successfully triggered for connection with id '{conn_id}'"
    )
    status = _status(http, conn_id)
    assert status["sync_state"] == "syncing"
    assert status["is_historical_sync"] is True
    emu.complete_sync(conn_id)
    assert _status(http, conn_id)["is_historical_sync"] is False


def test_resync_during_a_running_sync_completes_it_first(
    emu: Emulator, http: httpx.Client, conn_id: str, captured: Captured
) -> None:
    """The spec: "If there is a data sync already in progress, we will try to complete it"."""
    webhook = {"url": "https://h.example/x", "events": ["sync_end"], "active": True}
    data(http.post("/webhooks/account", json=webhook))
    data(http.post(f"/connections/{conn_id}/sync"))
    before = http.get(f"/connections/{conn_id}").json()["data"]["succeeded_at"]
    data(http.post(f"/connections/{conn_id}/resync"))
    after = http.get(f"/connections/{conn_id}").json()["data"]
    assert after["succeeded_at"] != before  # the running sync ended with success
    assert after["status"]["sync_state"] == "syncing"  # and the re-sync started
    assert after["status"]["is_historical_sync"] is True
    assert captured.events().count("sync_end") == 1


def test_resync_during_a_sync_that_cannot_complete_is_409(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    emu.set_sync_outcome(conn_id, "failure")
    data(http.post(f"/connections/{conn_id}/sync"))
    error(http.post(f"/connections/{conn_id}/resync"), 409, "Conflict")
    error(
        http.post(f"/connections/{conn_id}/schemas/tables/resync", json={"stripe": ["charge"]}),
        409,
        "Conflict",
    )
    status = _status(http, conn_id)
    assert status["sync_state"] == "syncing"  # left running
    assert status["failed_at"] is None


@pytest.mark.parametrize(
    "scope", [{}, {"public": []}, {"public": "orders"}, {"public": [""]}, ["orders"]]
)
def test_resync_scope_validation(http: httpx.Client, conn_id: str, scope: object) -> None:
    error(http.post(f"/connections/{conn_id}/resync", json={"scope": scope}), 400, "InvalidInput")


def test_resync_of_paused_connection_waits_for_resume(
    emu: Emulator, http: httpx.Client, conn_id: str
) -> None:
    http.patch(f"/connections/{conn_id}", json={"paused": True})
    assert http.post(f"/connections/{conn_id}/resync").status_code == 200
    status = _status(http, conn_id)
    assert status["sync_state"] == "paused"
    assert status["is_historical_sync"] is True
    http.patch(f"/connections/{conn_id}", json={"paused": False})
    assert _status(http, conn_id)["sync_state"] == "syncing"


def test_patch_is_historical_sync_starts_a_historical_sync(
    http: httpx.Client, conn_id: str
) -> None:
    conn = data(http.patch(f"/connections/{conn_id}", json={"is_historical_sync": True}))
    assert conn["status"]["sync_state"] == "syncing"
    assert conn["status"]["is_historical_sync"] is True


def test_table_resync(http: httpx.Client, conn_id: str) -> None:
    response = http.post(
        f"/connections/{conn_id}/schemas/tables/resync", json={"stripe": ["charge"]}
    )
    assert response.json() == {
        "code": "Success",
        "message": "Re-sync has been triggered successfully",
    }
    assert _status(http, conn_id)["sync_state"] == "syncing"
    error(http.post(f"/connections/{conn_id}/schemas/tables/resync", json={}), 400)


# -- /state ---------------------------------------------------------------------------------


def test_state_only_for_sdk_and_function_connections(http: httpx.Client, conn_id: str) -> None:
    error(http.get(f"/connections/{conn_id}/state"), 400, "InvalidInput")
    error(http.patch(f"/connections/{conn_id}/state", json={"state": {}}), 400, "InvalidInput")


def test_state_get_patch(emu: Emulator, http: httpx.Client) -> None:
    gid = make_group(http)
    cid = make_connection(http, gid, "connector_sdk", config={"schema": "custom"})["id"]
    error(http.get(f"/connections/{cid}/state"), 400, "InvalidInput")
    patched = http.patch(f"/connections/{cid}/state", json={"state": {"cursor": "abc"}})
    assert patched.json()["message"] == "Connection state has been updated"
    assert data(patched) == {"state": {"cursor": "abc"}}
    got = http.get(f"/connections/{cid}/state")
    assert got.json()["message"] == "Connection state retrieved successfully"
    assert data(got) == {"state": {"cursor": "abc"}}
    assert data(http.patch(f"/connections/{cid}/state", json={})) == {"state": {"cursor": "abc"}}
    error(http.patch(f"/connections/{cid}/state", json={"state": [1]}), 400)
    http.post(f"/connections/{cid}/sync")
    error(http.patch(f"/connections/{cid}/state", json={"state": {}}), 409, "Conflict")
    emu.complete_sync(cid)
    state = data(http.get(f"/connections/{cid}/state"))["state"]
    assert state["cursor"] != "abc"  # a successful sync advanced the cursor


# -- webhook events -------------------------------------------------------------------------


def test_sync_webhook_payload_shape(emu: Emulator, http: httpx.Client, captured: Captured) -> None:
    gid = make_group(http)
    hook = data(
        http.post(
            f"/webhooks/group/{gid}",
            json={
                "url": "https://h.test/x",
                "events": ["sync_start", "sync_end"],
                "secret": "s3cr3t-value",
            },
        )
    )
    cid = make_connection(http, gid, "postgres", config={"schema_prefix": "ftar_pg"})["id"]
    http.post(f"/connections/{cid}/sync")
    emu.complete_sync(cid)
    assert [c[0] for c in captured.calls] == ["https://h.test/x"] * 2
    start, end = (json.loads(body) for _, body, _ in captured.calls)
    assert list(end) == [
        "event",
        "created",
        "connector_type",
        "connector_id",
        "connector_name",
        "sync_id",
        "destination_group_id",
        "data",
    ]
    assert end["event"] == "sync_end"
    assert end["connector_type"] == "postgres"
    assert end["connector_id"] == cid
    assert end["connector_name"] == "ftar_pg"
    assert end["destination_group_id"] == gid
    assert end["data"] == {"status": "SUCCESSFUL"}
    assert end["sync_id"] == start["sync_id"]
    assert len(end["sync_id"]) == 36
    assert end["created"].endswith("Z")
    assert len(end["created"]) == len("2026-05-22T00:06:08.638Z")
    assert start["created"] <= end["created"]
    _, body, headers = captured.calls[1]
    assert b" " not in body  # compact JSON
    assert headers["Content-Type"] == "application/json"
    expected = hmac.new(b"s3cr3t-value", body, hashlib.sha256).hexdigest().upper()
    assert headers["X-Fivetran-Signature-256"] == expected
    deliveries = emu.deliveries
    assert [d["event"] for d in deliveries] == ["sync_start", "sync_end"]
    assert deliveries[0]["webhook_id"] == hook["id"]
    assert deliveries[0]["status_code"] == 200
    assert "s3cr3t-value" not in json.dumps(deliveries)


def test_webhook_scoping_and_activity(
    emu: Emulator, http: httpx.Client, captured: Captured
) -> None:
    g1, g2 = make_group(http, "G1"), make_group(http, "G2")
    events = ["create_connector", "delete_connector"]
    data(http.post("/webhooks/account", json={"url": "https://h.test/acct", "events": events}))
    data(http.post(f"/webhooks/group/{g1}", json={"url": "https://h.test/g1", "events": events}))
    data(
        http.post(
            f"/webhooks/group/{g2}",
            json={"url": "https://h.test/g2-inactive", "events": events, "active": False},
        )
    )
    c1 = make_connection(http, g1, "stripe")["id"]
    make_connection(http, g2, "stripe")
    http.delete(f"/connections/{c1}")
    assert [(url, json.loads(body)["event"]) for url, body, _ in captured.calls] == [
        ("https://h.test/acct", "create_connector"),
        ("https://h.test/g1", "create_connector"),
        ("https://h.test/acct", "create_connector"),
        ("https://h.test/acct", "delete_connector"),
        ("https://h.test/g1", "delete_connector"),
    ]
    assert "sync_id" not in json.loads(captured.calls[0][1])


def test_failed_delivery_is_recorded_not_raised(emu: Emulator, http: httpx.Client) -> None:
    def broken(url: str, body: bytes, headers: object) -> int:
        raise ConnectionError("receiver down")

    emu.deliver = broken
    gid = make_group(http)
    data(http.post("/webhooks/account", json={"url": "https://h.test", "events": ["sync_start"]}))
    cid = make_connection(http, gid, "stripe")["id"]
    assert http.post(f"/connections/{cid}/sync").status_code == 200
    (record,) = emu.deliveries
    assert record["succeeded"] is False
    assert record["status_code"] is None
    assert "receiver down" in record["error"]
    listed = control(emu, "GET", "/_emulator/webhook-deliveries").json()["data"]["items"]
    assert listed == [record]
    assert control(emu, "DELETE", "/_emulator/webhook-deliveries").status == 200
    assert emu.deliveries == []


def test_deliver_webhooks_setting_off(
    emu: Emulator, http: httpx.Client, captured: Captured
) -> None:
    emu.configure(deliver_webhooks=False)
    gid = make_group(http)
    data(http.post("/webhooks/account", json={"url": "https://h.test", "events": ["sync_start"]}))
    cid = make_connection(http, gid, "stripe")["id"]
    http.post(f"/connections/{cid}/sync")
    assert captured.calls == []
