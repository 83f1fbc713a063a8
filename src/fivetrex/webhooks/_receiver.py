"""Framework-neutral request handling shared by every webhook receiver.

Each framework adapter (ASGI, WSGI, FastAPI, Flask, Django) only translates
its request and response objects; the decisions (which status for which
failure, the order of the checks, the body limit, secret resolution and the
JSON error body) are made here, once.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from fivetrex.webhooks._errors import (
    InvalidContentLengthError,
    MethodNotAllowedError,
    MissingSignatureError,
    PayloadTooLargeError,
    WebhookConfigurationError,
    WebhookError,
)
from fivetrex.webhooks._event import WebhookEvent, construct_event
from fivetrex.webhooks._signature import SIGNATURE_HEADER, SecretValue

__all__ = [
    "DEFAULT_ENV_VAR",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_PATHS",
    "ErrorResponse",
    "SecretSource",
    "WebhookReceiver",
    "from_env",
    "normalise_paths",
    "parse_content_length",
    "resolve_secret",
]

logger = logging.getLogger("fivetrex.webhooks")

DEFAULT_MAX_BODY_SIZE = 1_048_576
"""Default body size limit of the receivers (1 MiB)."""

DEFAULT_PATHS: tuple[str, ...] = ("/webhooks/fivetran",)
"""Default paths protected by the ASGI and WSGI middlewares."""

DEFAULT_ENV_VAR = "FIVETRAN_WEBHOOK_SECRET"
"""Environment variable read by :func:`from_env` when no name is given."""

SecretSource: TypeAlias = SecretValue | Callable[[], SecretValue]
"""What receivers accept as ``secret=``.

A secret value (``str``/``bytes``), a sequence of them (any may match, for
rotation), or a zero-argument callable returning one of those, called on every
request (see :func:`from_env`). A string is always the secret itself, never
the name of an environment variable.
"""


class _EnvSecret:
    """Callable secret source reading an environment variable on every call."""

    __slots__ = ("name", "separator")

    def __init__(self, name: str, separator: str | None) -> None:
        self.name = name
        self.separator = separator

    def __call__(self) -> SecretValue:
        value = os.environ.get(self.name, "")
        if self.separator is not None:
            parts = [p.strip() for p in value.split(self.separator)]
            secrets = [p for p in parts if p]
            if secrets:
                return secrets
        elif value:
            return value
        raise WebhookConfigurationError(
            f"the webhook secret environment variable {self.name} is not set or empty"
        )

    def __repr__(self) -> str:
        return f"from_env({self.name!r}, separator={self.separator!r})"


def from_env(
    name: str = DEFAULT_ENV_VAR, *, separator: str | None = None
) -> Callable[[], SecretValue]:
    """Return a secret source that reads the environment variable ``name`` per request.

    Pass the result as ``secret=`` to any receiver. The variable is read on
    every request, so it can be changed without restarting (and may be unset
    at import time). An unset or empty variable makes the receiver answer 500
    with code ``WebhookMisconfigured``.

    Args:
        name: Name of the environment variable (default ``FIVETRAN_WEBHOOK_SECRET``).
        separator: If given, the value is split on it (and stripped) into
            several secrets, any of which may match, e.g. ``separator=","`` for
            ``FIVETRAN_WEBHOOK_SECRET="new-secret,old-secret"`` during rotation.

    Returns:
        A zero-argument callable returning the secret(s).
    """
    if not name:
        raise ValueError("the environment variable name must not be empty")
    return _EnvSecret(name, separator)


def resolve_secret(source: SecretSource) -> SecretValue:
    """Resolve a :data:`SecretSource` to the secret value(s) for one request.

    Args:
        source: A secret, a sequence of secrets, or a callable returning either.

    Returns:
        The secret value(s).

    Raises:
        WebhookConfigurationError: If the callable raises or returns nothing usable.
            The original exception is chained but its message is not copied,
            since it could contain the secret.
    """
    if not callable(source):
        return source
    try:
        value = source()
    except WebhookConfigurationError:
        raise
    except Exception as exc:
        raise WebhookConfigurationError(
            f"the webhook secret provider raised {type(exc).__name__}"
        ) from exc
    if value is None or (not value and not isinstance(value, (str, bytes))):
        raise WebhookConfigurationError("the webhook secret provider returned no secret")
    return value


@dataclass(frozen=True)
class ErrorResponse:
    """A framework-neutral HTTP error response.

    Attributes:
        status_code: The HTTP status.
        body: The JSON body, ``{"code": ..., "message": ...}``, UTF-8 encoded.
        headers: Response headers (content type, and ``Allow`` for 405).
    """

    status_code: int
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def content(self) -> dict[str, str]:
        """The decoded JSON body."""
        decoded: dict[str, str] = json.loads(self.body)
        return decoded


def normalise_paths(paths: str | Iterable[str]) -> frozenset[str]:
    """Return ``paths`` as a frozenset; a single string is one path (not its characters)."""
    if isinstance(paths, str):
        return frozenset({paths})
    result = frozenset(paths)
    if not all(isinstance(p, str) for p in result):
        raise TypeError("paths must be strings")
    return result


class WebhookReceiver:
    """The decision logic shared by all framework receivers.

    Adapters call, in order: :meth:`check_request` with the method and
    headers (no body read yet), :meth:`check_body_size` while streaming the
    body, then :meth:`verify` with the complete raw body. Any
    :class:`~fivetrex.webhooks.WebhookError` raised is turned into a response
    with :meth:`error_response` (unless the ``on_error`` hook replaces it).

    The checks and their statuses:

    1. method other than POST: 405 ``MethodNotAllowed``;
    2. ``Content-Length`` not a number: 400 ``InvalidContentLength``; above
       ``max_body_size``: 413 ``PayloadTooLarge`` (both before reading);
    3. no ``X-Fivetran-Signature-256``: 400 ``MissingSignature`` (before reading);
    4. body above ``max_body_size`` while streaming: 413 ``PayloadTooLarge``;
    5. secret unavailable: 500 ``WebhookMisconfigured``;
    6. signature mismatch: 401 ``InvalidSignature``;
    7. body not a JSON event: 422 ``InvalidPayload``.

    Args:
        secret: A :data:`SecretSource`.
        max_body_size: Largest accepted body in bytes (default 1 MiB).
    """

    def __init__(self, secret: SecretSource, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int):
            raise TypeError("max_body_size must be an int")
        if max_body_size <= 0:
            raise ValueError("max_body_size must be positive")
        if not callable(secret):
            # Validate static secrets eagerly so misconfiguration fails at startup.
            _validate_static_secret(secret)
        self.secret: SecretSource = secret
        self.max_body_size = max_body_size

    def check_request(
        self, method: str, content_length: str | int | None, signature: str | None
    ) -> str:
        """Run the checks that need no body: method, declared length, signature presence.

        Args:
            method: The HTTP method.
            content_length: The ``Content-Length`` header value, if any.
            signature: The ``X-Fivetran-Signature-256`` header value, if any.

        Returns:
            The signature header value (non-empty).

        Raises:
            MethodNotAllowedError: If the method is not POST.
            InvalidContentLengthError: If ``Content-Length`` is not a number.
            PayloadTooLargeError: If the declared length exceeds the limit.
            MissingSignatureError: If the signature header is missing or blank.
        """
        if method.upper() != "POST":
            raise MethodNotAllowedError(
                f"method {method.upper()} is not allowed for the webhook endpoint; use POST"
            )
        declared = parse_content_length(content_length)
        if declared is not None:
            self.check_body_size(declared)
        if signature is None or not signature.strip():
            raise MissingSignatureError(f"the {SIGNATURE_HEADER} header is missing")
        return signature

    def check_body_size(self, size: int) -> None:
        """Raise :class:`PayloadTooLargeError` if ``size`` exceeds ``max_body_size``.

        Args:
            size: A declared length or the number of bytes received so far.
        """
        if size > self.max_body_size:
            raise PayloadTooLargeError(
                f"the request body exceeds the limit of {self.max_body_size} bytes"
            )

    def verify(self, body: bytes, signature: str | None) -> WebhookEvent:
        """Verify the complete raw body and parse it.

        Args:
            body: The raw request body as received.
            signature: The signature header value.

        Returns:
            The verified event.

        Raises:
            WebhookError: The appropriate subclass for the failure.
        """
        self.check_body_size(len(body))
        secret = resolve_secret(self.secret)
        try:
            return construct_event(body, signature, secret)
        except WebhookConfigurationError:
            logger.error("fivetran webhook rejected: the webhook secret is misconfigured")
            raise
        except TypeError as exc:
            logger.error("fivetran webhook rejected: the webhook secret has an invalid type")
            raise WebhookConfigurationError("the webhook secret has an invalid type") from exc

    @staticmethod
    def error_response(error: WebhookError) -> ErrorResponse:
        """Build the default JSON error response for ``error``.

        Args:
            error: The error raised by one of the checks.

        Returns:
            An :class:`ErrorResponse` with body ``{"code": ..., "message": ...}``.
        """
        logger.info("fivetran webhook rejected: %s (%d)", error.code, error.status_code)
        body = json.dumps(
            {"code": error.code, "message": str(error)}, separators=(",", ":")
        ).encode("utf-8")
        headers: list[tuple[str, str]] = [("Content-Type", "application/json")]
        if isinstance(error, MethodNotAllowedError):
            headers.append(("Allow", "POST"))
        return ErrorResponse(error.status_code, body, tuple(headers))


def parse_content_length(value: str | int | None) -> int | None:
    """Parse a ``Content-Length`` value; ``None`` if absent (or blank, as CGI leaves it).

    Raises:
        InvalidContentLengthError: It is there but not a number of bytes (HTTP 400): a
            body of unknown length is refused rather than read as empty.
    """
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise InvalidContentLengthError(
            f"the Content-Length header is not a number of bytes: {text[:40]!r}"
        )
    return int(text)


def _validate_static_secret(secret: SecretValue) -> None:
    if isinstance(secret, (str, bytes, bytearray)):
        candidates: Sequence[object] = [secret]
    elif isinstance(secret, Sequence):
        candidates = secret
        if not candidates:
            raise WebhookConfigurationError("at least one webhook secret is required")
    else:
        raise TypeError(
            "secret must be a str, bytes, a sequence of them, or a callable returning one"
        )
    for item in candidates:
        if not isinstance(item, (str, bytes, bytearray)):
            raise TypeError("each webhook secret must be str or bytes")
        if not item:
            raise WebhookConfigurationError("the webhook secret must not be empty")
