"""The status → exception table, error fields, and odd error bodies."""

from __future__ import annotations

import httpx
import pytest

import fivetrex
from _support import Recorder, fail, fixture, make_client, ok, resolve
from fivetrex import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    ConflictError,
    FivetrexError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedStatusError,
)

pytestmark = pytest.mark.anyio

TABLE = [
    (400, "InvalidInput", BadRequestError, "bad_request"),
    (401, "Unauthorized", UnauthorizedError, "unauthorized"),
    (403, "Forbidden", ForbiddenError, "forbidden"),
    (404, "NotFound_Connection", NotFoundError, "not_found"),
    (405, "MethodNotAllowed", UnexpectedStatusError, "unknown"),
    (406, "NotAcceptable", UnexpectedStatusError, "unknown"),
    (409, "Conflict", ConflictError, "conflict"),
    (415, "UnsupportedMediaType", UnexpectedStatusError, "unknown"),
    (422, "Unprocessable", UnexpectedStatusError, "unknown"),
    (429, "TooManyRequests", RateLimitedError, "rate_limited"),
    (500, "InternalError", ServerError, "server_error"),
    (502, "BadGateway", ServerError, "server_error"),
    (503, "Unavailable", ServerError, "server_error"),
    (504, "Timeout", ServerError, "server_error"),
]


@pytest.mark.parametrize(("status", "code", "cls", "kind"), TABLE)
async def test_status_maps_to_its_exception(
    mode: str, status: int, code: str, cls: type[APIError], kind: str
) -> None:
    client = make_client(mode, Recorder(fail(status, code, "went wrong")), max_retries=0)
    with pytest.raises(cls) as info:
        await resolve(client.connections.get("abc123"))
    error = info.value
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert isinstance(error, APIError)
    assert isinstance(error, FivetrexError)
    assert error.type == kind
    assert error.status == status
    assert error.code == code
    assert error.message == "went wrong"
    assert error.request_method == "GET"
    assert error.request_path == "/v1/connections/abc123"
    assert error.response is not None
    assert error.response.status_code == status
    assert f"HTTP {status}" in str(error)
    assert code in str(error)


@pytest.mark.parametrize(
    "code", ["NotFound_Connector", "NotFound_SchemaConfig", "NotFound", "NotFound_Integration"]
)
async def test_any_notfound_code_is_not_found(mode: str, code: str) -> None:
    # even when the status is not 404 (seen with some proxies and older endpoints)
    client = make_client(mode, Recorder(fail(400, code, "missing")))
    with pytest.raises(NotFoundError) as info:
        await resolve(client.groups.get("g"))
    assert info.value.code == code
    assert info.value.type == "not_found"


async def test_documented_not_found_body(mode: str) -> None:
    body = fixture("not_found_connection.json")
    client = make_client(mode, Recorder(httpx.Response(404, json=body)))
    with pytest.raises(NotFoundError) as info:
        await resolve(client.connections.get("abc123"))
    assert info.value.message == "Connector with id 'abc123' does not exist."
    assert str(info.value) == (
        "NotFound_Connector: Connector with id 'abc123' does not exist. "
        "(HTTP 404, GET /v1/connections/abc123) [connections.get]"
    )
    assert info.value.operation == "connections.get"


async def test_html_502_from_a_proxy_becomes_a_server_error(mode: str) -> None:
    html = (
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
        + ("<p>nginx</p>" * 100)
        + "</body></html>"
    )
    reply = httpx.Response(502, text=html, headers={"content-type": "text/html"})
    client = make_client(mode, Recorder(reply), max_retries=0)
    with pytest.raises(ServerError) as info:
        await resolve(client.groups.list())
    error = info.value
    assert error.status == 502
    assert error.code is None
    assert "502 Bad Gateway" in error.message
    assert "<" not in error.message
    assert len(error.message) < 260


async def test_empty_error_body(mode: str) -> None:
    client = make_client(mode, Recorder(httpx.Response(403)), max_retries=0)
    with pytest.raises(ForbiddenError) as info:
        await resolve(client.groups.list())
    assert info.value.message == "Forbidden"


async def test_non_json_success_body_is_a_typed_error(mode: str) -> None:
    client = make_client(mode, Recorder(httpx.Response(200, text="<html>oops</html>")))
    with pytest.raises(fivetrex.APIResponseValidationError, match="expected JSON"):
        await resolve(client.groups.list())


async def test_rate_limited_carries_retry_after(mode: str) -> None:
    reply = fail(429, "TooManyRequests", "slow down", headers={"Retry-After": "3600"})
    client = make_client(mode, Recorder(reply))
    with pytest.raises(RateLimitedError) as info:
        await resolve(client.groups.list())
    assert info.value.retry_after == 3600
    assert "retry after 3600s" in str(info.value)


async def test_connection_errors(mode: str) -> None:
    client = make_client(mode, Recorder(httpx.ConnectError("refused")), max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        await resolve(client.groups.list())
    assert info.value.status is None
    assert info.value.type == "connection_error"
    assert info.value.request_sent is False
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_timeouts(mode: str) -> None:
    client = make_client(mode, Recorder(httpx.ReadTimeout("slow")), max_retries=0)
    with pytest.raises(APITimeoutError) as info:
        await resolve(client.groups.list())
    assert isinstance(info.value, APIConnectionError)
    assert info.value.type == "timeout"
    assert info.value.request_sent is True


def test_exception_hierarchy() -> None:
    assert issubclass(fivetrex.ConfigurationError, FivetrexError)
    assert issubclass(fivetrex.ConfirmationRequired, ValueError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, APIError)
    for _status, _code, cls, _kind in TABLE:
        assert issubclass(cls, APIStatusError)


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(404),
        httpx.Response(404, text="Not Found"),
        httpx.Response(404, json={"code": "Gone", "message": "no such thing"}),
    ],
    ids=["empty", "text", "other-code"],
)
async def test_a_bare_404_is_not_found(mode: str, reply: httpx.Response) -> None:
    client = make_client(mode, Recorder(reply), max_retries=0)
    with pytest.raises(NotFoundError) as info:
        await resolve(client.groups.get("g1"))
    assert info.value.status == 404
    assert info.value.type == "not_found"


def test_status_code_is_an_alias_of_status() -> None:
    for status in (400, 404, 429, 503):
        error = fivetrex.errors.error_class_for(status, None)("x", status=status)
        assert error.status_code == status == error.status
    assert APIError("x").status_code is None


@pytest.mark.parametrize(
    ("data", "call"),
    [
        ("oops", "get"),
        ([1, 2, 3], "get"),
        (42, "list"),
        ({"items": "notalist"}, "list"),
        ({"name": "no id"}, "get"),
        ({"id": ""}, "get"),
        ({"id": 42}, "get"),
        ({"items": [{"name": "no id"}]}, "list"),
        ({"items": [], "next_cursor": 7}, "list"),
    ],
)
async def test_malformed_success_is_a_typed_error_with_its_context(
    mode: str, data: object, call: str
) -> None:
    client = make_client(mode, Recorder(ok(data)))
    method = (lambda: client.groups.get("g1")) if call == "get" else client.groups.list
    with pytest.raises(fivetrex.APIResponseValidationError) as info:
        await resolve(method())
    error = info.value
    assert error.status == 200
    assert error.operation == f"groups.{call}"
    assert "malformed response" in error.message
    assert "body: " in error.message  # a short excerpt of what was sent
    assert len(error.message) < 400
    assert error.request is not None
    assert error.request.headers["Authorization"] == "Basic ******"
    assert error.response is not None
    assert error.response.request.headers["Authorization"] == "Basic ******"
    assert error.__cause__ is None or not isinstance(error.__cause__, KeyError)


async def test_missing_data_is_a_typed_error(mode: str) -> None:
    client = make_client(mode, Recorder(httpx.Response(200, json={"code": "Success"})))
    with pytest.raises(fivetrex.APIResponseValidationError, match="`data` is missing"):
        await resolve(client.groups.get("g1"))


async def test_type_drift_inside_an_object_is_kept(mode: str) -> None:
    # lenient inside: a wrong type for a field is kept as sent, not an error
    client = make_client(mode, Recorder(ok({"id": "g1", "name": 5, "created_at": "never"})))
    group = await resolve(client.groups.get("g1"))
    assert group.id == "g1"
    assert group.name == 5


async def test_the_retried_request_keeps_its_credentials(mode: str) -> None:
    # redacting the error's copy must not touch the request that is sent again
    rec = Recorder(fail(503, "E", "x"), ok({"id": "g1", "name": "g1"}))
    client = make_client(mode, rec)
    await resolve(client.groups.get("g1"))
    assert rec.requests[1].headers["Authorization"].startswith("Basic ")
    assert rec.requests[1].headers["Authorization"] != "Basic ******"


@pytest.mark.parametrize("data", ["oops", [1], 42, {}, {"status": {"sync_state": "syncing"}}])
async def test_a_malformed_sync_status_is_a_typed_error(mode: str, data: object) -> None:
    # custom parsers are held to the same frame: no SyncStatus(connection_id=None)
    client = make_client(mode, Recorder(ok(data)))
    with pytest.raises(fivetrex.APIResponseValidationError) as info:
        await resolve(client.connections.get_sync_status("c1"))
    assert info.value.operation == "connections.get_sync_status"


@pytest.mark.parametrize("data", ["oops", [1, 2]])
async def test_data_of_the_wrong_json_type_is_named(mode: str, data: object) -> None:
    client = make_client(mode, Recorder(ok(data)))
    with pytest.raises(fivetrex.APIResponseValidationError, match="not an object"):
        await resolve(client.connections.get("c1"))


async def test_prose_about_basic_credentials_is_not_masked(mode: str) -> None:
    # the emulator's (and a user's first) 401: "send HTTP Basic credentials (...)"
    from fivetrex.emulator import Emulator

    emu = Emulator()
    transport = emu.transport()
    options = {"api_key": emu.api_key, "api_secret": "wrong-secret", "max_retries": 0}
    client: fivetrex.Fivetrex | fivetrex.AsyncFivetrex
    if mode == "sync":
        client = fivetrex.Fivetrex(http_client=httpx.Client(transport=transport), **options)
    else:
        http = httpx.AsyncClient(transport=transport)
        client = fivetrex.AsyncFivetrex(http_client=http, **options)
    with pytest.raises(UnauthorizedError) as info:
        await resolve(client.groups.list())
    assert "send HTTP Basic credentials (api_key:api_secret)" in info.value.message
    assert "******" not in str(info.value)


@pytest.mark.parametrize(
    "echo",
    [
        "Basic b3RoZXIta2V5Om90aGVyLXNlY3JldA==",  # base64("other-key:other-secret")
        "basic b3RoZXIta2V5Om90aGVyLXNlY3JldA",  # unpadded, lower case
        "Basic b3RoZXIta2V5Om90aGVyLXNlY3JldA==.",  # followed by punctuation
    ],
)
async def test_an_echoed_basic_credential_is_still_masked(mode: str, echo: str) -> None:
    # not the client's own credentials (those are replaced by value): any real Basic token
    message = f"rejected Authorization: {echo} (try again)"
    client = make_client(mode, Recorder(fail(401, "Unauthorized", message)), max_retries=0)
    with pytest.raises(UnauthorizedError) as info:
        await resolve(client.groups.list())
    error = info.value
    for text in (error.message, str(error), error.response.text if error.response else ""):
        assert "b3RoZXIta2V5Om90aGVyLXNlY3JldA" not in text
        assert "asic ******" in text
    assert error.message.endswith("(try again)")
