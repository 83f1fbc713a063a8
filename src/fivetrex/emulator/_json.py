"""JSON document helpers shared by the emulator's domain modules."""

from __future__ import annotations

import json
from typing import Any

from fivetrex.emulator._catalog import is_secret_key

__all__ = ["MASK", "clone", "dumps", "mask", "public"]

MASK = "******"
"""What the API returns in place of a secret."""


def mask(value: Any) -> Any:
    """``value`` with every secret-looking config key replaced by :data:`MASK`."""
    if isinstance(value, dict):
        return {
            k: (
                MASK
                if is_secret_key(k) and v not in (None, "") and not isinstance(v, bool)
                else mask(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def clone(value: Any) -> Any:
    """Copy a JSON value (much faster than ``copy.deepcopy``)."""
    if isinstance(value, dict):
        return {k: clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clone(v) for v in value]
    return value


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document without its private (``_``-prefixed) bookkeeping keys."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON: what every emulator response body is made of."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
