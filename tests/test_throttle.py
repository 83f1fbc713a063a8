"""Client-side throttling: shared sliding windows, separate sub-limits, header feedback."""

from __future__ import annotations

import httpx
import pytest

from _support import (
    FakeClock,
    Recorder,
    connection_reply,
    destination_reply,
    fail,
    make_client,
    ok,
    resolve,
)
from fivetrex import (
    APITimeoutError,
    AsyncFivetrex,
    Fivetrex,
    InvalidArgumentError,
    RateLimit,
    ServerError,
)
from fivetrex._throttle import SETUP_TEST, SOURCE, Throttle, classify

pytestmark = pytest.mark.anyio


def Clock() -> FakeClock:
    return FakeClock(start=0.0)


#: Only one window: one setup test a minute.
ONE_SETUP_TEST_A_MINUTE = RateLimit(
    per_hour=None,
    setup_tests_per_minute=1,
    setup_tests_per_hour=None,
    source_per_minute=None,
    source_per_hour=None,
)


def test_presets_and_parsing() -> None:
    assert RateLimit.parse("standard").per_hour == 20_000
    trial = RateLimit.parse("trial")
    assert (trial.per_hour, trial.source_per_minute, trial.setup_tests_per_hour) == (500, 25, 50)
    assert RateLimit.parse(1200).per_hour == 1200
    custom = RateLimit(per_hour=10)
    assert RateLimit.parse(custom) is custom
    assert RateLimit.parse(1200.0).per_hour == 1200
    for bad in ("gold", 0, -5, True, 0.5, 1.5, float("nan"), float("inf"), None, [5]):
        with pytest.raises(InvalidArgumentError, match="rate_limit"):
            RateLimit.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"per_hour": -1}, "per_hour"),  # was a bare IndexError on the first call
        ({"per_hour": 0}, "per_hour"),  # was silently "no limit": None says that
        ({"per_hour": 0.0001}, "per_hour"),  # was a TypeError on the second call
        ({"per_hour": float("nan")}, "per_hour"),
        ({"per_hour": float("inf")}, "per_hour"),
        ({"per_hour": True}, "per_hour"),
        ({"per_hour": "100"}, "per_hour"),
        ({"setup_tests_per_minute": 0}, "setup_tests_per_minute"),
        ({"source_per_hour": 2.5}, "source_per_hour"),
        ({"low_remaining": -0.1}, "low_remaining"),
        ({"low_remaining": 1.5}, "low_remaining"),
        ({"low_remaining": float("nan")}, "low_remaining"),
    ],
)
def test_rate_limit_values_are_checked_at_construction(
    options: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=f"RateLimit.{field} must be"):
        RateLimit(**options)  # type: ignore[arg-type]


def test_none_disables_a_window_and_whole_floats_are_counts() -> None:
    limits = RateLimit(per_hour=2.0, setup_tests_per_minute=None)  # type: ignore[arg-type]
    throttle = Throttle(limits)
    assert [throttle.reserve(frozenset(), 0.0) for _ in range(3)] == [0.0, 0.0, 3600.0]
    assert throttle.reserve(frozenset({SETUP_TEST}), 0.0) == 3600.0  # only the hourly window


@pytest.mark.parametrize("bad", ["bogus", 0, -1, 0.5, float("nan"), object(), [100], b"standard"])
def test_clients_refuse_a_bad_rate_limit(bad: object) -> None:
    for cls in (Fivetrex, AsyncFivetrex):
        with pytest.raises(InvalidArgumentError, match="rate_limit"):
            cls(api_key="k", api_secret="s", rate_limit=bad)  # type: ignore[arg-type]


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
    limits = ONE_SETUP_TEST_A_MINUTE  # a frozen value: each client has its own Throttle
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


def test_reserve_within_takes_no_slot_when_the_wait_is_too_long() -> None:
    throttle = Throttle(RateLimit(per_hour=1))
    assert throttle.reserve(frozenset(), 0.0, within=10.0) == 0.0
    assert throttle.reserve(frozenset(), 5.0, within=10.0) == 3595.0  # refused: no slot taken
    assert throttle.reserve(frozenset(), 3600.0, within=10.0) == 0.0  # so this one is free


def _hourly(n: int) -> RateLimit:
    return RateLimit(
        per_hour=n,
        setup_tests_per_minute=None,
        setup_tests_per_hour=None,
        source_per_minute=None,
        source_per_hour=None,
    )


async def test_total_timeout_caps_the_rate_limit_wait(mode: str) -> None:
    clock = Clock()
    rec = Recorder(ok({"items": []}))
    client = make_client(
        mode, rec, sleep=clock.sleep, clock=clock, rate_limit=_hourly(2), total_timeout=3
    )
    await resolve(client.groups.list())
    await resolve(client.groups.list())
    with pytest.raises(
        APITimeoutError, match=r"rate_limit would wait 3600\.0s for a free slot"
    ) as info:
        await resolve(client.groups.list())  # the window is full for an hour: not 3600 s asleep
    assert clock.sleeps == []  # raised at once, no sleep past the deadline
    assert len(rec.requests) == 2
    error = info.value
    assert "total_timeout=3s" in str(error)
    assert error.request_sent is False
    assert error.operation == "groups.list"
    assert error.request_method == "GET"
    # the refused call took no slot: an hour later both slots are free again
    clock.now += 3600.0
    await resolve(client.groups.list())
    await resolve(client.groups.list())
    assert clock.sleeps == []
    assert len(rec.requests) == 4


async def test_a_rate_limit_wait_within_total_timeout_is_waited(mode: str) -> None:
    clock = Clock()
    rec = Recorder(ok(destination_reply(id="d")))
    limits = ONE_SETUP_TEST_A_MINUTE
    options = {"sleep": clock.sleep, "clock": clock, "rate_limit": limits}
    client = make_client(mode, rec, total_timeout=61, **options)
    await resolve(client.destinations.test("d1"))
    await resolve(client.destinations.test("d2"))  # 60 s fits in 61 s: waited
    assert clock.sleeps == [60.0]
    tight = client.with_options(total_timeout=60)  # same windows; 60 s would use it all
    with pytest.raises(APITimeoutError):
        await resolve(tight.destinations.test("d3"))
    assert clock.sleeps == [60.0]
    assert len(rec.requests) == 2


async def test_total_timeout_caps_the_rate_limit_wait_of_a_retry(mode: str) -> None:
    clock = Clock()
    rec = Recorder(fail(503, "Unavailable", "x"), ok({"items": []}))
    client = make_client(
        mode, rec, sleep=clock.sleep, clock=clock, rate_limit=_hourly(1), total_timeout=10
    )
    with pytest.raises(APITimeoutError, match=r"\(1 attempt\): rate_limit") as info:
        await resolve(client.groups.list())
    # backoff 1 s, then the retry would need the hour's only slot: give up, do not sleep
    assert clock.sleeps == [1.0]
    assert len(rec.requests) == 1
    assert info.value.request_sent is True
    assert isinstance(info.value.__cause__, ServerError)


async def test_bulk_calls_past_the_deadline_fail_instead_of_waiting(mode: str) -> None:
    clock = Clock()

    def handler(request: httpx.Request) -> httpx.Response:
        cid = request.url.path.rsplit("/", 1)[-1]
        return ok(connection_reply(id=cid))

    client = make_client(
        mode,
        Recorder(handler),
        sleep=clock.sleep,
        clock=clock,
        rate_limit=_hourly(2),
        total_timeout=30,
    )
    result = await resolve(client.connections.get_statuses(["a", "b", "c"]))
    assert len(result.succeeded) == 2  # the hour's two slots
    assert [type(e) for e in result.failed.values()] == [APITimeoutError]
    assert clock.sleeps == []
