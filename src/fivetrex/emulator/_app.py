"""HTTP ⇄ domain translation: auth, headers, envelope, routing, faults, control plane.

:class:`App` knows nothing about sockets: it turns a :class:`Request` into a
:class:`Response`. The in-process transport and the HTTP server both call it.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from fivetrex.emulator._api import ROUTES
from fivetrex.emulator._api.metadata import PUBLIC_PREFIX
from fivetrex.emulator._api.sdk_packages import UPLOAD_OPERATIONS, RawBody, Upload
from fivetrex.emulator._catalog import KNOWN_OPERATIONS
from fivetrex.emulator._control import control_authorized, is_account_owner
from fivetrex.emulator._domain import Backend, Page, PendingDelivery
from fivetrex.emulator._errors import EmulatorError, NotFoundError
from fivetrex.emulator._faults import Fault
from fivetrex.emulator._json import dumps
from fivetrex.emulator._routes import Call, Route, Router, split_path
from fivetrex.emulator._validation import validate_body

if TYPE_CHECKING:
    from fivetrex.emulator._emulator import Emulator

__all__ = ["ROUTES", "App", "Request", "Response"]

_log = logging.getLogger("fivetrex.emulator")

_JSON = "application/json"
_ACCEPTABLE = frozenset({"", "*/*", "application/*", _JSON, "application/json;version=2"})


@dataclass
class Request:
    """A transport-neutral HTTP request.

    Attributes:
        method: Upper-case HTTP method.
        target: Raw request target: path plus optional ``?query`` (percent-encoded).
        headers: Header names in lower case.
        body: Raw body bytes.
    """

    method: str
    target: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def path(self) -> str:
        """The raw (still percent-encoded) path."""
        return self.target.split("?", 1)[0] or "/"

    @property
    def query(self) -> dict[str, str]:
        """Query parameters (first value wins)."""
        if "?" not in self.target:
            return {}
        out: dict[str, str] = {}
        for key, value in parse_qsl(self.target.split("?", 1)[1], keep_blank_values=True):
            out.setdefault(key, value)
        return out


@dataclass
class Response:
    """A transport-neutral HTTP response.

    Attributes:
        status: HTTP status code.
        headers: Response headers.
        body: Raw body bytes.
        drop: ``None``; or ``"before"``/``"after"``/``"timeout"`` when an injected fault
            says the transport must fail instead of answering.
    """

    status: int
    headers: dict[str, str]
    body: bytes
    drop: str | None = None

    def json(self) -> Any:
        """Decode the body as JSON."""
        return json.loads(self.body) if self.body else None


_dumps = dumps


class _RateLimiter:
    """Rolling one-hour window over the virtual clock."""

    def __init__(self) -> None:
        self._hits: deque[float] = deque()

    def check(self, now: float, limit: int | None, header_limit: int) -> tuple[bool, int, int, int]:
        """Return ``(allowed, limit, remaining, retry_after)`` and record an allowed hit."""
        window_start = now - 3600.0
        hits = self._hits
        while hits and hits[0] <= window_start:
            hits.popleft()
        effective = limit if limit is not None else header_limit
        if limit is not None and len(hits) >= limit:
            retry = max(1, math.ceil(hits[0] + 3600.0 - now)) if hits else 3600
            return False, effective, 0, retry
        hits.append(now)
        return True, effective, max(effective - len(hits), 0), 0

    def reset(self) -> None:
        self._hits.clear()


def _legacy_alias(segments: list[str]) -> tuple[list[str], bool]:
    """The path's segments with ``connectors`` read as ``connections``, and whether the path
    is a legacy one (``/v1/groups/{id}/connectors`` has a legacy route of its own)."""
    if len(segments) >= 2 and segments[1] == "connectors":
        return [segments[0], "connections", *segments[2:]], True
    if len(segments) == 4 and segments[1] == "groups" and segments[3] == "connectors":
        return segments, True
    return segments, False


class App:
    """Serve the Fivetran API and the ``/_emulator`` control plane for one emulator.

    Args:
        emulator: The emulator whose state, settings and faults are used.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self.rate_limiter: _RateLimiter = _RateLimiter()
        self.routes: tuple[Route, ...] = ROUTES
        """The operations this app serves."""
        self._api: Router[Route] = Router()
        for route in self.routes:
            self._api.add(route.method, route.template, route)
        self._known: Router[str] = Router()
        for method, template in KNOWN_OPERATIONS:
            self._known.add(method, template, f"{method} {template}")
        self._control: Router[Callable[[Call], Any]] = Router()
        self._control.extend(emulator._control_routes())

    # ------------------------------------------------------------------------------------

    def handle(self, request: Request, sleep: Callable[[float], None]) -> Response:
        """Serve one request; ``sleep`` implements ``delay`` faults (virtual or real).

        An unexpected exception inside the emulator answers 500 ``InternalError`` (the
        way a real server would), never a raw exception in the caller's process.
        """
        try:
            return self._handle(request, sleep)
        except Exception as exc:
            _log.exception(
                "fivetrex emulator: internal error on %s %s", request.method, request.path
            )
            return self._error(
                500, "InternalError", f"emulator internal error: {type(exc).__name__}: {exc}"
            )

    def _handle(self, request: Request, sleep: Callable[[float], None]) -> Response:
        path = request.path
        if path.startswith("/_emulator"):
            return self._handle_control(request)
        if not (path == "/v1" or path.startswith(("/v1/", PUBLIC_PREFIX))):
            return self._error(404, "NotFound", f"Unknown path '{path}'")
        fault = self.emu.faults.match(request.method, unquote(path))
        if fault is not None:
            early = self._apply_fault_before(fault, sleep)
            if early is not None:
                return early
        response = self._handle_api(request)
        if fault is not None and fault.kind == "drop" and fault.stage == "after":
            response.drop = "after"
        return response

    def _apply_fault_before(self, fault: Fault, sleep: Callable[[float], None]) -> Response | None:
        if fault.kind == "delay":
            sleep(fault.delay)
            return None
        if fault.kind == "drop":
            return Response(0, {}, b"", drop="before") if fault.stage == "before" else None
        if fault.kind == "timeout":
            sleep(fault.delay)
            return Response(0, {}, b"", drop="timeout")
        headers = self._rate_headers_peek()
        if fault.kind == "rate_limit":
            headers["Retry-After"] = str(fault.retry_after)
            headers["X-Rate-Limit-Remaining"] = "0"
            return self._json(
                429,
                {"code": "TooManyRequests", "message": "Too many requests (injected fault)"},
                headers,
            )
        status = int(fault.status or 500)
        if status in (429, 503):
            headers["Retry-After"] = str(fault.retry_after)
        if fault.html:
            html = (
                f"<html><head><title>{status} Bad Gateway</title></head><body>"
                f"<center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center>"
                "</body></html>"
            )
            headers["Content-Type"] = "text/html"
            return Response(status, headers, html.encode())
        code = {500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable"}
        return self._json(
            status,
            {"code": code.get(status, "Error"), "message": f"HTTP {status} (injected fault)"},
            headers,
        )

    # ------------------------------------------------------------------------------------

    def _rate_headers_peek(self) -> dict[str, str]:
        limit = self.emu.settings.rate_limit_per_hour
        effective = limit if limit is not None else self.emu.settings.rate_limit_header
        return {"X-Rate-Limit": str(effective), "X-Rate-Limit-Remaining": str(effective)}

    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> Response:
        out = {"Content-Type": _JSON}
        if headers:
            out.update(headers)
        return Response(status, out, _dumps(obj))

    def _error(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        return self._json(status, {"code": code, "message": message}, headers)

    @staticmethod
    def _basic(header: str | None) -> tuple[str, str] | None:
        if not header or header[:6].lower() != "basic ":
            return None
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        key, sep, secret = decoded.partition(":")
        return (key, secret) if sep else None

    def _system_key(self, header: str | None) -> str | None:
        """The id of the system key whose key/secret the header carries (or ``None``)."""
        credentials = self._basic(header)
        if credentials is None:
            return None
        with self.emu.unit_of_work() as backend:
            return backend.authenticate_system_key(*credentials)

    def _authorized(self, header: str | None) -> bool:
        credentials = self._basic(header)
        if credentials is None:
            return False
        return is_account_owner(self.emu, *credentials)

    @staticmethod
    def _acceptable(accept: str | None) -> bool:
        if accept is None:
            return True
        for item in accept.split(","):
            media = item.split(";q=")[0] if ";q=" in item else item
            normal = media.replace(" ", "").lower()
            if normal in _ACCEPTABLE:
                return True
        return False

    def _resolve(
        self, method: str, segments: list[str]
    ) -> tuple[Route, dict[str, str], bool] | Response:
        segments, legacy = _legacy_alias(segments)
        found = self._api.match(method, segments)
        if not isinstance(found, tuple):
            return self._unmatched(method, segments, found)
        route, params = found
        legacy = legacy or route.legacy
        if legacy and not self.emu.settings.legacy_paths:
            return self._error(
                404, "NotFound", "Legacy path is not available (legacy_paths is off)"
            )
        return route, params, legacy

    def _unmatched(self, method: str, segments: list[str], found: bool | None) -> Response:
        """501 for a documented operation the emulator lacks, else 405 or 404."""
        known = self._known.match(method, segments)
        if isinstance(known, tuple):
            operation = known[0]
            return self._error(
                501,
                "NotImplemented",
                f"{operation} is not implemented by the fivetrex emulator",
            )
        if found is True or known is True:
            return self._error(405, "MethodNotAllowed", f"Method {method} is not allowed here")
        return self._error(404, "NotFound", f"Unknown API path '/{'/'.join(segments)}'")

    def _handle_api(self, request: Request) -> Response:
        emu = self.emu
        headers = request.headers
        authorization = headers.get("authorization")
        main = self._authorized(authorization)
        system_key_id = None if main else self._system_key(authorization)
        if not main and system_key_id is None and not request.path.startswith(PUBLIC_PREFIX):
            return self._error(
                401,
                "Unauthorized",
                "Authentication failed: send HTTP Basic credentials (api_key:api_secret)",
                {"WWW-Authenticate": 'Basic realm="Fivetran"'},
            )
        with emu.unit_of_work() as backend:
            allowed, limit, remaining, retry = self.rate_limiter.check(
                emu.state.clock.now().timestamp(),
                emu.settings.rate_limit_per_hour,
                emu.settings.rate_limit_header,
            )
            rate = {"X-Rate-Limit": str(limit), "X-Rate-Limit-Remaining": str(remaining)}
            if not allowed:
                rate["Retry-After"] = str(retry)
                return self._error(
                    429,
                    "TooManyRequests",
                    f"No more than {limit} requests can be made hourly",
                    rate,
                )
            response = self._dispatch(backend, request, rate, system_key_id)
        if isinstance(response, PendingDelivery):
            record = emu.deliver_events([response])[0]
            succeeded = bool(record["succeeded"])
            data = {
                "succeed": succeeded,
                "status": record["status_code"] or 0,
                "message": "Success" if succeeded else (record["error"] or "Delivery failed"),
            }
            return self._json(
                200,
                {"code": "Success", "message": "Webhook test completed successfully", "data": data},
                rate,
            )
        return response

    def _decode_body(self, route: Route, request: Request, rate: dict[str, str]) -> Any:
        """The request's body (decoded JSON, an :class:`Upload`, ``None``), or an error
        :class:`Response`."""
        if (route.method, route.template) in UPLOAD_OPERATIONS:
            return Upload(request.headers.get("content-type", ""), request.body)
        if not (request.body and request.body.strip()) or request.method not in (
            "POST",
            "PATCH",
            "PUT",
        ):
            return None
        ctype = request.headers.get("content-type", "")
        if ctype.split(";", 1)[0].strip().lower() != _JSON:
            return self._error(
                415, "UnsupportedMediaType", "Content-Type must be application/json", rate
            )
        try:
            return json.loads(request.body)
        except ValueError:
            return self._error(400, "InvalidInput", "Request body is not valid JSON", rate)

    def _success(
        self, route: Route, params: dict[str, str], data: Any, rate: dict[str, str]
    ) -> Response | PendingDelivery:
        """The response of an operation that returned ``data``."""
        if isinstance(data, PendingDelivery):
            return data
        if isinstance(data, RawBody):
            raw_headers = {"Content-Type": data.media_type, **rate}
            return Response(route.status, raw_headers, data.body)
        envelope: dict[str, Any] = {"code": "Success"}
        if route.message:
            envelope["message"] = route.message.format(**params)
        if isinstance(data, Page) and data.fragments is not None:
            return self._fragment_page(route.status, envelope, data, rate)
        if isinstance(data, Page):
            listing: dict[str, Any] = {"items": data.items}
            if data.next_cursor is not None:
                listing["next_cursor"] = data.next_cursor
            elif self.emu.settings.last_page_cursor == "null":
                listing["next_cursor"] = None
            envelope["data"] = listing
        elif data is not None:
            envelope["data"] = data
        return self._json(route.status, envelope, rate)

    def _fragment_page(
        self, status: int, envelope: dict[str, Any], page: Page, rate: dict[str, str]
    ) -> Response:
        """A list response joined from the page's serialised items (the same bytes as
        :func:`_dumps` of the whole envelope)."""
        tail = b"]"
        if page.next_cursor is not None:
            tail += b',"next_cursor":' + _dumps(page.next_cursor)
        elif self.emu.settings.last_page_cursor == "null":
            tail += b',"next_cursor":null'
        head = _dumps(envelope)[:-1] + b',"data":{"items":['
        tail += b"}}"
        items = list(page.fragments or ())
        if items:  # one allocation of the whole body: the ends glued to the first/last item
            items[0] = head + items[0]
            items[-1] += tail
            body = b",".join(items)
        else:
            body = head + tail
        return Response(status, {"Content-Type": _JSON, **rate}, body)

    def _dispatch(
        self,
        backend: Backend,
        request: Request,
        rate: dict[str, str],
        system_key_id: str | None = None,
    ) -> Response | PendingDelivery:
        """Route and run one API request inside the caller's unit of work."""
        emu = self.emu
        if not self._acceptable(request.headers.get("accept")):
            return self._error(
                406,
                "NotAcceptable",
                "Accept must be application/json or application/json;version=2",
                rate,
            )
        segments = [unquote(s) for s in split_path(request.path)]
        resolved = self._resolve(request.method, segments)
        if isinstance(resolved, Response):
            resolved.headers.update(rate)
            return resolved
        route, params, legacy = resolved
        body = self._decode_body(route, request, rate)
        if isinstance(body, Response):
            return body
        call = Call(params, request.query, body, legacy, system_key_id)
        backend.settle()
        try:
            if not isinstance(body, Upload):
                validate_body(
                    route.operation, body, reject_unknown=emu.settings.reject_unknown_fields
                )
            data = route.handler(backend, call)
        except EmulatorError as exc:
            code = exc.code
            if legacy and isinstance(exc, NotFoundError) and code == "NotFound_Connection":
                code = "NotFound_Connector"
            response: Response | PendingDelivery = self._error(exc.status, code, exc.message, rate)
        else:
            response = self._success(route, params, data, rate)
        return response

    # ------------------------------------------------------------------------------------
    # control plane
    # ------------------------------------------------------------------------------------

    def _control_refusal(self, request: Request) -> Response | None:
        """401 unless the request carries the emulator's credentials (or control token)."""
        authorization = request.headers.get("authorization") or ""
        bearer = authorization[7:].strip() if authorization[:7].lower() == "bearer " else None
        if control_authorized(self.emu, self._basic(authorization), bearer):
            return None
        return self._error(
            401,
            "Unauthorized",
            "The control plane needs the emulator's credentials: HTTP Basic "
            "api_key:api_secret (or Bearer <control token>)",
            {"WWW-Authenticate": 'Basic realm="fivetrex emulator"'},
        )

    def _control_call(self, request: Request, params: dict[str, str]) -> Call | Response:
        """The control-plane call (its body: any JSON, or none), or 400 for a body that is
        not JSON."""
        body: Any = None
        if request.body and request.body.strip():
            try:
                body = json.loads(request.body)
            except ValueError:
                return self._error(400, "InvalidInput", "Request body is not valid JSON")
        return Call(params, request.query, body)

    def _handle_control(self, request: Request) -> Response:
        refused = self._control_refusal(request)
        if refused is not None:
            return refused
        segments = [unquote(s) for s in split_path(request.path)]
        found = self._control.match(request.method, segments)
        if found is None:
            return self._error(404, "NotFound", f"Unknown control-plane path '{request.path}'")
        if found is True:
            return self._error(405, "MethodNotAllowed", f"Method {request.method} not allowed")
        assert isinstance(found, tuple)
        handler, params = found
        call = self._control_call(request, params)
        if isinstance(call, Response):
            return call
        try:
            data = handler(call)
        except EmulatorError as exc:
            return self._error(exc.status, exc.code, exc.message)
        except (ValueError, TypeError) as exc:
            return self._error(400, "InvalidInput", str(exc))
        return self._json(200, {"code": "Success", "data": data})
