"""HMAC-SHA256 signing and verification of Fivetran webhook bodies.

Fivetran signs every webhook delivery (when the webhook has a ``secret``) with
HMAC-SHA256 over the **raw request body bytes**, keyed with the secret, and
sends the hex digest in the ``X-Fivetran-Signature-256`` header. Fivetran
sends upper-case hex; verification here is case-insensitive and constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from typing import Union

from fivetrex.webhooks._errors import (
    InvalidSignatureError,
    MissingSignatureError,
    WebhookVerificationError,
)

__all__ = [
    "SIGNATURE_HEADER",
    "SecretValue",
    "compute_signature",
    "is_valid_signature",
    "sign_payload",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Fivetran-Signature-256"
"""Name of the HTTP header carrying the hex HMAC-SHA256 signature."""

_PREFIX = "sha256="

SecretValue = Union[str, bytes, Sequence[Union[str, bytes]]]
"""A webhook secret, or a sequence of secrets (any may match, for rotation)."""


def _to_bytes(value: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _secret_bytes(secret: str | bytes) -> bytes:
    if isinstance(secret, (str, bytes, bytearray)):
        key = _to_bytes(secret)
    else:
        raise TypeError(f"webhook secret must be str or bytes, not {type(secret).__name__}")
    if not key:
        raise ValueError("webhook secret must not be empty")
    return key


def _secrets(secret: SecretValue) -> list[bytes]:
    """Normalise ``secret`` to a non-empty list of non-empty byte keys."""
    if isinstance(secret, (str, bytes, bytearray)):
        return [_secret_bytes(secret)]
    if not isinstance(secret, Iterable):
        raise TypeError(
            "webhook secret must be str, bytes or a sequence of them, "
            f"not {type(secret).__name__}"
        )
    keys = [_secret_bytes(s) for s in secret]
    if not keys:
        raise ValueError("at least one webhook secret is required")
    return keys


def compute_signature(payload: bytes | str, secret: str | bytes) -> str:
    """Compute the signature Fivetran would send for ``payload``.

    Args:
        payload: The raw request body. A ``str`` is encoded as UTF-8.
        secret: The webhook secret (``str`` is encoded as UTF-8).

    Returns:
        The upper-case hex HMAC-SHA256 digest of ``payload`` keyed with ``secret``,
        exactly as Fivetran puts it in the ``X-Fivetran-Signature-256`` header.

    Raises:
        ValueError: If ``secret`` is empty.
    """
    key = _secret_bytes(secret)
    return hmac.new(key, _to_bytes(payload), hashlib.sha256).hexdigest().upper()


sign_payload = compute_signature
"""Alias of :func:`compute_signature` (for symmetry with test helpers)."""


def _normalise_signature(signature: str | bytes) -> bytes:
    if isinstance(signature, (bytes, bytearray)):
        try:
            text = bytes(signature).decode("ascii")
        except UnicodeDecodeError:
            return b""
    else:
        text = signature
    text = text.strip()
    if text[: len(_PREFIX)].lower() == _PREFIX:
        text = text[len(_PREFIX) :]
    try:
        return text.lower().encode("ascii")
    except UnicodeEncodeError:
        return b""


def verify_signature(
    payload: bytes | str,
    signature: str | bytes | None,
    secret: SecretValue,
) -> None:
    """Verify a webhook signature against the raw body.

    Verification is constant-time (:func:`hmac.compare_digest`) and
    case-insensitive on the hex digest. A leading ``sha256=`` (GitHub style) is
    tolerated, although Fivetran does not send one. Surrounding whitespace is
    ignored.

    Args:
        payload: The raw request body exactly as received (never re-serialised JSON).
        signature: The value of the ``X-Fivetran-Signature-256`` header, or ``None``.
        secret: The webhook secret, or a sequence of secrets; the signature is
            valid if it matches any of them (supports secret rotation).

    Raises:
        MissingSignatureError: If ``signature`` is ``None`` or blank.
        InvalidSignatureError: If the signature does not match any secret.
        ValueError: If no secret or an empty secret is given.
        TypeError: If ``secret`` has an unsupported type.
    """
    keys = _secrets(secret)
    if signature is None or not (
        signature.strip() if isinstance(signature, str) else bytes(signature).strip()
    ):
        raise MissingSignatureError(f"missing {SIGNATURE_HEADER} header")
    given = _normalise_signature(signature)
    body = _to_bytes(payload)
    matched = False
    for key in keys:
        expected = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
        # Evaluate every key (no early exit) to keep timing independent of which matched.
        matched |= hmac.compare_digest(expected, given)
    if not matched:
        raise InvalidSignatureError("webhook signature does not match the payload")


def is_valid_signature(
    payload: bytes | str,
    signature: str | bytes | None,
    secret: SecretValue,
) -> bool:
    """Return whether ``signature`` is a valid signature of ``payload``.

    Same rules as :func:`verify_signature`, but returns ``False`` instead of
    raising for a missing or mismatching signature. Configuration errors (empty
    secret) still raise.

    Args:
        payload: The raw request body.
        signature: The header value, or ``None``.
        secret: A secret or a sequence of secrets.

    Returns:
        ``True`` if the signature matches any secret.
    """
    try:
        verify_signature(payload, signature, secret)
    except WebhookVerificationError:
        return False
    return True
