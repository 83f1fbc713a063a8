"""Sync orchestration: trigger-and-wait, waiting on syncs started elsewhere, bulk helpers.

Completion is decided from the server's timestamps only, never the local clock:
before triggering, the latest of ``succeeded_at``/``failed_at`` is read as the
baseline; the sync is done when one of them moves past it. That is right even
for a sync so short it starts and ends between two polls, for a sync already
running when triggered, and for a connection that never synced (null timestamps).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ._flow import Call, Flow, Gather, Now, Outcome, Sleep, WaitFor
from ._public import exported_from_fivetrex
from ._seconds import is_seconds
from .errors import (
    APIConnectionError,
    InvalidArgumentError,
    RateLimitedError,
    ServerError,
    SyncFailedError,
    SyncPausedError,
    SyncRescheduledError,
    SyncTimeoutError,
)

if TYPE_CHECKING:  # neither is needed at import: `import fivetrex` stays light
    import asyncio

    from .models.connections import SyncStatus

__all__ = [
    "LIST_THRESHOLD",
    "BulkResult",
    "SyncEvents",
    "check_wait_options",
    "gather_by_id",
    "validate_ids",
    "wait_for_sync_flow",
]

T = TypeVar("T")

OnRescheduled = Literal["wait", "raise"]
StatusStrategy = Literal["auto", "get", "list"]

#: ``get_statuses(strategy="auto")`` reads the connection list from this many ids on.
LIST_THRESHOLD = 100

_TRANSIENT = (APIConnectionError, ServerError, RateLimitedError)


class SyncEvents:
    """An event source that ends sync waits early when a ``sync_end`` webhook arrives.

    Feed it the events your webhook receiver gets (``events.feed(event)``; it takes
    :class:`fivetrex.webhooks.WebhookEvent` or the raw dict) and pass it as
    ``events=`` to ``sync_and_wait``/``wait_for_sync``. The wait then re-reads the
    status as soon as the connection's ``sync_end`` arrives instead of sleeping out
    the poll interval. The status (server timestamps) still decides the outcome.
    Thread-safe: feed it from a web server thread.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._counts: dict[str, int] = {}
        self._async_waiters: list[tuple[str, asyncio.AbstractEventLoop, asyncio.Event]] = []

    def marker(self, connection_id: str) -> int:
        """How many ``sync_end`` events were seen for ``connection_id`` so far."""
        with self._cond:
            return self._counts.get(connection_id, 0)

    def feed(self, event: Any) -> None:
        """Record a webhook event (only ``sync_end`` events wake waiters)."""
        if isinstance(event, Mapping):
            name, conn = event.get("event"), event.get("connector_id")
        else:
            name, conn = getattr(event, "event", None), getattr(event, "connector_id", None)
        if name != "sync_end" or not isinstance(conn, str):
            return
        with self._cond:
            self._counts[conn] = self._counts.get(conn, 0) + 1
            self._cond.notify_all()
            waiters = [w for w in self._async_waiters if w[0] == conn]
        for _conn, loop, flag in waiters:
            loop.call_soon_threadsafe(flag.set)

    __call__ = feed

    def wait(self, connection_id: str, marker: int, timeout: float) -> bool:
        """Block until a new ``sync_end`` for the connection (True) or the timeout (False)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._counts.get(connection_id, 0) > marker, timeout=max(0.0, timeout)
            )

    async def wait_async(self, connection_id: str, marker: int, timeout: float) -> bool:
        """The asyncio version of :meth:`wait`."""
        import asyncio  # here, not at import time: `import fivetrex` stays free of asyncio

        flag = asyncio.Event()
        entry = (connection_id, asyncio.get_running_loop(), flag)
        with self._cond:
            if self._counts.get(connection_id, 0) > marker:
                return True
            self._async_waiters.append(entry)
        try:
            await asyncio.wait_for(flag.wait(), timeout=max(0.0, timeout))
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            with self._cond:
                self._async_waiters.remove(entry)


@dataclass
class BulkResult(Generic[T]):
    """The per-item results of a bulk operation: nothing is lost when some items fail.

    Iterating gives ``(connection_id, Outcome)`` pairs in input order.
    """

    outcomes: dict[str, Outcome[T]] = field(default_factory=dict)

    @property
    def succeeded(self) -> dict[str, T]:
        """Values of the items that succeeded."""
        return {k: o.value for k, o in self.outcomes.items() if o.error is None}  # type: ignore[misc]

    @property
    def failed(self) -> dict[str, BaseException]:
        """Errors of the items that failed."""
        return {k: o.error for k, o in self.outcomes.items() if o.error is not None}

    @property
    def ok(self) -> bool:
        """Whether every item succeeded."""
        return not self.failed

    def __iter__(self) -> Iterator[tuple[str, Outcome[T]]]:
        return iter(self.outcomes.items())

    def __len__(self) -> int:
        return len(self.outcomes)

    def __getitem__(self, key: str) -> Outcome[T]:
        return self.outcomes[key]


exported_from_fivetrex(SyncEvents, BulkResult)


def _newer(stamp: Any, baseline: datetime | None) -> bool:
    if not isinstance(stamp, datetime):
        return False
    return baseline is None or stamp > baseline


def _reason(status: SyncStatus) -> str | None:
    for alert in [*status.tasks, *status.warnings]:
        if alert.message:
            return alert.message
    return None


def wait_for_sync_flow(
    get_status: Callable[[str], Flow[SyncStatus]],
    connection_id: str,
    *,
    after: datetime | None,
    timeout: float | None,
    poll_interval: float,
    max_poll_interval: float,
    on_progress: Callable[[SyncStatus], Any] | None,
    on_rescheduled: OnRescheduled,
    events: SyncEvents | None,
    jitter: bool,
    first: SyncStatus | None = None,
) -> Flow[SyncStatus]:
    """Poll until the connection's sync completes after ``after``; see ``wait_for_sync``."""
    check_wait_options(timeout, poll_interval, max_poll_interval)
    start: float = yield Now()
    interval = poll_interval
    status = first
    while True:
        if status is None:
            marker = events.marker(connection_id) if events is not None else 0
            try:
                status = yield from get_status(connection_id)
            except _TRANSIENT:
                status = None  # the HTTP layer already retried; keep waiting
        else:
            marker = events.marker(connection_id) if events is not None else 0
        if status is not None:
            if on_progress is not None:
                yield Call(on_progress, (status,))
            done = _check(connection_id, status, after, on_rescheduled)
            if done is not None:
                return done
        now: float = yield Now()
        elapsed = now - start
        if timeout is not None and elapsed >= timeout:
            raise SyncTimeoutError(
                f"sync of connection {connection_id!r} did not finish within {timeout:g}s",
                connection_id=connection_id,
                status=status,
            )
        delay = interval * (1.0 - 0.1 * random.random()) if jitter else interval
        if timeout is not None:
            delay = min(delay, max(0.0, timeout - elapsed))
        if events is not None:
            yield WaitFor(events, connection_id, marker, delay)
        else:
            yield Sleep(delay)
        interval = min(max_poll_interval, interval * 1.5)
        status = None


def _seconds(name: str, value: object, *, positive: bool) -> None:
    """``value`` is a finite number of seconds, > 0 (``positive``) or >= 0."""
    if is_seconds(value, zero=not positive):
        return
    bound = "> 0" if positive else ">= 0"
    extra = " (None waits forever)" if name == "timeout" else ""
    raise InvalidArgumentError(
        f"{name} must be a finite number of seconds {bound}{extra}, got {value!r}"
    )


def check_wait_options(
    timeout: float | None, poll_interval: float, max_poll_interval: float
) -> None:
    """Raise before anything is sent if a wait option cannot be right (NaN, inf, <= 0...)."""
    if timeout is not None:
        _seconds("timeout", timeout, positive=False)
    _seconds("poll_interval", poll_interval, positive=True)
    _seconds("max_poll_interval", max_poll_interval, positive=True)


def _check(
    connection_id: str, status: SyncStatus, after: datetime | None, on_rescheduled: OnRescheduled
) -> SyncStatus | None:
    succeeded = _newer(status.succeeded_at, after)
    failed = _newer(status.failed_at, after)
    if failed and (not succeeded or status.failed_at >= status.succeeded_at):  # type: ignore[operator]
        reason = _reason(status)
        raise SyncFailedError(
            f"sync of connection {connection_id!r} failed at {status.failed_at}"
            + (f": {reason}" if reason else ""),
            connection_id=connection_id,
            status=status,
            failed_at=status.failed_at,
            reason=reason,
        )
    if succeeded:
        return status
    if status.is_rescheduled and on_rescheduled == "raise":
        raise SyncRescheduledError(
            f"sync of connection {connection_id!r} was rescheduled for {status.rescheduled_for}",
            connection_id=connection_id,
            status=status,
            rescheduled_for=status.rescheduled_for,
        )
    if status.is_paused and not status.is_syncing:
        raise SyncPausedError(
            f"connection {connection_id!r} is paused; no sync will run "
            "(resume it, or pass resume=True to sync_and_wait)",
            connection_id=connection_id,
            status=status,
        )
    return None


def validate_ids(ids: Iterable[str], concurrency: int) -> list[str]:
    """Unique ids in input order; raise before sending anything if one is not a string."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgumentError("concurrency must be an integer >= 1")
    keys = list(dict.fromkeys(ids))
    for key in keys:
        if not isinstance(key, str) or not key:
            raise InvalidArgumentError(f"Expected non-empty string connection ids, got {key!r}")
    return keys


def gather_by_id(
    ids: Iterable[str], make: Callable[[str], Flow[T]], concurrency: int
) -> Flow[BulkResult[T]]:
    """Run ``make(id)`` for every id (bounded concurrency on the async client)."""
    keys = validate_ids(ids, concurrency)
    if not keys:
        return BulkResult({})
    outcomes: list[Outcome[T]] = yield Gather(tuple(make(k) for k in keys), concurrency)
    return BulkResult(dict(zip(keys, outcomes, strict=True)))
