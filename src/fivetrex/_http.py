"""The one place that speaks HTTP: auth, headers, the envelope, error mapping, retries.

Everything here is pure: :meth:`HttpCore.call` is a flow (see ``_flow``) that yields
``Send``/``Sleep`` effects, so the sync and async clients share every line of it.
"""

from __future__ import annotations

import base64
import functools
import json as _json
import logging
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from ._flow import Flow, Now, Send, Sleep
from ._seconds import is_seconds
from ._throttle import Throttle, classify
from ._version import __version__
from ._wire import DEFAULT_MAX_RESPONSE_BYTES
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    InvalidArgumentError,
    error_class_for,
)
from .retry import RetryPolicy, parse_retry_after

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "NO_BODY",
    "APIRequest",
    "APIResponse",
    "HttpCore",
    "Secret",
    "encode_segment",
]

log = logging.getLogger("fivetrex")

DEFAULT_BASE_URL = "https://api.fivetran.com/v1"
ACCEPT_V1 = "application/json"
ACCEPT_V2 = "application/json;version=2"
_PY = platform.python_version_tuple()
USER_AGENT = f"fivetrex-python/{__version__} python/{_PY[0]}.{_PY[1]}"

#: Sentinel: the request has no body at all (distinct from a JSON ``null``).
NO_BODY: Any = object()

# Failures that prove the request never reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# What may be an HTTP Basic credential, wherever a server echoes one: masked only if the
# word after "Basic" really is one (base64 of "user:password"; see _mask_basic).
_BASIC = re.compile(r"(Basic)(\s+)([A-Za-z0-9+/_-]{4,}={0,2})(?![A-Za-z0-9+/=_-])", re.IGNORECASE)
REDACTED = "******"


def _mask_basic(match: re.Match[str]) -> str:
    """``Basic ******`` for a real credential; prose ("Basic credentials") is kept."""
    token = match.group(3).replace("-", "+").replace("_", "/")
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except ValueError:  # binascii.Error: not base64 at all
        return match.group(0)
    if b":" not in decoded:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{REDACTED}"


class Secret:
    """A string that never shows itself in ``repr``/``str``/logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The secret value."""
        return self._value

    def __repr__(self) -> str:
        return "'******'"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def encode_segment(value: str) -> str:
    """Percent-encode one path segment so no id can change the path or add a query."""
    encoded = quote(value, safe="")
    if encoded.strip(".") == "":  # "." and ".." would be normalised away
        encoded = "%2E" * len(encoded)
    return encoded


@dataclass(frozen=True)
class APIRequest:
    """One logical API call, before it becomes an HTTP request.

    Attributes:
        method: HTTP method.
        path: Path relative to the base URL (segments already encoded), e.g. ``/groups/x``.
        params: Query parameters (``None`` values are dropped).
        json: The JSON body, or ``NO_BODY``.
        versioned: Send ``Accept: application/json;version=2`` (connection and
            destination endpoints).
        idempotent: Whether repeating the call is harmless. Creates are not: they are
            retried only when the server cannot have acted on them.
        headers: Extra headers for this call.
        timeout: A per-call timeout in seconds overriding the client's.
        operation: The declared operation making the call (e.g. ``"connections.get"``),
            shown in debug logs and error messages.
    """

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = NO_BODY
    versioned: bool = False
    idempotent: bool = True
    headers: Mapping[str, str] | None = None
    timeout: float | None = None
    files: Mapping[str, tuple[str, bytes, str]] | None = None
    binary: bool = False
    operation: str | None = None


@dataclass(frozen=True)
class APIResponse:
    """A successful response with Fivetran's envelope taken apart."""

    data: Any
    code: str | None
    message: str | None
    http: httpx.Response | None = field(default=None, repr=False)


def _excerpt(text: str, limit: int = 200) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` with its ``Authorization`` header redacted."""
    headers = httpx.Headers(request.headers)
    if "Authorization" in headers:
        headers["Authorization"] = f"Basic {REDACTED}"
    try:
        content: bytes | None = request.content
    except httpx.RequestNotRead:
        content = None
    return httpx.Request(request.method, request.url, headers=headers, content=content)


@dataclass(frozen=True)
class HttpCore:
    """Immutable wire configuration shared by a client and its copies.

    Attributes:
        timeout: Seconds one attempt may take, connect to the last body byte.
        total_timeout: Seconds a whole call may take, retries and backoff included
            (``None``: bounded by ``attempts x timeout + backoff`` only).
        max_response_bytes: The most decoded body bytes accepted per response.
    """

    api_key: str
    api_secret: Secret
    base_url: str
    timeout: float | None
    retry: RetryPolicy
    default_headers: Mapping[str, str] = field(default_factory=dict)
    throttle: Throttle | None = None
    max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
    total_timeout: float | None = None

    def __post_init__(self) -> None:
        limit = self.max_response_bytes
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise InvalidArgumentError(
                f"max_response_bytes must be a positive integer or None, got {limit!r}"
            )
        for name in ("timeout", "total_timeout"):
            value = getattr(self, name)
            if value is not None and not is_seconds(value):
                raise InvalidArgumentError(
                    f"{name} must be a positive number of seconds or None, got {value!r}"
                )

    @functools.cached_property
    def _auth(self) -> Secret:
        token = f"{self.api_key}:{self.api_secret.get()}".encode()
        return Secret("Basic " + base64.b64encode(token).decode("ascii"))

    @property
    def auth_header(self) -> str:
        """The ``Authorization`` header value."""
        return self._auth.get()

    def redact(self, text: str) -> str:
        """``text`` with the key, the secret and any Basic credential replaced."""
        text = _BASIC.sub(_mask_basic, text)
        for secret in (self._auth.get()[6:], self.api_secret.get(), self.api_key):
            if len(secret) >= 4:
                text = text.replace(secret, REDACTED)
        return text

    def _redact_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {k: self._redact_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact_value(v) for v in value]
        return value

    def contain(
        self, error: APIError, request: httpx.Request | None, operation: str | None
    ) -> APIError:
        """Finish an error for the caller: operation named, request and secrets redacted."""
        error.operation = error.operation or operation
        error.message = self.redact(error.message)
        error.body = self._redact_value(error.body)
        if request is not None and error.request is None:
            error.request = redacted_request(request)
        if error.response is not None:
            if error.request is not None:
                error.response.request = error.request
            _scrub_content(error.response, self.redact)
        error.args = (error._describe(),)
        return error

    def url_for(self, path: str) -> str:
        """The absolute URL of ``path`` (relative to the base URL; a leading ``/v1`` is ok).

        ``/public/...`` (the API's one path outside ``/v1``) is resolved against the base
        URL's origin.
        """
        if path.startswith(("http://", "https://")):
            raise InvalidArgumentError("pass a path relative to the base URL, not an absolute URL")
        base = self.base_url.rstrip("/")
        if not path.startswith("/"):
            path = "/" + path
        if path.startswith("/public/"):  # the one documented path outside /v1
            origin = httpx.URL(base)
            return str(origin.copy_with(path=path, query=None, fragment=None))
        if base.endswith("/v1") and (path == "/v1" or path.startswith("/v1/")):
            path = path[3:]
        return base + path

    def build(self, req: APIRequest) -> httpx.Request:
        """Turn an :class:`APIRequest` into an ``httpx.Request``."""
        headers = {
            "Accept": ACCEPT_V2 if req.versioned else ACCEPT_V1,
            "User-Agent": USER_AGENT,
            **self.default_headers,
            **(req.headers or {}),
            "Authorization": self.auth_header,
        }
        params = {k: _query_value(v) for k, v in (req.params or {}).items() if v is not None}
        content: bytes | None = None
        if req.files:
            # multipart/form-data: let httpx write the boundary and Content-Type
            build = httpx.Request(req.method, "http://x", files=dict(req.files))
            headers["Content-Type"] = build.headers["Content-Type"]
            content = build.read()
        elif req.json is not NO_BODY:
            content = _json.dumps(req.json, separators=(",", ":"), default=_json_default).encode()
            headers["Content-Type"] = "application/json"
        extensions = {}
        timeout = self._attempt_timeout(req)
        if timeout is not None:
            extensions["timeout"] = httpx.Timeout(timeout).as_dict()
        return httpx.Request(
            req.method,
            self.url_for(req.path),
            params=params or None,
            content=content,
            headers=headers,
            extensions=extensions,
        )

    def _attempt_timeout(self, req: APIRequest) -> float | None:
        return req.timeout if req.timeout is not None else self.timeout

    def _throttled(
        self, throttle: Throttle, categories: frozenset[str], call: _Call, last: APIError | None
    ) -> Flow[None]:
        """Wait for a rate-limit slot; past ``total_timeout``, raise at once instead."""
        now: float = yield Now()
        left = None
        if call.started is not None and self.total_timeout is not None:
            left = self.total_timeout - (now - call.started)
            if left <= 0:
                out = self._out_of_time(call.request, call.retries, last)
                raise self.contain(out, call.request, call.operation) from last
        wait = throttle.reserve(categories, now, within=left)
        if left is not None and wait >= left:  # no slot was taken
            log.debug("giving up on %s: a %.2fs rate_limit wait passes total_timeout", call, wait)
            out = self._out_of_time(
                call.request,
                call.retries,
                last,
                why=f"rate_limit would wait {wait:.1f}s for a free slot",
            )
            raise self.contain(out, call.request, call.operation) from last
        if wait > 0:
            log.debug("throttling %s for %.2fs", call, wait)
            yield Sleep(wait)

    def _out_of_time(
        self, request: httpx.Request, attempts: int, last: APIError | None, why: str = ""
    ) -> APITimeoutError:
        return APITimeoutError(
            f"the call did not complete within total_timeout={self.total_timeout:g}s "
            f"({attempts} attempt{'s' if attempts != 1 else ''})"
            + (f": {why}" if why else "")
            + (f"; last error: {type(last).__name__}" if last is not None else ""),
            request_sent=attempts > 0,
            request_method=request.method,
            request_path=request.url.path,
        )

    def _transport_error(self, exc: httpx.RequestError, request: httpx.Request) -> APIError:
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "request timed out" if kind is APITimeoutError else "connection failed"
        return kind(
            f"{what} ({type(exc).__name__}: {_excerpt(str(exc), 120)})",
            request_sent=not isinstance(exc, _NOT_SENT),
            request_method=request.method,
            request_path=request.url.path,
        )

    def _answer(
        self, response: httpx.Response, request: httpx.Request, req: APIRequest, retried: bool
    ) -> APIResponse | APIError:
        if self.throttle is not None:
            self.throttle.observe(response.headers)
        if response.is_success:
            if req.binary:
                return APIResponse(data=response.content, code=None, message=None, http=response)
            return _unwrap(response, request)
        if response.status_code == 404 and retried and request.method == "DELETE":
            log.debug("%s: 404 after a retried DELETE: already deleted", request.url.path)
            return APIResponse(data=None, code=None, message=None, http=response)
        return make_status_error(response, request)

    def _budget(self, call: _Call, last: APIError | None) -> Flow[float | None]:
        """The next attempt's timeout, cut to what is left of ``total_timeout``."""
        timeout = self._attempt_timeout(call.req)
        if call.started is None or self.total_timeout is None:
            return timeout
        now: float = yield Now()
        left = self.total_timeout - (now - call.started)
        if left <= 0:
            error = self._out_of_time(call.request, call.retries, last)
            raise self.contain(error, call.request, call.operation) from last
        return left if timeout is None else min(timeout, left)

    def _exchange(
        self, call: _Call, timeout: float | None
    ) -> Flow[tuple[APIResponse | None, APIError | None, BaseException | None]]:
        """One attempt: ``(response, None, None)`` or ``(None, error, cause)`` to retry."""
        request = call.request
        try:
            response = yield Send(request, timeout, self.max_response_bytes, call.operation)
        except httpx.RequestError as exc:
            return None, self._transport_error(exc, request), exc
        except APIError as exc:  # the body was refused (too large, undecodable)
            raise self.contain(exc, request, call.operation) from None
        log.debug("response %s -> %d%s", call, response.status_code, call.tag)
        try:
            answer = self._answer(response, request, call.req, call.retries > 0)
        except APIError as exc:  # a success response that is not JSON
            raise self.contain(exc, request, call.operation) from None
        if isinstance(answer, APIResponse):
            return answer, None, None
        return None, answer, answer

    def _retry_delay(self, call: _Call, error: APIError) -> Flow[float | None]:
        """Seconds before the next retry, ``None`` to give up; raises past ``total_timeout``."""
        delay = self.retry.delay_for(error, call.retries + 1, idempotent=call.req.idempotent)
        if delay is None or call.started is None or self.total_timeout is None:
            return delay
        now: float = yield Now()
        if delay >= self.total_timeout - (now - call.started):
            log.debug("giving up on %s: a %.2fs wait passes total_timeout", call, delay)
            out = self._out_of_time(call.request, call.retries + 1, error)
            raise self.contain(out, call.request, call.operation) from error
        return delay

    def call(self, req: APIRequest, operation: str | None = None) -> Flow[APIResponse]:
        """Send ``req`` with retries; return the unwrapped response or raise ``APIError``.

        Each attempt is bounded by ``timeout`` (the whole exchange); the whole call by
        ``total_timeout`` when set, else by ``attempts x timeout + backoff``.
        ``operation`` names the declared operation (default: ``req.operation``).
        """
        call = _Call(req, self.build(req), operation or req.operation)
        categories = classify(req.method, req.path, req.json) if self.throttle else frozenset()
        if self.total_timeout is not None:
            call.started = yield Now()
        error: APIError | None = None
        while True:
            if self.throttle is not None:
                yield from self._throttled(self.throttle, categories, call, error)
            if call.started is None:
                timeout = self._attempt_timeout(req)
            else:
                timeout = yield from self._budget(call, error)
            log.debug("request %s (attempt %d)%s", call, call.retries + 1, call.tag)
            answer, error, cause = yield from self._exchange(call, timeout)
            if answer is not None:
                return answer
            assert error is not None
            delay = yield from self._retry_delay(call, error)
            if delay is None:
                log.debug("giving up on %s: %s", call, type(error).__name__)
                self.contain(error, call.request, call.operation)
                if cause is error:
                    raise error
                raise error from cause
            call.retries += 1
            log.debug(
                "retrying %s in %.2fs (retry %d of %d) after %s",
                call,
                delay,
                call.retries,
                self.retry.max_retries,
                type(error).__name__ if error.status is None else error.status,
            )
            yield Sleep(delay)


class _Call:
    """One call in progress; its ``str`` (``GET /v1/...``) is built only if a log needs it."""

    __slots__ = ("operation", "req", "request", "retries", "started", "tag")

    def __init__(self, req: APIRequest, request: httpx.Request, operation: str | None) -> None:
        self.req = req
        self.request = request
        self.operation = operation
        self.retries = 0
        self.started: float | None = None
        self.tag = _Tag(operation)

    def __str__(self) -> str:
        return _shown(self.request)


class _Tag:
    """`` [connections.get]`` in a log line, built only if the line is emitted."""

    __slots__ = ("operation",)

    def __init__(self, operation: str | None) -> None:
        self.operation = operation

    def __str__(self) -> str:
        return f" [{self.operation}]" if self.operation else ""


def _shown(request: httpx.Request) -> str:
    return f"{request.method} {request.url.raw_path.decode('ascii', 'replace')}"


def _scrub_content(response: httpx.Response, redact: Any) -> None:
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
        return
    clean = redact(text)
    if clean != text:  # the raw body echoed a credential: keep only the redacted text
        response._content = clean.encode(response.encoding or "utf-8", "replace")
        response.__dict__.pop("_text", None)


def request_of(response: httpx.Response | None) -> httpx.Request | None:
    """The request of ``response``, if it has one (a hand-built response may not)."""
    if response is None:
        return None
    try:
        return response.request
    except RuntimeError:
        return None


def malformed(response: APIResponse, problem: str) -> APIResponseValidationError:
    """An :class:`APIResponseValidationError` for a success response that is not well formed."""
    http = response.http
    excerpt = ""
    if http is not None:
        try:
            excerpt = _excerpt(http.text) if http.content else "(empty body)"
        except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
            excerpt = "(unreadable body)"
    request = request_of(http)
    return APIResponseValidationError(
        f"malformed response: {problem}" + (f"; body: {excerpt}" if excerpt else ""),
        status=http.status_code if http is not None else None,
        response=http,
        request_method=request.method if request is not None else None,
        request_path=request.url.path if request is not None else None,
    )


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _json_default(value: Any) -> Any:
    from datetime import date, datetime

    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot send a {type(value).__name__} as JSON")


def _unwrap(response: httpx.Response, request: httpx.Request) -> APIResponse:
    if response.status_code == 204 or not response.content:
        return APIResponse(data=None, code=None, message=None, http=response)
    try:
        body = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
        raise APIResponseValidationError(
            f"malformed response: expected JSON, got: {_excerpt(response.text)}",
            status=response.status_code,
            response=response,
            request_method=request.method,
            request_path=request.url.path,
        ) from None
    if not isinstance(body, dict):
        raise APIResponseValidationError(
            f"malformed response: the body is a JSON {type(body).__name__}, not an object; "
            f"body: {_excerpt(response.text)}",
            status=response.status_code,
            response=response,
            request_method=request.method,
            request_path=request.url.path,
        )
    code = body.get("code")
    message = body.get("message")
    return APIResponse(
        data=body.get("data"),
        code=code if isinstance(code, str) else None,
        message=message if isinstance(message, str) else None,
        http=response,
    )


def make_status_error(response: httpx.Response, request: httpx.Request) -> APIError:
    """Map an error response to the right :class:`APIError` subclass (never raises)."""
    body: Any = None
    code: str | None = None
    message: str | None = None
    try:
        body = response.json() if response.content else None
    except (ValueError, RecursionError):
        body = None
    if isinstance(body, dict):
        raw_code, raw_message = body.get("code"), body.get("message")
        code = raw_code if isinstance(raw_code, str) else None
        message = raw_message if isinstance(raw_message, str) else None
    if not message:
        excerpt = _excerpt(response.text) if response.content else ""
        reason = response.reason_phrase or "error"
        message = f"{reason}: {excerpt}" if excerpt and body is None else reason
    cls = error_class_for(response.status_code, code)
    return cls(
        message,
        status=response.status_code,
        code=code,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
        response=response,
        request_method=request.method,
        request_path=request.url.path,
        body=body if isinstance(body, dict) else None,
    )
