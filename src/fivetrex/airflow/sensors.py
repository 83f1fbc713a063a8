"""The sensor: wait for a sync started elsewhere (the schedule, the UI, another task)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fivetrex import FivetrexError, SyncTimeoutError

from ._compat import AirflowSensorTimeout, BaseSensorOperator, PokeReturnValue
from ._outcome import format_after, parse_after, status_of_event, status_payload, to_airflow_error
from .hooks import FivetranHook
from .operators import check_wait_options
from .triggers import FivetranSyncTrigger

__all__ = ["FivetranSyncSensor"]


class FivetranSyncSensor(BaseSensorOperator):  # type: ignore[misc]
    """Wait until a Fivetran sync finishes after ``after``; return its ``SyncStatus``.

    ``after`` is the baseline, compared with the server's ``succeeded_at``/``failed_at``:
    read it (``client.connections.get_sync_status(id).last_synced_at``, or the XCom of a
    :class:`FivetranSyncOperator` with ``wait_for_completion=False``) *before* the sync
    starts, so a sync that ends before the sensor runs is still seen. ``None`` accepts
    any sync (for a connection that never synced). A datetime or ISO 8601 text;
    templated; a naive value is taken as UTC.

    Each poke reads the status once. With ``deferrable=True`` (the default) the sensor
    checks once, then waits on the triggerer (:class:`FivetranSyncTrigger`); its
    ``timeout`` (seconds, Airflow's sensor timeout) becomes the trigger's deadline.
    A failed sync or a paused connection fails the task with Fivetran's reason.

    Args:
        connection_id: The Fivetran connection (templated).
        after: The baseline (templated).
        fivetran_conn_id: The Airflow connection (see :class:`FivetranHook`).
        deferrable: Wait on the triggerer instead of poking from a worker.
        on_rescheduled: ``"wait"`` (default) or ``"raise"``, as in ``wait_for_sync``.
        max_poll_interval: Cap on the triggerer's delay between status reads (it starts at
            ``poke_interval`` and grows 1.5x per read).
        **kwargs: ``BaseSensorOperator`` arguments (``poke_interval``, ``timeout``,
            ``mode``...).
    """

    template_fields: Sequence[str] = ("connection_id", "after")
    ui_color = "#0073e1"
    ui_fgcolor = "#ffffff"

    def __init__(
        self,
        *,
        connection_id: str,
        after: datetime | str | None,
        fivetran_conn_id: str = FivetranHook.default_conn_name,
        deferrable: bool = True,
        on_rescheduled: str = "wait",
        max_poll_interval: float = 60.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        check_wait_options(on_rescheduled, float(self.poke_interval), max_poll_interval)
        self.connection_id = connection_id
        self.after = after
        self.fivetran_conn_id = fivetran_conn_id
        self.deferrable = deferrable
        self.on_rescheduled = on_rescheduled
        self.max_poll_interval = max_poll_interval

    def poke(self, context: Any) -> PokeReturnValue | bool:
        """Read the status once: done (with the status as XCom), or not yet."""
        try:
            with FivetranHook(self.fivetran_conn_id).get_client() as client:
                # timeout=0: one read, then SyncTimeoutError unless it is decided
                status = client.connections.wait_for_sync(
                    self.connection_id,
                    after=parse_after(self.after),
                    timeout=0,
                    on_rescheduled="raise" if self.on_rescheduled == "raise" else "wait",
                )
        except SyncTimeoutError:
            self.log.info("Fivetran connection %s: no sync finished yet", self.connection_id)
            return False
        except FivetrexError as error:
            raise to_airflow_error(error) from error
        return PokeReturnValue(is_done=True, xcom_value=status_payload(status))

    def execute(self, context: Any) -> Any:
        """Poke from the worker, or check once and defer to the triggerer."""
        if not self.deferrable:
            return super().execute(context)
        first = self.poke(context)
        if isinstance(first, PokeReturnValue) and first.is_done:
            return first.xcom_value
        self.defer(
            trigger=FivetranSyncTrigger(
                connection_id=self.connection_id,
                after=format_after(parse_after(self.after)),
                fivetran_conn_id=self.fivetran_conn_id,
                deadline=time.time() + float(self.timeout),
                poll_interval=float(self.poke_interval),
                max_poll_interval=max(self.max_poll_interval, float(self.poke_interval)),
                on_rescheduled=self.on_rescheduled,
            ),
            method_name="execute_complete",
        )

    def execute_complete(self, context: Any, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Resume after the trigger fired: return the status, or fail with the reason."""
        try:
            return status_of_event(event)
        except SyncTimeoutError as error:
            raise AirflowSensorTimeout(f"Fivetran: {error}") from error
        except FivetrexError as error:
            raise to_airflow_error(error) from error
