"""Client-side throttling: shared sliding windows, separate sub-limits, header feedback."""

from __future__ import annotations

import httpx
import pytest

from _support import (
    FakeClock,
    Recorder,
    connection_reply,
    destination_reply,
    make_client,
    ok,
    resolve,
)
from fivetrex import AsyncFivetrex, RateLimit
from fivetrex._throttle import SETUP_TEST, SOURCE, Throttle, classify

pytestmark = pytest.mark.anyio


def Clock() -> FakeClock:
    return FakeClock(start=0.0)


def test_presets_and_parsing() -> None:
    assert RateLimit.parse("standard").per_hour == 20_000
    trial = RateLimit.parse("trial")
    assert (trial.per_hour, trial.source_per_minute, trial.setup_tests_per_hour) == (500, 25, 50)
    assert RateLimit.parse(1200).per_hour == 1200
    custom = RateLimit(per_hour=10)
    assert RateLimit.parse(custom) is custom
    for bad in ("gold", 0, -5, True):
        with pytest.raises(ValueError, match="rate_limit"):
            RateLimit.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("GET", "/groups", None, set()),
        ("POST", "/connections/c1/test", {}, {SETUP_TEST, SOURCE}),
        ("POST", "/destinations/d1/test", {}, {SETUP_TEST, SOURCE}),
        ("POST", "/connections", {"service": "x"}, {SETUP_TEST, SOURCE}),  # tests run by default
        ("POST", "/connections", {"run_setup_tests": False}, set()),
        ("POST", "/destinations", {"run_setup_tests": True}, {SETUP_TEST, SOURCE}),
        ("PATCH", "/connections/c1", {"run_setup_tests": True}, {SETUP_TEST, SOURCE}),
        ("PATCH", "/connections/c1", {"paused": True}, set()),
        ("POST", "/connections/c1/schemas/reload", {}, {SOURCE}),
        ("GET", "/connections/c1/schemas/public/tables/users/columns", None, {SOURCE}),
        ("GET", "/connections/c1/schemas", None, set()),
        ("POST", "/connections/c1/sync", {}, set()),
    ],
)
def test_classification(method: str, path: str, body: object, expected: set[str]) -> None:
    assert classify(method, path, body) == expected


def test_sliding_window() -> None:
    throttle = Throttle(
        RateLimit(
            per_hour=3,
            setup_tests_per_minute=None,
            setup_tests_per_hour=None,
            source_per_minute=None,
            source_per_hour=None,
        )
    )
    assert [throttle.reserve(frozenset(), 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.reserve(frozenset(), 10.0) == 3590.0  # the 4th waits for the 1st to expire
    assert throttle.reserve(frozenset(), 3600.0) == 0.0
    assert throttle.reserve(frozenset(), 3600.0) == 0.0
    assert throttle.reserve(frozenset(), 3600.0) == 3600.0


def test_low_remaining_spaces_requests() -> None:
    throttle = Throttle(RateLimit(per_hour=None))
    throttle.observe({"X-Rate-Limit": "20000", "X-Rate-Limit-Remaining": "19000"})
    assert throttle.reserve(frozenset(), 0.0) == 0.0
    assert throttle.reserve(frozenset(), 0.0) == 0.0
    throttle.observe({"X-Rate-Limit": "20000", "X-Rate-Limit-Remaining": "120"})
    assert throttle.reserve(frozenset(), 0.0) == 30.0  # 3600 s / 120 left
    throttle.observe({"X-Rate-Limit": "oops"})  # ignored
    throttle.observe({"X-Rate-Limit": "20000", "X-Rate-Limit-Remaining": "5000"})
    assert throttle.reserve(frozenset(), 30.0) == 0.0


async def test_client_throttles_and_reads_headers(mode: str) -> None:
    clock = Clock()
    reply = httpx.Response(
        200,
        json={"code": "Success", "data": {}},
        headers={"X-Rate-Limit": "100", "X-Rate-Limit-Remaining": "90"},
    )
    rec = Recorder(reply)
    client = make_client(
        mode, rec, sleep=clock.sleep, clock=clock, rate_limit=RateLimit(per_hour=2)
    )
    for _ in range(3):
        await resolve(client.groups.list())
    assert clock.sleeps == [3600.0]
    assert len(rec.requests) == 3


async def test_setup_tests_have_their_own_window(mode: str) -> None:
    clock = Clock()
    rec = Recorder(ok(destination_reply(id="d")))  # destinations.test() returns the destination
    limits = RateLimit(
        per_hour=None,
        setup_tests_per_minute=1,
        setup_tests_per_hour=None,
        source_per_minute=None,
        source_per_hour=None,
    )
    client = make_client(mode, rec, sleep=clock.sleep, clock=clock, rate_limit=limits)
    await resolve(client.destinations.test("d1"))
    for _ in range(5):
        await resolve(client.groups.list())  # not slowed by the setup-test window
    assert clock.sleeps == []
    await resolve(client.destinations.test("d2"))
    assert clock.sleeps == [60.0]


async def test_copies_share_the_bucket(mode: str) -> None:
    clock = Clock()
    client = make_client(
        mode, Recorder(ok({})), sleep=clock.sleep, clock=clock, rate_limit=RateLimit(per_hour=1)
    )
    other = client.with_options(timeout=3)
    await resolve(client.groups.list())
    await resolve(other.groups.list())
    assert clock.sleeps == [3600.0]


async def test_concurrent_async_calls_share_one_bucket() -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def handler(request: httpx.Request) -> httpx.Response:
        cid = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json={"code": "Success", "data": connection_reply(id=cid)})

    client = AsyncFivetrex(
        api_key="k",
        api_secret="s",
        sleep=fake_sleep,
        clock=lambda: 0.0,
        rate_limit=RateLimit(per_hour=2),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    result = await client.connections.get_statuses(["a", "b", "c", "d"], concurrency=4)
    assert result.ok
    assert sorted(sleeps) == [3600.0, 3600.0]


def test_rate_limit_is_off_by_default() -> None:
    client = make_client("sync", Recorder())
    assert client._core.throttle is None
