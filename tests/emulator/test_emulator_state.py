"""State: determinism, isolation, reset, seed, snapshot round trip, SQLite persistence."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from emulator._emu_support import Captured, control, data, make_connection, make_group
from fivetrex.emulator import Emulator, Settings


def _ids(emu: Emulator, path: str) -> list[str]:
    return [item["id"] for item in emu.request("GET", path + "?limit=1000").json()["data"]["items"]]


def test_ids_are_two_word_slugs_and_deterministic() -> None:
    a, b = Emulator(), Emulator()
    ids_a = [a.request("POST", "/groups", {"name": f"g{i}"}).json()["data"]["id"] for i in range(5)]
    ids_b = [b.request("POST", "/groups", {"name": f"g{i}"}).json()["data"]["id"] for i in range(5)]
    assert ids_a == ids_b
    assert all(len(i.split("_")) == 2 and i.replace("_", "").isalpha() for i in ids_a)
    c = Emulator(rng_seed=42)
    assert c.request("POST", "/groups", {"name": "g0"}).json()["data"]["id"] != ids_a[0]


def test_clock_start_and_timestamps() -> None:
    emu = Emulator(start=datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc))
    created = emu.request("POST", "/groups", {"name": "g"}).json()["data"]["created_at"]
    assert created == "2030-05-01T12:00:00.000000Z"
    second = emu.request("POST", "/groups", {"name": "h"}).json()["data"]["created_at"]
    assert second == "2030-05-01T12:00:00.000001Z"  # strictly later, same instant
    emu.advance(3.25)
    third = emu.request("POST", "/groups", {"name": "i"}).json()["data"]["created_at"]
    assert third == "2030-05-01T12:00:03.250000Z"
    with pytest.raises(ValueError, match="backwards"):
        emu.advance(-1)


def test_two_emulators_share_nothing() -> None:
    a, b = Emulator(), Emulator()
    a.request("POST", "/groups", {"name": "only_in_a"})
    a.configure(legacy_paths=False)
    a.inject("error", status=500, times=None)
    assert _ids(b, "/groups") == []
    assert b.settings.legacy_paths is True
    assert b.request("GET", "/groups").status == 200
    a.advance(100)
    assert b.clock.now() < a.clock.now()


def test_reset_clears_state_faults_and_deliveries_but_keeps_settings() -> None:
    emu = Emulator(seed="demo", sync_duration_seconds=5)
    emu.inject("error", status=500, path="/v1/webhooks")
    emu.advance(100)
    emu.reset()
    assert emu.counts() == {"groups": 0, "destinations": 0, "connections": 0, "webhooks": 0}
    assert emu.faults.list() == []
    assert emu.settings.sync_duration_seconds == 5
    assert emu.clock.now() == Emulator().clock.now()
    # After a reset ids restart too: same sequence as a fresh emulator.
    fresh = Emulator()
    first = emu.request("POST", "/groups", {"name": "x"}).json()["data"]["id"]
    assert first == fresh.request("POST", "/groups", {"name": "x"}).json()["data"]["id"]


def test_demo_seed_is_realistic_and_deterministic() -> None:
    emu = Emulator(seed="demo")
    counts = emu.counts()
    assert counts["groups"] == counts["destinations"] >= 4
    assert counts["connections"] >= 24
    assert counts["webhooks"] >= 2
    conns = emu.request("GET", "/connections?limit=1000").json()["data"]["items"]
    services = {c["service"] for c in conns}
    assert {"postgres", "salesforce", "google_sheets", "stripe", "hubspot", "mysql"} <= services
    states = {c["status"]["sync_state"] for c in conns}
    assert {"paused", "syncing", "scheduled", "rescheduled"} <= states
    assert any(c["failed_at"] for c in conns)
    assert any(c["succeeded_at"] is None for c in conns)
    assert any(c["status"]["tasks"] for c in conns)
    synced = [c for c in conns if c["succeeded_at"]]
    with_schema = [
        c for c in synced if emu.request("GET", f"/connections/{c['id']}/schemas").status == 200
    ]
    assert with_schema == synced
    assert Emulator(seed="demo").snapshot() == emu.snapshot()
    # Secrets are masked in the API but kept in the state.
    assert all(c["config"].get("password") in (None, "******") for c in conns)


def test_demo_syncs_progress(emu: Emulator) -> None:
    emu.seed("demo")
    emu.configure(sync_polls_to_complete=None)
    syncing = [
        c["id"]
        for c in emu.request("GET", "/connections?limit=1000").json()["data"]["items"]
        if c["status"]["sync_state"] in ("syncing", "rescheduled")
    ]
    assert syncing
    emu.advance(3600 * 3)
    after = {
        c["id"]: c["status"]["sync_state"]
        for c in emu.request("GET", "/connections?limit=1000").json()["data"]["items"]
    }
    assert all(after[cid] == "scheduled" for cid in syncing)


def test_snapshot_round_trip() -> None:
    emu = Emulator(seed="demo", rate_limit_per_hour=1000)
    emu.request("POST", "/groups", {"name": "extra"})
    snap = emu.snapshot()
    json.dumps(snap)  # JSON-able
    copy = Emulator.from_snapshot(snap)
    assert copy.snapshot() == snap
    assert copy.settings.rate_limit_per_hour == 1000
    for path in ("/groups", "/connections", "/destinations", "/webhooks"):
        assert (
            copy.request("GET", path + "?limit=1000").json()
            == emu.request("GET", path + "?limit=1000").json()
        )
    # Both continue identically (ids, clock).
    a = emu.request("POST", "/groups", {"name": "next"}).json()["data"]
    b = copy.request("POST", "/groups", {"name": "next"}).json()["data"]
    assert a == b


def test_restore_replaces_state_and_control_plane_state_route() -> None:
    emu = Emulator()
    emu.request("POST", "/groups", {"name": "before"})
    snap = emu.snapshot()
    emu.request("POST", "/groups", {"name": "after"})
    emu.restore(snap)
    assert [g["name"] for g in emu.request("GET", "/groups").json()["data"]["items"]] == ["before"]
    over_http = control(emu, "GET", "/_emulator/state?secrets=true").json()["data"]
    assert over_http == emu.snapshot()
    other = Emulator()
    restored = control(other, "PUT", "/_emulator/state", body=json.dumps(over_http))
    assert restored.status == 200
    assert other.snapshot() == emu.snapshot()


def test_state_dump_masks_secrets_unless_asked() -> None:
    emu = Emulator(seed="demo")
    secrets = ("demo-webhook-secret", "sk_live_demo", "shpat-demo")
    full = control(emu, "GET", "/_emulator/state?secrets=true").body.decode()
    assert all(secret in full for secret in secrets)
    masked = control(emu, "GET", "/_emulator/state")
    assert masked.status == 200
    assert not any(secret in masked.body.decode() for secret in secrets)
    dump = masked.json()["data"]
    assert dump["secrets_masked"] is True
    # a masked dump cannot be restored (it would replace every secret with "******")
    refused = control(Emulator(), "PUT", "/_emulator/state", body=json.dumps(dump))
    assert refused.status == 400
    assert "secrets=true" in refused.json()["message"]


def test_snapshot_version_is_checked() -> None:
    with pytest.raises(ValueError, match="version"):
        Emulator.from_snapshot({"version": 99})


def test_control_plane_reset_and_seed(emu: Emulator) -> None:
    seeded = control(emu, "POST", "/_emulator/seed", body='{"name": "demo"}').json()["data"]
    assert seeded["connections"] > 0
    reset = control(emu, "POST", "/_emulator/reset").json()["data"]
    assert reset == {"groups": 0, "destinations": 0, "connections": 0, "webhooks": 0}


def test_settings_api(emu: Emulator) -> None:
    got = control(emu, "GET", "/_emulator/settings").json()["data"]
    assert got == Settings().to_dict()
    changed = control(
        emu,
        "POST",
        "/_emulator/settings",
        body='{"rate_limit_per_hour": 10, "legacy_paths": false}',
    ).json()["data"]
    assert changed["rate_limit_per_hour"] == 10
    assert emu.settings.legacy_paths is False
    with pytest.raises(ValueError, match="unknown"):
        emu.configure(no_such_setting=1)
    with pytest.raises(ValueError, match="boolean"):
        emu.configure(legacy_paths="yes")
    with pytest.raises(ValueError, match="last_page_cursor"):
        emu.configure(last_page_cursor="empty")
    with pytest.raises(ValueError, match="unknown"):
        Emulator(bogus=True)


def test_coverage_report(emu: Emulator) -> None:
    report = control(emu, "GET", "/_emulator/coverage").json()["data"]
    assert "GET /v1/groups" in report["implemented"]
    assert "GET /v1/roles" in report["implemented"]
    assert not set(report["implemented"]) & set(report["not_implemented"])


# -- SQLite persistence ---------------------------------------------------------------------


def test_sqlite_state_survives_reopen(tmp_path: Path) -> None:
    db = tmp_path / "emu.sqlite"
    emu = Emulator(db_path=db)
    gid = emu.request("POST", "/groups", {"name": "persisted"}).json()["data"]["id"]
    emu.request(
        "POST", "/destinations", {"group_id": gid, "service": "snowflake", "time_zone_offset": "0"}
    )
    cid = emu.request(
        "POST",
        "/connections",
        {"group_id": gid, "service": "stripe", "config": {"schema": "stripe", "api_key": "k"}},
    ).json()["data"]["id"]
    emu.request("POST", f"/connections/{cid}/schemas/reload", {})
    emu.request("POST", "/webhooks/account", {"url": "https://x.test", "events": ["sync_end"]})
    emu.request("DELETE", f"/connections/{cid}")
    cid2 = emu.request(
        "POST", "/connections", {"group_id": gid, "service": "hubspot", "config": {"schema": "h"}}
    ).json()["data"]["id"]
    emu.configure(rate_limit_per_hour=123)
    emu.advance(60)
    snap = emu.snapshot()
    emu.close()
    again = Emulator(db_path=db)
    assert again.settings.rate_limit_per_hour == 123
    assert again.clock.now() == datetime(2026, 1, 15, 9, 1, tzinfo=timezone.utc)
    assert _ids(again, "/connections") == [cid2]
    assert again.request("GET", f"/connections/{cid}").status == 404
    assert again.request("GET", f"/destinations/{gid}").status == 200
    assert len(_ids(again, "/webhooks")) == 1
    # Same live documents as before closing.
    assert {k: len(v) for k, v in again.snapshot()["tables"].items()} == {
        k: len(v) for k, v in snap["tables"].items()
    }
    # Ids keep coming from the persisted random state.
    new = again.request("POST", "/groups", {"name": "later"}).json()["data"]["id"]
    assert new not in {gid, cid, cid2}
    again.close()


def test_sqlite_seed_only_when_empty(tmp_path: Path) -> None:
    db = tmp_path / "seeded.sqlite"
    first = Emulator(db_path=db, seed="demo")
    first.request("POST", "/groups", {"name": "mine"})
    counts = first.counts()
    first.close()
    second = Emulator(db_path=db, seed="demo")
    assert second.counts() == counts
    second.reset()
    second.close()
    third = Emulator(db_path=db)
    assert third.counts()["groups"] == 0
    third.close()


def test_plugin_import_is_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys, fivetrex.emulator.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m.startswith('fivetrex.emulator')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['fivetrex.emulator', 'fivetrex.emulator.pytest_plugin']"


def test_unit_of_work_commits_then_delivers_outside_the_lock(
    emu: Emulator, http: httpx.Client, captured: Captured
) -> None:
    group_id = make_group(http)
    conn = make_connection(http, group_id, "postgres")
    data(http.post("/webhooks/account", json={"url": "https://h.test", "events": ["sync_start"]}))
    emu.state.dirty.clear()
    seen_inside: list[str] = []
    with emu.unit_of_work() as backend:
        backend.sync_connection(conn["id"])
        assert ("connections", conn["id"]) in emu.state.dirty  # not committed yet
        seen_inside = captured.events()
    assert seen_inside == []  # nothing delivered while the lock was held
    assert captured.events() == ["sync_start"]
    assert not emu.state.dirty  # committed
    with pytest.raises(RuntimeError), emu.unit_of_work():
        raise RuntimeError("the unit of work ends, the lock is released")
    assert emu.deliver_events([]) == []
    data(http.get(f"/connections/{conn['id']}"))  # the lock is free again
