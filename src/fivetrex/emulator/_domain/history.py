"""Sync history and connection errors, observed from the connection lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us, parse_ts
from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import InvalidInputError

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _MAX_WINDOW,
    _ONE_HOUR,
    SYNC_HISTORY_LIMIT,
)

__all__ = ["HistoryArea"]

_END_DETAILS = (
    ("reason", "reason"),
    ("taskType", "task_type"),
    ("rescheduledAt", "rescheduled_for"),
)
"""``sync_end`` data fields copied onto the sync's record: (data key, record key)."""


def _running_record(records: list[Doc], sync_id: str, ended: str) -> Doc:
    """The record of sync ``sync_id`` still running (the newest), or a new one started at
    ``ended`` (appended) when the start was not seen."""
    for record in reversed(records):
        if record["sync_id"] == sync_id and record["ended_at"] is None:
            return record
    record = {"sync_id": sync_id, "started_at": ended, "historical": False}
    records.append(record)
    return record


class HistoryArea(BackendBase):
    """The connection lifecycle observer: sync history, active errors, integrated runs."""

    if TYPE_CHECKING:

        def _run_integrated_transformations(self, connection_id: str) -> None: ...

    def observe_event(
        self,
        event: str,
        conn: Doc,
        data: dict[str, Any] | None,
        sync_id: str | None,
    ) -> None:
        """Record what a connection event means for the platform areas.

        Called by ``Backend._emit`` for every event, whether or not webhooks deliver.
        """
        if event == "delete_connector":
            if self.state.get("sync_history", conn["id"]) is not None:
                self.state.delete("sync_history", conn["id"])
            return
        if event == "sync_start" and sync_id is not None:
            self._history_start(conn, sync_id)
        elif event == "sync_end" and sync_id is not None:
            self._history_end(conn, data or {}, sync_id)

    def _history(self, connection_id: str) -> Doc:
        doc = self.state.get("sync_history", connection_id)
        if doc is None:
            doc = self.state.put("sync_history", connection_id, {"records": [], "errors": {}})
        return doc

    def _history_start(self, conn: Doc, sync_id: str) -> None:
        sync = self.state.get("syncs", conn["id"]) or {}
        started = sync.get("started_at") or format_us(self._now())
        doc = self._history(conn["id"])
        doc["records"].append(
            {
                "sync_id": sync_id,
                "status": "RUNNING",
                "started_at": started,
                "ended_at": None,
                "historical": bool(sync.get("historical", False)),
            }
        )
        del doc["records"][:-SYNC_HISTORY_LIMIT]
        self.state.touch("sync_history", conn["id"])

    def _history_end(self, conn: Doc, data: dict[str, Any], sync_id: str) -> None:
        status = str(data.get("status", "SUCCESSFUL"))
        if status == "SUCCESSFUL":
            ended = conn.get("succeeded_at")
        elif status.startswith("FAILURE"):
            ended = conn.get("failed_at")
        else:
            ended = None
        ended = ended or format_us(self._now())
        doc = self._history(conn["id"])
        record = _running_record(doc["records"], sync_id, ended)
        record["status"] = status
        record["ended_at"] = ended
        for source, target in _END_DETAILS:
            if data.get(source):
                record[target] = data[source]
        errors = doc["errors"]
        if status == "SUCCESSFUL":
            errors.clear()
        elif status.startswith("FAILURE"):
            code = str(data.get("taskType") or "sync_failure")
            errors.setdefault(code, ended)
        self.state.touch("sync_history", conn["id"])
        if status == "SUCCESSFUL":
            self._run_integrated_transformations(conn["id"])

    def list_sync_history(
        self,
        connection_id: str,
        cursor: str | None,
        limit: int,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        window: timedelta | None = None,
    ) -> Page:
        """``GET /v1/connections/{connectionId}/sync-history`` (newest first).

        A sync is listed when it started inside the window. The window is one hour (or
        ``window``, the deprecated ``duration``): before ``end``, after ``start``, or up to
        now when neither is given. It may not exceed 7 days.
        """
        self._connection(connection_id)
        start, end = self._history_window(start, end, window)
        doc = self.state.get("sync_history", connection_id) or {"records": []}
        selected = []
        for record in reversed(doc["records"]):
            started = parse_ts(record["started_at"])
            if started >= start and (end is None or started <= end):
                selected.append(record)
        rows = [{**r, "_seq": index + 1} for index, r in enumerate(selected)]
        return self.page(rows, cursor, limit, lambda r: self._render_history(connection_id, r))

    def _history_window(
        self, start: datetime | None, end: datetime | None, window: timedelta | None
    ) -> tuple[datetime, datetime | None]:
        """``(start, end)`` of the listed window (``end`` ``None``: up to now), checked."""
        span = window or _ONE_HOUR
        if start is None:
            start = (end or self._now()) - span
        elif end is None:
            end = start + span
        if end is not None and start > end:
            raise InvalidInputError("'start_time' must not be after 'end_time'")
        if end is not None and end - start > _MAX_WINDOW:
            raise InvalidInputError(
                "The time range between 'start_time' and 'end_time' must not exceed 7 days"
            )
        return start, end

    @staticmethod
    def _render_history(connection_id: str, record: dict[str, Any]) -> dict[str, Any]:
        out = {"connection_id": connection_id}
        out.update({k: v for k, v in record.items() if not k.startswith("_")})
        return out

    def list_connection_errors(self, connection_id: str, cursor: str | None, limit: int) -> Page:
        """``GET /v1/connections/{connectionId}/errors``: the connection's active errors.

        One item per open task (``type`` ``TASK``) and per sync-failure warning (``type``
        ``WARNING``) in the connection's status; they disappear after a successful sync.
        """
        conn = self._connection(connection_id)
        history = self.state.get("sync_history", connection_id) or {"errors": {}}
        since = history["errors"]
        fallback = conn.get("failed_at") or conn["created_at"]
        status = conn["status"]
        rows: list[dict[str, Any]] = []
        for kind, alerts in (
            ("TASK", status.get("tasks", [])),
            ("WARNING", status.get("warnings", [])),
        ):
            for alert in alerts:
                code = str(alert.get("code", ""))
                details = str(alert.get("details") or alert.get("message") or "")
                rows.append(
                    {
                        "type": kind,
                        "code": code,
                        "title": str(alert.get("message") or code),
                        "reason": details,
                        "message": details,
                        "created_at": since.get(code, fallback),
                        "_seq": len(rows) + 1,
                    }
                )
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})
