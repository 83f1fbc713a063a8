"""Receive Fivetran webhooks: signature verification and typed events.

Fivetran signs each delivery with HMAC-SHA256 of the raw body, keyed with the
webhook secret, in the ``X-Fivetran-Signature-256`` header (upper-case hex).

Example:
    >>> from fivetrex.webhooks import construct_event, make_signed_request
    >>> body, headers = make_signed_request(
    ...     {"event": "sync_end", "created": "2026-05-22T00:06:08.638Z",
    ...      "data": {"status": "SUCCESSFUL"}}, "s3cret")
    >>> construct_event(body, headers["X-Fivetran-Signature-256"], "s3cret").succeeded
    True

This package never imports a web framework. Framework receivers live in the
submodules :mod:`fivetrex.webhooks.asgi` (Starlette, FastAPI, any ASGI app),
:mod:`fivetrex.webhooks.fastapi`, :mod:`fivetrex.webhooks.wsgi`,
:mod:`fivetrex.webhooks.flask` and :mod:`fivetrex.webhooks.django`.
"""

from __future__ import annotations

from fivetrex.webhooks._errors import (
    InvalidContentLengthError,
    InvalidSignatureError,
    MethodNotAllowedError,
    MissingSignatureError,
    PayloadTooLargeError,
    WebhookConfigurationError,
    WebhookError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from fivetrex.webhooks._event import (
    WebhookEvent,
    WebhookEventType,
    construct_event,
    parse_event,
)
from fivetrex.webhooks._receiver import (
    DEFAULT_ENV_VAR,
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_PATHS,
    ErrorResponse,
    SecretSource,
    WebhookReceiver,
    from_env,
    resolve_secret,
)
from fivetrex.webhooks._signature import (
    SIGNATURE_HEADER,
    SecretValue,
    compute_signature,
    is_valid_signature,
    verify_signature,
)
from fivetrex.webhooks._testing import make_signed_request

__all__ = [
    "DEFAULT_ENV_VAR",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_PATHS",
    "SIGNATURE_HEADER",
    "ErrorResponse",
    "InvalidContentLengthError",
    "InvalidSignatureError",
    "MethodNotAllowedError",
    "MissingSignatureError",
    "PayloadTooLargeError",
    "SecretSource",
    "SecretValue",
    "WebhookConfigurationError",
    "WebhookError",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookPayloadError",
    "WebhookReceiver",
    "WebhookVerificationError",
    "compute_signature",
    "construct_event",
    "from_env",
    "is_valid_signature",
    "make_signed_request",
    "parse_event",
    "resolve_secret",
    "verify_signature",
]
