"""Progress on stderr for long operations, and what the client's retries are doing.

* :class:`Progress`: a rich spinner whose elapsed time moves on its own (the line is
  re-rendered on every refresh, not only when the text changes). Silent unless
  enabled (the CLI enables it only when stderr is a terminal).
* :class:`RetryNotices`: a ``logging`` handler on the ``fivetrex`` logger that turns
  the client's DEBUG "retrying ..." records into ``attempt n of N failed (cause);
  retrying in s``:
  shown in the active progress line, or printed as a line on stderr when there is
  none (so an unreachable server is never silent, even when piped).
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, NamedTuple

__all__ = ["Progress", "Retry", "RetryNotices", "describe_retry"]

#: Progress lines being shown, innermost last (retry notices go to the last one).
_ACTIVE: list[Progress] = []


class _Line:
    """The status text, rendered afresh on every refresh of the spinner."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def __rich__(self) -> Any:
        from rich.text import Text

        return Text.from_markup(self._progress.render())


class Progress:
    """A transient status line on stderr with a moving elapsed time.

    Args:
        enabled: Whether to show anything at all.
        text: The initial text.
        clock: Seconds for the elapsed-time display (wall clock by default).
    """

    def __init__(
        self,
        enabled: bool,
        text: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = enabled
        self.text: str = text
        self.note: str | None = None
        self._note_until: float | None = None
        self._clock = clock
        self._start = clock()
        self._status: Any = None
        self._console: Any = None

    @property
    def elapsed(self) -> float:
        """Seconds since the progress started (by its clock)."""
        return self._clock() - self._start

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
            self._status = self._console.status(_Line(self))
            self._status.start()
        _ACTIVE.append(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        if self._status is not None:
            self._status.stop()
            self._status = None

    def render(self) -> str:
        """The line as rich markup: text, elapsed seconds, and the retry note if any."""
        from rich.markup import escape

        line = f"{escape(self.text)} [dim]({self.elapsed:.0f}s)[/dim]"
        if self.note:
            note = self.note
            if self._note_until is not None:
                left = self._note_until - self._clock()
                note += f"; retrying in {math.ceil(left)}s" if left > 0 else "; retrying now"
            line += f" [yellow]{escape(note)}[/yellow]"
        return line

    def update(self, text: str) -> None:
        """Change the status text (drawn on the next refresh); clears a retry note."""
        self.text = text
        self.note = None
        self._note_until = None

    def retrying(self, note: str, delay: float) -> None:
        """Show a retry (``attempt 1 of 4 failed (ServerError)``); count ``delay`` down."""
        self.note = note
        self._note_until = self._clock() + delay

    def count(self, label: str, n: int) -> None:
        """``Fetching connections… 1,234 so far``."""
        self.update(f"{label}… {n:,} so far")

    def done(self, text: str) -> None:
        """A final line on stderr (kept after the spinner goes away)."""
        if self._console is not None:
            from rich.markup import escape

            self._console.print(f"{escape(text)} [dim]({self.elapsed:.1f}s)[/dim]")


class Retry(NamedTuple):
    """One retry the client announced (``retrying %s in %.2fs (retry %d of %d) after %s``).

    Attributes:
        request: ``GET /v1/groups``.
        cause: What failed (an exception name or an HTTP status).
        failed: The number of the attempt that failed (1 for the first one).
        attempts: Attempts in all (``max_retries + 1``).
        delay: Seconds until the next attempt (number ``failed + 1``).
    """

    request: str
    cause: str
    failed: int
    attempts: int
    delay: float

    @property
    def line(self) -> str:
        """The whole story, for a line on stderr."""
        return f"{self.request}: {self.note}; retrying in {self.delay:.1f}s"

    @property
    def note(self) -> str:
        """Short, for the progress line (which already says what is being done)."""
        return f"attempt {self.failed} of {self.attempts} failed ({self.cause})"


def describe_retry(record: logging.LogRecord) -> Retry | None:
    """The :class:`Retry` a record of the client announces, else ``None``."""
    args = record.args
    if not isinstance(record.msg, str) or not record.msg.startswith("retrying "):
        return None
    if not isinstance(args, tuple) or len(args) != 5:
        return None
    request, delay, retry, max_retries, cause = args
    if not isinstance(delay, (int, float)) or not isinstance(retry, int):
        return None
    if not isinstance(max_retries, int):
        return None
    return Retry(str(request), str(cause), retry, max_retries + 1, float(delay))


class RetryNotices(logging.Handler):
    """Shows the client's retries: in the active progress line, else one line on stderr.

    Args:
        echo: Writes one line for people (default: stderr).
        redact: Applied to what is shown (removes secrets).
    """

    def __init__(
        self,
        echo: Callable[[str], None] | None = None,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(logging.DEBUG)
        self._echo = echo or _stderr_line
        self._redact = redact or (lambda text: text)

    def emit(self, record: logging.LogRecord) -> None:
        """Show one retry record (other records are ignored)."""
        retry = describe_retry(record)
        if retry is None:
            return
        if _ACTIVE and _ACTIVE[-1].enabled:
            _ACTIVE[-1].retrying(self._redact(retry.note), retry.delay)
            return
        self._echo(self._redact(f"fivetrex: {retry.line}"))

    def install(self) -> Callable[[], None]:
        """Attach to the ``fivetrex`` logger (at DEBUG); returns the undo."""
        logger = logging.getLogger("fivetrex")
        previous = logger.level
        logger.addHandler(self)
        if logger.getEffectiveLevel() > logging.DEBUG:
            logger.setLevel(logging.DEBUG)

        def remove() -> None:
            logger.removeHandler(self)
            logger.setLevel(previous)

        return remove


def _stderr_line(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
