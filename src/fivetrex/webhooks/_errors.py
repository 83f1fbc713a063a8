"""Exceptions raised while receiving Fivetran webhooks."""

from __future__ import annotations

__all__ = [
    "InvalidSignatureError",
    "MissingSignatureError",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookVerificationError",
]


class WebhookError(ValueError):
    """Base class of every error raised when receiving a webhook.

    Subclasses carry a stable ``code`` (used in receiver JSON error bodies) and
    the HTTP ``status_code`` the receivers answer with. Messages never contain
    secrets or signatures.
    """

    code: str = "WebhookError"
    status_code: int = 400


class WebhookVerificationError(WebhookError):
    """The request's signature could not be verified."""

    code = "SignatureVerificationFailed"
    status_code = 401


class MissingSignatureError(WebhookVerificationError):
    """The ``X-Fivetran-Signature-256`` header is missing or empty."""

    code = "MissingSignature"
    status_code = 400


class InvalidSignatureError(WebhookVerificationError):
    """The signature does not match the body for any configured secret."""

    code = "InvalidSignature"
    status_code = 401


class WebhookPayloadError(WebhookError):
    """The body is not a JSON object that can be parsed as a webhook event."""

    code = "InvalidPayload"
    status_code = 422
