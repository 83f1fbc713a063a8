"""Pure WSGI middleware verifying Fivetran webhooks (Flask, Django, any WSGI app).

No framework is imported. On the protected paths the middleware reads the body
(up to ``max_body_size``), verifies the signature over the raw bytes, parses
the event, stores it in ``environ["fivetrex.webhook_event"]`` and replays the
exact body to the application through a fresh ``wsgi.input``. Invalid
requests never reach the app.

Bodies without ``Content-Length`` are read only if the server sets
``wsgi.input_terminated`` (e.g. Werkzeug and Gunicorn for chunked requests),
as PEP 3333 requires; otherwise they are treated as empty and fail
verification.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, TypeAlias

from fivetrex.webhooks._errors import WebhookError
from fivetrex.webhooks._event import WebhookEvent
from fivetrex.webhooks._receiver import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_PATHS,
    ErrorResponse,
    SecretSource,
    WebhookReceiver,
    normalise_paths,
    parse_content_length,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "ENVIRON_KEY",
    "WSGIErrorHandler",
    "WebhookMiddleware",
    "read_wsgi_body",
    "send_error_response",
]

ENVIRON_KEY = "fivetrex.webhook_event"
"""Default environ key holding the verified :class:`~fivetrex.webhooks.WebhookEvent`."""

WSGIErrorHandler: TypeAlias = "Callable[[WebhookError, WSGIEnvironment], WSGIApplication | None]"
"""``on_error(error, environ)``: return a WSGI app (e.g. a Flask/Werkzeug
``Response``) to answer instead of the default JSON error, or ``None``."""

_CHUNK = 65536


def read_wsgi_body(environ: WSGIEnvironment, receiver: WebhookReceiver) -> bytes:
    """Read the request body from ``wsgi.input``, enforcing the receiver's size limit.

    Args:
        environ: The WSGI environ.
        receiver: Supplies ``max_body_size``.

    Returns:
        The raw body.

    Raises:
        InvalidContentLengthError: ``CONTENT_LENGTH`` is set but not a number of bytes.
        PayloadTooLargeError: As soon as more than ``max_body_size`` bytes arrive.
    """
    length = parse_content_length(environ.get("CONTENT_LENGTH"))
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    chunks: list[bytes] = []
    size = 0
    if length is not None:
        receiver.check_body_size(length)
        remaining = length
        while remaining > 0:
            chunk = stream.read(min(remaining, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    elif environ.get("wsgi.input_terminated"):
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            receiver.check_body_size(size)
            chunks.append(chunk)
    return b"".join(chunks)


def send_error_response(response: ErrorResponse, start_response: StartResponse) -> list[bytes]:
    """Send an :class:`~fivetrex.webhooks.ErrorResponse` through WSGI.

    Args:
        response: The response to send.
        start_response: The WSGI ``start_response`` callable.

    Returns:
        The WSGI response iterable.
    """
    status = f"{response.status_code} {HTTPStatus(response.status_code).phrase}"
    headers = [*response.headers, ("Content-Length", str(len(response.body)))]
    start_response(status, headers)
    return [response.body]


class WebhookMiddleware:
    """WSGI middleware that verifies Fivetran webhooks on the given paths.

    Requests to other paths pass through untouched. On a protected path the
    answers are: 405 for a method other than POST, 413 for a body over
    ``max_body_size`` (from ``Content-Length`` before reading, or while
    streaming), 400 for a missing signature or a ``Content-Length`` that is not a
    number, 401 for an invalid signature, 422 for a
    body that is not a JSON event and 500 if the secret is unavailable; each
    with a JSON body ``{"code": ..., "message": ...}``.

    Args:
        app: The wrapped WSGI application (e.g. ``flask_app.wsgi_app``).
        secret: The secret, a list of secrets (rotation), or a zero-argument
            callable returning them, called per request (e.g. :func:`from_env`).
        paths: Exact paths to protect, matched against ``PATH_INFO``.
        max_body_size: Largest accepted body in bytes (default 1 MiB).
        on_error: Optional ``on_error(error, environ)`` hook; return a WSGI app to
            answer instead of the default error response (or ``None``).
        environ_key: Environ key receiving the event.
    """

    def __init__(
        self,
        app: WSGIApplication,
        *,
        secret: SecretSource,
        paths: str | Iterable[str] = DEFAULT_PATHS,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        on_error: WSGIErrorHandler | None = None,
        environ_key: str = ENVIRON_KEY,
    ) -> None:
        self.app = app
        self.receiver: WebhookReceiver = WebhookReceiver(secret, max_body_size=max_body_size)
        self.paths: frozenset[str] = normalise_paths(paths)
        self.on_error = on_error
        self.environ_key = environ_key

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Handle one WSGI request.

        Args:
            environ: The WSGI environ.
            start_response: The WSGI ``start_response`` callable.

        Returns:
            The response iterable.
        """
        if environ.get("PATH_INFO", "") not in self.paths:
            return self.app(environ, start_response)
        try:
            body, event = self._verify(environ)
        except WebhookError as error:
            if self.on_error is not None:
                replacement = self.on_error(error, environ)
                if replacement is not None:
                    return replacement(environ, start_response)
            return send_error_response(self.receiver.error_response(error), start_response)
        environ[self.environ_key] = event
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _verify(self, environ: WSGIEnvironment) -> tuple[bytes, WebhookEvent]:
        signature = self.receiver.check_request(
            str(environ.get("REQUEST_METHOD", "GET")),
            environ.get("CONTENT_LENGTH"),
            environ.get("HTTP_X_FIVETRAN_SIGNATURE_256"),
        )
        body = read_wsgi_body(environ, self.receiver)
        return body, self.receiver.verify(body, signature)
