"""The trigger: ``AsyncFivetrex.wait_for_sync`` on Airflow's triggerer."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from fivetrex import FivetrexError

from ._compat import BaseTrigger, TriggerEvent
from ._outcome import error_payload, parse_after, status_payload
from .hooks import FivetranHook

__all__ = ["FivetranSyncTrigger"]


class FivetranSyncTrigger(BaseTrigger):  # type: ignore[misc]
    """Wait on the triggerer for a sync that finishes after a baseline.

    Everything the wait needs is in its kwargs, as JSON: the baseline read *before* the
    sync was triggered (``after``, the server's timestamp) and an absolute ``deadline``.
    A trigger re-created from :meth:`serialize` (a triggerer restart, a move to another
    triggerer) therefore waits for the same sync, with the same time left; a sync that
    finished while no triggerer ran is seen on the first poll.

    Fires one event: ``{"status": "success", "sync_status": {...}}`` or ``{"status":
    "error", "error": "SyncFailedError", "message": ..., "reason": ..., "sync_status":
    {...}}``.

    Args:
        connection_id: The Fivetran connection.
        after: The baseline (ISO 8601; ``None``: any sync counts).
        fivetran_conn_id: The Airflow connection.
        deadline: Give up at this Unix time (``None``: never).
        poll_interval: First delay between polls (grows 1.5x per poll).
        max_poll_interval: Cap on the delay between polls.
        on_rescheduled: ``"wait"`` or ``"raise"``, as in ``wait_for_sync``.
    """

    def __init__(
        self,
        *,
        connection_id: str,
        after: str | None,
        fivetran_conn_id: str = FivetranHook.default_conn_name,
        deadline: float | None = None,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_rescheduled: str = "wait",
    ) -> None:
        super().__init__()
        self.connection_id = connection_id
        self.after = after
        self.fivetran_conn_id = fivetran_conn_id
        self.deadline = deadline
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.on_rescheduled = on_rescheduled

    def serialize(self) -> tuple[str, dict[str, Any]]:
        """The class path and JSON-able kwargs that re-create this trigger."""
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "connection_id": self.connection_id,
                "after": self.after,
                "fivetran_conn_id": self.fivetran_conn_id,
                "deadline": self.deadline,
                "poll_interval": self.poll_interval,
                "max_poll_interval": self.max_poll_interval,
                "on_rescheduled": self.on_rescheduled,
            },
        )

    def _timeout(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.time())

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Poll until the sync finishes (or fails, times out...), then fire one event."""
        try:
            client = await FivetranHook(self.fivetran_conn_id).get_async_client()
            async with client:
                status = await client.connections.wait_for_sync(
                    self.connection_id,
                    after=parse_after(self.after),
                    timeout=self._timeout(),
                    poll_interval=self.poll_interval,
                    max_poll_interval=self.max_poll_interval,
                    on_rescheduled="raise" if self.on_rescheduled == "raise" else "wait",
                    on_progress=self._progress,
                )
        except FivetrexError as error:
            self.log.info("Fivetran sync of %s: %s", self.connection_id, error)
            yield TriggerEvent(error_payload(error, self.connection_id))
            return
        self.log.info(
            "Fivetran sync of %s succeeded at %s", self.connection_id, status.succeeded_at
        )
        yield TriggerEvent(
            {
                "status": "success",
                "connection_id": self.connection_id,
                "sync_status": status_payload(status),
            }
        )

    def _progress(self, status: Any) -> None:
        self.log.debug("Fivetran connection %s: %s", self.connection_id, status.sync_state)
