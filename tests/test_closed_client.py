"""A client that can no longer send says so with a ClientClosedError, never a bare RuntimeError.

Closed by ``close()``, by the end of its ``with`` block, through the caller's own closed
``http_client``, or (asyncio) reused in a second ``asyncio.run()`` after the first loop
closed: each raises :class:`fivetrex.ClientClosedError` saying what to do, before
anything is sent. A ``RuntimeError`` of anything else is not rewritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from _support import KEY, SECRET, Recorder, collect, make_client, resolve
from fivetrex import (
    AsyncFivetrex,
    ClientClosedError,
    ConfigurationError,
    Fivetrex,
    FivetrexError,
)
from fivetrex.emulator import Emulator, EmulatorServer

pytestmark = pytest.mark.anyio

#: Nothing listens here: a request that were sent would fail with a connection error.
NOWHERE = "http://127.0.0.1:9/v1"


def _assert_closed_error(error: ClientClosedError, operation: str) -> None:
    assert isinstance(error, ConfigurationError)
    assert isinstance(error, FivetrexError)
    assert isinstance(error, RuntimeError)  # what httpx raised before: old handlers still work
    text = str(error)
    assert f"({operation})" in text
    assert "create a new client" in text or "one client per asyncio.run()" in text


async def test_a_call_after_the_callers_http_client_closed(mode: str) -> None:
    rec = Recorder()
    client = make_client(mode, rec)  # on the caller's own http_client
    await resolve(client.groups.list())
    await resolve(client.close())  # leaves the caller's pool open...
    await resolve(client.groups.list())
    http = client.http_client
    http.close() if isinstance(http, httpx.Client) else await http.aclose()  # ...until now
    with pytest.raises(ClientClosedError) as info:
        await resolve(client.groups.list())
    _assert_closed_error(info.value, "groups.list")
    assert "GET /v1/groups" in str(info.value)
    assert "http_client=" in str(info.value)
    assert len(rec.requests) == 2  # nothing more was sent


async def test_a_stream_on_a_closed_client_raises_client_closed(mode: str) -> None:
    rec = Recorder()
    client = make_client(mode, rec)
    http = client.http_client
    http.close() if isinstance(http, httpx.Client) else await http.aclose()
    with pytest.raises(ClientClosedError):
        await collect(client.groups.stream())
    copy = client.with_options(timeout=5)  # shares the closed pool
    with pytest.raises(ClientClosedError):
        await resolve(copy.connections.get("c1"))
    assert rec.requests == []


def test_blocking_client_after_its_with_block() -> None:
    with Fivetrex(api_key=KEY, api_secret=SECRET, base_url=NOWHERE) as client:
        pass
    with pytest.raises(ClientClosedError) as info:
        client.groups.list()
    _assert_closed_error(info.value, "groups.list")
    client.close()  # closing twice is harmless
    with pytest.raises(ClientClosedError, match=r"\(get\)|GET /v1/groups"):
        client.get("/groups")  # the raw escape hatch too


def test_blocking_client_after_close() -> None:
    client = Fivetrex(api_key=KEY, api_secret=SECRET, base_url=NOWHERE, max_retries=5)
    client.close()
    with pytest.raises(ClientClosedError) as info:
        client.connections.get("c1")
    _assert_closed_error(info.value, "connections.get")
    assert info.value.__cause__ is None  # raised before sending, not mapped after


async def test_asyncio_client_after_its_async_with_block() -> None:
    async with AsyncFivetrex(api_key=KEY, api_secret=SECRET, base_url=NOWHERE) as client:
        pass
    with pytest.raises(ClientClosedError) as info:
        await client.groups.list()
    _assert_closed_error(info.value, "groups.list")


async def test_an_unrelated_runtime_error_is_not_rewritten(mode: str) -> None:
    # the transport's own RuntimeError on an open client is not a closed client
    client = make_client(mode, Recorder(RuntimeError("the transport broke")))
    with pytest.raises(RuntimeError, match="the transport broke") as info:
        await resolve(client.groups.list())
    assert not isinstance(info.value, ClientClosedError)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(Emulator(), "127.0.0.1", 0) as srv:
        yield srv


def test_asyncio_client_reused_in_a_second_event_loop(server: EmulatorServer) -> None:
    # a real socket: the pooled keep-alive connection belongs to the first loop
    emulator = server.emulator
    client = AsyncFivetrex(
        api_key=emulator.api_key,
        api_secret=emulator.api_secret,
        base_url=server.base_url,
        max_retries=0,
    )

    async def count() -> int:
        return len((await client.groups.list()).items)

    assert asyncio.run(count()) == 0  # an empty emulator: the first run works
    with pytest.raises(ClientClosedError) as info:
        asyncio.run(count())
    _assert_closed_error(info.value, "groups.list")
    assert "one client per asyncio.run()" in str(info.value)
    assert isinstance(info.value.__cause__, RuntimeError)  # asyncio's "Event loop is closed"

    async def fresh() -> int:  # the documented way: a client per run
        async with AsyncFivetrex(
            api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=server.base_url
        ) as mine:
            return len((await mine.groups.list()).items)

    assert asyncio.run(fresh()) == 0
