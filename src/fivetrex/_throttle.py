"""Client-side throttling: stay under Fivetran's documented rate limits.

Off by default. ``Fivetrex(rate_limit="standard")`` (or ``"trial"``, a number of
requests per hour, or a :class:`RateLimit`) makes every call of the client — and
of its ``with_options`` copies, and of all concurrent tasks — take a slot from
shared sliding windows before it is sent, with separate windows for the
setup-test and source-interaction endpoints. When a response says
``X-Rate-Limit-Remaining`` is running low, requests are spaced out further. A bulk
job then finishes without a 429 storm.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ._public import exported_from_fivetrex
from .errors import InvalidArgumentError

__all__ = ["RateLimit", "Throttle", "classify"]

ALL = "all"
SETUP_TEST = "setup_test"
SOURCE = "source"


@dataclass(frozen=True)
class RateLimit:
    """Request budgets (``None`` disables a window). Defaults: a paid account's limits.

    Each budget is a whole number of requests, at least 1, or ``None``; ``0`` is not
    "no limit" (that is ``None``) but an error, as is any other value: the constructor
    raises :class:`~fivetrex.InvalidArgumentError`.

    Attributes:
        per_hour: All requests per rolling hour.
        setup_tests_per_minute: Setup-test requests per minute.
        setup_tests_per_hour: Setup-test requests per hour.
        source_per_minute: Source-interaction requests (setup tests, schema reloads,
            table column reads) per minute.
        source_per_hour: Source-interaction requests per hour.
        low_remaining: When ``X-Rate-Limit-Remaining`` falls below this fraction of
            ``X-Rate-Limit``, requests are spaced out to last the rest of the hour.
    """

    per_hour: int | None = 20_000
    setup_tests_per_minute: int | None = 250
    setup_tests_per_hour: int | None = 2_500
    source_per_minute: int | None = 500
    source_per_hour: int | None = 5_000
    low_remaining: float = 0.05

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "low_remaining":
                if not _fraction(value):
                    raise InvalidArgumentError(
                        f"RateLimit.low_remaining must be a number from 0 to 1, got {value!r}"
                    )
            elif value is not None and not _whole_positive(value):
                raise InvalidArgumentError(
                    f"RateLimit.{item.name} must be a whole number of requests >= 1, or None "
                    f"to disable that window, got {value!r}"
                )

    @classmethod
    def standard(cls) -> RateLimit:
        """Free, Standard, Enterprise and Business Critical accounts."""
        return cls()

    @classmethod
    def trial(cls) -> RateLimit:
        """Trial accounts."""
        return cls(
            per_hour=500,
            setup_tests_per_minute=None,
            setup_tests_per_hour=50,
            source_per_minute=25,
            source_per_hour=250,
        )

    @classmethod
    def parse(cls, value: RateLimit | str | int | float) -> RateLimit:
        """A :class:`RateLimit` from a preset name, a requests-per-hour number, or itself.

        Raises:
            InvalidArgumentError: Anything else: an unknown preset, a number that is not a
                whole number of requests >= 1 (``0``, ``-5``, ``0.5``, ``nan``, ``inf``),
                another type.
        """
        if isinstance(value, RateLimit):
            return value
        if isinstance(value, str):
            presets = {"standard": cls.standard, "trial": cls.trial}
            if value not in presets:
                raise InvalidArgumentError(
                    f"rate_limit must be 'standard', 'trial', a number of requests per hour "
                    f"or a RateLimit, got {value!r}"
                )
            return presets[value]()
        if not _whole_positive(value):
            raise InvalidArgumentError(
                f"rate_limit must be 'standard', 'trial', a whole number of requests per hour "
                f"(>= 1) or a RateLimit, got {value!r}"
            )
        return cls(per_hour=int(value))


exported_from_fivetrex(RateLimit)


def _whole_positive(value: object) -> bool:
    """Whether ``value`` is a whole number >= 1 (an ``int``, or a float like ``1000.0``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and value >= 1 and value == int(value)


def _fraction(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 0 <= value <= 1


class _Window:
    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.times: list[float] = []

    def earliest(self, now: float) -> float:
        cut = bisect.bisect_right(self.times, now - self.seconds)
        if cut:
            del self.times[:cut]
        if len(self.times) < self.limit:
            return now
        return self.times[-self.limit] + self.seconds

    def take(self, at: float) -> None:
        bisect.insort(self.times, at)


class Throttle:
    """Shared sliding windows; thread-safe. :meth:`reserve` returns how long to wait."""

    def __init__(self, limits: RateLimit) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._windows: dict[str, list[_Window]] = {ALL: [], SETUP_TEST: [], SOURCE: []}
        for key, limit, seconds in (
            (ALL, limits.per_hour, 3600.0),
            (SETUP_TEST, limits.setup_tests_per_minute, 60.0),
            (SETUP_TEST, limits.setup_tests_per_hour, 3600.0),
            (SOURCE, limits.source_per_minute, 60.0),
            (SOURCE, limits.source_per_hour, 3600.0),
        ):
            if limit is not None:  # RateLimit checked it: a whole number >= 1
                self._windows[key].append(_Window(int(limit), seconds))
        self._gap = 0.0
        self._last = float("-inf")

    def reserve(self, categories: frozenset[str], now: float, within: float | None = None) -> float:
        """Take a slot in every window of ``categories`` (and ``all``); seconds to wait.

        With ``within``, a wait of ``within`` seconds or more takes no slot: the wait is
        returned and the caller gives up (the call's ``total_timeout`` would pass).
        """
        with self._lock:
            windows = [w for key in ({ALL} | categories) for w in self._windows.get(key, [])]
            at = max([now, self._last + self._gap, *(w.earliest(now) for w in windows)])
            if within is not None and at - now >= within:
                return at - now
            for window in windows:
                window.take(at)
            self._last = at
            return at - now

    def observe(self, headers: Mapping[str, str]) -> None:
        """Slow down when the server says the hourly budget is running low."""
        try:
            limit = int(headers["X-Rate-Limit"])
            remaining = int(headers["X-Rate-Limit-Remaining"])
        except (KeyError, ValueError):
            return
        with self._lock:
            if limit > 0 and remaining < limit * self.limits.low_remaining:
                # spread what is left over the hour, at most one request a minute
                self._gap = min(60.0, 3600.0 / max(remaining, 1))
            else:
                self._gap = 0.0


_CONN_OR_DEST = re.compile(r"^/(connections|connectors|destinations)(/[^/]+)?(/test)?$")
_SOURCE_PATHS = re.compile(
    r"^/(connections|connectors)/[^/]+/schemas(/reload|/[^/]+/tables/[^/]+/columns)$"
)


def classify(method: str, path: str, body: Any) -> frozenset[str]:
    """The rate-limit categories of a request, per Fivetran's rate-limiting docs."""
    match = _CONN_OR_DEST.match(path)
    if match:
        has_id, is_test = match.group(2) is not None, match.group(3) is not None
        runs_tests = isinstance(body, dict) and body.get("run_setup_tests")
        if (
            (method == "POST" and is_test)
            or (method == "POST" and not has_id and runs_tests is not False)
            or (method == "PATCH" and has_id and not is_test and runs_tests is True)
        ):
            return frozenset({SETUP_TEST, SOURCE})
    reload = path.endswith("/reload")
    if _SOURCE_PATHS.match(path) and method == ("POST" if reload else "GET"):
        return frozenset({SOURCE})
    return frozenset()
