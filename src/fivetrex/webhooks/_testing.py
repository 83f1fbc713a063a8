"""Helpers to build signed webhook requests, for tests and emulators."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from fivetrex.webhooks._signature import SIGNATURE_HEADER, compute_signature

__all__ = ["make_signed_request"]


def make_signed_request(
    event: Mapping[str, Any] | BaseModel | bytes | str,
    secret: str | bytes,
) -> tuple[bytes, dict[str, str]]:
    """Build the body and headers of a webhook delivery, signed like Fivetran does.

    Mappings and models are serialised as compact JSON (as Fivetran sends it);
    ``bytes``/``str`` bodies are used verbatim, which lets tests sign
    arbitrary (even invalid) bodies.

    Example:
        >>> body, headers = make_signed_request(
        ...     {"event": "sync_end", "created": "2026-05-22T00:06:08.638Z"}, "s3cret"
        ... )
        >>> sorted(headers)
        ['Content-Type', 'X-Fivetran-Signature-256']

    Args:
        event: The event payload, or a raw body.
        secret: The webhook secret to sign with.

    Returns:
        ``(body, headers)``: the raw body bytes and a dict with ``Content-Type``
        and ``X-Fivetran-Signature-256``, ready for e.g.
        ``httpx.post(url, content=body, headers=headers)``.
    """
    if isinstance(event, BaseModel):
        body = event.model_dump_json(exclude_unset=True).encode("utf-8")
    elif isinstance(event, Mapping):
        body = json.dumps(dict(event), separators=(",", ":"), default=str).encode("utf-8")
    elif isinstance(event, str):
        body = event.encode("utf-8")
    else:
        body = bytes(event)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: compute_signature(body, secret),
    }
    return body, headers
