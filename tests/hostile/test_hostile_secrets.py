"""Hostile servers after the secret, the memory, or another host.

Memory is measured in a child process (peak RSS, ``VmHWM``) so the test process's own
allocations do not blur it; secrets are searched for in every place a user or a log
could see them.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from _support import KEY, SECRET, FakeSleep
from fivetrex import (
    AsyncFivetrex,
    Fivetrex,
    ResponseTooLargeError,
    UnauthorizedError,
    UnexpectedStatusError,
)
from hostile._server import Conn, HostileServer, Request, respond
from hostile.test_hostile import make_bomb

TOKEN = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
LEAKS = (SECRET, TOKEN, f"Basic {TOKEN}", KEY)

#: The gzip bomb: 306 KB on the wire, 300 MB inflated (the size the issue reported).
BOMB_SIZE = 300 << 20
#: The peak RSS the bomb may cost the client process, in MB.
RSS_LIMIT_MB = 150


@pytest.fixture(scope="module")
def bomb_body() -> bytes:
    return make_bomb(BOMB_SIZE)


_CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from fivetrex import AsyncFivetrex, Fivetrex, ResponseTooLargeError

    def peak_kb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise SystemExit("no VmHWM")

    url, mode = sys.argv[1], sys.argv[2]
    options = dict(api_key="k", api_secret="s", base_url=url, max_retries=0, timeout=20)
    before = peak_kb()
    try:
        if mode == "blocking":
            with Fivetrex(**options) as client:
                client.groups.get("g1")
        else:
            async def main():
                async with AsyncFivetrex(**options) as client:
                    await client.groups.get("g1")
            asyncio.run(main())
    except ResponseTooLargeError as error:
        print("typed", error.limit, before, peak_kb())
    else:
        print("untyped")
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
@pytest.mark.parametrize("mode", ["blocking", "asyncio"])
def test_gzip_bomb_is_refused_with_bounded_memory(mode: str, bomb_body: bytes) -> None:
    def behave(conn: Conn, request: Request, index: int) -> None:
        respond(conn, 200, bomb_body, {"Content-Encoding": "gzip"})

    with HostileServer(behave) as server:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, server.url, mode],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        seen = len(server.requests)
    assert result.returncode == 0, result.stderr
    word, limit, before_kb, peak_kb = result.stdout.split()
    assert word == "typed"
    assert int(limit) == 64 * 1024 * 1024  # the documented default
    peak_mb = int(peak_kb) / 1024
    before_mb = int(before_kb) / 1024
    print(f"gzip bomb ({mode}): peak RSS {peak_mb:.0f} MB (before the call {before_mb:.0f} MB)")
    assert peak_mb < RSS_LIMIT_MB
    assert seen == 1


def _echo(conn: Conn, request: Request, index: int) -> None:
    """A 401 whose body repeats the credentials back, in every form."""
    auth = request.headers.get("authorization", "")
    body = {
        "code": "AuthFailed",
        "message": f"bad credentials: {auth} (key {KEY}, secret {SECRET})",
        "details": {"echo": auth, "nested": [SECRET]},
    }
    respond(conn, 401, body, {"WWW-Authenticate": "Basic"})


def _call(mode: str, url: str) -> BaseException:
    options: dict[str, Any] = {
        "api_key": KEY,
        "api_secret": SECRET,
        "base_url": url,
        "sleep": FakeSleep(),
    }
    try:
        if mode == "blocking":
            with Fivetrex(**options) as client:
                client.connections.get("c1")
        else:

            async def main() -> None:
                async with AsyncFivetrex(**options) as client:
                    await client.connections.get("c1")

            asyncio.run(main())
    except Exception as error:
        return error
    raise AssertionError("no error")


@pytest.mark.parametrize("mode", ["blocking", "asyncio"])
def test_echoed_credentials_reach_no_error_text_or_log(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    with HostileServer(_echo) as server, caplog.at_level(logging.DEBUG, logger="fivetrex"):
        error = _call(mode, server.url)
        assert server.requests[0].headers["authorization"] == f"Basic {TOKEN}"  # it was sent
    assert isinstance(error, UnauthorizedError)
    seen = [
        str(error),
        repr(error),
        error.message,
        json.dumps(error.body),
        error.response.text if error.response is not None else "",
        str(error.request.headers) if error.request is not None else "",
        caplog.text,
    ]
    for text in seen:
        for leak in LEAKS:
            assert leak not in text, (leak, text)
    assert "bad credentials: Basic ******" in error.message
    assert error.operation == "connections.get"
    assert error.request is not None
    assert error.request.headers["Authorization"] == "Basic ******"
    assert error.response is not None
    assert error.response.request.headers["Authorization"] == "Basic ******"


@pytest.mark.parametrize("mode", ["blocking", "asyncio"])
def test_redirect_to_another_host_is_not_followed_with_credentials(mode: str) -> None:
    def other(conn: Conn, request: Request, index: int) -> None:
        respond(conn, 200, {"code": "Success", "data": {"id": "c1"}})

    with HostileServer(other) as elsewhere:
        target = elsewhere.url.replace("127.0.0.1", "localhost") + "/connections/c1"

        def redirect(conn: Conn, request: Request, index: int) -> None:
            respond(conn, 302, b"", {"Location": target})

        with HostileServer(redirect) as server:
            error = _call(mode, server.url)
            assert len(server.requests) == 1
        assert elsewhere.requests == []
    assert isinstance(error, UnexpectedStatusError)
    assert error.status == 302


def test_the_secret_is_not_in_vars_or_options() -> None:
    client = Fivetrex(api_key=KEY, api_secret=SECRET)
    copy = client.with_options(timeout=3)
    for each in (client, copy):
        shown = [repr(vars(each)), repr(each._options), repr(vars(each._core)), repr(each)]
        for text in shown:
            assert SECRET not in text
            assert TOKEN not in text
    assert copy._core.auth_header == f"Basic {TOKEN}"  # with_options kept the credentials
    client.close()


def test_too_large_error_is_a_fivetrex_error() -> None:
    error = ResponseTooLargeError("x", limit=10, status=200)
    assert error.limit == 10
