"""The sync orchestration methods of ``client.connections`` (a mixin of ``Connections``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from .._flow import Flow
from .._operation import Resource, flow
from .._sync import BulkResult, OnRescheduled, SyncEvents, gather_by_id, wait_for_sync_flow
from ..errors import SyncPausedError
from ..models.connections import Connection, SyncStatus

__all__ = ["SyncOrchestration"]

M = TypeVar("M")


class SyncOrchestration(Resource[M]):
    """Trigger-and-wait and bulk helpers, built on the connection endpoints."""

    get_sync_status: ClassVar[Any]
    sync: ClassVar[Any]
    pause: ClassVar[Any]
    resume: ClassVar[Any]

    def _status(self, connection_id: str) -> Flow[SyncStatus]:
        return type(self).get_sync_status.flow(self, connection_id)  # type: ignore[no-any-return]

    @flow()
    def wait_for_sync(
        self,
        connection_id: str,
        *,
        after: datetime | None,
        timeout: float | None = None,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_progress: Callable[[SyncStatus], Any] | None = None,
        on_rescheduled: OnRescheduled = "wait",
        events: SyncEvents | None = None,
        jitter: bool = True,
    ) -> Flow[SyncStatus]:
        """Wait for a sync started elsewhere (the schedule, the UI, another process).

        Args:
            connection_id: The connection.
            after: The baseline: the sync is complete when ``succeeded_at`` or
                ``failed_at`` is later than this (``None``: any sync at all, for a
                connection that never synced).
            timeout: Give up after this many seconds (``None``: wait forever).
            poll_interval: First delay between polls; grows 1.5x per poll.
            max_poll_interval: Cap on the delay between polls.
            on_progress: Called with each :class:`SyncStatus` read (may be async).
            on_rescheduled: ``"wait"`` keeps waiting when Fivetran reschedules the sync;
                ``"raise"`` raises :class:`~fivetrex.errors.SyncRescheduledError`.
            events: A :class:`SyncEvents` fed by your webhook receiver, to end the wait
                as soon as the ``sync_end`` event arrives.
            jitter: Randomise poll delays slightly (up to 10% shorter).

        Returns:
            The :class:`SyncStatus` of the finished sync.

        Raises:
            SyncFailedError: The sync failed (``failed_at``, ``reason``).
            SyncTimeoutError: Not finished within ``timeout``.
            SyncPausedError: The connection is paused.
            SyncRescheduledError: Rescheduled, with ``on_rescheduled="raise"``.
            NotFoundError: The connection was deleted while waiting.
        """
        return (
            yield from wait_for_sync_flow(
                self._status,
                connection_id,
                after=after,
                timeout=timeout,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                on_progress=on_progress,
                on_rescheduled=on_rescheduled,
                events=events,
                jitter=jitter,
            )
        )

    @flow()
    def sync_and_wait(
        self,
        connection_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        force: bool = False,
        resume: bool = False,
        on_progress: Callable[[SyncStatus], Any] | None = None,
        on_rescheduled: OnRescheduled = "wait",
        events: SyncEvents | None = None,
        jitter: bool = True,
    ) -> Flow[SyncStatus]:
        """Trigger a sync and wait until it finishes.

        Reads the status first (the baseline is the later of ``succeeded_at`` and
        ``failed_at``), triggers the sync, then waits as :meth:`wait_for_sync` does.
        If a sync is already running (and ``force`` is false), that sync is the one
        waited for.

        Args:
            connection_id: The connection.
            timeout: Give up after this many seconds (``None``: wait forever).
            poll_interval: First delay between polls; grows 1.5x per poll.
            max_poll_interval: Cap on the delay between polls.
            force: Restart a sync that is already running.
            resume: Resume a paused connection first (otherwise a paused connection
                raises :class:`~fivetrex.errors.SyncPausedError` before triggering).
            on_progress: Called with each :class:`SyncStatus` read (may be async).
            on_rescheduled: ``"wait"`` or ``"raise"`` (see :meth:`wait_for_sync`).
            events: A :class:`SyncEvents` to end the wait on the ``sync_end`` webhook.
            jitter: Randomise poll delays slightly.

        Returns:
            The :class:`SyncStatus` of the finished sync.
        """
        before = yield from self._status(connection_id)
        if before.is_paused:
            if not resume:
                raise SyncPausedError(
                    f"connection {connection_id!r} is paused; pass resume=True to resume it "
                    "before syncing",
                    connection_id=connection_id,
                    status=before,
                )
            yield from type(self).resume.flow(self, connection_id)
        yield from type(self).sync.flow(self, connection_id, force=force)
        return (
            yield from wait_for_sync_flow(
                self._status,
                connection_id,
                after=before.last_synced_at,
                timeout=timeout,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                on_progress=on_progress,
                on_rescheduled=on_rescheduled,
                events=events,
                jitter=jitter,
            )
        )

    @flow()
    def get_statuses(
        self, connection_ids: Iterable[str], *, concurrency: int = 8
    ) -> Flow[BulkResult[SyncStatus]]:
        """The sync status of many connections; one result (or error) per connection.

        On :class:`~fivetrex.AsyncFivetrex` up to ``concurrency`` requests run at once.
        """
        return (yield from gather_by_id(connection_ids, self._status, concurrency))

    @flow()
    def sync_many_and_wait(
        self,
        connection_ids: Iterable[str],
        *,
        concurrency: int = 8,
        timeout: float | None = None,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        force: bool = False,
        resume: bool = False,
    ) -> Flow[BulkResult[SyncStatus]]:
        """Sync many connections and wait for all; one result (or error) per connection.

        A failing sync is reported for its connection and never stops the others.
        """

        def one(connection_id: str) -> Flow[SyncStatus]:
            return type(self).sync_and_wait.flow(
                self,
                connection_id,
                timeout=timeout,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                force=force,
                resume=resume,
            )

        return (yield from gather_by_id(connection_ids, one, concurrency))

    @flow()
    def pause_many(
        self, connection_ids: Iterable[str], *, concurrency: int = 8
    ) -> Flow[BulkResult[Connection]]:
        """Pause many connections; one result (or error) per connection."""
        return (
            yield from gather_by_id(
                connection_ids, lambda c: type(self).pause.flow(self, c), concurrency
            )
        )

    @flow()
    def resume_many(
        self, connection_ids: Iterable[str], *, concurrency: int = 8
    ) -> Flow[BulkResult[Connection]]:
        """Resume many connections; one result (or error) per connection."""
        return (
            yield from gather_by_id(
                connection_ids, lambda c: type(self).resume.flow(self, c), concurrency
            )
        )
