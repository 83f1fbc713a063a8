"""Pure ASGI middleware verifying Fivetran webhooks (Starlette, FastAPI, any ASGI app).

No framework is imported. On the protected paths the middleware buffers the
body (up to ``max_body_size``), verifies the signature over the raw bytes,
parses the event, stores it in ``scope["state"]["fivetran_event"]`` (so
Starlette/FastAPI handlers read ``request.state.fivetran_event``) and replays
the exact body to the application. Invalid requests never reach the app.

Example:
    >>> from starlette.applications import Starlette  # doctest: +SKIP
    >>> app = WebhookMiddleware(Starlette(routes=...), secret=from_env())  # doctest: +SKIP
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, TypeAlias

from fivetrex.webhooks._errors import WebhookError
from fivetrex.webhooks._event import WebhookEvent
from fivetrex.webhooks._receiver import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_PATHS,
    SecretSource,
    WebhookReceiver,
    normalise_paths,
)

__all__ = [
    "ASGIApp",
    "ASGIErrorHandler",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "WebhookMiddleware",
]

Scope: TypeAlias = MutableMapping[str, Any]
"""An ASGI connection scope."""
Message: TypeAlias = MutableMapping[str, Any]
"""An ASGI event message."""
Receive: TypeAlias = Callable[[], Awaitable[Message]]
"""The ASGI ``receive`` callable."""
Send: TypeAlias = Callable[[Message], Awaitable[None]]
"""The ASGI ``send`` callable."""
ASGIApp: TypeAlias = Callable[[Scope, Receive, Send], Awaitable[None]]
"""An ASGI 3 application."""
ASGIErrorHandler: TypeAlias = Callable[
    [WebhookError, Scope], "ASGIApp | Awaitable[ASGIApp | None] | None"
]
"""``on_error(error, scope)``: return an ASGI app (e.g. a Starlette ``Response``)
to send instead of the default JSON error, or ``None`` for the default. May be async."""

SCOPE_STATE_KEY = "fivetran_event"


class _ClientDisconnected(Exception):
    """The client went away while the body was being read."""


class WebhookMiddleware:
    """ASGI middleware that verifies Fivetran webhooks on the given paths.

    Requests to other paths, and non-HTTP scopes (lifespan, websockets), pass
    through untouched. On a protected path the answers are: 405 for a method
    other than POST, 413 for a body over ``max_body_size`` (from
    ``Content-Length`` before reading, or while streaming), 400 for a missing
    signature, 401 for an invalid one, 422 for a body that is not a JSON event
    and 500 if the secret is unavailable; each with a JSON body
    ``{"code": ..., "message": ...}``.

    Args:
        app: The wrapped ASGI application.
        secret: The secret, a list of secrets (rotation), or a zero-argument
            callable returning them, called per request (e.g. :func:`from_env`).
        paths: Exact request paths to protect (``scope["path"]``).
        max_body_size: Largest accepted body in bytes (default 1 MiB).
        on_error: Optional ``on_error(error, scope)`` hook; return an ASGI app to
            send instead of the default error response (or ``None``).
        event_key: Key of the event in ``scope["state"]``.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: SecretSource,
        paths: str | Iterable[str] = DEFAULT_PATHS,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        on_error: ASGIErrorHandler | None = None,
        event_key: str = SCOPE_STATE_KEY,
    ) -> None:
        self.app = app
        self.receiver: WebhookReceiver = WebhookReceiver(secret, max_body_size=max_body_size)
        self.paths: frozenset[str] = normalise_paths(paths)
        self.on_error = on_error
        self.event_key = event_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection.

        Args:
            scope: The connection scope.
            receive: The ``receive`` callable.
            send: The ``send`` callable.
        """
        if scope["type"] != "http" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        try:
            body, event = await self._verify(scope, receive)
        except _ClientDisconnected:
            return
        except WebhookError as error:
            await self._reject(error, scope, receive, send)
            return
        scope.setdefault("state", {})[self.event_key] = event
        await self.app(scope, _replay(body, receive), send)

    async def _verify(self, scope: Scope, receive: Receive) -> tuple[bytes, WebhookEvent]:
        headers = _headers(scope)
        signature = self.receiver.check_request(
            scope.get("method", "GET"),
            headers.get("content-length"),
            headers.get("x-fivetran-signature-256"),
        )
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientDisconnected
            if message["type"] != "http.request":
                continue
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            self.receiver.check_body_size(size)
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        return body, self.receiver.verify(body, signature)

    async def _reject(
        self, error: WebhookError, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if self.on_error is not None:
            result = self.on_error(error, scope)
            if inspect.isawaitable(result):
                result = await result
            if result is not None:
                await result(scope, receive, send)
                return
        response = self.receiver.error_response(error)
        raw_headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers
        ]
        raw_headers.append((b"content-length", str(len(response.body)).encode("ascii")))
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": raw_headers}
        )
        await send({"type": "http.response.body", "body": response.body})


def _headers(scope: Scope) -> dict[str, str]:
    """Decode the scope's headers to a lower-cased dict (first value wins)."""
    result: dict[str, str] = {}
    for key, value in scope.get("headers", ()):
        name = bytes(key).decode("latin-1").lower()
        result.setdefault(name, bytes(value).decode("latin-1"))
    return result


def _replay(body: bytes, receive: Receive) -> Receive:
    """Return a ``receive`` that yields the buffered body once, then defers to ``receive``."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
