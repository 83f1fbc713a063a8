"""The emulator's virtual clock and timestamp formatting."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

__all__ = ["CLOCK_MODES", "DEFAULT_START", "VirtualClock", "format_ms", "format_us", "parse_ts"]

CLOCK_MODES = ("wall", "virtual")
"""``wall``: the clock is the wall clock from now on. ``virtual``: it starts at a chosen
moment and moves only when told to (or, with ``realtime``, at the wall clock's pace)."""

DEFAULT_START = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
"""Where a fresh emulator's clock starts unless told otherwise."""

_ONE_US = timedelta(microseconds=1)


def format_us(dt: datetime) -> str:
    """Format ``dt`` as Fivetran does: UTC ISO-8601 with microseconds and ``Z``."""
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def format_ms(dt: datetime) -> str:
    """Format ``dt`` as webhook payloads do: UTC ISO-8601 with milliseconds and ``Z``."""
    utc = dt.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_ts(value: str) -> datetime:
    """Parse a timestamp produced by :func:`format_us` / :func:`format_ms` (or any ISO-8601)."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


class VirtualClock:
    """A clock that only moves when told to (or, in ``realtime`` mode, with the wall clock).

    ``now()`` is the current virtual time. ``stamp()`` returns a timestamp for a new
    event: never earlier than ``now()`` and strictly later than every stamp handed out
    before, so timestamps the emulator writes are totally ordered.

    :meth:`wall` builds the clock of a server: it reads the wall clock's time now and
    then follows it (``advance`` still moves it ahead, never back).
    """

    def __init__(self, start: datetime | None = None, *, realtime: bool = False) -> None:
        base = start or DEFAULT_START
        if base.tzinfo is None:
            base = base.replace(tzinfo=timezone.utc)
        self._base = base.astimezone(timezone.utc)
        self._offset = 0.0
        self._realtime = realtime
        self._t0 = time.monotonic()
        self._last_stamp: datetime | None = None
        self._wall = False

    @classmethod
    def wall(cls) -> VirtualClock:
        """A clock that reads the wall clock (UTC) from now on."""
        clock = cls(datetime.now(timezone.utc), realtime=True)
        clock._wall = True
        return clock

    def to_wall(self) -> VirtualClock:
        """A wall clock that continues this clock: never earlier than it, same stamps."""
        clock = VirtualClock.wall()
        clock.set(self.now())
        clock._last_stamp = self._last_stamp
        return clock

    @property
    def mode(self) -> str:
        """``"wall"`` or ``"virtual"`` (see :data:`CLOCK_MODES`)."""
        return "wall" if self._wall else "virtual"

    def catch_up(self) -> None:
        """A wall clock restored from a snapshot jumps to the wall clock's time."""
        if self._wall:
            self.set(datetime.now(timezone.utc))

    @property
    def realtime(self) -> bool:
        """Whether the clock also follows the wall clock."""
        return self._realtime

    def now(self) -> datetime:
        """Return the current virtual time (UTC)."""
        seconds = self._offset
        if self._realtime:
            seconds += time.monotonic() - self._t0
        return self._base + timedelta(seconds=seconds)

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by ``seconds`` (must be >= 0) and return the new time."""
        if seconds < 0:
            raise ValueError("the emulator clock cannot go backwards")
        self._offset += float(seconds)
        return self.now()

    def set(self, when: datetime) -> None:
        """Move the clock to ``when`` (must not be earlier than now)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        delta = (when - self.now()).total_seconds()
        self.advance(max(delta, 0.0))

    def stamp(self, at: datetime | None = None) -> datetime:
        """Return a fresh event timestamp, strictly later than any previous stamp.

        ``at`` dates an event that became due earlier than now (a sync that ended
        between two requests); the stamp is still later than every previous one.
        """
        now = self.now() if at is None else min(at, self.now())
        if self._last_stamp is not None and now <= self._last_stamp:
            now = self._last_stamp + _ONE_US
        self._last_stamp = now
        return now

    def to_dict(self) -> dict[str, object]:
        """Serialise the clock (JSON-able)."""
        return {
            "now": format_us(self.now()),
            "last_stamp": format_us(self._last_stamp) if self._last_stamp else None,
            "realtime": self._realtime,
            "mode": self.mode,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> VirtualClock:
        """Rebuild a clock serialised with :meth:`to_dict`."""
        clock = cls(parse_ts(str(data["now"])), realtime=bool(data.get("realtime", False)))
        clock._wall = data.get("mode") == "wall"
        last = data.get("last_stamp")
        if isinstance(last, str):
            clock._last_stamp = parse_ts(last)
        clock.catch_up()
        return clock
