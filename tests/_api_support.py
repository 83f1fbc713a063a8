"""Shared machinery of the ``test_api_*`` tables.

Each ``_cases_<area>.py`` module declares ``CASES`` (one call → one request, checked on
the wire and parsed into the declared type) and ``STREAMS`` (``stream_*`` walking two
pages); ``test_api_<area>.py`` runs them on both clients with :func:`run_case` /
:func:`run_stream`, and ``test_api_spec.py`` checks that every declaration is in a table.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

import httpx

from _support import KEY, SECRET, Recorder, collect, make_client, ok, resolve
from fivetrex import Page

V1 = "application/json"
V2 = "application/json;version=2"
DELETED = {"code": "Success", "message": "deleted"}


@dataclass
class Case:
    """One method call and what must go over the wire.

    Attributes:
        id: ``resource.method`` (plus a ``(variant)``): also proves the method is tested.
        call: Calls the method on a client.
        method: Expected HTTP method.
        path: Expected raw (encoded) path, with ``/v1``.
        data: The ``data`` of the reply (or ``reply`` for a whole response).
        returns: The declared result type: a model, ``Page[Model]``, ``list[Model]``,
            ``bytes``, ``str``, ``dict`` or ``None``.
        accept: Expected ``Accept`` header.
        query: Expected query parameters.
        body: Expected JSON body (POST/PATCH).
        files: Expected multipart file part: ``(filename, content)``.
        check: More assertions on the result.
    """

    id: str
    call: Callable[[Any], Any]
    method: str
    path: str
    data: Any = None
    returns: Any = None
    accept: str = V1
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    files: tuple[str, bytes] | None = None
    reply: httpx.Response | None = None
    check: Callable[[Any], Any] = lambda result: True


@dataclass
class Stream:
    """A ``stream_*`` method walking two pages."""

    id: str
    call: Callable[[Any], Any]
    path: str
    item: dict[str, Any]
    returns: type
    accept: str = V1
    query: dict[str, str] = field(default_factory=dict)


def page(*items: dict[str, Any], next_cursor: str | None = "cursor_value") -> dict[str, Any]:
    """The ``data`` of a list reply."""
    return {"items": list(items), "next_cursor": next_cursor}


def _check_type(expected: Any, result: Any) -> None:
    if expected is None:
        assert result is None
        return
    metadata = getattr(expected, "__pydantic_generic_metadata__", None)
    if metadata and metadata.get("origin") is Page:
        (item,) = metadata["args"]
        assert isinstance(result, Page), result
        assert result.items, "the reply's items were not parsed"
        assert all(isinstance(i, item) for i in result.items), result.items
        return
    if get_origin(expected) is list:
        (item,) = get_args(expected)
        assert isinstance(result, list)
        assert result
        assert all(isinstance(i, item) for i in result)
        return
    assert isinstance(result, expected), (expected, result)


async def run_case(mode: str, case: Case) -> Any:
    """Call, then check the request and the parsed result."""
    reply = case.reply
    if reply is None:
        reply = ok(case.data) if case.data is not None else httpx.Response(200, json=DELETED)
    recorder = Recorder(reply)
    client = make_client(mode, recorder)
    result = await resolve(case.call(client))
    assert len(recorder.requests) == 1
    request = recorder.last
    assert request.method == case.method
    assert request.url.raw_path.decode().partition("?")[0] == case.path
    assert dict(request.url.params) == case.query
    assert request.headers["accept"] == case.accept
    token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {token}"
    if case.files is not None:
        name, content = case.files
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert f'name="file"; filename="{name}"'.encode() in request.content
        assert content in request.content
    elif case.method in ("POST", "PATCH"):
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.body
    else:
        assert request.content == b""
        assert "content-type" not in request.headers
    _check_type(case.returns, result)
    assert case.check(result) is not False, result
    return result


async def run_stream(mode: str, stream: Stream) -> None:
    """Walk two pages: the second request carries the first page's cursor."""
    first = {**stream.item, "_page": 1}
    second = {**stream.item, "_page": 2}
    recorder = Recorder(ok(page(first, next_cursor="c2")), ok(page(second, next_cursor=None)))
    client = make_client(mode, recorder)
    items = await collect(stream.call(client))
    assert [type(i) for i in items] == [stream.returns, stream.returns]
    assert [i.model_extra["_page"] for i in items] == [1, 2]
    assert len(recorder.requests) == 2
    for request in recorder.requests:
        assert request.method == "GET"
        assert request.url.raw_path.decode().partition("?")[0] == stream.path
        assert request.headers["accept"] == stream.accept
    assert dict(recorder.requests[0].url.params) == stream.query
    assert dict(recorder.requests[1].url.params) == {**stream.query, "cursor": "c2"}


def case_ids(cases: list[Case]) -> list[str]:
    """Parametrize ids."""
    return [c.id for c in cases]


# --------------------------------------------------------------------------- confirm=True

#: Every confirm-guarded declaration, called without ``confirm=True``.
CONFIRM_CALLS: dict[str, Callable[[Any], Any]] = {
    "connections.resync": lambda c: c.connections.resync("x"),
    "connections.resync_tables": lambda c: c.connections.resync_tables("x", {"s": ["t"]}),
    "connections.drop_column": lambda c: c.connections.drop_column("x", "s", "t", "col"),
    "connections.drop_columns": lambda c: c.connections.drop_columns("x", schemas={}),
    "connections.revoke_certificate": lambda c: c.connections.revoke_certificate("x", "h"),
    "connections.revoke_fingerprint": lambda c: c.connections.revoke_fingerprint("x", "h"),
    "destinations.revoke_certificate": lambda c: c.destinations.revoke_certificate("d", "h"),
    "destinations.revoke_fingerprint": lambda c: c.destinations.revoke_fingerprint("d", "h"),
    "system_keys.rotate": lambda c: c.system_keys.rotate("k", expiration_period="ONE_WEEK"),
    "proxy_agents.regenerate_secrets": lambda c: c.proxy_agents.regenerate_secrets("a"),
    "hybrid_deployment_agents.reset_credentials": (
        lambda c: c.hybrid_deployment_agents.reset_credentials("a")
    ),
    "hybrid_deployment_agents.re_auth": lambda c: c.hybrid_deployment_agents.re_auth("a"),
}
