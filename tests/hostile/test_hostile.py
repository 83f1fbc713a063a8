"""Hostile servers: every call ends within its bound with a typed error or a correct result.

One behaviour per case, served by a real loopback socket (``_server``), run with
``groups.get``, ``groups.list`` and ``groups.stream`` on both clients. Each run asserts
the error class (or the result), that the call ended within its bound, and how many
requests the server saw. Backoff sleeps are faked; only the timeout cases really wait
(``timeout=0.3``).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from _support import KEY, SECRET, FakeSleep, collect
from fivetrex import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncFivetrex,
    Fivetrex,
    FivetrexError,
    NotFoundError,
    PaginationError,
    RateLimitedError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
)
from fivetrex.pagination import MAX_EMPTY_PAGES
from hostile._server import Conn, HostileServer, Request, respond, trickle

#: The per-attempt timeout of the timeout cases, and the slack allowed on top of it
#: (thread scheduling on a loaded 2-core CI machine; the design slack is ~10 ms).
TIMEOUT = 0.3
SLACK = 0.5
#: The bound of a case that needs no waiting at all: far below the client's timeout, so a
#: call that waits for the server (a hang) still fails it, and far above what it takes on a
#: 2-core machine running seven test suites at once (2.3 s seen there; ~50 ms when quiet).
FAST = 5.0

CALLS = ("get", "list", "stream")
GROUP = {"id": "g1", "name": "one"}

#: Where each run's figures go when ``HOSTILE_REPORT`` names a file (JSON lines).
REPORT = os.environ.get("HOSTILE_REPORT")


def envelope(data: Any = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": "Success", **extra}
    if data is not None:
        body["data"] = data
    return body


def is_list(request: Request) -> bool:
    return request.path.rstrip("/") == "/v1/groups"


def answer(get: Any, listed: Any, **kw: Any) -> Callable[[Conn, Request, int], None]:
    """Answer ``get`` to ``GET /groups/g1`` and ``listed`` to ``GET /groups``."""

    def behave(conn: Conn, request: Request, index: int) -> None:
        respond(conn, 200, listed if is_list(request) else get, **kw)

    return behave


def same(body: Any, status: int = 200, **kw: Any) -> Callable[[Conn, Request, int], None]:
    def behave(conn: Conn, request: Request, index: int) -> None:
        respond(conn, status, body, **kw)

    return behave


# --------------------------------------------------------------------------- behaviours


def trickled_body(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n")
    trickle(conn, b'{"code":"Success","data":' + b" " * 400, 0.05)


def trickled_headers(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\n")
    trickle(conn, b"X-Padding: " + b"a" * 400 + b"\r\n\r\n", 0.05)


def silent(conn: Conn, request: Request, index: int) -> None:
    conn.pause(30)


def trickled_chunks(conn: Conn, request: Request, index: int) -> None:
    conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    for _ in range(600):
        conn.send(b"1\r\n \r\n")
        if not conn.pause(0.05):
            return


def truncated(conn: Conn, request: Request, index: int) -> None:
    respond(conn, 200, b'{"code":"Success"', length=100)
    conn.close()


def hang_up(conn: Conn, request: Request, index: int) -> None:
    conn.close()


def garbage_status_line(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"SURPRISE\r\n\r\n")
    conn.close()


def too_large_declared(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n")
    trickle(conn, b" " * 100, 0.05)  # refused on the header: never read


def too_large_chunked(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b" " * 65536
    for _ in range(40):  # 2.5 MiB, more than the 1 MiB limit
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")


def huge_headers(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 300_000 + b"\r\n\r\n")


def endless_continue(conn: Conn, request: Request, index: int) -> None:
    for _ in range(600):  # informational responses, forever
        conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        if not conn.pause(0.05):
            return


def bad_content_length(conn: Conn, request: Request, index: int) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n{}")
    conn.close()


def cut_chunked(conn: Conn, request: Request, index: int) -> None:
    conn.send(b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"code"')
    conn.close()


def make_bomb(size: int) -> bytes:
    """A gzip body of ``size`` bytes of zeros: ~1000x smaller than what it inflates to."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


_BOMB: dict[int, bytes] = {}


def bomb(size: int) -> Callable[[Conn, Request, int], None]:
    if size not in _BOMB:
        _BOMB[size] = make_bomb(size)

    def behave(conn: Conn, request: Request, index: int) -> None:
        respond(conn, 200, _BOMB[size], {"Content-Encoding": "gzip"})

    return behave


def gzipped(conn: Conn, request: Request, index: int) -> None:
    body = envelope({"items": [GROUP]}) if is_list(request) else envelope(GROUP)
    respond(conn, 200, gzip.compress(json.dumps(body).encode()), {"Content-Encoding": "gzip"})


def pages(script: Callable[[str | None], dict[str, Any]]) -> Callable[[Conn, Request, int], None]:
    """A list endpoint answering ``script(cursor)``; ``GET /groups/g1`` is well formed."""

    def behave(conn: Conn, request: Request, index: int) -> None:
        if not is_list(request):
            respond(conn, 200, envelope(GROUP))
            return
        respond(conn, 200, envelope(script(request.query.get("cursor"))))

    return behave


def cycle(cursor: str | None) -> dict[str, Any]:
    nxt = {None: "A", "A": "B", "B": "A"}[cursor]
    return {"items": [{"id": f"g-{cursor}", "name": "x"}], "next_cursor": nxt}


def endless_empty(cursor: str | None) -> dict[str, Any]:
    number = int(cursor or "0")
    return {"items": [], "next_cursor": str(number + 1)}


def endless_full(cursor: str | None) -> dict[str, Any]:
    number = int(cursor or "0")
    return {"items": [{"id": f"g{number}", "name": "x"}], "next_cursor": str(number + 1)}


def retry_after(value: str) -> Callable[[Conn, Request, int], None]:
    return same({"code": "TooManyRequests", "message": "slow"}, 429, headers={"Retry-After": value})


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One misbehaviour and what every call must make of it."""

    name: str
    behaviour: Callable[[Conn, Request, int], None]
    error: type[Exception] | None
    requests: int | dict[str, int]
    calls: tuple[str, ...] = CALLS
    bound: float = FAST
    options: dict[str, Any] = field(default_factory=dict)
    sleeps: list[float] | None = None  # the backoff expected, when it matters
    stream_args: dict[str, Any] = field(default_factory=dict)
    check: Callable[[str, Any], None] | None = None
    #: requests the server sees through the aiohttp transport, when that differs
    aiohttp_requests: int | None = None

    def expected_requests(self, call: str, mode: str = "blocking") -> int:
        if mode == "aiohttp" and self.aiohttp_requests is not None:
            return self.aiohttp_requests
        return self.requests if isinstance(self.requests, int) else self.requests[call]


def timed(seconds: float, attempts: int = 1) -> float:
    return attempts * seconds + SLACK


def _is_group(call: str, result: Any) -> None:
    if call == "get":
        assert result.id == "g1"
    elif call == "list":
        assert [g.id for g in result.items] == ["g1"]
    else:
        assert [g.id for g in result] == ["g1"]


def _ids(expected: list[str]) -> Callable[[str, Any], None]:
    def check(call: str, result: Any) -> None:
        assert [g.id for g in result] == expected

    return check


NO_RETRY = {"max_retries": 0, "timeout": TIMEOUT}
BACKOFF = [1.0, 2.0]

CASES = [
    # -- controls: the harness can succeed
    Case(
        "well-formed",
        answer(envelope(GROUP), envelope({"items": [GROUP]})),
        None,
        1,
        check=_is_group,
    ),
    Case("gzip-encoded", gzipped, None, 1, check=_is_group),
    # -- a server that is slow on purpose: `timeout` bounds the whole attempt
    Case(
        "trickled-body", trickled_body, APITimeoutError, 1, bound=timed(TIMEOUT), options=NO_RETRY
    ),
    Case(
        "trickled-headers",
        trickled_headers,
        APITimeoutError,
        1,
        bound=timed(TIMEOUT),
        options=NO_RETRY,
    ),
    Case(
        "trickled-chunks",
        trickled_chunks,
        APITimeoutError,
        1,
        bound=timed(TIMEOUT),
        options=NO_RETRY,
    ),
    Case("silent", silent, APITimeoutError, 1, bound=timed(TIMEOUT), options=NO_RETRY),
    Case(
        "silent-with-retries",
        silent,
        APITimeoutError,
        3,
        calls=("get",),
        bound=timed(TIMEOUT, 3),
        options={"max_retries": 2, "timeout": TIMEOUT},
        sleeps=BACKOFF,
    ),
    Case(
        "silent-total-timeout",
        silent,
        APITimeoutError,
        2,
        calls=("get",),
        bound=0.5 + SLACK,
        options={
            "timeout": TIMEOUT,
            "total_timeout": 0.5,
            "retry_policy": RetryPolicy(max_retries=5, base_delay=0.01),
        },
    ),
    # -- broken connections: retried (idempotent reads), then a typed error
    Case("truncated-body", truncated, APIConnectionError, 3, sleeps=BACKOFF),
    # aiohttp itself sends an idempotent request once more when the server hangs up
    # (never a POST): 2 per attempt on that transport
    Case("hang-up", hang_up, APIConnectionError, 3, sleeps=BACKOFF, aiohttp_requests=6),
    Case("garbage-status-line", garbage_status_line, APIConnectionError, 3, sleeps=BACKOFF),
    Case(
        "corrupt-gzip",
        same(b"\x1f\x8b\x08\x00not gzip at all", headers={"Content-Encoding": "gzip"}),
        APIConnectionError,
        3,
    ),
    Case("huge-headers", huge_headers, APIConnectionError, 3, sleeps=BACKOFF),
    Case("bad-content-length", bad_content_length, APIConnectionError, 3, sleeps=BACKOFF),
    Case("cut-chunked-body", cut_chunked, APIConnectionError, 3, sleeps=BACKOFF),
    Case(
        "endless-100-continue",
        endless_continue,
        APITimeoutError,
        1,
        bound=timed(TIMEOUT),
        options=NO_RETRY,
    ),
    # -- malformed success responses: typed, never retried, never garbage
    Case("deeply-nested-json", same(b"[" * 100_000), APIResponseValidationError, 1),
    Case(
        "invalid-utf8",
        same(b'{"code": "Success", "data": {"id": "\xff\xfe"}}'),
        APIResponseValidationError,
        1,
    ),
    Case(
        "huge-integer",
        same(b'{"code": "Success", "data": {"id": "g1", "n": ' + b"9" * 5000 + b"}}"),
        APIResponseValidationError,
        1,
    ),
    Case("invalid-json", same(b'{"code": "Success", "data": {'), APIResponseValidationError, 1),
    Case(
        "html-200",
        same(b"<html><body>Welcome</body></html>", headers={"Content-Type": "text/html"}),
        APIResponseValidationError,
        1,
    ),
    Case("data-string", same(envelope("oops")), APIResponseValidationError, 1),
    Case("data-list", same(envelope([1, 2, 3])), APIResponseValidationError, 1),
    Case("data-number", same(envelope(42)), APIResponseValidationError, 1),
    Case("body-array", same([1, 2, 3]), APIResponseValidationError, 1),
    Case("body-null", same(b"null"), APIResponseValidationError, 1),
    Case("body-string", same(b'"Success"'), APIResponseValidationError, 1),
    Case("empty-200", same(b""), APIResponseValidationError, 1),
    Case("no-data", same(envelope()), APIResponseValidationError, 1),
    Case("data-null", same({"code": "Success", "data": None}), APIResponseValidationError, 1),
    Case(
        "items-not-a-list",
        same(envelope({"items": "notalist"})),
        APIResponseValidationError,
        1,
    ),
    Case(
        "object-without-id",
        answer(envelope({"name": "x"}), envelope({"items": [{"name": "x"}]})),
        APIResponseValidationError,
        1,
    ),
    Case(
        "null-id",
        answer(envelope({"id": None}), envelope({"items": [{"id": None}]})),
        APIResponseValidationError,
        1,
    ),
    Case(
        "item-not-an-object",
        answer(envelope(GROUP), envelope({"items": [GROUP, "n"]})),
        APIResponseValidationError,
        1,
        calls=("list", "stream"),
    ),
    Case(
        "next-cursor-not-a-string",
        answer(envelope(GROUP), envelope({"items": [], "next_cursor": {"a": 1}})),
        APIResponseValidationError,
        1,
        calls=("list", "stream"),
    ),
    Case(
        "unknown-encoding",
        same(b"\x00\x01", headers={"Content-Encoding": "br"}),
        APIResponseValidationError,
        1,
    ),
    # -- error statuses
    Case(
        "html-502",
        same(b"<html><h1>502 Bad Gateway</h1></html>", 502, headers={"Content-Type": "text/html"}),
        ServerError,
        3,
        sleeps=BACKOFF,
    ),
    Case("bare-404", same(b"", 404), NotFoundError, 1),
    Case("deeply-nested-500", same(b"{" * 100_000, 500), ServerError, 3, sleeps=BACKOFF),
    Case("429-negative-retry-after", retry_after("-5"), RateLimitedError, 3, sleeps=BACKOFF),
    Case("429-zero-retry-after", retry_after("0"), RateLimitedError, 3, sleeps=BACKOFF),
    Case("429-garbage-retry-after", retry_after("soon-ish"), RateLimitedError, 3, sleeps=BACKOFF),
    Case("429-infinite-retry-after", retry_after("1e400"), RateLimitedError, 3, sleeps=BACKOFF),
    Case("429-nan-retry-after", retry_after("nan"), RateLimitedError, 3, sleeps=BACKOFF),
    # longer than max_retry_after (120 s), however long: raised at once with retry_after
    # set, no stall
    Case("429-huge-retry-after", retry_after("86000"), RateLimitedError, 1, sleeps=[]),
    Case("429-absurd-retry-after", retry_after("1e300"), RateLimitedError, 1, sleeps=[]),
    # -- bounded memory and size
    Case(
        "too-large-declared",
        too_large_declared,
        ResponseTooLargeError,
        1,
        options={"max_response_bytes": 1 << 20},
    ),
    Case(
        "too-large-chunked",
        too_large_chunked,
        ResponseTooLargeError,
        1,
        options={"max_response_bytes": 1 << 20},
    ),
    Case(
        "gzip-bomb",
        bomb(64 << 20),
        ResponseTooLargeError,
        1,
        options={"max_response_bytes": 1 << 20},
    ),
    # -- pagination that would never end
    Case("cursor-cycle", pages(cycle), PaginationError, 3, calls=("stream",)),
    Case(
        "endless-empty-pages",
        pages(endless_empty),
        PaginationError,
        MAX_EMPTY_PAGES,
        calls=("stream",),
    ),
    Case(
        "empty-string-cursor",
        pages(lambda c: {"items": [GROUP], "next_cursor": ""}),
        None,
        1,
        calls=("stream",),
        check=_ids(["g1"]),
    ),
    Case(
        "max-pages",
        pages(endless_full),
        None,
        3,
        calls=("stream",),
        stream_args={"max_pages": 3},
        check=_ids(["g0", "g1", "g2"]),
    ),
]

RUNS = [
    pytest.param(case, call, mode, id=f"{case.name}-{call}-{mode}")
    for case in CASES
    for call in case.calls
    for mode in ("blocking", "asyncio")
] + [
    # the aiohttp transport (fivetrex[aiohttp]) meets every case too, through get()
    pytest.param(case, case.calls[0], "aiohttp", id=f"{case.name}-{case.calls[0]}-aiohttp")
    for case in CASES
]


def _options(case: Case, url: str, sleep: FakeSleep) -> dict[str, Any]:
    options: dict[str, Any] = {
        "api_key": KEY,
        "api_secret": SECRET,
        "base_url": url,
        "max_retries": 2,
        "timeout": 5.0,
        "sleep": sleep,
    }
    options.update(case.options)
    return options


def _blocking(case: Case, call: str, url: str, sleep: FakeSleep) -> Any:
    with Fivetrex(**_options(case, url, sleep)) as client:
        if call == "get":
            return client.groups.get("g1")
        if call == "list":
            return client.groups.list()
        return list(client.groups.stream(**case.stream_args))


async def _asyncio(case: Case, call: str, url: str, sleep: FakeSleep, mode: str) -> Any:
    options = _options(case, url, sleep)
    if mode == "aiohttp":
        from fivetrex.transports import aiohttp_client

        options["http_client"] = aiohttp_client()
    async with AsyncFivetrex(**options) as client:
        try:
            return await _asyncio_call(client, case, call)
        finally:
            if mode == "aiohttp":
                await client.http_client.aclose()


async def _asyncio_call(client: AsyncFivetrex, case: Case, call: str) -> Any:
    if call == "get":
        return await client.groups.get("g1")
    if call == "list":
        return await client.groups.list()
    return await collect(client.groups.stream(**case.stream_args))


@pytest.mark.parametrize(("case", "call", "mode"), RUNS)
def test_hostile_server(case: Case, call: str, mode: str) -> None:
    sleep = FakeSleep()
    with HostileServer(case.behaviour) as server:
        started = time.monotonic()
        outcome: Any
        try:
            if mode == "blocking":
                outcome = _blocking(case, call, server.url, sleep)
            else:
                outcome = asyncio.run(_asyncio(case, call, server.url, sleep, mode))
        except Exception as exc:  # checked below: it must be the typed error
            outcome = exc
        elapsed = time.monotonic() - started
        seen = len(server.requests)
    _report(case, call, mode, outcome, elapsed)
    if case.error is None:
        assert not isinstance(outcome, BaseException), repr(outcome)
        assert case.check is not None
        case.check(call, outcome)
    else:
        assert isinstance(outcome, case.error), repr(outcome)
        assert isinstance(outcome, FivetrexError)
        assert SECRET not in str(outcome)
    assert elapsed <= case.bound, f"{elapsed:.2f}s > {case.bound:.2f}s"
    expected = case.expected_requests(call, mode)
    if mode == "aiohttp" and case.error is APITimeoutError:
        # aiohttp resolves the host on a worker thread: on a loaded machine the deadline
        # can fire before the request is written. Never more requests than attempts.
        assert seen <= expected
    else:
        assert seen == expected
    if case.sleeps is not None:
        assert sleep.calls == case.sleeps


def _report(case: Case, call: str, mode: str, outcome: Any, elapsed: float) -> None:
    if not REPORT:
        return
    line = {
        "case": case.name,
        "call": call,
        "mode": mode,
        "outcome": type(outcome).__name__,
        "typed": isinstance(outcome, FivetrexError),
        "elapsed": round(elapsed, 3),
        "bound": case.bound,
    }
    with open(REPORT, "a") as handle:
        handle.write(json.dumps(line) + "\n")


# --------------------------------------------------------------------------- your own client


def test_asyncio_bound_holds_with_a_user_supplied_client() -> None:
    """``asyncio.timeout`` wraps the exchange, whatever ``httpx.AsyncClient`` is used."""

    async def run(url: str) -> BaseException:
        http = httpx.AsyncClient()
        client = AsyncFivetrex(
            api_key=KEY,
            api_secret=SECRET,
            base_url=url,
            timeout=TIMEOUT,
            max_retries=0,
            http_client=http,
        )
        try:
            await client.groups.get("g1")
        except FivetrexError as error:
            return error
        finally:
            await http.aclose()
        raise AssertionError("no error")

    with HostileServer(trickled_headers) as server:
        started = time.monotonic()
        error = asyncio.run(run(server.url))
        elapsed = time.monotonic() - started
    assert isinstance(error, APITimeoutError)
    assert elapsed <= timed(TIMEOUT)


def test_blocking_bound_with_a_user_supplied_client_is_checked_between_chunks() -> None:
    """Documented: with your own ``httpx.Client``, a trickled body ends within ~2 x timeout."""
    with HostileServer(trickled_body) as server, httpx.Client() as http:
        client = Fivetrex(
            api_key=KEY,
            api_secret=SECRET,
            base_url=server.url,
            timeout=TIMEOUT,
            max_retries=0,
            http_client=http,
        )
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.groups.get("g1")
        elapsed = time.monotonic() - started
    assert elapsed <= timed(TIMEOUT, 2)
