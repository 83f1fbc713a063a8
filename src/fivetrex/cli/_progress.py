"""Progress on stderr for long operations: a rich spinner with elapsed time and counts.

Silent unless enabled (the CLI enables it only when stderr is a terminal), so
piped and scripted runs print nothing extra.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

__all__ = ["Progress"]


class Progress:
    """A transient status line on stderr.

    Args:
        enabled: Whether to show anything at all.
        text: The initial text.
        clock: Seconds for the elapsed-time display (wall clock by default).
        min_interval: Minimum wall-clock seconds between two redraws of counts.
    """

    def __init__(
        self,
        enabled: bool,
        text: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        min_interval: float = 0.1,
    ) -> None:
        self.enabled = enabled
        self.text = text
        self._clock = clock
        self._start = clock()
        self._status: Any = None
        self._console: Any = None
        self._last_draw = 0.0
        self._min_interval = min_interval

    @property
    def elapsed(self) -> float:
        """Seconds since the progress started (by its clock)."""
        return self._clock() - self._start

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
            self._status = self._console.status(self._render(self.text))
            self._status.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None

    def _render(self, text: str) -> str:
        from rich.markup import escape

        return f"{escape(text)} [dim]({self.elapsed:.0f}s)[/dim]"

    def update(self, text: str, *, force: bool = True) -> None:
        """Change the status text (throttled unless ``force``)."""
        self.text = text
        if self._status is None:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < self._min_interval:
            return
        self._last_draw = now
        self._status.update(self._render(text))

    def count(self, label: str, n: int) -> None:
        """``Fetching connections… 1,234 so far`` (throttled)."""
        self.update(f"{label}… {n:,} so far", force=False)

    def done(self, text: str) -> None:
        """A final line on stderr (kept after the spinner goes away)."""
        if self._console is not None:
            from rich.markup import escape

            self._console.print(f"{escape(text)} [dim]({self.elapsed:.1f}s)[/dim]")
