"""Trigger-and-wait, waiting for syncs started elsewhere, and bulk helpers (fake clock)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from _support import FakeClock, make_client, resolve
from fivetrex import (
    AsyncFivetrex,
    BulkResult,
    NotFoundError,
    SyncEvents,
    SyncFailedError,
    SyncPausedError,
    SyncRescheduledError,
    SyncStatus,
    SyncTimeoutError,
)

pytestmark = pytest.mark.anyio

T0 = "2026-01-01T00:00:00.000000Z"
T1 = "2026-01-01T01:00:00.000000Z"
T2 = "2026-01-01T02:00:00.000000Z"


def conn(
    state: str = "scheduled",
    succeeded: str | None = T0,
    failed: str | None = None,
    paused: bool = False,
    **status: Any,
) -> dict[str, Any]:
    return {
        "id": "c1",
        "group_id": "g1",
        "service": "postgres",
        "schema": "c1_schema",
        "paused": paused,
        "pause_after_trial": False,
        "connected_by": "u1",
        "sync_frequency": 360,
        "succeeded_at": succeeded,
        "failed_at": failed,
        "status": {"sync_state": state, "setup_state": "connected", **status},
    }


class Scripted:
    """A fake API for one connection: each GET returns the next scripted state."""

    def __init__(self, *states: dict[str, Any] | httpx.Response) -> None:
        self.states = list(states)
        self.log: list[str] = []
        self.bodies: list[Any] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.log.append(f"{request.method} {request.url.path}")
        self.bodies.append(json.loads(request.content) if request.content else None)
        if request.method == "GET":
            state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
            if isinstance(state, httpx.Response):
                return httpx.Response(
                    state.status_code, content=state.content, headers=state.headers
                )
            return httpx.Response(200, json={"code": "Success", "data": state})
        if request.method == "PATCH":
            return httpx.Response(200, json={"code": "Success", "data": conn()})
        return httpx.Response(200, json={"code": "Success", "message": "Sync triggered"})


def client_for(mode: str, api: Scripted, clock: FakeClock, **options: Any) -> Any:
    return make_client(mode, api, sleep=clock.sleep, clock=clock, **options)  # type: ignore[arg-type]


async def test_sync_and_wait_success(mode: str) -> None:
    api = Scripted(conn(), conn("syncing"), conn("syncing"), conn(succeeded=T1))
    clock = FakeClock()
    seen: list[str | None] = []
    client = client_for(mode, api, clock)
    status = await resolve(
        client.connections.sync_and_wait(
            "c1", poll_interval=5, jitter=False, on_progress=lambda s: seen.append(s.sync_state)
        )
    )
    assert isinstance(status, SyncStatus)
    assert status.succeeded_at is not None
    assert status.succeeded_at.hour == 1
    assert api.log == [
        "GET /v1/connections/c1",
        "POST /v1/connections/c1/sync",
        "GET /v1/connections/c1",
        "GET /v1/connections/c1",
        "GET /v1/connections/c1",
    ]
    assert api.bodies[1] == {"force": False}
    assert clock.sleeps == [5.0, 7.5]  # gentle backoff
    assert seen == ["syncing", "syncing", "scheduled"]


async def test_sync_so_short_it_ends_between_polls(mode: str) -> None:
    api = Scripted(conn(), conn("scheduled", succeeded=T1))
    clock = FakeClock()
    client = client_for(mode, api, clock)
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert status.is_scheduled
    assert clock.sleeps == []


async def test_sync_already_running_when_triggered(mode: str) -> None:
    api = Scripted(conn("syncing", succeeded=T0), conn("syncing"), conn(succeeded=T1))
    clock = FakeClock()
    client = client_for(mode, api, clock)
    status = await resolve(client.connections.sync_and_wait("c1", force=True, jitter=False))
    assert api.bodies[1] == {"force": True}
    assert str(status.succeeded_at).startswith("2026-01-01 01:00")


async def test_stale_timestamps_do_not_count(mode: str) -> None:
    # the baseline is T1 (latest of succeeded/failed); a poll showing T1 again is not done
    api = Scripted(
        conn(succeeded=T0, failed=T1),
        conn("scheduled", succeeded=T0, failed=T1),
        conn(succeeded=T2, failed=T1),
    )
    clock = FakeClock()
    client = client_for(mode, api, clock)
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert status.succeeded_at.hour == 2
    assert len(clock.sleeps) == 1


async def test_never_synced_connection(mode: str) -> None:
    api = Scripted(conn(succeeded=None), conn("syncing", succeeded=None), conn(succeeded=T1))
    client = client_for(mode, api, FakeClock())
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert status.succeeded_at is not None


async def test_failed_sync_raises_with_reason(mode: str) -> None:
    failed = conn(
        succeeded=T0,
        failed=T1,
        tasks=[{"code": "reconnect", "message": "Invalid login credentials"}],
    )
    api = Scripted(conn(), conn("syncing"), failed)
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncFailedError) as info:
        await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert info.value.connection_id == "c1"
    assert info.value.reason == "Invalid login credentials"
    assert info.value.failed_at.hour == 1
    assert "Invalid login credentials" in str(info.value)


async def test_never_synced_then_failed(mode: str) -> None:
    api = Scripted(conn(succeeded=None), conn(succeeded=None, failed=T1))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncFailedError):
        await resolve(client.connections.sync_and_wait("c1", jitter=False))


async def test_paused_connection_is_a_clear_error_and_nothing_is_triggered(mode: str) -> None:
    api = Scripted(conn("paused", paused=True))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncPausedError, match="resume=True"):
        await resolve(client.connections.sync_and_wait("c1"))
    assert api.log == ["GET /v1/connections/c1"]


async def test_resume_first(mode: str) -> None:
    api = Scripted(conn("paused", paused=True), conn(succeeded=T1))
    client = client_for(mode, api, FakeClock())
    await resolve(client.connections.sync_and_wait("c1", resume=True, jitter=False))
    assert api.log[:3] == [
        "GET /v1/connections/c1",
        "PATCH /v1/connections/c1",
        "POST /v1/connections/c1/sync",
    ]
    assert api.bodies[1] == {"paused": False}


async def test_paused_while_waiting(mode: str) -> None:
    api = Scripted(conn(), conn("syncing"), conn("paused", paused=True))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncPausedError):
        await resolve(client.connections.sync_and_wait("c1", jitter=False))


async def test_rescheduled_raise(mode: str) -> None:
    resched = conn("rescheduled", rescheduled_for="2026-01-01T03:00:00Z")
    api = Scripted(conn(), resched)
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncRescheduledError) as info:
        await resolve(client.connections.sync_and_wait("c1", on_rescheduled="raise"))
    assert info.value.rescheduled_for.hour == 3


async def test_rescheduled_wait(mode: str) -> None:
    resched = conn("rescheduled", rescheduled_for="2026-01-01T03:00:00Z")
    api = Scripted(conn(), resched, resched, conn(succeeded=T2))
    client = client_for(mode, api, FakeClock())
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert status.succeeded_at.hour == 2


async def test_connection_deleted_while_waiting(mode: str) -> None:
    gone = httpx.Response(404, json={"code": "NotFound_Connection", "message": "gone"})
    api = Scripted(conn(), conn("syncing"), gone)
    client = client_for(mode, api, FakeClock())
    with pytest.raises(NotFoundError):
        await resolve(client.connections.sync_and_wait("c1", jitter=False))


async def test_transient_errors_while_polling_are_not_fatal(mode: str) -> None:
    down = httpx.Response(503, json={"code": "Unavailable", "message": "down"})
    api = Scripted(conn(), down, down, conn(succeeded=T1))
    clock = FakeClock()
    client = client_for(mode, api, clock, max_retries=0)
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert status.succeeded_at.hour == 1


async def test_timeout_without_real_sleep(mode: str) -> None:
    api = Scripted(conn(), conn("syncing"))
    clock = FakeClock()
    client = client_for(mode, api, clock)
    with pytest.raises(SyncTimeoutError) as info:
        await resolve(
            client.connections.sync_and_wait(
                "c1", timeout=60, poll_interval=10, max_poll_interval=20, jitter=False
            )
        )
    assert isinstance(info.value, TimeoutError)
    assert info.value.status is not None
    assert info.value.status.is_syncing
    assert sum(clock.sleeps) == pytest.approx(60)
    assert max(clock.sleeps) <= 20


async def test_jitter_keeps_delays_in_bounds(mode: str) -> None:
    api = Scripted(conn(), conn("syncing"), conn("syncing"), conn(succeeded=T1))
    clock = FakeClock()
    client = client_for(mode, api, clock)
    await resolve(client.connections.sync_and_wait("c1", poll_interval=10))
    assert 9.0 <= clock.sleeps[0] <= 10.0
    assert 13.5 <= clock.sleeps[1] <= 15.0


async def test_wait_for_sync_started_elsewhere(mode: str) -> None:
    from datetime import datetime, timezone

    api = Scripted(conn("syncing"), conn(succeeded=T1))
    client = client_for(mode, api, FakeClock())
    status = await resolve(
        client.connections.wait_for_sync(
            "c1", after=datetime(2026, 1, 1, tzinfo=timezone.utc), jitter=False
        )
    )
    assert status.succeeded_at.hour == 1
    assert all(line.startswith("GET") for line in api.log)


async def test_webhook_event_ends_the_wait_early(mode: str) -> None:
    events = SyncEvents()
    api = Scripted(conn(), conn("syncing"), conn(succeeded=T1))
    clock = FakeClock()
    client = client_for(mode, api, clock)

    def progress(status: SyncStatus) -> None:
        if status.is_syncing:  # the sync_end webhook arrives while we poll
            events.feed({"event": "sync_end", "connector_id": "c1", "data": {}})
            events.feed({"event": "sync_end", "connector_id": "other"})
            events.feed({"event": "sync_start", "connector_id": "c1"})

    status = await resolve(
        client.connections.sync_and_wait(
            "c1", poll_interval=600, events=events, on_progress=progress
        )
    )
    assert status.succeeded_at.hour == 1
    assert clock.sleeps == []  # no poll interval slept out
    assert events.marker("c1") == 1


async def test_bad_wait_arguments(mode: str) -> None:
    client = client_for(mode, Scripted(conn()), FakeClock())
    with pytest.raises(ValueError, match="poll"):
        await resolve(client.connections.wait_for_sync("c1", after=None, poll_interval=0))
    with pytest.raises(ValueError, match="timeout"):
        await resolve(client.connections.wait_for_sync("c1", after=None, timeout=-1))


# ------------------------------------------------------------------------------ bulk


class Fleet:
    """A fake API for many connections, counting requests in flight."""

    def __init__(self, missing: set[str] = frozenset(), failing: set[str] = frozenset()) -> None:
        self.missing = missing
        self.failing = failing
        self.inflight = 0
        self.max_inflight = 0
        self.synced: list[str] = []

    def reply(self, request: httpx.Request) -> httpx.Response:
        cid = request.url.path.split("/")[3]
        if cid in self.missing:
            return httpx.Response(404, json={"code": "NotFound_Connection", "message": cid})
        if request.method == "POST":
            self.synced.append(cid)
            return httpx.Response(200, json={"code": "Success", "message": "ok"})
        done = cid in self.synced
        data = conn(
            succeeded=T1 if done and cid not in self.failing else T0,
            failed=T2 if done and cid in self.failing else None,
        )
        if request.method == "PATCH":
            data["paused"] = json.loads(request.content)["paused"]
        data["id"] = cid
        return httpx.Response(200, json={"code": "Success", "data": data})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return self.reply(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        self.inflight += 1
        self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            return self.reply(request)
        finally:
            self.inflight -= 1


async def test_get_statuses_reports_each_item(mode: str) -> None:
    fleet = Fleet(missing={"c3"})
    client = make_client(mode, fleet)  # type: ignore[arg-type]
    ids = [f"c{i}" for i in range(6)]
    result = await resolve(client.connections.get_statuses(ids, concurrency=3))
    assert isinstance(result, BulkResult)
    assert list(result.outcomes) == ids
    assert set(result.succeeded) == {"c0", "c1", "c2", "c4", "c5"}
    assert isinstance(result.failed["c3"], NotFoundError)
    assert not result.ok
    assert result["c0"].value.connection_id == "c0"


async def test_async_bulk_runs_concurrently_and_bounded() -> None:
    fleet = Fleet()
    client = AsyncFivetrex(
        api_key="k",
        api_secret="s",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(fleet.handle_async)),
    )
    result = await client.connections.get_statuses([f"c{i}" for i in range(20)], concurrency=4)
    assert result.ok
    assert fleet.max_inflight == 4


async def test_sync_many_and_wait_keeps_partial_results(mode: str) -> None:
    fleet = Fleet(missing={"gone"}, failing={"bad"})
    clock = FakeClock()
    client = make_client(mode, fleet, sleep=clock.sleep, clock=clock)  # type: ignore[arg-type]
    result = await resolve(
        client.connections.sync_many_and_wait(["a", "bad", "gone", "b"], concurrency=2)
    )
    assert set(result.succeeded) == {"a", "b"}
    assert isinstance(result.failed["bad"], SyncFailedError)
    assert isinstance(result.failed["gone"], NotFoundError)


async def test_pause_and_resume_many(mode: str) -> None:
    fleet = Fleet(missing={"x"})
    client = make_client(mode, fleet)  # type: ignore[arg-type]
    paused = await resolve(client.connections.pause_many(["a", "x", "b"]))
    assert {k: v.paused for k, v in paused.succeeded.items()} == {"a": True, "b": True}
    assert list(paused.failed) == ["x"]
    resumed = await resolve(client.connections.resume_many(["a"]))
    assert resumed.succeeded["a"].paused is False


async def test_bulk_validates_ids_before_sending(mode: str) -> None:
    fleet = Fleet()
    client = make_client(mode, fleet)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="connection ids"):
        await resolve(client.connections.get_statuses(["a", ""]))
    with pytest.raises(ValueError, match="concurrency"):
        await resolve(client.connections.get_statuses(["a"], concurrency=0))


async def test_failure_reason_falls_back_to_warnings(mode: str) -> None:
    failed = conn(succeeded=T0, failed=T1, warnings=[{"code": "w", "message": "Source timed out"}])
    client = client_for(mode, Scripted(conn(), failed), FakeClock())
    with pytest.raises(SyncFailedError) as info:
        await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert info.value.reason == "Source timed out"


def test_async_callback_on_the_blocking_client_is_a_clear_error() -> None:
    async def progress(status: SyncStatus) -> None:
        pass

    client = client_for("sync", Scripted(conn(), conn("syncing"), conn(succeeded=T1)), FakeClock())
    with pytest.raises(TypeError, match="AsyncFivetrex"):
        client.connections.sync_and_wait("c1", on_progress=progress)


class Account:
    """A fake account of many connections: serves the connection list and per-id reads."""

    def __init__(self, n: int, page_size: int = 1000, missing: frozenset[str] = frozenset()):
        self.ids = [f"c{i}" for i in range(n)]
        self.page_size = page_size
        self.missing = missing
        self.log: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v1/connections":
            self.log.append("LIST")
            assert request.url.params["limit"] == "1000"
            start = int(request.url.params.get("cursor", "0"))
            chunk = self.ids[start : start + self.page_size]
            data: dict[str, Any] = {"items": [{**conn(state="syncing"), "id": c} for c in chunk]}
            if start + self.page_size < len(self.ids):
                data["next_cursor"] = str(start + self.page_size)
            return httpx.Response(200, json={"code": "Success", "data": data})
        cid = path.rsplit("/", 1)[-1]
        self.log.append(f"GET {cid}")
        if cid in self.missing:
            return httpx.Response(404, json={"code": "NotFound_Connection", "message": cid})
        return httpx.Response(200, json={"code": "Success", "data": {**conn(), "id": cid}})


async def test_get_statuses_auto_lists_for_many_ids(mode: str) -> None:
    account = Account(1500)
    client = make_client(mode, account)  # type: ignore[arg-type]
    wanted = [f"c{i}" for i in range(0, 1500, 10)] + ["gone"]  # 151 ids
    result = await resolve(client.connections.get_statuses(wanted))
    assert account.log == ["LIST", "LIST", "GET gone"]  # 3 requests instead of 151
    assert list(result.outcomes) == wanted
    assert result["c10"].value.is_syncing  # read from the list, not the per-id fake
    assert result.ok


async def test_get_statuses_auto_reports_deleted_ids(mode: str) -> None:
    account = Account(300, missing=frozenset({"gone"}))
    client = make_client(mode, account)  # type: ignore[arg-type]
    result = await resolve(client.connections.get_statuses([*account.ids[:150], "gone"]))
    assert account.log == ["LIST", "GET gone"]
    assert isinstance(result.failed["gone"], NotFoundError)
    assert len(result.succeeded) == 150


async def test_get_statuses_auto_stops_listing_when_it_stops_paying(mode: str) -> None:
    # a huge account (pages of 1): after len(ids)/2 pages it reads the rest one by one
    account = Account(10_000, page_size=1)
    client = make_client(mode, account)  # type: ignore[arg-type]
    wanted = [f"c{i}" for i in range(0, 10_000, 50)][:100]
    result = await resolve(client.connections.get_statuses(wanted))
    assert account.log.count("LIST") == 50
    assert sum(1 for line in account.log if line.startswith("GET")) == 99  # c0 was listed
    assert result.ok


@pytest.mark.parametrize(("strategy", "expected"), [("get", 5), ("list", 1)])
async def test_get_statuses_explicit_strategy(mode: str, strategy: str, expected: int) -> None:
    account = Account(20)
    client = make_client(mode, account)  # type: ignore[arg-type]
    result = await resolve(
        client.connections.get_statuses(["c1", "c2", "c3", "c4", "c5"], strategy=strategy)
    )
    assert len(account.log) == expected
    assert result.ok
    with pytest.raises(ValueError, match="strategy"):
        await resolve(client.connections.get_statuses(["c1"], strategy="fast"))


# ------------------------------------------------------------------ holes: outcome order


async def test_a_success_then_a_later_failure_between_polls_is_a_failure(mode: str) -> None:
    # both happened after the baseline; the latest one (the failure) is the outcome
    api = Scripted(conn(succeeded=T0), conn(succeeded=T1, failed=T2))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncFailedError) as info:
        await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert str(info.value.failed_at).startswith("2026-01-01 02:00")


async def test_a_failure_then_a_later_success_between_polls_is_a_success(mode: str) -> None:
    api = Scripted(conn(succeeded=T0), conn(succeeded=T2, failed=T1))
    client = client_for(mode, api, FakeClock())
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert str(status.succeeded_at).startswith("2026-01-01 02:00")


async def test_equal_failed_and_succeeded_timestamps_count_as_a_failure(mode: str) -> None:
    # a tie cannot prove success: the conservative reading is the failure
    api = Scripted(conn(succeeded=T0), conn(succeeded=T1, failed=T1))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncFailedError):
        await resolve(client.connections.sync_and_wait("c1", jitter=False))


async def test_wait_for_sync_sees_the_latest_outcome_too(mode: str) -> None:
    from datetime import datetime, timezone

    after = datetime(2026, 1, 1, tzinfo=timezone.utc)
    api = Scripted(conn(succeeded=T1, failed=T2))
    client = client_for(mode, api, FakeClock())
    with pytest.raises(SyncFailedError):
        await resolve(client.connections.wait_for_sync("c1", after=after, jitter=False))


async def test_paused_while_the_sync_still_runs_waits_for_that_sync(mode: str) -> None:
    # pausing does not stop a running sync: wait for it, then report its outcome
    api = Scripted(
        conn(),
        conn("syncing", paused=True),
        conn("syncing", paused=True),
        conn("paused", succeeded=T1, paused=True),
    )
    clock = FakeClock()
    client = client_for(mode, api, clock)
    status = await resolve(client.connections.sync_and_wait("c1", jitter=False))
    assert str(status.succeeded_at).startswith("2026-01-01 01:00")
    assert len(clock.sleeps) == 2


# ------------------------------------------------------------------ holes: the list walk


class Cursors:
    """A connection list answering by cursor, and per-id reads (counted)."""

    def __init__(self, script: dict[str | None, dict[str, Any]]) -> None:
        self.script = script
        self.log: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/connections":
            cursor = request.url.params.get("cursor")
            self.log.append(f"LIST {cursor}")
            return httpx.Response(200, json={"code": "Success", "data": self.script[cursor]})
        cid = request.url.path.rsplit("/", 1)[-1]
        self.log.append(f"GET {cid}")
        return httpx.Response(200, json={"code": "Success", "data": {**conn(), "id": cid}})


def _listed(*ids: str, nxt: str | None) -> dict[str, Any]:
    return {"items": [{**conn(state="syncing"), "id": i} for i in ids], "next_cursor": nxt}


async def test_get_statuses_list_walk_stops_on_a_cursor_cycle(mode: str) -> None:
    api = Cursors(
        {
            None: _listed("c1", nxt="A"),
            "A": _listed("c2", nxt="B"),
            "B": _listed("c3", nxt="A"),
        }
    )
    client = make_client(mode, api)  # type: ignore[arg-type]
    result = await resolve(
        client.connections.get_statuses(["c1", "c2", "c3", "c9"], strategy="list")
    )
    assert api.log == ["LIST None", "LIST A", "LIST B", "GET c9"]
    assert result.ok
    assert result["c3"].value.is_syncing  # found by the list before the cycle


async def test_get_statuses_list_walk_ends_on_an_empty_string_cursor(mode: str) -> None:
    api = Cursors({None: _listed("c1", nxt="")})
    client = make_client(mode, api)  # type: ignore[arg-type]
    result = await resolve(client.connections.get_statuses(["c1", "c2"], strategy="list"))
    assert api.log == ["LIST None", "GET c2"]
    assert result.ok


async def test_get_statuses_list_walk_gives_up_on_endless_empty_pages(mode: str) -> None:
    from fivetrex.pagination import MAX_EMPTY_PAGES

    script: dict[str | None, dict[str, Any]] = {None: _listed(nxt="1")}
    for n in range(1, 100):
        script[str(n)] = _listed(nxt=str(n + 1))
    api = Cursors(script)
    client = make_client(mode, api)  # type: ignore[arg-type]
    result = await resolve(client.connections.get_statuses(["c1"], strategy="list"))
    assert [line for line in api.log if line.startswith("LIST")] == [
        "LIST None",
        *(f"LIST {n}" for n in range(1, MAX_EMPTY_PAGES)),
    ]
    assert api.log[-1] == "GET c1"
    assert result.ok
