"""A third-party client on the emulator: Dagster's own ``dagster-fivetran`` integration,
unchanged, against the emulator server on a loopback port.

The emulator is meant for any Fivetran client, not only fivetrex: a team with existing
``dagster-fivetran`` code tests it on the emulator. ``dagster-fivetran`` has no base-URL
option, so the tests point its module constant ``FIVETRAN_API_BASE`` at the server (the
recipe in docs/guide/testing.md). It speaks the 2023 API (``/v1/connectors/...``,
``POST .../force``) — the emulator's legacy paths — and sleeps between polls: the tests
replace its ``time`` with one that records the sleeps instead of waiting.
Run with ``python3 dev.py integrations dagster``.
"""

from __future__ import annotations

import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orchestrators._support import Account, run_docs_recipe

dg = pytest.importorskip("dagster")
dagster_fivetran = pytest.importorskip("dagster_fivetran")

from dagster_fivetran import (  # noqa: E402
    FivetranWorkspace,
    fivetran_assets,
    load_fivetran_asset_specs,
)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The sleeps dagster-fivetran asks for (none really happens)."""
    calls: list[float] = []
    fake_time = types.SimpleNamespace(**{n: getattr(time, n) for n in dir(time) if n[0] != "_"})
    fake_time.sleep = calls.append
    monkeypatch.setattr(dagster_fivetran.resources, "time", fake_time)
    return calls


@pytest.fixture
def workspace(account: Account, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A ``FivetranWorkspace`` of dagster-fivetran, pointed at the emulator server."""
    monkeypatch.setattr(dagster_fivetran.resources, "FIVETRAN_API_BASE", account.server.url)
    return FivetranWorkspace(
        account_id="emulated",
        api_key=account.emulator.api_key,
        api_secret=account.emulator.api_secret,
        request_max_retries=0,
    )


def test_workspace_data_lists_the_connection_its_destination_and_tables(
    account: Account, workspace: Any
) -> None:
    data = workspace.fetch_fivetran_workspace_data()
    assert list(data.destinations_by_id) == [account.group_id]
    assert list(data.connectors_by_id) == [account.connection_id]
    connector = data.connectors_by_id[account.connection_id]
    assert connector.service == "postgres"
    assert connector.is_connected
    assert not connector.paused
    schema_config = data.schema_configs_by_connector_id[account.connection_id]
    tables = {
        f"{schema.name_in_destination}.{table.name_in_destination}"
        for schema in schema_config.schemas.values()
        for table in schema.tables.values()
        if table.enabled
    }
    expected = {
        f"{schema.name_in_destination}.{table.name_in_destination}"
        for schema in account.client.connections.get_schema_config(
            account.connection_id
        ).schemas.values()
        for table in (schema.tables or {}).values()
        if table.enabled
    }
    assert tables == expected
    assert tables


def test_asset_specs_are_one_per_enabled_table(account: Account, workspace: Any) -> None:
    specs = load_fivetran_asset_specs(workspace)
    keys = {spec.key.to_user_string() for spec in specs}
    config = account.client.connections.get_schema_config(account.connection_id)
    enabled = {
        f"{schema.name_in_destination}/{table.name_in_destination}"
        for schema in config.schemas.values()
        for table in (schema.tables or {}).values()
        if table.enabled
    }
    assert keys == enabled


def test_materializing_syncs_the_connection_and_polls_until_it_ends(
    account: Account, workspace: Any, slept: list[float]
) -> None:
    account.script("success", polls=2)

    @fivetran_assets(connector_id=account.connection_id, workspace=workspace)
    def synced(context, fivetran: FivetranWorkspace):  # type: ignore[no-untyped-def]
        yield from fivetran.sync_and_poll(context=context)

    result = dg.materialize([synced], resources={"fivetran": workspace})

    assert result.success
    materialized = {
        event.event_specific_data.materialization.asset_key.to_user_string()
        for event in result.get_asset_materialization_events()
    }
    assert materialized == {spec.key.to_user_string() for spec in synced.specs}
    details = account.client.connections.get(account.connection_id)
    assert details.succeeded_at is not None
    assert details.status.sync_state == "scheduled"
    # dagster-fivetran turns the schedule to manual before it syncs (disable_schedule_on_trigger)
    assert details.schedule_type == "manual"
    assert slept
    assert set(slept) == {10}


def test_a_failed_sync_fails_the_run(account: Account, workspace: Any, slept: list[float]) -> None:
    account.script("failure", polls=1, reason="source unreachable")

    @fivetran_assets(connector_id=account.connection_id, workspace=workspace)
    def synced(context, fivetran: FivetranWorkspace):  # type: ignore[no-untyped-def]
        yield from fivetran.sync_and_poll(context=context)

    result = dg.materialize([synced], resources={"fivetran": workspace}, raise_on_error=False)

    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert f"Sync for connector '{account.connection_id}' failed!" in str(
        failure.event_specific_data.error
    )


def test_the_guides_recipe_passes_under_pytest(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "guide" / "dagster.md"
    assert "1 passed" in run_docs_recipe(page, tmp_path)
