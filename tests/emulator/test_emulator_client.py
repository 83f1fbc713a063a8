"""The emulator through the real fivetrex clients and the pytest fixtures."""

from __future__ import annotations

import pytest

from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.emulator import Emulator, EmulatorServer
from fivetrex.errors import (
    ConflictError,
    NotFoundError,
    SyncFailedError,
    SyncPausedError,
)


def _setup(client: Fivetrex) -> tuple[str, str]:
    group = client.groups.create(name="Warehouse")
    client.destinations.create(group_id=group.id, service="snowflake", time_zone_offset="0")
    conn = client.connections.create(
        group_id=group.id, service="postgres", config={"schema_prefix": "pg", "password": "x"}
    )
    return group.id, conn.id


def test_client_crud_round_trip(fivetran_client: Fivetrex) -> None:
    gid, cid = _setup(fivetran_client)
    conn = fivetran_client.connections.get(cid)
    assert conn.group_id == gid
    assert conn.paused is False
    assert conn.sync_frequency == 360
    assert conn.config["password"] == "******"
    assert [c.id for c in fivetran_client.connections.stream(gid)] == [cid]
    with pytest.raises(NotFoundError):
        fivetran_client.connections.get("ghost_connection")
    with pytest.raises(ConflictError):
        fivetran_client.groups.delete(gid)


def test_sync_and_wait_runs_on_the_virtual_clock(
    fivetran_emulator: Emulator, fivetran_client: Fivetrex
) -> None:
    fivetran_emulator.configure(sync_polls_to_complete=None, sync_duration_seconds=600)
    _, cid = _setup(fivetran_client)
    before = fivetran_emulator.clock.now()
    status = fivetran_client.connections.sync_and_wait(cid, timeout=3600, jitter=False)
    assert status.succeeded_at is not None
    waited = (fivetran_emulator.clock.now() - before).total_seconds()
    assert 600 <= waited < 3600  # polled on the virtual clock, no real sleeping


def test_sync_failure_surfaces_in_the_client(
    fivetran_emulator: Emulator, fivetran_client: Fivetrex
) -> None:
    _, cid = _setup(fivetran_client)
    fivetran_emulator.set_sync_outcome(cid, "failure", reason="Credentials expired")
    with pytest.raises(SyncFailedError):
        fivetran_client.connections.sync_and_wait(cid, timeout=3600, jitter=False)


def test_paused_connection(fivetran_client: Fivetrex) -> None:
    _, cid = _setup(fivetran_client)
    paused = fivetran_client.connections.pause(cid)
    assert paused.paused is True
    assert paused.status.sync_state == "paused"
    with pytest.raises(SyncPausedError):
        fivetran_client.connections.sync_and_wait(cid, timeout=60)
    status = fivetran_client.connections.sync_and_wait(cid, resume=True, timeout=3600)
    assert status.succeeded_at is not None


def test_client_retries_injected_faults(
    fivetran_emulator: Emulator, fivetran_client: Fivetrex
) -> None:
    group = fivetran_client.groups.create(name="Retried")
    fivetran_emulator.inject("error", status=503, retry_after=2, method="GET")
    fivetran_emulator.inject("rate_limit", retry_after=5, method="GET")
    before = fivetran_emulator.clock.now()
    assert fivetran_client.groups.get(group.id).name == "Retried"
    assert fivetran_emulator.faults.list() == []  # both faults were hit
    # The client honoured Retry-After on the virtual clock.
    assert (fivetran_emulator.clock.now() - before).total_seconds() >= 7


def test_schema_config_through_the_client(
    fivetran_emulator: Emulator, fivetran_client: Fivetrex
) -> None:
    _, cid = _setup(fivetran_client)
    reloaded = fivetran_client.connections.reload_schema_config(cid)
    assert "public" in reloaded.schemas
    columns = fivetran_client.connections.get_table_columns(cid, "public", "orders")
    assert columns["id"].is_primary_key is True


@pytest.mark.fivetran_emulator(seed="demo")
def test_marker_configures_the_fixture(fivetran_emulator: Emulator) -> None:
    assert fivetran_emulator.counts()["connections"] > 20


@pytest.mark.fivetran_emulator(rate_limit_per_hour=1)
def test_marker_passes_settings(fivetran_emulator: Emulator) -> None:
    assert fivetran_emulator.settings.rate_limit_per_hour == 1


def test_fixture_is_fresh_per_test(fivetran_emulator: Emulator) -> None:
    assert fivetran_emulator.counts()["groups"] == 0
    fivetran_emulator.request("POST", "/groups", {"name": "left_behind"})


def test_server_fixture(fivetran_emulator_server: EmulatorServer) -> None:
    client = Fivetrex(
        api_key="emulator-key",
        api_secret="emulator-secret",
        base_url=fivetran_emulator_server.base_url,
    )
    try:
        created = client.groups.create(name="Via_socket")
        assert fivetran_emulator_server.emulator.counts()["groups"] == 1
        assert client.groups.get(created.id).name == "Via_socket"
    finally:
        client.close()


@pytest.mark.anyio
async def test_async_client(
    fivetran_emulator: Emulator, async_fivetran_client: AsyncFivetrex
) -> None:
    group = await async_fivetran_client.groups.create(name="Async")
    conn = await async_fivetran_client.connections.create(
        group_id=group.id, service="stripe", config={"schema": "stripe"}
    )
    status = await async_fivetran_client.connections.sync_and_wait(conn.id, timeout=3600)
    assert status.succeeded_at is not None
    assert fivetran_emulator.counts()["connections"] == 1
