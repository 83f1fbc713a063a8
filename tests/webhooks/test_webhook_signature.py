"""Signature computation and verification: known vectors and properties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fivetrex.webhooks import (
    SIGNATURE_HEADER,
    InvalidSignatureError,
    MissingSignatureError,
    WebhookConfigurationError,
    WebhookError,
    WebhookPayloadError,
    WebhookVerificationError,
    compute_signature,
    is_valid_signature,
    verify_signature,
)

# The 287-byte body of a live Fivetran delivery (reference section 7.3).
LIVE_BODY = (
    b'{"event":"sync_end","created":"2026-05-22T00:06:08.638Z",'
    b'"connector_type":"google_cloud_postgresql","connector_id":"assimilate_seem",'
    b'"connector_name":"ftar_pg","sync_id":"b4703f73-6315-4e22-8d7a-3bfb18b2fed2",'
    b'"destination_group_id":"inappropriate_implode","data":{"status":"SUCCESSFUL"}}'
)

# Expected digests computed once, independently, with
# `printf '%s' BODY | openssl dgst -sha256 -hmac SECRET`.
KNOWN_VECTORS = [
    (
        LIVE_BODY,
        "my_webhook_secret",
        "214cec7b3d7716916b32f3bbbe9dda2b72f489e509d38a93527a4630264b1fd1",
    ),
    (
        b'{"event":"sync_end","connector_id":"abc123"}',
        "my_secret",
        "1e2cbb655f41e054e576f9d51969af7a9d18735c8e7ee3a868c25d73d2381a34",
    ),
    (b"", "key", "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"),
    # The classic HMAC-SHA256 example (also on Wikipedia).
    (
        b"The quick brown fox jumps over the lazy dog",
        "key",
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    ),
    # Non-ASCII body and secret: both are UTF-8 encoded.
    (
        '{"event":"sync_start","connector_name":"café ☕"}'.encode(),
        "sécret",
        "8d388fd3b87ab9dcc0d23d20ca18b7303e69f6eece8629238a5ea800d71444bb",
    ),
]

FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,  # never write a .hypothesis/ directory into the checkout
    suppress_health_check=[HealthCheck.too_slow],
)

# HMAC zero-pads short keys, so b"k" and b"k\x00" are the same key by design;
# real secrets are printable text, so control characters are left out.
secrets_st = st.text(
    st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40
) | st.binary(min_size=1, max_size=40).filter(lambda b: not b.endswith(b"\x00"))
bodies_st = st.binary(max_size=512)


def test_header_name() -> None:
    assert SIGNATURE_HEADER == "X-Fivetran-Signature-256"


@pytest.mark.parametrize(("body", "secret", "expected"), KNOWN_VECTORS)
def test_known_vectors(body: bytes, secret: str, expected: str) -> None:
    signature = compute_signature(body, secret)
    assert signature == expected.upper()  # Fivetran sends upper-case hex
    verify_signature(body, expected.upper(), secret)
    verify_signature(body, expected.lower(), secret)
    verify_signature(body, expected, secret.encode())
    assert is_valid_signature(body, expected, secret)


def test_str_payload_is_utf8_encoded() -> None:
    body, secret, expected = KNOWN_VECTORS[-1]
    assert compute_signature(body.decode(), secret) == expected.upper()
    verify_signature(body.decode(), expected, secret)


def test_bytes_like_payloads_and_signatures() -> None:
    body, secret, expected = KNOWN_VECTORS[0]
    verify_signature(bytearray(body), expected.encode(), secret)  # type: ignore[arg-type]
    verify_signature(body, bytearray(expected.encode()), secret)  # type: ignore[arg-type]


def test_whitespace_and_sha256_prefix_are_tolerated() -> None:
    body, secret, expected = KNOWN_VECTORS[0]
    verify_signature(body, f"  {expected}\n", secret)
    verify_signature(body, f"sha256={expected}", secret)
    verify_signature(body, f"SHA256={expected.upper()}", secret)
    with pytest.raises(InvalidSignatureError):
        verify_signature(body, f"sha1={expected}", secret)
    with pytest.raises(InvalidSignatureError):
        verify_signature(body, f"{expected}00", secret)


@pytest.mark.parametrize("signature", [None, "", "   ", b""])
def test_missing_signature(signature: str | bytes | None) -> None:
    body, secret, _ = KNOWN_VECTORS[0]
    with pytest.raises(MissingSignatureError) as info:
        verify_signature(body, signature, secret)
    assert info.value.status_code == 400
    assert info.value.code == "MissingSignature"
    assert not is_valid_signature(body, signature, secret)


@pytest.mark.parametrize(
    "signature",
    ["wrong_signature", "é" * 64, "g" * 64, "0" * 64, b"\xff" * 64],
)
def test_malformed_or_wrong_signature(signature: str | bytes) -> None:
    body, secret, _ = KNOWN_VECTORS[0]
    with pytest.raises(InvalidSignatureError) as info:
        verify_signature(body, signature, secret)
    assert info.value.status_code == 401
    assert not is_valid_signature(body, signature, secret)


def test_rotation_any_secret_may_match() -> None:
    body = LIVE_BODY
    old = compute_signature(body, "old-secret")
    new = compute_signature(body, "new-secret")
    for secrets in (["new-secret", "old-secret"], ("old-secret", b"new-secret")):
        verify_signature(body, old, secrets)
        verify_signature(body, new, secrets)
    with pytest.raises(InvalidSignatureError):
        verify_signature(body, old, ["new-secret"])


@pytest.mark.parametrize("secret", ["", b"", [], ["ok", ""]])
def test_empty_secret_is_a_clear_configuration_error(secret: object) -> None:
    with pytest.raises(WebhookConfigurationError, match="secret"):
        verify_signature(LIVE_BODY, "A" * 64, secret)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="secret"):
        is_valid_signature(LIVE_BODY, "A" * 64, secret)  # type: ignore[arg-type]


def test_empty_secret_when_computing() -> None:
    with pytest.raises(WebhookConfigurationError, match="must not be empty"):
        compute_signature(b"x", "")


@pytest.mark.parametrize("secret", [None, 123, [1, 2], {"a": "b"}])
def test_wrong_secret_type(secret: object) -> None:
    with pytest.raises(TypeError):
        verify_signature(LIVE_BODY, "A" * 64, secret)  # type: ignore[arg-type]


def test_exception_hierarchy() -> None:
    assert issubclass(WebhookVerificationError, ValueError)
    assert issubclass(MissingSignatureError, WebhookVerificationError)
    assert issubclass(InvalidSignatureError, WebhookVerificationError)
    assert issubclass(WebhookPayloadError, WebhookError)
    assert issubclass(WebhookPayloadError, ValueError)
    assert not issubclass(WebhookPayloadError, WebhookVerificationError)
    assert not issubclass(WebhookConfigurationError, WebhookVerificationError)


def test_error_messages_never_contain_secret_or_signature() -> None:
    secret = "super-secret-value"
    signature = compute_signature(b"other", secret)
    for sig in (signature, None):
        with pytest.raises(WebhookVerificationError) as info:
            verify_signature(LIVE_BODY, sig, secret)
        text = str(info.value) + repr(info.value)
        assert secret not in text
        assert signature not in text
        assert signature.lower() not in text


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@FAST
@given(body=bodies_st, secret=secrets_st)
def test_any_correctly_signed_body_verifies_in_either_case(
    body: bytes, secret: str | bytes
) -> None:
    signature = compute_signature(body, secret)
    assert signature == signature.upper()
    assert len(signature) == 64
    verify_signature(body, signature, secret)
    verify_signature(body, signature.lower(), secret)
    assert is_valid_signature(body, signature.lower(), secret)


@FAST
@given(body=bodies_st, other=bodies_st, secret=secrets_st)
def test_any_change_to_the_body_is_rejected(body: bytes, other: bytes, secret: str | bytes) -> None:
    assume(body != other)
    with pytest.raises(InvalidSignatureError):
        verify_signature(other, compute_signature(body, secret), secret)


@FAST
@given(body=bodies_st, secret=secrets_st, data=st.data())
def test_any_change_to_the_signature_is_rejected(
    body: bytes, secret: str | bytes, data: st.DataObject
) -> None:
    signature = compute_signature(body, secret)
    position = data.draw(st.integers(0, len(signature) - 1))
    replacement = data.draw(
        st.sampled_from("0123456789ABCDEF").filter(lambda c: c != signature[position])
    )
    changed = signature[:position] + replacement + signature[position + 1 :]
    with pytest.raises(InvalidSignatureError):
        verify_signature(body, changed, secret)
    # Truncated or extended signatures are rejected too.
    assert not is_valid_signature(body, signature[:-1], secret)
    assert not is_valid_signature(body, signature + "0", secret)


def _as_bytes(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


@FAST
@given(body=bodies_st, secret=secrets_st, other=secrets_st)
def test_any_change_to_the_secret_is_rejected(
    body: bytes, secret: str | bytes, other: str | bytes
) -> None:
    assume(_as_bytes(secret) != _as_bytes(other))
    with pytest.raises(InvalidSignatureError):
        verify_signature(body, compute_signature(body, secret), other)


@FAST
@given(body=bodies_st, secrets=st.lists(secrets_st, min_size=1, max_size=4), data=st.data())
def test_rotation_property(body: bytes, secrets: list[str | bytes], data: st.DataObject) -> None:
    signer = data.draw(st.sampled_from(secrets))
    verify_signature(body, compute_signature(body, signer), secrets)
