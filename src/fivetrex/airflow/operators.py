"""The operator: trigger a sync (or a re-sync) and wait for it, deferrable by default."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from fivetrex import (
    ConfirmationRequired,
    Fivetrex,
    FivetrexError,
    InvalidArgumentError,
    SyncPausedError,
)
from fivetrex._waiting import check_wait_options as check_intervals

from ._compat import BaseOperator
from ._outcome import format_after, status_of_event, status_payload, to_airflow_error
from .hooks import FivetranHook
from .triggers import FivetranSyncTrigger

__all__ = ["FivetranSyncOperator"]


def seconds(value: float | timedelta | None) -> float | None:
    """Seconds from a number or a ``timedelta`` (``None`` stays ``None``)."""
    return value.total_seconds() if isinstance(value, timedelta) else value


def check_wait_options(
    on_rescheduled: str,
    poll_interval: float,
    max_poll_interval: float,
    timeout: float | None = None,
) -> None:
    """Reject bad wait options when the DAG is parsed, not when the task runs."""
    if on_rescheduled not in ("wait", "raise"):
        raise InvalidArgumentError(
            f"on_rescheduled must be 'wait' or 'raise', got {on_rescheduled!r}"
        )
    check_intervals(timeout, poll_interval, max_poll_interval)  # NaN, inf, <= 0...


class FivetranSyncOperator(BaseOperator):  # type: ignore[misc]
    """Trigger a Fivetran sync and wait until it finishes; return its ``SyncStatus``.

    Before triggering, the operator reads the connection's status: the later of
    ``succeeded_at`` and ``failed_at`` is the baseline, and the sync is done when the
    server reports a newer one (never the worker's clock). With ``deferrable=True`` (the
    default) the wait runs on the triggerer (:class:`FivetranSyncTrigger`), with the
    baseline in the trigger's kwargs, so a triggerer restart resumes the same wait.

    The XCom (return value) is the finished sync's status as a JSON-able dict with the
    API's field names (``succeeded_at``, ``failed_at``, ``sync_state``...). A failed,
    paused or timed-out sync fails the task with Fivetran's reason.

    Args:
        connection_id: The Fivetran connection (templated).
        fivetran_conn_id: The Airflow connection (see :class:`FivetranHook`).
        force: Restart a sync that is already running (else that sync is waited for).
        resume: Resume a paused connection first (else a paused connection fails the task).
        resync: Start a historical re-sync (re-imports all data) instead; needs ``confirm``.
        tables: Re-sync only these tables, ``{"schema": ["table", ...]}``; needs ``confirm``.
        confirm: Must be ``True`` with ``resync`` or ``tables``; checked when the DAG loads.
        wait_for_completion: Wait for the sync (default). ``False`` returns at once with
            ``{"connection_id": ..., "after": <baseline>}`` for a :class:`FivetranSyncSensor`.
        deferrable: Wait on the triggerer instead of holding a worker slot.
        timeout: Fail after this many seconds (or a ``timedelta``) of waiting
            (``None``: wait forever; the sync itself goes on).
        poll_interval: First delay between status reads; grows 1.5x per read.
        max_poll_interval: Cap on the delay between status reads.
        on_rescheduled: ``"wait"`` keeps waiting when Fivetran reschedules the sync (it
            runs later by itself); ``"raise"`` fails the task.
        **kwargs: ``BaseOperator`` arguments (``task_id``, ``retries``...).
    """

    template_fields: Sequence[str] = ("connection_id",)
    ui_color = "#0073e1"
    ui_fgcolor = "#ffffff"

    def __init__(
        self,
        *,
        connection_id: str,
        fivetran_conn_id: str = FivetranHook.default_conn_name,
        force: bool = False,
        resume: bool = False,
        resync: bool = False,
        tables: Mapping[str, Sequence[str]] | None = None,
        confirm: bool = False,
        wait_for_completion: bool = True,
        deferrable: bool = True,
        timeout: float | timedelta | None = None,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_rescheduled: str = "wait",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if resync and tables:
            raise InvalidArgumentError("pass resync=True or tables=..., not both")
        if (resync or tables) and not confirm:
            raise ConfirmationRequired(
                "a re-sync re-imports all data of the connection (or of the tables): "
                "pass confirm=True to the operator"
            )
        check_wait_options(on_rescheduled, poll_interval, max_poll_interval, seconds(timeout))
        self.connection_id = connection_id
        self.fivetran_conn_id = fivetran_conn_id
        self.force = force
        self.resume = resume
        self.resync = resync
        self.tables: dict[str, list[str]] | None = (
            {k: list(v) for k, v in tables.items()} if tables else None
        )
        self.confirm = confirm
        self.wait_for_completion = wait_for_completion
        self.deferrable = deferrable
        self.timeout: float | None = seconds(timeout)
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.on_rescheduled = on_rescheduled

    def _start(self, client: Fivetrex) -> datetime | None:
        """Read the baseline, then trigger; return the baseline."""
        connections = client.connections
        before = connections.get_sync_status(self.connection_id)
        if before.is_paused:
            if not self.resume:
                raise SyncPausedError(
                    f"connection {self.connection_id!r} is paused; pass resume=True to "
                    "resume it before syncing",
                    connection_id=self.connection_id,
                    status=before,
                )
            connections.resume(self.connection_id)
        if self.tables:
            connections.resync_tables(self.connection_id, self.tables, confirm=True)
        elif self.resync:
            connections.resync(self.connection_id, confirm=True)
        else:
            connections.sync(self.connection_id, force=self.force)
        self.log.info(
            "Triggered a %s of Fivetran connection %s (baseline %s)",
            "re-sync" if self.resync or self.tables else "sync",
            self.connection_id,
            before.last_synced_at,
        )
        return before.last_synced_at

    def execute(self, context: Any) -> dict[str, Any]:
        """Trigger, then wait here or defer to the triggerer."""
        try:
            with FivetranHook(self.fivetran_conn_id).get_client() as client:
                after = self._start(client)
                if not self.wait_for_completion:
                    return {"connection_id": self.connection_id, "after": format_after(after)}
                if self.deferrable:
                    self.defer(
                        trigger=self._trigger(after),
                        method_name="execute_complete",
                    )
                status = client.connections.wait_for_sync(
                    self.connection_id,
                    after=after,
                    timeout=self.timeout,
                    poll_interval=self.poll_interval,
                    max_poll_interval=self.max_poll_interval,
                    on_rescheduled="raise" if self.on_rescheduled == "raise" else "wait",
                )
        except FivetrexError as error:
            raise to_airflow_error(error) from error
        return status_payload(status)

    def _trigger(self, after: datetime | None) -> FivetranSyncTrigger:
        return FivetranSyncTrigger(
            connection_id=self.connection_id,
            after=format_after(after),
            fivetran_conn_id=self.fivetran_conn_id,
            deadline=None if self.timeout is None else time.time() + self.timeout,
            poll_interval=self.poll_interval,
            max_poll_interval=self.max_poll_interval,
            on_rescheduled=self.on_rescheduled,
        )

    def execute_complete(self, context: Any, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Resume after the trigger fired: return the status, or fail with the reason."""
        try:
            status = status_of_event(event)
        except FivetrexError as error:
            raise to_airflow_error(error) from error
        self.log.info(
            "Fivetran sync of %s succeeded at %s", self.connection_id, status.get("succeeded_at")
        )
        return status
