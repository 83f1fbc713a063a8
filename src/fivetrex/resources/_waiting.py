"""Trigger-and-wait and bulk helpers of ``client.connections`` (a mixin of ``Connections``).

The helpers are flows built on four connection endpoints; :class:`ConnectionCalls`
says which, so the mixin is typed without knowing ``Connections`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from .._flow import Flow, Outcome
from .._operation import Operation, Owner, Resource, flow
from .._waiting import (
    LIST_THRESHOLD,
    BulkResult,
    OnRescheduled,
    StatusStrategy,
    SyncEvents,
    check_wait_options,
    gather_by_id,
    validate_ids,
    wait_for_sync_flow,
)
from ..errors import SyncPausedError
from ..models import Page
from ..models.connections import Connection, SyncResult, SyncStatus
from ..pagination import CursorGuard, PaginationError

__all__ = ["ConnectionCalls", "SyncOrchestration"]

_PROGRESS = {"progress": "on_progress"}  # the CLI shows its own progress through it


class ConnectionCalls(Owner, Protocol):
    """The connection endpoints the helpers use (declared in ``Connections``)."""

    @property
    def get_sync_status(self) -> Operation[[str], SyncStatus]: ...
    @property
    def list_in_account(self) -> Operation[..., Page[Connection]]: ...
    @property
    def sync(self) -> Operation[..., SyncResult]: ...
    @property
    def pause(self) -> Operation[[str], Connection]: ...
    @property
    def resume(self) -> Operation[[str], Connection]: ...
    @property
    def sync_and_wait(self) -> Operation[..., SyncStatus]: ...


def _status(calls: ConnectionCalls) -> Callable[[str], Flow[SyncStatus]]:
    """The flow reading one connection's sync status."""
    return lambda connection_id: calls.get_sync_status.flow(calls, connection_id)


class SyncOrchestration(Resource):
    """Trigger-and-wait and bulk helpers, built on the connection endpoints.

    Its flows run with ``self`` a ``Connections`` instance (see :class:`ConnectionCalls`).
    """

    @flow(cli=_PROGRESS)
    def wait_for_sync(
        self: ConnectionCalls,
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
                _status(self),
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

    @flow(cli=_PROGRESS)
    def sync_and_wait(
        self: ConnectionCalls,
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
        check_wait_options(timeout, poll_interval, max_poll_interval)  # before triggering
        before = yield from self.get_sync_status.flow(self, connection_id)
        if before.is_paused:
            if not resume:
                raise SyncPausedError(
                    f"connection {connection_id!r} is paused; pass resume=True to resume it "
                    "before syncing",
                    connection_id=connection_id,
                    status=before,
                )
            yield from self.resume.flow(self, connection_id)
        yield from self.sync.flow(self, connection_id, force=force)
        return (
            yield from wait_for_sync_flow(
                _status(self),
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
        self: ConnectionCalls,
        connection_ids: Iterable[str],
        *,
        concurrency: int = 8,
        strategy: StatusStrategy = "auto",
    ) -> Flow[BulkResult[SyncStatus]]:
        """The sync status of many connections; one result (or error) per connection.

        Args:
            connection_ids: The connections (duplicates are read once).
            concurrency: Requests in flight at once on :class:`~fivetrex.AsyncFivetrex`
                (the blocking client sends them one after another).
            strategy: ``"get"`` reads each connection (``GET /connections/{id}``).
                ``"list"`` reads the account's connection list, 1,000 per request, and
                reads one by one only the ids it did not find (so a deleted connection
                still reports ``NotFoundError``). ``"auto"`` (the default) lists when
                asking for :data:`LIST_THRESHOLD` or more ids, and stops listing after
                ``len(ids) / 2`` pages, so it never costs much more than ``"get"``: for
                2,000 connections it is 2 requests instead of 2,000 — faster, and far
                kinder to the account's hourly rate limit.
        """
        keys = validate_ids(connection_ids, concurrency)
        found: dict[str, SyncStatus] = {}
        use_list = strategy == "list" or (strategy == "auto" and len(keys) >= LIST_THRESHOLD)
        if use_list and keys:
            budget = None if strategy == "list" else max(1, len(keys) // 2)
            wanted = set(keys)
            # the same guard as stream(): a cycle or endless empty pages end the listing
            # (the ids not found are then read one by one)
            guard = CursorGuard(max_pages=budget)
            cursor: str | None = None
            while cursor is not None or guard.pages == 0:
                page = yield from self.list_in_account.flow(self, limit=1000, cursor=cursor)
                for connection in page.items:
                    if connection.id in wanted:
                        found[connection.id] = SyncStatus.from_connection(connection)
                if len(found) == len(wanted):
                    break
                try:
                    cursor = guard.advance(len(page.items), page.next_cursor)
                except PaginationError:
                    break
        rest = yield from gather_by_id(
            [k for k in keys if k not in found], _status(self), concurrency
        )
        outcomes = {k: Outcome(value=found[k]) if k in found else rest.outcomes[k] for k in keys}
        return BulkResult(outcomes)

    @flow()
    def sync_many_and_wait(
        self: ConnectionCalls,
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
        check_wait_options(timeout, poll_interval, max_poll_interval)  # before any sync

        def one(connection_id: str) -> Flow[SyncStatus]:
            return self.sync_and_wait.flow(
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
        self: ConnectionCalls, connection_ids: Iterable[str], *, concurrency: int = 8
    ) -> Flow[BulkResult[Connection]]:
        """Pause many connections; one result (or error) per connection."""
        return (
            yield from gather_by_id(connection_ids, lambda c: self.pause.flow(self, c), concurrency)
        )

    @flow()
    def resume_many(
        self: ConnectionCalls, connection_ids: Iterable[str], *, concurrency: int = 8
    ) -> Flow[BulkResult[Connection]]:
        """Resume many connections; one result (or error) per connection."""
        return (
            yield from gather_by_id(
                connection_ids, lambda c: self.resume.flow(self, c), concurrency
            )
        )
