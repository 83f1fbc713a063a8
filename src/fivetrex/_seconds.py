"""The one rule for a duration option: a finite number of seconds (``bool`` is not one)."""

from __future__ import annotations

import math

__all__ = ["is_seconds"]


def is_seconds(value: object, *, zero: bool = False) -> bool:
    """Whether ``value`` is a finite number of seconds above 0 (or 0 too, with ``zero``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and (value >= 0 if zero else value > 0)
