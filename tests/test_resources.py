"""Every seed method, on both clients: the request it sends and what it returns."""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable
from typing import Any

import pytest

import fivetrex
from _cases_resources import CASES, Case
from _support import KEY, SECRET, Recorder, connection_reply, fixture, make_client, ok, resolve
from fivetrex import ConfirmationRequired

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_method_sends_the_right_request_and_parses_the_result(mode: str, case: Case) -> None:
    recorder = Recorder(case.reply)
    client = make_client(mode, recorder)
    result = await resolve(case.call(client))
    assert len(recorder.requests) == 1
    request = recorder.last
    assert request.method == case.method
    assert request.url.path == case.path
    assert dict(request.url.params) == case.query
    assert request.headers["accept"] == case.accept
    expected_auth = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    assert request.headers["authorization"] == expected_auth
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert (
        request.headers["user-agent"] == f"fivetrex-python/{fivetrex.__version__} python/{version}"
    )
    if case.method in ("POST", "PATCH"):
        assert request.headers["content-type"] == "application/json"
        assert recorder.body() == case.body
    else:
        assert request.content == b""
        assert "content-type" not in request.headers
    assert case.check(result), result


async def test_connectors_is_the_same_object_as_connections(mode: str) -> None:
    client = make_client(mode, Recorder())
    assert client.connectors is client.connections


async def test_resync_without_confirm_sends_nothing(mode: str) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ConfirmationRequired, match="confirm=True"):
        await resolve(client.connections.resync("x"))
    with pytest.raises(ValueError, match="confirm=True"):
        await resolve(client.connections.resync("x", confirm=False))
    assert recorder.requests == []


@pytest.mark.parametrize("bad", ["", 0, None, b"id", ["x"]])
async def test_bad_ids_raise_before_any_request(mode: str, bad: Any) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ValueError, match="connection_id"):
        await resolve(client.connections.get(bad))
    with pytest.raises(ValueError, match="group_id"):
        await resolve(client.groups.delete(bad))
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("raw_id", "encoded"),
    [
        ("../groups", "..%2Fgroups"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a/b", "a%2Fb"),
        ("x?limit=1", "x%3Flimit%3D1"),
        ("x#frag", "x%23frag"),
        ("x y", "x%20y"),
        ("%2F", "%252F"),
    ],
)
async def test_ids_cannot_change_the_path(mode: str, raw_id: str, encoded: str) -> None:
    recorder = Recorder(ok(connection_reply(id=raw_id)))
    client = make_client(mode, recorder)
    await resolve(client.connections.get(raw_id))
    assert recorder.last.url.raw_path.decode() == f"/v1/connections/{encoded}"
    assert recorder.last.url.query == b""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.connections.set_sync_frequency("x", 7), "minutes"),
        (
            lambda c: c.connections.create(group_id="g", service="s", sync_frequency=2),
            "sync_frequency",
        ),
        (lambda c: c.connections.reload_schema_config("x", exclude_mode="KEEP"), "exclude_mode"),
        (
            lambda c: c.connections.set_sync_frequency("x", 1440, daily_sync_time="3am"),
            "daily_sync_time",
        ),
        (lambda c: c.groups.list(limit=0), "limit"),
        (lambda c: c.groups.list(limit=1001), "limit"),
        (lambda c: c.connections.list("g", limit=-5), "limit"),
    ],
)
async def test_invalid_input_is_rejected_before_sending(
    mode: str, call: Callable[[Any], Any], message: str
) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ValueError, match=message):
        await resolve(call(client))
    assert recorder.requests == []


async def test_update_sends_explicit_nulls_from_fields(mode: str) -> None:
    recorder = Recorder(ok(fixture("connection_details.json")["data"]))
    client = make_client(mode, recorder)
    await resolve(client.connections.update("x", daily_sync_time=None, paused=False))
    assert recorder.body() == {"daily_sync_time": None, "paused": False}


def test_async_methods_are_coroutines() -> None:
    import inspect

    client = make_client("async", Recorder())
    coro = client.groups.get("g")
    assert inspect.iscoroutine(coro)
    coro.close()
