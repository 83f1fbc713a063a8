"""FastAPI dependency giving an endpoint the verified Fivetran webhook event.

Importing this module imports FastAPI (install ``fivetrex[fastapi]``).

Example:
    >>> from fastapi import Depends, FastAPI  # doctest: +SKIP
    >>> app = FastAPI()  # doctest: +SKIP
    >>> @app.post("/webhooks/fivetran")  # doctest: +SKIP
    ... async def fivetran(event: WebhookEvent = Depends(verified_event(secret=from_env()))):
    ...     return {"received": event.event}
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TypeAlias

try:
    from fastapi import HTTPException, Request
except ImportError as _exc:
    raise ImportError(
        'fivetrex.webhooks.fastapi needs FastAPI: pip install "fivetrex[fastapi]"', name="fastapi"
    ) from _exc

from fivetrex.webhooks._errors import WebhookError
from fivetrex.webhooks._event import WebhookEvent
from fivetrex.webhooks._receiver import (
    DEFAULT_MAX_BODY_SIZE,
    SecretSource,
    WebhookReceiver,
)
from fivetrex.webhooks._signature import SIGNATURE_HEADER

__all__ = ["FastAPIErrorHandler", "WebhookHTTPException", "verified_event"]

FastAPIErrorHandler: TypeAlias = Callable[
    [WebhookError, Request], "HTTPException | Awaitable[HTTPException | None] | None"
]
"""``on_error(error, request)``: return (or raise) an ``HTTPException`` to use
instead of the default one, or return ``None`` for the default. May be async."""


class WebhookHTTPException(HTTPException):
    """The ``HTTPException`` raised by :func:`verified_event` for a rejected webhook.

    FastAPI renders it as ``{"detail": {"code": ..., "message": ...}}`` with the
    status of :attr:`error`.

    Args:
        error: The webhook error that caused the rejection.
    """

    def __init__(self, error: WebhookError) -> None:
        response = WebhookReceiver.error_response(error)
        headers = {k: v for k, v in response.headers if k.lower() != "content-type"}
        super().__init__(
            status_code=response.status_code,
            detail=response.content,
            headers=headers or None,
        )
        self.error = error


async def _read_body(request: Request, receiver: WebhookReceiver) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        receiver.check_body_size(size)
        chunks.append(chunk)
    body = b"".join(chunks)
    # Cache it the way Starlette does, so the endpoint may still await request.body().
    request._body = body
    return body


def verified_event(
    *,
    secret: SecretSource,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    on_error: FastAPIErrorHandler | None = None,
) -> Callable[[Request], Awaitable[WebhookEvent]]:
    """Create a FastAPI dependency returning the verified :class:`~fivetrex.webhooks.WebhookEvent`.

    Use as ``event: WebhookEvent = Depends(verified_event(secret=...))``. The
    raw body is verified (``await request.body()`` still works in the
    endpoint). A rejected request raises :class:`WebhookHTTPException` with
    status 405/413/400/401/422/500 (see
    :class:`~fivetrex.webhooks.WebhookReceiver`) and body
    ``{"detail": {"code": ..., "message": ...}}``, FastAPI's convention.

    Args:
        secret: The secret, a list of secrets (rotation), or a zero-argument
            callable returning them, called per request (e.g. :func:`from_env`).
        max_body_size: Largest accepted body in bytes (default 1 MiB).
        on_error: Optional ``on_error(error, request)`` hook; return or raise an
            ``HTTPException`` to replace the default one, or return ``None``.

    Returns:
        The dependency callable.
    """
    receiver = WebhookReceiver(secret, max_body_size=max_body_size)

    async def fivetran_webhook_event(request: Request) -> WebhookEvent:
        try:
            signature = receiver.check_request(
                request.method,
                request.headers.get("content-length"),
                request.headers.get(SIGNATURE_HEADER),
            )
            body = await _read_body(request, receiver)
            return receiver.verify(body, signature)
        except WebhookError as error:
            if on_error is not None:
                replacement = on_error(error, request)
                if inspect.isawaitable(replacement):
                    replacement = await replacement
                if replacement is not None:
                    raise replacement from error
            raise WebhookHTTPException(error) from error

    return fivetran_webhook_event
