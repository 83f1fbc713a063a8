"""Outbound webhook delivery: serialise, sign, POST, record."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ._json import dumps

__all__ = ["DeliverFunction", "HttpDeliverer", "serialise_payload", "sign_body"]

DeliverFunction = Callable[[str, bytes, Mapping[str, str]], int]
"""``deliver(url, body, headers) -> HTTP status``; raise to report a failed delivery."""

SIGNATURE_HEADER = "X-Fivetran-Signature-256"
USER_AGENT = "Fivetran-Webhooks (fivetrex emulator)"


def serialise_payload(payload: Mapping[str, Any]) -> bytes:
    """Serialise an event compactly, exactly as it goes on the wire."""
    return dumps(payload)


def sign_body(body: bytes, secret: str) -> str:
    """Return the upper-case hex HMAC-SHA256 signature Fivetran sends."""
    from fivetrex.webhooks import compute_signature

    return compute_signature(body, secret)


def build_headers(body: bytes, secret: str | None) -> dict[str, str]:
    """Headers of one delivery (signature only when the webhook has a secret)."""
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if secret:
        headers[SIGNATURE_HEADER] = sign_body(body, secret)
    return headers


class HttpDeliverer:
    """The default deliverer: a real HTTP POST with httpx (one pooled client).

    Args:
        timeout: Seconds to wait for each receiver.
    """

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._client: httpx.Client | None = None

    def __call__(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        """POST ``body`` to ``url`` and return the response status."""
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, trust_env=False)
        response = self._client.post(url, content=body, headers=dict(headers))
        return response.status_code

    def close(self) -> None:
        """Close the pooled client."""
        if self._client is not None:
            self._client.close()
            self._client = None
