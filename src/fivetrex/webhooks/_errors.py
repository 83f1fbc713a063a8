"""Exceptions raised while receiving Fivetran webhooks.

Every error carries a stable :attr:`~WebhookError.code` and the HTTP
:attr:`~WebhookError.status_code` the framework receivers answer with. Messages
never contain secrets or signatures.
"""

from __future__ import annotations

__all__ = [
    "InvalidSignatureError",
    "MethodNotAllowedError",
    "MissingSignatureError",
    "PayloadTooLargeError",
    "WebhookConfigurationError",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookVerificationError",
]


class WebhookError(ValueError):
    """Base class of every error raised when receiving a webhook.

    Attributes:
        code: Stable machine-readable error code, used as ``"code"`` in the JSON
            error bodies of the receivers.
        status_code: HTTP status the receivers answer with.
    """

    code: str = "WebhookError"
    status_code: int = 400


class WebhookVerificationError(WebhookError):
    """The request's signature could not be verified (missing or invalid)."""

    code = "SignatureVerificationFailed"
    status_code = 401


class MissingSignatureError(WebhookVerificationError):
    """The ``X-Fivetran-Signature-256`` header is missing or empty (HTTP 400)."""

    code = "MissingSignature"
    status_code = 400


class InvalidSignatureError(WebhookVerificationError):
    """The signature does not match the body for any configured secret (HTTP 401)."""

    code = "InvalidSignature"
    status_code = 401


class InvalidContentLengthError(WebhookError):
    """The ``Content-Length`` header is not a number of bytes (HTTP 400)."""

    code = "InvalidContentLength"
    status_code = 400


class WebhookPayloadError(WebhookError):
    """The body is not a JSON object that parses as a webhook event (HTTP 422).

    Raised only after the signature was verified (or by :func:`parse_event`
    alone); it is deliberately not a :class:`WebhookVerificationError`.
    """

    code = "InvalidPayload"
    status_code = 422


class PayloadTooLargeError(WebhookError):
    """The request body exceeds the receiver's ``max_body_size`` (HTTP 413)."""

    code = "PayloadTooLarge"
    status_code = 413


class MethodNotAllowedError(WebhookError):
    """The webhook endpoint was called with a method other than POST (HTTP 405)."""

    code = "MethodNotAllowed"
    status_code = 405


class WebhookConfigurationError(WebhookError):
    """The receiver is misconfigured, e.g. the secret is empty or not set (HTTP 500).

    Also raised by the core functions for an empty secret; being a
    :class:`ValueError` it reads naturally at call sites.
    """

    code = "WebhookMisconfigured"
    status_code = 500
