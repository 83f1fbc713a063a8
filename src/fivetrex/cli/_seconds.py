"""``SECONDS`` options: a finite number of seconds, checked with a message in CLI terms."""

from __future__ import annotations

import math
from typing import Any

import click

__all__ = ["Seconds"]


class Seconds(click.ParamType):  # type: ignore[type-arg]
    """A finite number of seconds, above zero (or zero too, with ``zero=True``).

    ``nan``, ``inf`` and numbers too large for a float are refused: a timeout that can
    never expire is what leaving the option out means.

    Args:
        zero: Whether 0 is accepted.
    """

    name = "seconds"

    def __init__(self, *, zero: bool = False) -> None:
        self.zero = zero

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """``value`` as a float, or a usage error saying what is expected."""
        if isinstance(value, float) and self._ok(value):
            return value
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not self._ok(seconds):
            expected = "0 or more" if self.zero else "more than 0"
            self.fail(f"{value!r}: expected a number of seconds, {expected}.", param, ctx)
        return seconds

    def _ok(self, seconds: float) -> bool:
        return math.isfinite(seconds) and (seconds >= 0 if self.zero else seconds > 0)
