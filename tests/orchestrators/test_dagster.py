"""fivetrex.dagster on a real Dagster: assets materialized with ``dagster.materialize()``
against the emulator server on a loopback port. Run with ``python3 dev.py integrations dagster``."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from fivetrex import SyncFailedError, SyncPausedError
from orchestrators._support import Account, when

dg = pytest.importorskip("dagster")

from fivetrex.dagster import (  # noqa: E402
    FivetranResource,
    FivetranTable,
    fivetran_sync_assets,
    load_fivetran_assets,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS_PAGE = ROOT / "docs" / "guide" / "dagster.md"
DOC_CONNECTION_ID = "shiny_badger"


@pytest.fixture
def fivetran_env(account: Account, monkeypatch: pytest.MonkeyPatch) -> Account:
    """FIVETRAN_* point at the emulator server, as a reader's environment would."""
    monkeypatch.setenv("FIVETRAN_API_KEY", account.emulator.api_key)
    monkeypatch.setenv("FIVETRAN_API_SECRET", account.emulator.api_secret)
    monkeypatch.setenv("FIVETRAN_BASE_URL", account.server.base_url)
    return account


def resource(account: Account) -> Any:
    return FivetranResource(
        api_key=account.emulator.api_key,
        api_secret=account.emulator.api_secret,
        base_url=account.server.base_url,
    )


def docs_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", DOCS_PAGE.read_text(), re.M | re.S)


def materializations(result: Any) -> dict[str, Any]:
    """``{"schema/table": metadata}`` of a run's materializations."""
    found = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        found[materialization.asset_key.to_user_string()] = materialization.metadata
    return found


def failure_of(result: Any) -> Any:
    """The user failure (``dagster.Failure``) data of a failed run's step."""
    (event,) = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    return event.step_failure_data


def one_connection_assets(account: Account, **options: Any) -> Any:
    (assets,) = load_fivetran_assets(resource(account), poll_interval=0.01, **options)
    return assets


# --------------------------------------------------------------------------- the docs


def test_the_docs_examples_load_and_materialize_the_account(fivetran_env: Account) -> None:
    account = fivetran_env
    account.script("success", polls=1)
    blocks = [b.replace(DOC_CONNECTION_ID, account.connection_id) for b in docs_blocks()]
    namespace: dict[str, Any] = {}

    exec(blocks[0], namespace)  # noqa: S102 - the docs' example, run as written

    result = namespace["result"]
    assert result.success
    found = materializations(result)
    schema = account.client.connections.get_schema_config(account.connection_id)
    expected = {
        f"{s.name_in_destination}/{t.name_in_destination}"
        for s in schema.schemas.values()
        for t in s.tables.values()
    }
    assert set(found) == expected
    assert len(expected) == 18  # the emulated postgres source: 3 schemas x 6 tables
    status = account.client.connections.get_sync_status(account.connection_id)
    tables = sorted(k.replace("/", ".") for k in expected)
    for key, metadata in found.items():
        assert metadata["fivetran/connection_id"].value == account.connection_id
        assert metadata["fivetran/table"].value == key.replace("/", ".")
        assert sorted(metadata["fivetran/tables"].value) == tables
        succeeded_at = metadata["fivetran/succeeded_at"].value
        assert datetime.fromtimestamp(succeeded_at, timezone.utc) == status.succeeded_at
        assert "fivetran/failed_at" not in metadata
    assert namespace["defs"].resolve_asset_graph().get_all_asset_keys()

    exec(blocks[1], namespace)  # noqa: S102 - custom keys
    keys = {k.to_user_string() for k in namespace["assets"][0].keys}
    assert "fivetran/public/orders" in keys
    assert "fivetran/app_db_public/orders" not in keys

    exec(blocks[2], namespace)  # noqa: S102 - offline definitions
    app_db = namespace["app_db"]
    assert {k.to_user_string() for k in app_db.keys} == {
        "app_db_public/orders",
        "app_db_public/customers",
    }
    account.script("success", polls=1)
    offline = dg.materialize([app_db], resources={"fivetran": namespace["fivetran"]})
    assert set(materializations(offline)) == {"app_db_public/orders", "app_db_public/customers"}

    exec(blocks[3], namespace)  # noqa: S102 - the resource in an asset
    account.client.connections.pause(account.connection_id)
    mine = dg.materialize(
        [namespace["paused_connections"]], resources={"fivetran": namespace["fivetran"]}
    )
    assert mine.output_for_node("paused_connections") == [account.connection_id]

    exec(blocks[4], namespace)  # noqa: S102 - the sensor in the definitions
    (sensor,) = namespace["defs"].sensors
    assert sensor.name == "fivetran_sync_sensor"
    assert sensor.minimum_interval_seconds == 300


# --------------------------------------------------------------------------- outcomes


def test_a_failed_sync_fails_the_run_with_fivetrans_reason(account: Account) -> None:
    account.script("failure", reason="Credentials expired", task_code="reconnect")
    assets = one_connection_assets(account)

    result = dg.materialize(
        [assets], resources={"fivetran": resource(account)}, raise_on_error=False
    )

    assert not result.success
    assert materializations(result) == {}
    failure = failure_of(result)
    assert "Credentials expired" in failure.user_failure_data.description
    assert failure.user_failure_data.metadata["fivetran/reason"].value == "Credentials expired"
    assert failure.user_failure_data.metadata["fivetran/error"].value == "SyncFailedError"
    assert "SyncFailedError" in str(failure.error)  # the cause, in the step's error chain


def test_a_failed_sync_raises_failure_caused_by_the_typed_error(account: Account) -> None:
    account.script("failure", reason="Disk full")
    assets = one_connection_assets(account)
    with pytest.raises(dg.Failure) as failed:
        dg.materialize([assets], resources={"fivetran": resource(account)})
    assert isinstance(failed.value.__cause__, SyncFailedError)
    assert failed.value.__cause__.reason == "Disk full"


def test_a_rescheduled_sync_is_waited_for_until_it_runs(account: Account) -> None:
    account.script("rescheduled", reschedule_after=1800, polls=1)
    account.script("success", polls=2)  # the re-run, when it is due
    assets = one_connection_assets(account)
    seen: list[str] = []

    def run_it() -> None:
        seen.append("rescheduled")
        account.emulator.advance(1800)

    with when(lambda: account.sync_state() == "rescheduled", run_it):
        result = dg.materialize([assets], resources={"fivetran": resource(account)})

    assert seen == ["rescheduled"]
    assert result.success
    assert len(materializations(result)) == 18


def test_a_rescheduled_sync_fails_the_run_with_on_rescheduled_raise(account: Account) -> None:
    account.script("rescheduled", reschedule_after=1800, polls=1)
    assets = one_connection_assets(account, on_rescheduled="raise")
    result = dg.materialize(
        [assets], resources={"fivetran": resource(account)}, raise_on_error=False
    )
    assert not result.success
    assert "rescheduled for" in failure_of(result).user_failure_data.description


def test_a_connection_paused_mid_wait_fails_the_run(account: Account) -> None:
    account.script("success", polls=1_000_000)  # runs until paused
    assets = one_connection_assets(account)

    with (
        when(lambda: account.sync_state() == "syncing", account.pause),
        pytest.raises(dg.Failure) as failed,
    ):
        dg.materialize([assets], resources={"fivetran": resource(account)})

    assert isinstance(failed.value.__cause__, SyncPausedError)
    assert "paused" in str(failed.value.description)


def test_resume_true_resumes_a_paused_connection(account: Account) -> None:
    account.client.connections.pause(account.connection_id)
    account.script("success", polls=1)
    assets = one_connection_assets(account, resume=True)
    result = dg.materialize([assets], resources={"fivetran": resource(account)})
    assert result.success
    assert not account.client.connections.get(account.connection_id).is_paused


def test_the_timeout_fails_the_run(account: Account) -> None:
    account.script("success", polls=1_000_000)
    assets = one_connection_assets(account, timeout=0.2)
    result = dg.materialize(
        [assets], resources={"fivetran": resource(account)}, raise_on_error=False
    )
    assert not result.success
    assert failure_of(result).user_failure_data.metadata["fivetran/error"].value == (
        "SyncTimeoutError"
    )


# --------------------------------------------------------------------------- definitions


def test_loading_reads_every_group_and_skips_connections_without_a_schema(
    account: Account,
) -> None:
    client = account.client
    fresh = client.connections.create(
        group_id=account.group_id, service="stripe", config={"schema": "stripe"}
    )  # never reloaded: no schema config
    other = client.groups.create(name="other")
    client.destinations.create(group_id=other.id, service="snowflake", time_zone_offset="0")
    extra = client.connections.create(
        group_id=other.id, service="postgres", config={"schema_prefix": "crm"}
    )
    client.connections.reload_schema_config(extra.id)
    client.connections.update_schema_config(extra.id, {"schemas": {"sales": {"enabled": False}}})

    assets = load_fivetran_assets(resource(account))

    by_connection = {a.op.name: {k.to_user_string() for k in a.keys} for a in assets}
    assert set(by_connection) == {
        f"fivetran_sync_{account.connection_id}",
        f"fivetran_sync_{extra.id}",
    }
    assert f"fivetran_sync_{fresh.id}" not in by_connection
    assert len(by_connection[f"fivetran_sync_{extra.id}"]) == 12  # one schema disabled
    assert not any(k.startswith("crm_sales/") for k in by_connection[f"fivetran_sync_{extra.id}"])
    only = load_fivetran_assets(resource(account), group_ids=[other.id])
    assert [a.op.name for a in only] == [f"fivetran_sync_{extra.id}"]


def test_definitions_without_api_calls_and_bad_tables() -> None:
    assets = fivetran_sync_assets(
        connection_id="conn-1",
        tables=[("public", "orders")],
        key_prefix=["raw", "fivetran"],
        asset_key=lambda t: dg.AssetKey([t.connection_id, t.table]),
    )
    assert {k.to_user_string() for k in assets.keys} == {"raw/fivetran/conn-1/orders"}
    assert assets.op.name == "fivetran_sync_conn_1"
    for bad in (["orders"], []):
        with pytest.raises(ValueError, match=r"tables|no tables"):
            fivetran_sync_assets(connection_id="c", tables=bad)
    with pytest.raises(ValueError, match=r"^timeout must be a finite"):  # at definition
        fivetran_sync_assets(connection_id="c", tables=["s.t"], timeout=float("nan"))
    assert FivetranTable("c", "s", "t").name == "s.t"


def test_the_resource_reads_env_vars_and_hides_the_secret(
    fivetran_env: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = fivetran_env
    from_env = FivetranResource()  # FIVETRAN_* from the environment
    with from_env.get_client() as client:
        assert [g.id for g in client.groups.stream()] == [account.group_id]
    monkeypatch.setenv("MY_SECRET", account.emulator.api_secret)
    configured = FivetranResource(
        api_key=account.emulator.api_key,
        api_secret=dg.EnvVar("MY_SECRET"),
        base_url=account.server.base_url,
        max_retries=0,
        rate_limit="standard",
    )
    assert account.emulator.api_secret not in repr(configured)

    import asyncio

    async def read() -> str:
        async with configured.get_async_client() as client:
            return (await client.connections.get(account.connection_id)).id

    assert asyncio.run(read()) == account.connection_id

    @dg.asset
    def uses_it(fivetran: FivetranResource) -> str:
        with fivetran.get_client() as client:
            return client.connections.get(account.connection_id).id

    result = dg.materialize([uses_it], resources={"fivetran": configured})
    assert result.output_for_node("uses_it") == account.connection_id


# --------------------------------------------------------------------------- the sensor


def test_the_sensor_reports_syncs_fivetran_ran_by_itself_once(account: Account) -> None:
    from fivetrex.dagster import fivetran_sync_sensor

    assets = one_connection_assets(account)
    sensor = fivetran_sync_sensor([assets])
    instance = dg.DagsterInstance.ephemeral()
    fivetran = resource(account)

    def evaluate(cursor: str | None) -> Any:
        context = dg.build_sensor_context(
            instance=instance, cursor=cursor, resources={"fivetran": fivetran}
        )
        return sensor(context)

    first = evaluate(None)  # a baseline only: the history is not reported
    assert first.asset_events == []
    assert json.loads(first.cursor) == {account.connection_id: None}

    account.client.connections.sync(account.connection_id)  # the schedule, the dashboard...
    assert account.emulator.complete_sync(account.connection_id)
    second = evaluate(first.cursor)
    status = account.client.connections.get_sync_status(account.connection_id)
    assert len(second.asset_events) == 18
    event = second.asset_events[0]
    assert event.metadata["fivetran/connection_id"].value == account.connection_id
    assert event.metadata["fivetran/succeeded_at"].value == status.succeeded_at.timestamp()
    assert json.loads(second.cursor) == {account.connection_id: status.succeeded_at.isoformat()}
    assert evaluate(second.cursor).asset_events == []  # reported once

    account.script("failure", reason="Disk full", polls=1)
    account.client.connections.sync(account.connection_id)
    assert account.emulator.complete_sync(account.connection_id)
    failed = evaluate(second.cursor)
    assert failed.asset_events == []  # a failed sync materializes nothing
    assert failed.cursor != second.cursor

    # a sync a Dagster run made (and recorded) is not reported again
    account.script("success", polls=1)
    dg.materialize([assets], resources={"fivetran": fivetran}, instance=instance)
    assert evaluate(failed.cursor).asset_events == []
