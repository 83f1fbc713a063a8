"""The exception hierarchy of fivetrex.

Every error raised by a client call is a :class:`FivetrexError`. Errors that come
from talking to the API are :class:`APIError`\\ s; those with an HTTP status are
mapped to one class per status (see :data:`STATUS_ERRORS`). Bad input is caught
before any request is sent and raises :class:`ValueError` subclasses.

Messages never contain credentials: they are built from the method, the URL path
(no query string), the status and Fivetran's ``code``/``message``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import httpx

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConfirmationRequired",
    "ConflictError",
    "FivetrexError",
    "ForbiddenError",
    "InvalidArgumentError",
    "NotFoundError",
    "RateLimitedError",
    "ResponseTooLargeError",
    "ServerError",
    "SyncError",
    "SyncFailedError",
    "SyncPausedError",
    "SyncRescheduledError",
    "SyncTimeoutError",
    "UnauthorizedError",
    "UnexpectedStatusError",
]


class FivetrexError(Exception):
    """Base class of every exception raised by fivetrex."""


class ConfigurationError(FivetrexError):
    """The client is missing something it needs (credentials, a base URL...)."""


class ClientClosedError(ConfigurationError, RuntimeError):
    """A call on a client that can no longer send: create a new client.

    Raised before anything is sent when the client was closed (``close()``, the end of
    its ``with`` block, or the ``http_client=`` passed to it was closed). Raised too when
    an :class:`~fivetrex.AsyncFivetrex` is used in a new event loop after the one it
    ran in was closed, and sending fails on a pooled connection of that dead loop (create
    one client per ``asyncio.run()``). It is a :class:`RuntimeError` too, what httpx and
    asyncio raised before.
    """


class InvalidArgumentError(FivetrexError, ValueError):
    """A call's arguments are invalid (an empty id, ``limit=0``, an unknown choice...).

    Raised before any request is sent. It is a :class:`ValueError` too.
    """


class ConfirmationRequired(FivetrexError, ValueError):
    """A destructive operation was called without ``confirm=True``.

    Raised before any request is sent.
    """


class APIError(FivetrexError):
    """An error while talking to the Fivetran API.

    Attributes:
        type: The seed's error kind as a string: ``"bad_request"``, ``"unauthorized"``,
            ``"forbidden"``, ``"not_found"``, ``"conflict"``, ``"rate_limited"``,
            ``"server_error"``, ``"connection_error"``, ``"timeout"`` or ``"unknown"``.
        status: The HTTP status code, or ``None`` when no response was received.
        code: Fivetran's error code from the body (e.g. ``"NotFound_Connection"``).
        message: The human-readable message (Fivetran's, or a short excerpt of the body).
        retry_after: Seconds the server asked to wait before retrying, if it said.
        response: The :class:`httpx.Response`, when there was one.
        request_method: The HTTP method of the failed request.
        request_path: The URL path of the failed request (no query string).
        body: The decoded error body (a dict) or ``None``.
        operation: The operation that sent the request (e.g. ``"connections.get"``),
            when the call came from a declared method.
        request: The :class:`httpx.Request` sent, with its ``Authorization`` header
            redacted (also set as ``response.request``).
    """

    type: ClassVar[str] = "unknown"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        retry_after: float | None = None,
        response: httpx.Response | None = None,
        request_method: str | None = None,
        request_path: str | None = None,
        body: Any = None,
        operation: str | None = None,
        request: httpx.Request | None = None,
    ) -> None:
        self.message = message
        self.operation = operation
        self.request = request
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.response = response
        self.request_method = request_method
        self.request_path = request_path
        self.body = body
        super().__init__(self._describe())

    @property
    def status_code(self) -> int | None:
        """Alias of :attr:`status` (the httpx/Stainless name)."""
        return self.status

    def _describe(self) -> str:
        head = f"{self.code}: {self.message}" if self.code else self.message
        where = []
        if self.status is not None:
            where.append(f"HTTP {self.status}")
        if self.request_method and self.request_path:
            where.append(f"{self.request_method} {self.request_path}")
        if self.retry_after is not None:
            where.append(f"retry after {self.retry_after:g}s")
        text = f"{head} ({', '.join(where)})" if where else head
        return f"{text} [{self.operation}]" if self.operation else text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r})"
        )


class APIStatusError(APIError):
    """The API answered with a non-success HTTP status."""


class BadRequestError(APIStatusError):
    """HTTP 400: the request was invalid (Fivetran codes ``InvalidInput``, ``BadRequest``)."""

    type = "bad_request"


class UnauthorizedError(APIStatusError):
    """HTTP 401: missing or invalid API key and secret."""

    type = "unauthorized"


class ForbiddenError(APIStatusError):
    """HTTP 403: authenticated, but not allowed to do this."""

    type = "forbidden"


class NotFoundError(APIStatusError):
    """HTTP 404, or any Fivetran ``NotFound*`` error code."""

    type = "not_found"


class ConflictError(APIStatusError):
    """HTTP 409: the request conflicts with the current state (e.g. it still has connections)."""

    type = "conflict"


class RateLimitedError(APIStatusError):
    """HTTP 429: rate limited. :attr:`retry_after` says how long to wait, when known."""

    type = "rate_limited"


class ServerError(APIStatusError):
    """HTTP 5xx: Fivetran (or a proxy in front of it) failed."""

    type = "server_error"


class UnexpectedStatusError(APIStatusError):
    """Any other non-success status (405, 406, 408, 415, 422, ...)."""

    type = "unknown"


class APIResponseValidationError(APIError):
    """A success response whose body is not what the operation returns.

    Not JSON, not an object, ``data`` of the wrong type or missing, ``items`` that is not
    a list, an object without its ``id``... :attr:`message` says what was wrong and
    quotes a short excerpt of the body; :attr:`status`, :attr:`operation` and
    :attr:`request` say which call it was.
    """

    type = "unknown"


class ResponseTooLargeError(APIError):
    """The response body passed ``max_response_bytes`` (counted decoded) while being read.

    Attributes:
        limit: The limit in bytes.
    """

    type = "unknown"

    def __init__(self, message: str, *, limit: int | None = None, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(message, **kwargs)


class APIConnectionError(APIError):
    """No usable response: the connection failed or was dropped.

    Attributes:
        request_sent: ``False`` when the request provably never reached the server
            (the connection could not be opened), ``True`` when it may have.
    """

    type = "connection_error"

    def __init__(self, message: str, *, request_sent: bool = True, **kwargs: Any) -> None:
        self.request_sent = request_sent
        super().__init__(message, **kwargs)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    type = "timeout"


class SyncError(FivetrexError):
    """A sync did not complete as waited for.

    Attributes:
        connection_id: The connection.
        status: The last :class:`~fivetrex.SyncStatus` read, if any.
    """

    def __init__(self, message: str, *, connection_id: str, status: Any = None) -> None:
        self.connection_id = connection_id
        self.status = status
        super().__init__(message)


class SyncFailedError(SyncError):
    """The sync finished and failed.

    Attributes:
        failed_at: When it failed (the server's timestamp).
        reason: Why, when the API says (from the connection's tasks).
    """

    def __init__(
        self,
        message: str,
        *,
        connection_id: str,
        status: Any = None,
        failed_at: Any = None,
        reason: str | None = None,
    ) -> None:
        self.failed_at = failed_at
        self.reason = reason
        super().__init__(message, connection_id=connection_id, status=status)


class SyncTimeoutError(SyncError, TimeoutError):
    """The sync did not finish within the timeout (it may still be running)."""


class SyncPausedError(SyncError):
    """The connection is paused, so no sync will run (pass ``resume=True`` to resume it)."""


class SyncRescheduledError(SyncError):
    """Fivetran rescheduled the sync (``on_rescheduled="raise"``).

    Attributes:
        rescheduled_for: When Fivetran will run it.
    """

    def __init__(
        self, message: str, *, connection_id: str, status: Any = None, rescheduled_for: Any = None
    ) -> None:
        self.rescheduled_for = rescheduled_for
        super().__init__(message, connection_id=connection_id, status=status)


#: The status → exception table (5xx statuses map to :class:`ServerError`).
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}


def error_class_for(status: int, code: str | None) -> type[APIStatusError]:
    """The exception class for an HTTP status and a Fivetran error code."""
    if code and code.startswith("NotFound"):
        return NotFoundError
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    if status >= 500:
        return ServerError
    return UnexpectedStatusError
