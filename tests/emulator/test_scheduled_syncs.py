"""Opt-in scheduled syncs: the emulator starts syncs on its own as virtual time passes."""

from __future__ import annotations

import pytest

from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.emulator import Emulator


def _setup(client: Fivetrex, *, frequency: int = 60, paused: bool = False) -> str:
    group = client.groups.create(name="sched")
    conn = client.connections.create(
        group_id=group.id,
        service="postgres",
        config={"schema_prefix": "s"},
        sync_frequency=frequency,
        paused=paused,
    )
    assert conn.id is not None
    return conn.id


def test_syncs_start_on_schedule_as_the_clock_advances() -> None:
    emu = Emulator(scheduled_syncs=True, sync_polls_to_complete=None)
    with emu.client() as client:
        cid = _setup(client, frequency=60)
        emu.advance(59 * 60)
        assert client.connections.get(cid).succeeded_at is None  # not due yet
        emu.advance(60 + 61)  # due at +60 min, runs 60 s
        first = client.connections.get(cid).succeeded_at
        assert first is not None
        emu.advance(60 * 60 + 60)  # the next one starts an hour after the first ended
        second = client.connections.get(cid).succeeded_at
        assert second is not None
        # an hour after the first ended, plus the 60 s the sync itself takes
        assert (second - first).total_seconds() == pytest.approx(3660, abs=2)


def test_paused_and_manual_connections_do_not_sync_on_schedule() -> None:
    emu = Emulator(scheduled_syncs=True, sync_polls_to_complete=None)
    with emu.client() as client:
        paused = _setup(client, paused=True)
        group = client.groups.list().items[0]
        manual = client.connections.create(
            group_id=group.id,
            service="stripe",
            config={"schema": "stripe"},
            schedule_type="manual",
            sync_frequency=5,
        )
        emu.advance(2 * 86400)
        assert client.connections.get(paused).succeeded_at is None
        assert client.connections.get(manual.id).succeeded_at is None


def test_scheduled_syncs_are_off_by_default() -> None:
    emu = Emulator(sync_polls_to_complete=None)
    with emu.client() as client:
        cid = _setup(client, frequency=5)
        emu.advance(86400)
        assert client.connections.get(cid).succeeded_at is None


def test_wait_for_a_scheduled_sync_through_the_client() -> None:
    # the client sleeps on the emulator's virtual clock, so waiting lets the schedule run
    emu = Emulator(scheduled_syncs=True, sync_polls_to_complete=None)
    with emu.client() as client:
        cid = _setup(client, frequency=15)
        status = client.connections.wait_for_sync(cid, after=None, poll_interval=60, jitter=False)
        assert status.succeeded_at is not None
        assert emu.clock.now() >= status.succeeded_at


@pytest.mark.anyio
async def test_wait_for_a_scheduled_sync_async() -> None:
    emu = Emulator(scheduled_syncs=True, sync_polls_to_complete=None)
    with emu.client() as setup_client:
        cid = _setup(setup_client, frequency=30)
    client: AsyncFivetrex = emu.async_client()
    async with client:
        status = await client.connections.wait_for_sync(
            cid, after=None, poll_interval=120, jitter=False
        )
    assert status.succeeded_at is not None
