"""Commands that wait for syncs: their ``SECONDS`` options and what Ctrl-C says.

Ctrl-C stops the CLI's wait, never a sync on Fivetran. Every waiting command
(``sync --wait``, ``sync-and-wait``, ``wait-for-sync``, ``sync-many-and-wait``) says
so in its own terms through :func:`explained_interrupt`, with the command to wait
again, and exits 130.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import click

from ._errors import EXIT_INTERRUPTED
from ._seconds import Seconds

__all__ = [
    "WAIT_SECONDS",
    "Stopped",
    "explained_interrupt",
    "first_arg",
    "stopped_many",
    "stopped_sync",
    "stopped_watching",
]

#: The wait options of the library's waiting methods, as checked ``SECONDS`` types
#: (``nan``, ``inf`` and negatives are usage errors before anything is sent).
WAIT_SECONDS: dict[str, Callable[[], click.ParamType[Any, Any]]] = {
    "timeout": lambda: Seconds(zero=True),
    "poll_interval": Seconds,
    "max_poll_interval": Seconds,
}

_NOT_ANOTHER = "(waits for the running sync; without --force it does not start another)"
_NOT_OTHERS = "(waits for the running syncs; without --force it does not start others)"


@dataclass(frozen=True)
class Stopped:
    """What an interrupted wait stopped, what goes on, and how to pick it up.

    Attributes:
        waited: What was waited for (``the sync of conn_1``).
        going_on: What keeps running on Fivetran, or ``None`` when the command started
            nothing.
        state: ``(label, command)`` to see it, or ``None``.
        again: ``(command, note)`` to wait again; the note may be empty.
    """

    waited: str
    going_on: str | None
    state: tuple[str, str] | None
    again: tuple[str, str]

    def __str__(self) -> str:
        head = f"\ninterrupted: stopped waiting for {self.waited}"
        lines = [head + (f"; {self.going_on}." if self.going_on else ".")]
        rows = [self.state] if self.state else []
        rows.append(("wait again", self.again[0]))
        width = max(len(label) for label, _ in rows) + 3
        lines.extend(f"  {label + ':':<{width}}{command}" for label, command in rows)
        if self.again[1]:
            lines.append(" " * (width + 2) + self.again[1])
        return "\n".join(lines)


def _command(*words: str) -> str:
    return "fivetrex connections " + " ".join(shlex.quote(w) for w in words)


def stopped_sync(connection_id: str, again: Sequence[str]) -> Stopped:
    """A sync this command triggered (``sync --wait``, ``sync-and-wait``).

    Args:
        connection_id: The connection.
        again: The command words after ``fivetrex connections`` that wait again.
    """
    return Stopped(
        waited=f"the sync of {connection_id}",
        going_on="a sync already triggered keeps running on Fivetran (Ctrl-C does not cancel it)",
        state=("its state", _command("get-sync-status", connection_id)),
        again=(_command(*again), _NOT_ANOTHER),
    )


def stopped_watching(connection_id: str, after: datetime | None) -> Stopped:
    """``wait-for-sync``: it triggered nothing, so only the wait stopped."""
    since = ["--after", after.isoformat()] if after is not None else []
    return Stopped(
        waited=f"a sync of {connection_id} (wait-for-sync starts none)",
        going_on=None,
        state=None,
        again=(_command("wait-for-sync", connection_id, *since), ""),
    )


def stopped_many(connection_ids: Iterable[Any]) -> Stopped:
    """``sync-many-and-wait``: which of the syncs were triggered is not known here."""
    ids = [str(c) for c in dict.fromkeys(connection_ids)]
    count = len(ids)
    return Stopped(
        waited=f"the syncs of {count} connection{'s' if count != 1 else ''}",
        going_on="some of them may have been triggered already and keep running on Fivetran "
        "(Ctrl-C does not cancel them)",
        state=("their state", _command("get-statuses", *ids)),
        again=(_command("sync-many-and-wait", *ids), _NOT_OTHERS),
    )


@contextmanager
def explained_interrupt(stopped: Callable[[], Stopped]) -> Iterator[None]:
    """On Ctrl-C: say what stopped and what did not (``stopped()``), then exit 130."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo(str(stopped()), err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def first_arg(args: Sequence[Any], kwargs: dict[str, Any], name: str) -> Any:
    """The operation's first argument, given positionally or by name."""
    return args[0] if args else kwargs[name]
