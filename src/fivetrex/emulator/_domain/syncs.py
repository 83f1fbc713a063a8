"""Syncs: pause, resume, sync, re-sync, their outcomes (time is :mod:`.scheduler`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._catalog import STATE_SERVICES
from fivetrex.emulator._clock import format_us
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import SYNC_OUTCOMES
from fivetrex.emulator._errors import ConflictError, InvalidInputError, NotFoundError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._state import Doc

__all__ = ["SyncOutcome", "SyncsArea"]


def _fits(value: object, minimum: int, *, integer: bool = False) -> bool:
    """Whether ``value`` is a number (an integer if ``integer``; never a boolean) of at
    least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return (isinstance(value, int) or not integer) and value >= minimum


@dataclass(frozen=True, kw_only=True)
class SyncOutcome:
    """How the next ``times`` syncs of a connection end (a test hook of the control plane).

    It checks its values on creation (400 ``InvalidInput``), whether they come from a
    control-plane body or from Python.

    Attributes:
        outcome: ``success``, ``failure`` or ``rescheduled``.
        reason: The failure or reschedule reason (in ``status`` and the webhook).
        task_code: For a failure: a ``status.tasks`` entry with this code instead of a
            warning (``sync_end`` status ``FAILURE_WITH_TASK``).
        reschedule_after: For ``rescheduled``: seconds until ``rescheduled_for``.
        duration: Virtual seconds the sync takes (overrides the setting).
        polls: GETs of the connection that complete it (overrides the setting).
        times: How many consecutive syncs end this way (at least 1).
    """

    outcome: str = "success"
    reason: str | None = None
    task_code: str | None = None
    reschedule_after: float | None = None
    duration: float | None = None
    polls: int | None = None
    times: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.outcome, str) or self.outcome not in SYNC_OUTCOMES:
            raise InvalidInputError(
                f"Invalid outcome '{self.outcome}': use one of {', '.join(sorted(SYNC_OUTCOMES))}"
            )
        for key in ("reason", "task_code"):
            if getattr(self, key) is not None and not isinstance(getattr(self, key), str):
                raise InvalidInputError(f"Field '{key}' must be a string")
        for key in ("reschedule_after", "duration"):
            value = getattr(self, key)
            if value is not None and not _fits(value, 0):
                raise InvalidInputError(f"Field '{key}' must be a non-negative number")
        if self.polls is not None and not _fits(self.polls, 0, integer=True):
            raise InvalidInputError("Field 'polls' must be a non-negative integer")
        if not _fits(self.times, 1, integer=True):
            raise InvalidInputError("Field 'times' must be a positive integer")

    def entry(self) -> dict[str, Any]:
        """The queued form of one sync's outcome: ``outcome`` and the fields that are set."""
        entry: dict[str, Any] = {"outcome": self.outcome}
        for key in ("reason", "task_code", "reschedule_after", "duration", "polls"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = float(value) if key in ("reschedule_after", "duration") else value
        return entry


class SyncsArea(BackendBase):
    """Starting, polling and finishing syncs; test hooks for their outcomes."""

    if TYPE_CHECKING:

        def _source(self, doc: Doc) -> Doc: ...

        def complete_before_resync(self, connection_id: str) -> None: ...

    def _pause(self, doc: Doc) -> None:
        doc["paused"] = True
        sync = self.state.get("syncs", doc["id"])
        if sync is not None:
            self.state.delete("syncs", doc["id"])
            if sync.get("active"):
                self._emit("sync_end", doc, {"status": "CANCELED"}, sync_id=sync["sync_id"])
        doc["status"]["sync_state"] = "paused"
        doc["status"]["rescheduled_for"] = None
        self._emit("pause_connector", doc)

    def _resume(self, doc: Doc) -> None:
        doc["paused"] = False
        doc["status"]["sync_state"] = "scheduled"
        self._emit("resume_connector", doc)
        if doc.pop("_pending_historical", False):
            self._start_sync(doc, historical=True)

    def sync_connection(self, connection_id: str, *, force: bool = False) -> None:
        """``POST /v1/connections/{connectionId}/sync`` (and the legacy ``/force``).

        Already syncing and ``force`` false: nothing happens (still 200). ``force`` true
        cancels the running sync and starts a new one. A paused connection answers 409.
        """
        doc = self._connection(connection_id)
        if doc["paused"]:
            raise ConflictError(
                f"Connection with id '{connection_id}' is paused; resume it before syncing"
            )
        sync = self.state.get("syncs", connection_id)
        if sync is not None and sync.get("active") and not force:
            return
        self._emit("force_update_connector", doc)
        self._start_sync(doc, historical=bool(doc["status"]["is_historical_sync"]), restart=True)

    def resync_connection(
        self, connection_id: str, scope: dict[str, list[str]] | None = None
    ) -> None:
        """``POST /v1/connections/{connectionId}/resync`` (historical re-sync).

        ``scope`` (schema name → table names, checked in form by the route) limits it to
        those tables, which must exist (404); ``None`` re-syncs the whole connection.
        """
        doc = self._connection(connection_id)
        if scope is not None:
            self._check_scope_tables(doc, scope)
        self.complete_before_resync(connection_id)
        self._emit("resync_table" if scope else "resync_connector", doc)
        doc["status"]["is_historical_sync"] = True
        self.state.touch("connections", connection_id)
        if doc["paused"]:
            doc["_pending_historical"] = True
            return
        self._start_sync(doc, historical=True)

    def resync_tables(self, connection_id: str, tables: dict[str, list[str]]) -> None:
        """``POST /v1/connections/{connectionId}/schemas/tables/resync``.

        ``tables``: schema name → the names of its tables to re-sync (a non-empty map of
        non-empty arrays, checked by the route); each must exist (404).
        """
        doc = self._connection(connection_id)
        self._check_scope_tables(doc, tables)
        self.complete_before_resync(connection_id)
        self._emit("resync_table", doc)
        if not doc["paused"]:
            self._start_sync(doc, historical=False)

    def _check_scope_tables(self, doc: Doc, scope: dict[str, list[str]]) -> None:
        """Every schema and table of a re-sync ``scope`` exists (404 otherwise)."""
        cfg = self.state.get("schemas", doc["id"])
        if cfg is not None:
            catalog = {name: node["tables"] for name, node in cfg["schemas"].items()}
        else:
            catalog = self._source(doc)["schemas"]
        check_tables_exist(catalog, scope)

    def _next_outcome(self, connection_id: str) -> dict[str, Any]:
        queue_doc = self.state.get("outcomes", connection_id)
        if queue_doc and queue_doc["queue"]:
            outcome: dict[str, Any] = queue_doc["queue"].pop(0)
            if queue_doc["queue"]:
                self.state.touch("outcomes", connection_id)
            else:
                self.state.delete("outcomes", connection_id)
            return outcome
        return {"outcome": "success"}

    def _start_sync(self, doc: Doc, *, historical: bool, restart: bool = False) -> None:
        connection_id = doc["id"]
        old = self.state.get("syncs", connection_id)
        if old is not None and old.get("active"):
            if not restart:
                return
            self._emit("sync_end", doc, {"status": "CANCELED"}, sync_id=old["sync_id"])
        outcome = self._next_outcome(connection_id)
        duration = outcome.get("duration")
        if duration is None:
            duration = self.settings.sync_duration_seconds
        started = self.state.stamp()
        due = self.state.clock.now() + timedelta(seconds=float(duration))
        sync: Doc = {
            "active": True,
            "sync_id": self.state.new_uuid(),
            "started_at": format_us(started),
            "due_at": format_us(due),
            "due_ts": due.timestamp(),
            "polls": 0,
            "polls_to_complete": outcome.get("polls"),
            "historical": historical,
            "outcome": outcome,
        }
        self.state.put("syncs", connection_id, sync)
        status = doc["status"]
        status["sync_state"] = "syncing"
        status["rescheduled_for"] = None
        if historical:
            status["is_historical_sync"] = True
        self.state.touch("connections", connection_id)
        self._emit("sync_start", doc, {}, sync_id=sync["sync_id"])

    def _poll(self, connection_id: str) -> None:
        sync = self.state.get("syncs", connection_id)
        if sync is None or not sync.get("active"):
            return
        sync["polls"] += 1
        self.state.touch("syncs", connection_id)
        needed = sync.get("polls_to_complete")
        if needed is None:
            needed = self.settings.sync_polls_to_complete
        if needed and sync["polls"] >= needed:
            self.finish_sync(connection_id)

    def finish_sync(self, connection_id: str, at: datetime | None = None) -> bool:
        """Complete the running sync of a connection (now, or dated ``at``, when it became
        due); return whether one was running."""
        sync = self.state.get("syncs", connection_id)
        doc = self.state.get("connections", connection_id)
        if sync is None or not sync.get("active") or doc is None:
            return False
        self.state.delete("syncs", connection_id)
        outcome = sync["outcome"]
        kind = outcome.get("outcome", "success")
        stamp = self.state.stamp(at)
        ts = format_us(stamp)
        status = doc["status"]
        status["sync_state"] = "paused" if doc["paused"] else "scheduled"
        status["rescheduled_for"] = None
        if kind == "success":
            data = self._sync_succeeded(doc, ts)
        elif kind == "failure":
            data = _sync_failed(doc, outcome, ts)
        else:
            data = self._sync_rescheduled(doc, sync, outcome)
        self.state.touch("connections", connection_id)
        self._emit("sync_end", doc, data, sync_id=sync["sync_id"])
        return True

    def _sync_succeeded(self, doc: Doc, ts: str) -> dict[str, Any]:
        """A successful sync's end (a state-keeping connector's cursor moves to ``ts``)."""
        status = doc["status"]
        doc["succeeded_at"] = ts
        status["is_historical_sync"] = False
        status["update_state"] = "on_schedule"
        status["setup_state"] = "connected"
        status["tasks"] = []
        status["warnings"] = []
        if doc["service"] in STATE_SERVICES:
            current = self.state.get("conn_states", doc["id"])
            state = dict(current["state"]) if current else {}
            state["cursor"] = ts
            self.state.put("conn_states", doc["id"], {"state": state})
        return {"status": "SUCCESSFUL"}

    def _sync_rescheduled(self, doc: Doc, sync: Doc, outcome: Doc) -> dict[str, Any]:
        """A rescheduled sync's end: an unpaused connection's sync is due again later."""
        after = outcome.get("reschedule_after")
        if after is None:
            after = self.settings.reschedule_after_seconds
        when = self.state.clock.now() + timedelta(seconds=float(after))
        reason = outcome.get("reason") or "Rescheduled: the source rate limit was reached"
        status = doc["status"]
        status["sync_state"] = "paused" if doc["paused"] else "rescheduled"
        status["rescheduled_for"] = format_us(when)
        if not doc["paused"]:
            self.state.put(
                "syncs",
                doc["id"],
                {
                    "active": False,
                    "sync_id": sync["sync_id"],
                    "rescheduled_for": format_us(when),
                    "due_ts": when.timestamp(),
                    "historical": sync["historical"],
                },
            )
        return {"status": "RESCHEDULED", "reason": reason, "rescheduledAt": format_us(when)}

    def schedule_outcome(self, connection_id: str, outcome: SyncOutcome) -> dict[str, Any]:
        """Queue the ``outcome`` of the next ``outcome.times`` syncs of a connection (control
        plane); returns the connection's queue."""
        self._connection(connection_id)
        entry = outcome.entry()
        queue_doc = self.state.get("outcomes", connection_id) or {"queue": []}
        queue_doc["queue"].extend(_clone(entry) for _ in range(outcome.times))
        self.state.put("outcomes", connection_id, queue_doc)
        return {"connection_id": connection_id, "queued": list(queue_doc["queue"])}

    def set_setup_tests_outcome(self, connection_id: str, passed: bool) -> None:
        """Make setup tests of a connection (or destination) pass or fail."""
        doc = self.state.get("connections", connection_id)
        kind = "connections"
        if doc is None:
            doc = self.state.get("destinations", connection_id)
            kind = "destinations"
        if doc is None:
            raise NotFoundError("Connection", connection_id)
        if passed:
            doc.pop("_fail_setup_tests", None)
        else:
            doc["_fail_setup_tests"] = True
        self.state.touch(kind, connection_id)


def check_tables_exist(
    catalog: Mapping[str, Mapping[str, Any]], scope: dict[str, list[str]]
) -> None:
    """Every schema and table named in a re-sync ``scope`` exists in ``catalog`` (schema
    name → tables by name); 404 ``NotFound_Schema`` / ``NotFound_Table`` otherwise, as a
    schema-config update naming a missing one answers."""
    for schema, tables in scope.items():
        known = catalog.get(schema)
        if known is None:
            raise NotFoundError("Schema", schema, message=f"Schema '{schema}' does not exist")
        for table in tables:
            if table not in known:
                raise NotFoundError(
                    "Table", table, message=f"Table '{table}' does not exist in schema '{schema}'"
                )


def _sync_failed(doc: Doc, outcome: Doc, ts: str) -> dict[str, Any]:
    """A failed sync's end: a task (with ``task_code``: setup broken) or a warning."""
    reason = outcome.get("reason") or "The sync failed (injected by the fivetrex emulator)"
    status = doc["status"]
    doc["failed_at"] = ts
    status["update_state"] = "delayed"
    task_code = outcome.get("task_code")
    if task_code:
        status["tasks"] = [{"code": task_code, "message": reason, "details": reason}]
        status["setup_state"] = "broken"
        return {"status": "FAILURE_WITH_TASK", "reason": reason, "taskType": task_code}
    status["warnings"] = [{"code": "sync_failure", "message": reason, "details": reason}]
    return {"status": "FAILURE", "reason": reason}
