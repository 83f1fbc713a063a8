"""Shared machinery of the ``test_api_*`` tables, and what every new operation shares.

Each ``test_api_<area>.py`` module declares ``CASES`` (one call → one request, checked
on the wire and parsed into the declared type) and ``STREAMS`` (``stream_*`` walking two
pages), run on both clients by :func:`run_case` / :func:`run_stream`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

import httpx
import pytest

from _support import KEY, SECRET, Recorder, collect, make_client, ok, resolve
from fivetrex import ConfirmationRequired, Page
from fivetrex._coverage import declarations

pytestmark = pytest.mark.anyio

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


# --------------------------------------------------------------------------- /public/


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.fivetran.com/v1", "https://api.fivetran.com/public/connector-types"),
        ("https://api.fivetran.com/v1/", "https://api.fivetran.com/public/connector-types"),
        ("http://localhost:8080/v1", "http://localhost:8080/public/connector-types"),
        ("https://gw.example.com/fivetran/v1", "https://gw.example.com/public/connector-types"),
    ],
)
async def test_public_paths_resolve_against_the_origin(
    mode: str, base_url: str, expected: str
) -> None:
    recorder = Recorder(ok([{"id": "google_ads"}]))
    client = make_client(mode, recorder, base_url=base_url)
    result = await resolve(client.connector_types.list_public())
    assert str(recorder.last.url) == expected
    assert [t.id for t in result] == ["google_ads"]


async def test_other_paths_still_resolve_under_the_base_url(mode: str) -> None:
    recorder = Recorder(ok({"account_id": "a"}))
    client = make_client(mode, recorder, base_url="https://gw.example.com/fivetran/v1")
    await resolve(client.account.get_info())
    assert str(recorder.last.url) == "https://gw.example.com/fivetran/v1/account/info"


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


def test_every_confirm_guarded_operation_is_listed() -> None:
    guarded = {f"{d.resource}.{d.name}" for d in declarations() if d.endpoint.spec.confirm}
    assert guarded == set(CONFIRM_CALLS)


@pytest.mark.parametrize("name", sorted(CONFIRM_CALLS))
async def test_confirm_guarded_operations_send_nothing_without_confirm(
    mode: str, name: str
) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ConfirmationRequired, match="confirm=True"):
        await resolve(CONFIRM_CALLS[name](client))
    assert recorder.requests == []


@pytest.mark.parametrize("name", sorted(CONFIRM_CALLS))
async def test_confirm_false_is_refused_too(mode: str, name: str) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    resource, method = name.split(".")
    bound = getattr(getattr(client, resource), method)
    args = {
        "connections.resync_tables": ("x", {"s": ["t"]}),
        "connections.drop_column": ("x", "s", "t", "col"),
        "connections.revoke_certificate": ("x", "h"),
        "connections.revoke_fingerprint": ("x", "h"),
        "destinations.revoke_certificate": ("d", "h"),
        "destinations.revoke_fingerprint": ("d", "h"),
    }.get(name, ("x",))
    kwargs: dict[str, Any] = {"confirm": False}
    if name == "connections.drop_columns":
        kwargs["schemas"] = {}
    with pytest.raises(ConfirmationRequired):
        await resolve(bound(*args, **kwargs))
    assert recorder.requests == []


# --------------------------------------------------------------------------- validation

INVALID_CALLS: list[tuple[str, Callable[[Any], Any], str]] = [
    (
        "sync_mode",
        lambda c: c.connections.update_table("x", "s", "t", sync_mode="FULL"),
        "sync_mode",
    ),
    (
        "schema_change_handling",
        lambda c: c.connections.create_schema_config(
            "x", schemas={}, schema_change_handling="ALLOW"
        ),
        "schema_change_handling",
    ),
    (
        "env_type",
        lambda c: c.hybrid_deployment_agents.create(
            display_name="a", env_type="VM", accept_terms=True
        ),
        "env_type",
    ),
    (
        "auth_type",
        lambda c: c.hybrid_deployment_agents.re_auth("a", auth_type="x", confirm=True),
        "auth_type",
    ),
    (
        "expiration_period",
        lambda c: c.system_keys.create(name="k", permissions=[], expiration_period="ONE_YEAR"),
        "expiration_period",
    ),
    ("transformations.type", lambda c: c.transformations.list(type="DBT"), "type"),
    (
        "esm.type",
        lambda c: c.external_secrets_managers.create(type="GCP", name="n", config={}),
        "type",
    ),
    ("esm.entities", lambda c: c.external_secrets_managers.list_entities("e", type="x"), "type"),
    ("limit", lambda c: c.users.list(limit=0), "limit"),
    ("limit-stream", lambda c: c.teams.list_users("t", limit=5000), "limit"),
    ("empty id", lambda c: c.users.get(""), "user_id"),
    ("non-str id", lambda c: c.connections.get_certificate("x", 3), "hash"),
]


@pytest.mark.parametrize(
    ("call", "message"), [(c, m) for _, c, m in INVALID_CALLS], ids=[i for i, _, _ in INVALID_CALLS]
)
async def test_invalid_input_is_rejected_before_sending(
    mode: str, call: Callable[[Any], Any], message: str
) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ValueError, match=message):
        await resolve(call(client))
    assert recorder.requests == []


async def test_path_segments_are_encoded(mode: str) -> None:
    recorder = Recorder(ok({"schemas": {}}))
    client = make_client(mode, recorder)
    await resolve(client.connections.update_column("c", "my schema", "a/b", "..", hashed=True))
    assert recorder.last.url.raw_path.decode() == (
        "/v1/connections/c/schemas/my%20schema/tables/a%2Fb/columns/%2E%2E"
    )
