"""Signature checks compare with :func:`hmac.compare_digest`, never ``==``.

A timing-safe comparison cannot be observed from its result, so these tests watch the
primitive itself: every check goes through ``hmac.compare_digest`` (once per secret,
even when the first matches), and the verdict is the primitive's verdict.
"""

from __future__ import annotations

import hmac
from typing import Any

import pytest

from fivetrex.webhooks import (
    InvalidSignatureError,
    _signature,
    compute_signature,
    is_valid_signature,
    verify_signature,
)

BODY = b'{"event":"sync_end"}'
REAL = hmac.compare_digest


class Spy:
    """Records the calls to ``hmac.compare_digest`` and answers what it is told to."""

    def __init__(self, verdict: bool | None = None) -> None:
        self.calls: list[tuple[Any, Any]] = []
        self.verdict = verdict

    def __call__(self, a: Any, b: Any) -> bool:
        self.calls.append((a, b))
        return REAL(a, b) if self.verdict is None else self.verdict


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    found = Spy()
    monkeypatch.setattr(_signature.hmac, "compare_digest", found)
    return found


def test_a_valid_signature_is_compared_in_constant_time(spy: Spy) -> None:
    signature = compute_signature(BODY, "s1")
    verify_signature(BODY, signature, ["s1", "s2"])
    # one comparison per secret, no early exit when the first one matches
    assert len(spy.calls) == 2
    expected = compute_signature(BODY, "s1").lower().encode()
    assert (expected, expected) in spy.calls


def test_an_invalid_signature_goes_through_the_primitive_too(spy: Spy) -> None:
    with pytest.raises(InvalidSignatureError):
        verify_signature(BODY, "0" * 64, "s1")
    assert len(spy.calls) == 1
    assert not is_valid_signature(BODY, "not hex at all", "s1")
    assert len(spy.calls) == 2  # a malformed header is compared as well


def test_the_verdict_is_the_primitive_s(monkeypatch: pytest.MonkeyPatch) -> None:
    signature = compute_signature(BODY, "s1")
    monkeypatch.setattr(_signature.hmac, "compare_digest", Spy(verdict=False))
    assert not is_valid_signature(BODY, signature, "s1")  # `==` would say True
    monkeypatch.setattr(_signature.hmac, "compare_digest", Spy(verdict=True))
    assert is_valid_signature(BODY, "0" * 64, "s1")  # `==` would say False
