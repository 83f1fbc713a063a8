"""HMAC-SHA256 signing and verification of Fivetran webhook bodies.

Fivetran signs every webhook delivery (when the webhook has a ``secret``) with
HMAC-SHA256 over the **raw request body bytes**, keyed with the secret, and
sends the hex digest in the ``X-Fivetran-Signature-256`` header. There is no
timestamp and no ``sha256=`` prefix. Fivetran sends upper-case hex;
verification here is case-insensitive and constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import TypeAlias

from fivetrex.webhooks._errors import (
    InvalidSignatureError,
    MissingSignatureError,
    WebhookConfigurationError,
    WebhookVerificationError,
)

__all__ = [
    "SIGNATURE_HEADER",
    "SecretValue",
    "compute_signature",
    "is_valid_signature",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Fivetran-Signature-256"
"""Name of the HTTP header carrying the hex HMAC-SHA256 signature."""

SecretValue: TypeAlias = str | bytes | Sequence[str | bytes]
"""A webhook secret, or a sequence of secrets (any may match, for rotation)."""

_PREFIX = "sha256="
_HEX_DIGITS = frozenset("0123456789abcdef")


def _to_bytes(value: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _secret_bytes(secret: object) -> bytes:
    if not isinstance(secret, (str, bytes, bytearray)):
        raise TypeError(f"a webhook secret must be str or bytes, not {type(secret).__name__}")
    key = _to_bytes(secret)
    if not key:
        raise WebhookConfigurationError("the webhook secret must not be empty")
    return key


def _secret_keys(secret: SecretValue) -> list[bytes]:
    """Normalise ``secret`` to a non-empty list of non-empty byte keys."""
    if isinstance(secret, (str, bytes, bytearray)):
        return [_secret_bytes(secret)]
    if not isinstance(secret, Sequence):
        raise TypeError(
            "the webhook secret must be str, bytes or a sequence of them, "
            f"not {type(secret).__name__}"
        )
    keys = [_secret_bytes(s) for s in secret]
    if not keys:
        raise WebhookConfigurationError("at least one webhook secret is required")
    return keys


def compute_signature(payload: bytes | str, secret: str | bytes) -> str:
    """Compute the signature Fivetran sends for ``payload``.

    This is also the signing helper for tests and emulators.

    Args:
        payload: The raw request body. A ``str`` is encoded as UTF-8.
        secret: The webhook secret (a ``str`` is encoded as UTF-8).

    Returns:
        The upper-case hex HMAC-SHA256 digest of ``payload`` keyed with ``secret``,
        exactly as Fivetran puts it in the ``X-Fivetran-Signature-256`` header.

    Raises:
        WebhookConfigurationError: If ``secret`` is empty (a :class:`ValueError`).
        TypeError: If ``secret`` is neither ``str`` nor ``bytes``.
    """
    key = _secret_bytes(secret)
    return hmac.new(key, _to_bytes(payload), hashlib.sha256).hexdigest().upper()


def _normalise_signature(signature: str | bytes) -> bytes | None:
    """Return the lower-case hex digest given in a header value, or ``None`` if malformed."""
    if isinstance(signature, (bytes, bytearray)):
        try:
            text = bytes(signature).decode("ascii")
        except UnicodeDecodeError:
            return None
    else:
        text = signature
    text = text.strip()
    if text[: len(_PREFIX)].lower() == _PREFIX:
        text = text[len(_PREFIX) :]
    text = text.lower()
    if len(text) != 64 or not _HEX_DIGITS.issuperset(text):
        return None
    return text.encode("ascii")


def _is_blank(signature: str | bytes) -> bool:
    if isinstance(signature, str):
        return not signature.strip()
    return not bytes(signature).strip()


def verify_signature(
    payload: bytes | str,
    signature: str | bytes | None,
    secret: SecretValue,
) -> None:
    """Verify a webhook signature against the raw request body.

    The comparison is constant-time (:func:`hmac.compare_digest`) and
    case-insensitive on the hex digest. Surrounding whitespace and a leading
    ``sha256=`` (GitHub style) are tolerated, although Fivetran sends neither:
    both are unambiguous, so accepting them costs no security.

    Args:
        payload: The raw request body exactly as received. Never pass
            re-serialised JSON: any byte difference invalidates the signature.
        signature: The value of the ``X-Fivetran-Signature-256`` header, or ``None``.
        secret: The webhook secret, or a sequence of secrets; the signature is
            valid if it matches any of them (so secrets can be rotated).

    Raises:
        MissingSignatureError: If ``signature`` is ``None`` or blank.
        InvalidSignatureError: If the signature does not match for any secret.
        WebhookConfigurationError: If no secret, or an empty secret, is given.
        TypeError: If ``secret`` has an unsupported type.
    """
    keys = _secret_keys(secret)
    if signature is None or _is_blank(signature):
        raise MissingSignatureError(f"the {SIGNATURE_HEADER} header is missing")
    given = _normalise_signature(signature)
    body = _to_bytes(payload)
    matched = False
    for key in keys:
        expected = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
        # Compare against every key (no early exit) and even when the header is
        # malformed, so timing does not reveal which check failed.
        matched |= hmac.compare_digest(expected, given if given is not None else b"")
    if not matched:
        raise InvalidSignatureError("the webhook signature does not match the request body")


def is_valid_signature(
    payload: bytes | str,
    signature: str | bytes | None,
    secret: SecretValue,
) -> bool:
    """Return whether ``signature`` is a valid signature of ``payload``.

    Same rules as :func:`verify_signature`, but returns ``False`` instead of
    raising for a missing or mismatching signature. Configuration errors (an
    empty secret) still raise, because they are bugs rather than bad requests.

    Args:
        payload: The raw request body.
        signature: The header value, or ``None``.
        secret: A secret or a sequence of secrets.

    Returns:
        ``True`` if the signature matches any of the secrets.

    Raises:
        WebhookConfigurationError: If no secret, or an empty secret, is given.
    """
    try:
        verify_signature(payload, signature, secret)
    except WebhookVerificationError:
        return False
    return True
