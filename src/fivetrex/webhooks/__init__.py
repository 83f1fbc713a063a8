"""Receive Fivetran webhooks: signature verification and typed events.

This package never imports a web framework. Framework receivers live in the
submodules :mod:`fivetrex.webhooks.asgi`, :mod:`fivetrex.webhooks.fastapi`,
:mod:`fivetrex.webhooks.wsgi`, :mod:`fivetrex.webhooks.flask` and
:mod:`fivetrex.webhooks.django`.
"""

from __future__ import annotations

from fivetrex.webhooks._errors import (
    InvalidSignatureError,
    MissingSignatureError,
    WebhookError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from fivetrex.webhooks._signature import (
    SIGNATURE_HEADER,
    SecretValue,
    compute_signature,
    is_valid_signature,
    sign_payload,
    verify_signature,
)

__all__ = [
    "SIGNATURE_HEADER",
    "InvalidSignatureError",
    "MissingSignatureError",
    "SecretValue",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "compute_signature",
    "is_valid_signature",
    "sign_payload",
    "verify_signature",
]
