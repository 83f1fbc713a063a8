"""Retry decisions of the clients and the seed's retry helpers, with a fake clock."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from _support import FakeClock, FakeSleep, Recorder, fail, make_client, ok, resolve
from fivetrex import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    with_retry,
    with_retry_async,
)
from fivetrex._flow import Send
from fivetrex.retry import calculate_delay, default_retry_predicate, parse_retry_after

pytestmark = pytest.mark.anyio


def _client(mode: str, *replies: object, **options: object) -> tuple[object, Recorder, FakeSleep]:
    recorder = Recorder(*replies)  # type: ignore[arg-type]
    sleep = FakeSleep()
    client = make_client(mode, recorder, sleep=sleep, **options)
    return client, recorder, sleep


async def test_server_errors_back_off_exponentially_then_succeed(mode: str) -> None:
    client, rec, sleep = _client(
        mode,
        fail(500, "E", "x"),
        fail(502, "E", "x"),
        fail(503, "E", "x"),
        ok({"id": "g", "name": "g"}),
    )
    group = await resolve(client.groups.get("g"))  # type: ignore[attr-defined]
    assert group.id == "g"
    assert len(rec.requests) == 4
    assert sleep.calls == [1.0, 2.0, 4.0]


async def test_gives_up_after_max_retries(mode: str) -> None:
    client, rec, sleep = _client(mode, fail(500, "E", "x"), max_retries=2)
    with pytest.raises(ServerError):
        await resolve(client.groups.get("g"))  # type: ignore[attr-defined]
    assert len(rec.requests) == 3
    assert sleep.calls == [1.0, 2.0]


async def test_backoff_is_capped(mode: str) -> None:
    policy = RetryPolicy(max_retries=7, base_delay=1.0, max_delay=30.0)
    client, _rec, sleep = _client(mode, fail(503, "E", "x"), retry_policy=policy)
    with pytest.raises(ServerError):
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert sleep.calls == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


async def test_jitter_stays_within_bounds(mode: str) -> None:
    policy = RetryPolicy(max_retries=3, jitter=True, rng=lambda: 1.0)
    client, _rec, sleep = _client(mode, fail(503, "E", "x"), retry_policy=policy)
    with pytest.raises(ServerError):
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert sleep.calls == [0.75, 1.5, 3.0]


async def test_429_honours_retry_after_seconds(mode: str) -> None:
    client, rec, sleep = _client(
        mode, fail(429, "TooManyRequests", "x", headers={"Retry-After": "7"}), ok({"items": []})
    )
    await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert sleep.calls == [7.0]
    assert len(rec.requests) == 2


async def test_429_honours_retry_after_http_date(mode: str) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=40)
    header = format_datetime(when, usegmt=True)
    client, _rec, sleep = _client(
        mode, fail(429, "TooManyRequests", "x", headers={"Retry-After": header}), ok({})
    )
    await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert len(sleep.calls) == 1
    assert 30 <= sleep.calls[0] <= 41


async def test_long_retry_after_raises_instead_of_sleeping(mode: str) -> None:
    client, rec, sleep = _client(
        mode,
        fail(429, "TooManyRequests", "x", headers={"Retry-After": "3600"}),
        retry_policy=RetryPolicy(max_retry_after=60),
    )
    with pytest.raises(RateLimitedError) as info:
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert info.value.retry_after == 3600
    assert sleep.calls == []
    assert len(rec.requests) == 1


async def test_408_and_connection_errors_are_retried(mode: str) -> None:
    client, rec, sleep = _client(
        mode,
        httpx.Response(408),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
        ok({"id": "g", "name": "g"}),
        max_retries=4,
    )
    await resolve(client.groups.get("g"))  # type: ignore[attr-defined]
    assert len(rec.requests) == 5
    assert sleep.calls == [1.0, 2.0, 4.0, 8.0]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
async def test_other_4xx_are_never_retried(mode: str, status: int) -> None:
    client, rec, sleep = _client(mode, fail(status, "X", "no"))
    with pytest.raises(Exception):  # noqa: PT011 - the class is checked elsewhere
        await resolve(client.groups.get("g"))  # type: ignore[attr-defined]
    assert len(rec.requests) == 1
    assert sleep.calls == []


@pytest.mark.parametrize(
    "reply",
    [
        fail(500, "E", "x"),
        fail(502, "E", "x"),
        fail(503, "E", "x"),
        httpx.Response(408),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped after sending"),
        httpx.ReadError("reset"),
        httpx.WriteTimeout("write"),
    ],
    ids=["500", "502", "503", "408", "read-timeout", "dropped", "read-error", "write-timeout"],
)
async def test_creates_are_not_retried_when_the_server_may_have_acted(
    mode: str, reply: object
) -> None:
    creates = [
        lambda c: c.groups.create(name="g"),
        lambda c: c.connections.create(group_id="g", service="postgres"),
        lambda c: c.destinations.create(group_id="g", service="snowflake"),
        lambda c: c.webhooks.create_account(url="https://x", events=["sync_end"]),
        lambda c: c.webhooks.create_group("g", url="https://x", events=["sync_end"]),
        lambda c: c.post("/groups", json={"name": "g"}),
    ]
    for create in creates:
        client, rec, sleep = _client(mode, reply)
        with pytest.raises((ServerError, APIConnectionError, Exception)):
            await resolve(create(client))
        assert len(rec.requests) == 1, rec.requests
        assert sleep.calls == []


@pytest.mark.parametrize(
    "reply",
    [
        fail(429, "TooManyRequests", "x", headers={"Retry-After": "2"}),
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("connect timeout"),
        httpx.PoolTimeout("pool"),
    ],
    ids=["429", "connect-error", "connect-timeout", "pool-timeout"],
)
async def test_creates_are_retried_when_the_server_cannot_have_acted(
    mode: str, reply: object
) -> None:
    client, rec, _sleep = _client(mode, reply, ok({"id": "new", "name": "g"}, status=201))
    group = await resolve(client.groups.create(name="g"))  # type: ignore[attr-defined]
    assert group.id == "new"
    assert len(rec.requests) == 2
    assert rec.body(0) == rec.body(1) == {"name": "g"}


async def test_delete_retried_after_ambiguous_failure_and_404_counts_as_done(mode: str) -> None:
    client, rec, _sleep = _client(
        mode, httpx.ReadTimeout("slow"), fail(404, "NotFound_Group", "gone")
    )
    assert await resolve(client.groups.delete("g")) is None  # type: ignore[attr-defined]
    assert len(rec.requests) == 2


async def test_first_attempt_404_on_delete_is_an_error(mode: str) -> None:
    client, _rec, _sleep = _client(mode, fail(404, "NotFound_Group", "gone"))
    with pytest.raises(NotFoundError):
        await resolve(client.groups.delete("g"))  # type: ignore[attr-defined]


async def test_max_retries_zero_disables_retries(mode: str) -> None:
    client, rec, sleep = _client(mode, fail(503, "E", "x"), max_retries=0)
    with pytest.raises(ServerError):
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert len(rec.requests) == 1
    assert sleep.calls == []


async def test_retry_decisions_are_logged(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    client, _rec, _sleep = _client(mode, fail(503, "E", "x"), ok({}))
    with caplog.at_level(logging.DEBUG, logger="fivetrex"):
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    text = caplog.text
    assert "request GET /v1/groups" in text
    assert "response GET /v1/groups -> 503" in text
    assert "retrying GET /v1/groups in 1.00s" in text


# --------------------------------------------------------------------- seed helpers


def test_calculate_delay_matches_the_seed() -> None:
    assert calculate_delay(ServerError("x", status=500), 1) == 1.0
    assert calculate_delay(ServerError("x", status=500), 3) == 4.0
    assert calculate_delay(RateLimitedError("x", status=429, retry_after=60), 1) == 60.0
    assert calculate_delay(ServerError("x", status=500), 10, 1.0, 30.0) == 30.0
    assert 0.75 <= calculate_delay(ServerError("x", status=500), 1, jitter=True) <= 1.0
    with pytest.raises(ValueError, match="attempt"):
        calculate_delay(None, 0)


def test_default_retry_predicate() -> None:
    assert default_retry_predicate(RateLimitedError("x", status=429))
    assert default_retry_predicate(ServerError("x", status=503))
    assert default_retry_predicate(APITimeoutError("x"))
    assert not default_retry_predicate(NotFoundError("x", status=404))
    assert not default_retry_predicate(BadRequestError("x", status=400))
    assert not default_retry_predicate(ValueError("x"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        ("0.5", 0.5),
        (" 10 ", 10.0),
        ("0", 0.0),
        ("-3", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("1e400", None),  # overflows to inf
        ("1e300", 1e300),  # what the server said, however long: the policy decides
        ("86401", 86401.0),
        ("86400", 86400.0),
        ("Wed, 21 Oct 1815 07:28:00 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0


def test_with_retry_retries_transient_errors() -> None:
    attempts: list[int] = []
    seen: list[tuple[str, int, float]] = []
    sleeps: list[float] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise ServerError("boom", status=503)
        return "done"

    result = with_retry(
        flaky, on_retry=lambda e, n, d: seen.append((type(e).__name__, n, d)), sleep=sleeps.append
    )
    assert result == "done"
    assert sleeps == [1.0, 2.0]
    assert seen == [("ServerError", 1, 1.0), ("ServerError", 2, 2.0)]


def test_with_retry_stops_on_non_retryable_and_after_max_attempts() -> None:
    sleeps: list[float] = []

    def missing() -> None:
        raise NotFoundError("nope", status=404)

    with pytest.raises(NotFoundError):
        with_retry(missing, sleep=sleeps.append)
    assert sleeps == []

    calls: list[int] = []

    def always() -> None:
        calls.append(1)
        raise ServerError("boom", status=500)

    with pytest.raises(ServerError):
        with_retry(always, max_attempts=5, sleep=sleeps.append)
    assert len(calls) == 5
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


def test_with_retry_custom_predicate_and_rate_limit() -> None:
    sleeps: list[float] = []
    calls: list[int] = []

    def limited() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RateLimitedError("slow", status=429, retry_after=60)
        if len(calls) == 2:
            raise KeyError("custom")
        return 42

    result = with_retry(limited, retry_if=lambda e: True, sleep=sleeps.append)
    assert result == 42
    assert sleeps == [60.0, 2.0]


async def test_with_retry_async() -> None:
    calls: list[int] = []
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def flaky() -> str:
        calls.append(1)
        await asyncio.sleep(0)
        if len(calls) < 3:
            raise ServerError("boom", status=500)
        return "ok"

    assert await with_retry_async(flaky, sleep=fake_sleep, jitter=False) == "ok"
    assert sleeps == [1.0, 2.0]
    with pytest.raises(ValueError, match="max_attempts"):
        await with_retry_async(flaky, max_attempts=0)


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


@pytest.mark.parametrize(
    ("status", "retried"), [(500, True), (501, False), (505, False), (507, True), (511, True)]
)
async def test_which_server_errors_are_retried(mode: str, status: int, retried: bool) -> None:
    client, rec, _sleep = _client(mode, fail(status, "E", "x"), ok({}))
    if retried:
        await resolve(client.groups.list())  # type: ignore[attr-defined]
        assert len(rec.requests) == 2
    else:
        with pytest.raises(ServerError):
            await resolve(client.groups.list())  # type: ignore[attr-defined]
        assert len(rec.requests) == 1
    assert default_retry_predicate(ServerError("x", status=status)) is retried


@pytest.mark.parametrize(
    "header", ["121", "86401", "31536000", "1e300", "Fri, 31 Dec 2099 23:59:59 GMT"]
)
async def test_retry_after_over_the_ceiling_raises_at_once_keeping_it(
    mode: str, header: str
) -> None:
    # however long (a year, a date in 2099): over max_retry_after (120 s) is one rule,
    # raised at once, and the error says what the server asked
    client, rec, sleep = _client(
        mode, fail(429, "TooManyRequests", "x", headers={"Retry-After": header}), ok({})
    )
    with pytest.raises(RateLimitedError) as info:
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert sleep.calls == []
    assert len(rec.requests) == 1
    assert info.value.retry_after is not None
    assert info.value.retry_after > 120
    assert "retry after" in str(info.value)


async def test_retry_after_over_the_ceiling_on_a_503_keeps_it(mode: str) -> None:
    client, rec, sleep = _client(
        mode, fail(503, "Unavailable", "x", headers={"Retry-After": "31536000"}), ok({})
    )
    with pytest.raises(ServerError) as info:
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert (sleep.calls, len(rec.requests), info.value.retry_after) == ([], 1, 31536000.0)


def test_with_retry_never_sleeps_through_a_retry_after_over_a_day() -> None:
    sleeps: list[float] = []
    calls: list[int] = []

    def limited(retry_after: float) -> None:
        calls.append(1)
        raise RateLimitedError("slow", status=429, retry_after=retry_after)

    with pytest.raises(RateLimitedError) as info:
        with_retry(lambda: limited(31536000.0), sleep=sleeps.append)
    assert (sleeps, len(calls), info.value.retry_after) == ([], 1, 31536000.0)
    with pytest.raises(RateLimitedError):
        with_retry(lambda: limited(86400.0), max_attempts=2, sleep=sleeps.append)
    assert sleeps == [86400.0]  # a day is still waited for (max_retry_after=None)


def test_with_retry_ceiling_is_about_retry_after_not_backoff() -> None:
    sleeps: list[float] = []

    def failing() -> None:
        raise ServerError("boom", status=503)

    with pytest.raises(ServerError):
        with_retry(failing, max_attempts=4, max_retry_after=3, sleep=sleeps.append)
    assert sleeps == [1.0, 2.0, 4.0]  # backoff is not a Retry-After: never cut short


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_delay", -1),
        ("max_delay", float("nan")),
        ("max_retry_after", "60"),
        ("max_delay", True),
    ],
)
def test_policy_rejects_bad_delays(field: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=field):
        RetryPolicy(**{field: value})  # type: ignore[arg-type]


def test_with_retry_max_retry_after_raises_instead_of_waiting() -> None:
    sleeps: list[float] = []

    def limited() -> None:
        raise RateLimitedError("slow", status=429, retry_after=3600)

    with pytest.raises(RateLimitedError):
        with_retry(limited, max_retry_after=60, sleep=sleeps.append)
    assert sleeps == []


@pytest.mark.parametrize("header", ["0", "-5", "soon", "1e400", "nan", "0.0", "inf"])
async def test_unusable_retry_after_falls_back_to_backoff(mode: str, header: str) -> None:
    client, rec, sleep = _client(
        mode, fail(429, "TooManyRequests", "x", headers={"Retry-After": header}), ok({"items": []})
    )
    await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert sleep.calls == [1.0]  # the computed backoff: never a tight loop
    assert len(rec.requests) == 2


def test_with_retry_never_waits_zero_for_a_zero_retry_after() -> None:
    sleeps: list[float] = []
    calls: list[int] = []

    def limited() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise RateLimitedError("slow", status=429, retry_after=0.0)
        return "ok"

    assert with_retry(limited, sleep=sleeps.append) == "ok"
    assert sleeps == [1.0, 2.0]


async def test_total_timeout_caps_retries_and_backoff(mode: str) -> None:
    clock = FakeClock()
    rec = Recorder(fail(503, "E", "x"))
    client = make_client(
        mode, rec, sleep=clock.sleep, clock=clock, max_retries=10, total_timeout=5.0
    )
    with pytest.raises(APITimeoutError, match="total_timeout=5s") as info:
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    # waits 1 + 2 s; the next 4 s wait would pass the 5 s budget: give up instead
    assert clock.sleeps == [1.0, 2.0]
    assert len(rec.requests) == 3
    assert isinstance(info.value.__cause__, ServerError)
    assert info.value.operation == "groups.list"


async def test_total_timeout_via_with_options(mode: str) -> None:
    clock = FakeClock()
    rec = Recorder(fail(503, "E", "x"))
    base = make_client(mode, rec, sleep=clock.sleep, clock=clock, max_retries=10)
    capped = base.with_options(total_timeout=2.5)  # type: ignore[attr-defined]
    assert capped._core.total_timeout == 2.5
    with pytest.raises(APITimeoutError):
        await resolve(capped.groups.list())
    assert clock.sleeps == [1.0]
    assert len(rec.requests) == 2


async def test_each_attempt_gets_what_is_left_of_the_total(mode: str) -> None:
    clock = FakeClock()
    timeouts: list[float | None] = []

    def slow(request: httpx.Request) -> httpx.Response:
        clock.now += 3.0  # the attempt took 3 s
        return fail(503, "E", "x")

    rec = Recorder(slow)
    client = make_client(mode, rec, sleep=clock.sleep, clock=clock, timeout=10.0, total_timeout=5.0)
    driver = client._driver  # type: ignore[attr-defined]
    original = driver._handlers[Send]

    def spy(effect: Send) -> object:
        timeouts.append(effect.timeout)
        return original(effect)

    driver._handlers[Send] = spy
    with pytest.raises(APITimeoutError):
        await resolve(client.groups.list())  # type: ignore[attr-defined]
    assert timeouts == [5.0, 1.0]  # then 3 + 1 + 3 > 5: no third attempt
    assert len(rec.requests) == 2
