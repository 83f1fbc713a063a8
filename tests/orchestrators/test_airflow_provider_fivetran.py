"""A third-party client on the emulator: Fivetran's own Airflow provider
(``airflow-provider-fivetran-async``), unchanged, in DAGs run with ``dag.test()`` against
the emulator server on a loopback port.

The emulator is meant for any Fivetran client, not only fivetrex: a team with DAGs on the
provider tests them on the emulator. The provider's hook has no base-URL setting, so the
tests set its class attributes ``api_protocol``/``api_host`` to the server (the recipe in
docs/guide/testing.md). It speaks the 2023 API (``/v1/connectors/...``, ``POST
.../force``) — the emulator's legacy paths — sync and async (aiohttp, in its trigger).
Polls happen at ``poll_frequency=0``: no test waits on a clock.
Run with ``python3 dev.py integrations airflow``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from orchestrators._support import Account, run_docs_recipe

pytest.importorskip("airflow")
provider = pytest.importorskip("fivetran_provider_async.hooks")

from orchestrators._airflow_dags import load_dag_file, task_state, xcom  # noqa: E402

PROVIDER_DAG = """
from datetime import datetime
from airflow.sdk import DAG
from fivetran_provider_async.operators import FivetranOperator
from fivetran_provider_async.sensors import FivetranSensor

with DAG("fivetran_provider", schedule=None, start_date=datetime(2026, 1, 1)):
    sync = FivetranOperator(
        task_id="sync", connector_id="shiny_badger", poll_frequency=0, {options}
    )
"""


@pytest.fixture
def provider_conn(fivetran_conn: Account, monkeypatch: pytest.MonkeyPatch) -> Account:
    """The provider's hooks (blocking and aiohttp) talk to the emulator server, and the
    connection has synced once (the provider cannot start from a connection that never
    synced unless it is paused: it parses the missing ``succeeded_at``)."""
    netloc = urlsplit(fivetran_conn.server.url).netloc
    monkeypatch.setattr(provider.FivetranHook, "api_protocol", "http")
    monkeypatch.setattr(provider.FivetranHook, "api_host", netloc)
    fivetran_conn.script("success", polls=1)
    fivetran_conn.client.connections.sync(fivetran_conn.connection_id)
    assert fivetran_conn.sync_state() == "scheduled"
    return fivetran_conn


def provider_dag(account: Account, **options: Any) -> ModuleType:
    rendered = ", ".join(f"{k}={v!r}" for k, v in options.items())
    return load_dag_file(PROVIDER_DAG.replace("{options}", rendered), account.connection_id)


@pytest.mark.parametrize("deferrable", [True, False], ids=["deferred", "in-task"])
def test_the_operator_syncs_and_waits_for_the_end(
    airflow_db: None, provider_conn: Account, deferrable: bool
) -> None:
    account = provider_conn
    account.script("success", polls=3)
    module = provider_dag(account, deferrable=deferrable)

    dag_run = module.dag.test()

    assert str(dag_run.state) == "success", module.FAILURES
    assert task_state(dag_run, "sync") == "success"
    details = account.client.connections.get(account.connection_id)
    assert details.succeeded_at is not None
    assert details.status.sync_state == "scheduled"
    assert details.schedule_type == "manual"  # the operator's prep_connector set it


def test_the_operator_fails_when_the_sync_fails(airflow_db: None, provider_conn: Account) -> None:
    account = provider_conn
    account.script("failure", polls=2, reason="source unreachable")
    module = provider_dag(account, deferrable=False)

    dag_run = module.dag.test()

    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert "Fivetran sync for connector" in str(error), error
    assert account.client.connections.get(account.connection_id).failed_at is not None


def test_the_operator_without_waiting_returns_the_previous_sync_time(
    airflow_db: None, provider_conn: Account
) -> None:
    account = provider_conn
    account.script("success", polls=10)
    module = provider_dag(account, wait_for_completion=False)

    dag_run = module.dag.test()

    assert str(dag_run.state) == "success", module.FAILURES
    assert xcom(dag_run, "sync")  # a timestamp string: the baseline it would wait past
    assert account.client.connections.get(account.connection_id).status.sync_state == "syncing"


def test_an_unknown_connector_fails_the_task_with_the_emulators_404(
    airflow_db: None, provider_conn: Account
) -> None:
    module = load_dag_file(
        PROVIDER_DAG.replace("{options}", "deferrable=False, fivetran_retry_limit=1"),
        "no_such_connector",
    )

    dag_run = module.dag.test()

    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert "Status Code: 404" in str(error), error
    assert "NotFound_Connector" in str(error) or "not found" in str(error).lower(), error


def test_the_guides_recipe_passes_under_pytest(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "guide" / "airflow.md"
    assert "1 passed" in run_docs_recipe(page, tmp_path)
