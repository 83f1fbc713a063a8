"""Flask view decorator verifying Fivetran webhooks.

Importing this module imports Flask (install ``fivetrex[flask]``).

Example:
    >>> from flask import Flask, g  # doctest: +SKIP
    >>> app = Flask(__name__)  # doctest: +SKIP
    >>> @app.post("/webhooks/fivetran")  # doctest: +SKIP
    ... @verify_webhook(secret=from_env())
    ... def fivetran():
    ...     return {"received": g.fivetran_event.event}
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

try:
    from flask import Response, current_app, g, request
    from flask.typing import ResponseReturnValue
    from werkzeug.exceptions import RequestEntityTooLarge
except ImportError as _exc:
    raise ImportError(
        'fivetrex.webhooks.flask needs Flask: pip install "fivetrex[flask]"', name="flask"
    ) from _exc

from fivetrex.webhooks._errors import PayloadTooLargeError, WebhookError
from fivetrex.webhooks._receiver import (
    DEFAULT_MAX_BODY_SIZE,
    SecretSource,
    WebhookReceiver,
)
from fivetrex.webhooks._signature import SIGNATURE_HEADER

__all__ = ["FlaskErrorHandler", "verify_webhook"]

FlaskErrorHandler: TypeAlias = Callable[[WebhookError, Any], "ResponseReturnValue | None"]
"""``on_error(error, request)``: return any Flask view return value to answer
instead of the default JSON error, or ``None`` for the default."""

F = TypeVar("F", bound=Callable[..., Any])


def _read_body(receiver: WebhookReceiver) -> bytes:
    # Werkzeug stops reading a streamed body silently at max_content_length, so
    # allow one byte more: an over-long body then fails the size check in verify().
    limit = receiver.max_body_size + 1
    try:
        current = request.max_content_length
        request.max_content_length = limit if current is None else min(current, limit)
    except AttributeError:  # Flask < 3.1: the limit is read-only; checked after reading
        pass
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise PayloadTooLargeError(
            f"the request body exceeds the limit of {receiver.max_body_size} bytes"
        ) from None


def verify_webhook(
    *,
    secret: SecretSource,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    on_error: FlaskErrorHandler | None = None,
    event_attr: str = "fivetran_event",
) -> Callable[[F], F]:
    """Decorate a Flask view so it only runs for verified Fivetran webhooks.

    The verified :class:`~fivetrex.webhooks.WebhookEvent` is stored on
    ``flask.g.fivetran_event``; ``request.get_data()`` still returns the raw
    body. Failures answer 405/413/400/401/422/500 with a JSON body
    ``{"code": ..., "message": ...}`` (see
    :class:`~fivetrex.webhooks.WebhookReceiver`).

    Put it *below* the route decorator (``@app.post(...)`` first).

    Args:
        secret: The secret, a list of secrets (rotation), or a zero-argument
            callable returning them, called per request (e.g. :func:`from_env`).
        max_body_size: Largest accepted body in bytes (default 1 MiB).
        on_error: Optional ``on_error(error, request)`` hook returning a Flask
            response value to use instead of the default error, or ``None``.
        event_attr: Attribute of ``flask.g`` receiving the event.

    Returns:
        The view decorator.
    """
    receiver = WebhookReceiver(secret, max_body_size=max_body_size)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            try:
                signature = receiver.check_request(
                    request.method,
                    request.headers.get("Content-Length"),
                    request.headers.get(SIGNATURE_HEADER),
                )
                event = receiver.verify(_read_body(receiver), signature)
            except WebhookError as error:
                if on_error is not None:
                    replacement = on_error(error, request)
                    if replacement is not None:
                        return replacement
                response = receiver.error_response(error)
                return Response(
                    response.body, status=response.status_code, headers=list(response.headers)
                )
            setattr(g, event_attr, event)
            result: ResponseReturnValue = current_app.ensure_sync(view)(*args, **kwargs)
            return result

        return wrapper  # type: ignore[return-value]

    return decorator
