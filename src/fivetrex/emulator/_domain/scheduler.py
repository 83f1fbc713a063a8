"""Sync timing: when running syncs end, when scheduled syncs start, how time is settled.

A sync ends by time: ``settings.sync_duration_seconds`` after it started (a queued
outcome may set its own ``duration``), on the emulator's clock. :meth:`SyncTiming.settle`
brings every sync up to the clock's *now* before a request is served (and, on a server,
several times a second in the background), so details, lists, sync history, connection
state and webhooks all see the same thing, whichever endpoint a client polls.

Completing a sync after ``N`` detail ``GET``\\ s (``settings.sync_polls_to_complete``) is
an explicit test option, off by default.

A mixin of :class:`~fivetrex.emulator._domain.Backend`.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._errors import ConflictError

if TYPE_CHECKING:
    from fivetrex.emulator._settings import Settings
    from fivetrex.emulator._state import Doc, State

__all__ = ["SyncTiming"]

_MAX_STEPS = 100_000


def _scheduled_due(doc: Doc) -> float | None:
    """When an unpaused, automatically scheduled connection's next sync is due (its last
    sync or creation plus ``sync_frequency`` minutes); ``None`` for the others."""
    if doc.get("paused") or doc.get("schedule_type", "auto") != "auto":
        return None
    stamps = [doc.get("succeeded_at"), doc.get("failed_at"), doc.get("created_at")]
    known = [_epoch(t) for t in stamps if isinstance(t, str)]
    if not known:
        return None
    return max(known) + 60.0 * float(doc.get("sync_frequency") or 360)


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


class SyncTiming:
    """Time-driven sync transitions of a backend (running → ended, rescheduled → running)."""

    state: State
    settings: Settings

    if TYPE_CHECKING:

        def _start_sync(self, doc: Doc, *, historical: bool, restart: bool = False) -> None: ...

        def finish_sync(self, connection_id: str, at: datetime | None = None) -> bool: ...

    def settle(self) -> None:
        """Apply every sync transition that is due at the clock's current time."""
        if self.settings.scheduled_syncs:
            self.run_until(self.state.clock.now())
        else:
            self.tick()

    def run_until(self, target: datetime) -> None:
        """Move the clock to ``target``, handling due syncs in time order on the way.

        With ``settings.scheduled_syncs`` on, scheduled syncs start on the way too.
        """
        clock = self.state.clock
        for _ in range(_MAX_STEPS):
            syncs = self.state.tables["syncs"]
            upcoming = min((sync["due_ts"] for sync in syncs.values()), default=math.inf)
            scheduled, doc = self._next_scheduled_sync()
            if min(upcoming, scheduled) > target.timestamp():
                break
            moment = min(upcoming, scheduled)
            if moment > clock.now().timestamp():
                clock.set(datetime.fromtimestamp(moment, timezone.utc))
            if doc is not None and scheduled <= upcoming:
                self._start_sync(doc, historical=False)
            else:
                self.tick()
        clock.set(target)
        self.state.meta_dirty = True
        self.tick()

    def _next_scheduled_sync(self) -> tuple[float, Doc | None]:
        """When the next scheduled sync is due, and for which connection."""
        if not self.settings.scheduled_syncs:
            return math.inf, None
        best: tuple[float, Doc | None] = (math.inf, None)
        syncs = self.state.tables["syncs"]
        for doc in self.state.tables["connections"].values():
            if doc["id"] in syncs:
                continue  # running, or waiting to restart after a reschedule
            due = _scheduled_due(doc)
            if due is not None and due < best[0]:
                best = (due, doc)
        return best

    def tick(self) -> None:
        """End syncs whose duration elapsed (dated when they became due); restart
        rescheduled ones whose time came."""
        syncs = self.state.tables["syncs"]
        if not syncs:
            return
        for _ in range(100):
            now = self.state.clock.now().timestamp() + 1e-6
            due = sorted(
                (sync["due_ts"], cid) for cid, sync in syncs.items() if sync["due_ts"] <= now
            )
            if not due:
                return
            for due_ts, connection_id in due:
                self._sync_due(connection_id, due_ts)

    def _sync_due(self, connection_id: str, due_ts: float) -> None:
        """End the connection's running sync (dated ``due_ts``) or restart a rescheduled one
        (unless the connection is paused)."""
        sync = self.state.tables["syncs"].get(connection_id)
        if sync is None:
            return
        if sync.get("active"):
            self.finish_sync(connection_id, datetime.fromtimestamp(due_ts, timezone.utc))
            return
        doc = self.state.get("connections", connection_id)
        self.state.delete("syncs", connection_id)
        if doc is not None and not doc["paused"]:
            self._start_sync(doc, historical=bool(sync.get("historical")))

    def complete_before_resync(self, connection_id: str) -> None:
        """Make way for a re-sync: "If there is a data sync already in progress, we will
        try to complete it. If it fails, the request will be declined" (409) — the spec.

        The running sync is completed now when it was going to succeed; when its queued
        outcome is a failure or a reschedule it cannot complete, so the re-sync is
        declined with 409 and the running sync is left as it was.
        """
        sync: dict[str, Any] | None = self.state.get("syncs", connection_id)
        if sync is None or not sync.get("active"):
            return
        if sync["outcome"].get("outcome", "success") != "success":
            raise ConflictError(
                f"A sync is in progress for connection with id '{connection_id}' and cannot "
                "be completed; the re-sync cannot be scheduled"
            )
        self.finish_sync(connection_id)
