"""fivetrex.airflow on a real Airflow: DAGs run with ``dag.test()`` (tasks, deferral and the
trigger in-process, Airflow's metadata database in SQLite) against the emulator server on a
loopback port. Run with ``python3 dev.py integrations airflow``."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import os
import re
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fivetrex import (
    ConfirmationRequired,
    InvalidArgumentError,
    NotFoundError,
    SyncFailedError,
    SyncPausedError,
    SyncRescheduledError,
    SyncTimeoutError,
    UnauthorizedError,
)
from fivetrex.airflow import (
    FivetranHook,
    FivetranSyncOperator,
    FivetranSyncSensor,
    FivetranSyncTrigger,
)
from fivetrex.airflow._outcome import parse_after
from fivetrex.airflow.hooks import client_options
from orchestrators._support import Account, when

airflow = pytest.importorskip("airflow")

from airflow.models.trigger import Trigger  # noqa: E402

from fivetrex.airflow._compat import AirflowException, AirflowFailException  # noqa: E402
from orchestrators._airflow_dags import (  # noqa: E402
    for_this_airflow,
    load_dag_file,
    task_state,
    xcom,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS_PAGE = ROOT / "docs" / "guide" / "airflow.md"
# --------------------------------------------------------------------------- harness


@pytest.fixture
def trigger_runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The kwargs of every FivetranSyncTrigger that ran (dag.test runs triggers in line,
    re-created from their serialized kwargs, as the triggerer does)."""
    runs: list[dict[str, Any]] = []
    original = FivetranSyncTrigger.run

    def run(self: FivetranSyncTrigger) -> Any:
        runs.append(self.serialize()[1])
        return original(self)

    monkeypatch.setattr(FivetranSyncTrigger, "run", run)
    return runs


def doc_dag_sources() -> list[str]:
    """The Python blocks of docs/guide/airflow.md (the DAGs are the first two)."""
    text = DOCS_PAGE.read_text()
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def run_dag(module: ModuleType) -> Any:
    """Run the module's DAG with ``dag.test()``; return the DagRun.

    Only the pace changes: status reads every 10 ms instead of the DAG's seconds.
    """
    for task in module.dag.tasks:
        if isinstance(task, FivetranSyncOperator):
            task.poll_interval = 0.01
        elif isinstance(task, FivetranSyncSensor):
            task.poke_interval = 0.01
    return module.dag.test()


OPERATOR_DAG = """
from datetime import datetime
from airflow.sdk import DAG
from fivetrex.airflow import FivetranSyncOperator

with DAG("fivetran_operator", schedule=None, start_date=datetime(2026, 1, 1)) as dag:
    FivetranSyncOperator(task_id="sync", connection_id="shiny_badger", {options})
"""


def operator_dag(account: Account, **options: Any) -> ModuleType:
    rendered = ", ".join(f"{k}={v!r}" for k, v in options.items())
    return load_dag_file(OPERATOR_DAG.replace("{options}", rendered), account.connection_id)


# --------------------------------------------------------------------------- the docs' DAGs


def test_the_docs_dag_syncs_through_the_triggerer(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    account.script("success", polls=3)
    module = load_dag_file(doc_dag_sources()[0], account.connection_id)

    dag_run = run_dag(module)

    assert str(dag_run.state) == "success"
    status = xcom(dag_run, "sync_app_db")
    assert status["connection_id"] == account.connection_id
    assert status["succeeded_at"] is not None
    assert status["failed_at"] is None
    json.dumps(status)  # a JSON-able XCom
    assert task_state(dag_run, "report") == "success"
    # deferred: the wait ran on the (in-line) triggerer, with the baseline in its kwargs
    (kwargs,) = trigger_runs
    assert kwargs["connection_id"] == account.connection_id
    assert kwargs["after"] is None  # the connection never synced: any sync counts
    assert kwargs["deadline"] == pytest.approx(time.time() + 3 * 3600, abs=120)
    assert account.emulator.api_secret not in json.dumps(kwargs)  # only the Airflow conn id


def test_the_docs_sensor_dag_waits_for_the_sync_the_first_task_started(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    first = account.client.connections.sync_and_wait(account.connection_id, poll_interval=0.01)
    account.script("success", polls=3)
    module = load_dag_file(doc_dag_sources()[1], account.connection_id)

    dag_run = run_dag(module)

    assert str(dag_run.state) == "success"
    baseline = xcom(dag_run, "start_stripe")
    assert baseline["after"] == first.succeeded_at.isoformat()
    status = xcom(dag_run, "wait_for_stripe")
    assert parse_after(status["succeeded_at"]) > parse_after(baseline["after"])
    assert len(trigger_runs) == 1
    assert trigger_runs[0]["after"] == baseline["after"]


def test_the_docs_hook_task_lists_paused_connections(fivetran_conn: Account) -> None:
    account = fivetran_conn
    namespace: dict[str, Any] = {}
    exec(for_this_airflow(doc_dag_sources()[2]), namespace)  # noqa: S102 - our own docs
    assert namespace["paused_connections"].function(account.group_id) == []
    account.client.connections.pause(account.connection_id)
    assert namespace["paused_connections"].function(account.group_id) == [account.connection_id]


# --------------------------------------------------------------------------- outcomes


def test_a_failed_sync_fails_the_task_with_fivetrans_reason(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    account.script("failure", reason="Credentials expired", task_code="reconnect")
    module = operator_dag(account)

    dag_run = run_dag(module)

    assert str(dag_run.state) == "failed"
    assert task_state(dag_run, "sync") == "failed"
    (error,) = module.FAILURES
    assert isinstance(error, AirflowException)
    assert not isinstance(error, AirflowFailException)  # retries apply to a failed sync
    assert "Credentials expired" in str(error)
    cause = error.__cause__
    assert isinstance(cause, SyncFailedError)
    assert cause.reason == "Credentials expired"
    assert cause.connection_id == account.connection_id
    assert cause.status.failed_at == cause.failed_at is not None
    assert len(trigger_runs) == 1


def test_a_rescheduled_sync_is_waited_for_until_it_runs(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    account.script("rescheduled", reschedule_after=1800, reason="Source API quota")
    account.script("success", polls=2)  # the re-run, when it is due
    module = operator_dag(account)

    seen: list[str] = []

    def rescheduled() -> bool:
        return account.sync_state() == "rescheduled"

    def run_it() -> None:
        seen.append("rescheduled")
        account.emulator.advance(1800)  # Fivetran restarts it when due

    with when(rescheduled, run_it):
        dag_run = run_dag(module)

    assert seen == ["rescheduled"]
    assert str(dag_run.state) == "success"
    status = xcom(dag_run, "sync")
    assert status["succeeded_at"] is not None
    assert status["sync_state"] == "scheduled"


def test_a_rescheduled_sync_fails_the_task_with_on_rescheduled_raise(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    account.script("rescheduled", reschedule_after=1800)
    module = operator_dag(account, on_rescheduled="raise")

    dag_run = run_dag(module)

    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert isinstance(error.__cause__, SyncRescheduledError)
    assert error.__cause__.rescheduled_for is not None
    assert "rescheduled for" in str(error)


def test_a_connection_paused_mid_wait_fails_the_task(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    account.script("success", polls=1_000_000)  # runs until paused
    module = operator_dag(account)

    with when(lambda: account.sync_state() == "syncing", account.pause):
        dag_run = run_dag(module)

    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert isinstance(error.__cause__, SyncPausedError)
    assert "paused" in str(error)
    assert len(trigger_runs) == 1


def test_a_paused_connection_fails_before_triggering_unless_resume(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    account.client.connections.pause(account.connection_id)
    failed = run_dag(operator_dag(account))
    assert str(failed.state) == "failed"
    assert account.sync_state() == "paused"  # nothing was triggered

    account.script("success", polls=2)
    resumed = run_dag(operator_dag(account, resume=True))
    assert str(resumed.state) == "success"
    assert xcom(resumed, "sync")["paused"] is False


def test_the_timeout_fails_the_task(airflow_db: None, fivetran_conn: Account) -> None:
    account = fivetran_conn
    account.script("success", polls=1_000_000)
    module = operator_dag(account, timeout=0.3)

    dag_run = run_dag(module)

    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert isinstance(error.__cause__, SyncTimeoutError)


@pytest.mark.parametrize("deferrable", [True, False])
def test_a_sync_that_ends_at_its_first_status_read_is_not_missed(
    airflow_db: None, fivetran_conn: Account, deferrable: bool
) -> None:
    """The baseline is read before triggering: reading it after would take this sync as the
    baseline and wait for another one (until the timeout)."""
    account = fivetran_conn
    account.client.connections.sync_and_wait(account.connection_id, poll_interval=0.01)
    account.script("success", polls=1)  # done by the first read after the trigger
    dag_run = run_dag(operator_dag(account, deferrable=deferrable, timeout=10))
    assert str(dag_run.state) == "success"
    status = xcom(dag_run, "sync")
    last = account.client.connections.get_sync_status(account.connection_id)
    assert parse_after(status["succeeded_at"]) == last.succeeded_at


def test_blocking_mode_waits_in_the_worker(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    account.script("success", polls=2)
    dag_run = run_dag(operator_dag(account, deferrable=False))
    assert str(dag_run.state) == "success"
    assert xcom(dag_run, "sync")["succeeded_at"] is not None
    assert trigger_runs == []  # never deferred


def test_a_table_resync_needs_confirmation_and_posts_the_tables(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    with pytest.raises(ConfirmationRequired):
        FivetranSyncOperator(task_id="t", connection_id="c", tables={"public": ["orders"]})
    with pytest.raises(ConfirmationRequired):
        FivetranSyncOperator(task_id="t", connection_id="c", resync=True)
    with pytest.raises(InvalidArgumentError):
        FivetranSyncOperator(task_id="t", connection_id="c", on_rescheduled="retry")
    # at parse time, not when the task runs (a NaN timeout never timed out)
    with pytest.raises(InvalidArgumentError, match=r"^timeout must be a finite"):
        FivetranSyncOperator(task_id="t", connection_id="c", timeout=float("nan"))
    with pytest.raises(InvalidArgumentError, match=r"^poll_interval must be a finite"):
        FivetranSyncOperator(task_id="t", connection_id="c", poll_interval=float("inf"))

    # the request goes to the table re-sync endpoint: make exactly that one answer 409
    account.emulator.inject(
        "error", status=409, method="POST", path="/v1/connections/*/schemas/tables/resync"
    )
    module = operator_dag(account, tables={"public": ["orders"]}, confirm=True)
    dag_run = run_dag(module)
    assert str(dag_run.state) == "failed"
    assert "POST /v1/connections/" in str(module.FAILURES[0])

    account.script("success", polls=2)
    dag_run = run_dag(operator_dag(account, resync=True, confirm=True))
    assert str(dag_run.state) == "success"


def test_an_unknown_connection_fails_without_retry(
    airflow_db: None, fivetran_conn: Account
) -> None:
    module = load_dag_file(OPERATOR_DAG.replace("{options}", "retries=3"), "no_such_connection")
    dag_run = run_dag(module)
    assert str(dag_run.state) == "failed"
    (error,) = module.FAILURES
    assert isinstance(error, AirflowFailException)
    assert isinstance(error.__cause__, NotFoundError)


# --------------------------------------------------------------------------- the triggerer


async def _first_event(trigger: FivetranSyncTrigger) -> Any:
    async for event in trigger.run():
        return event
    raise AssertionError("the trigger fired no event")


def _deferred_trigger(account: Account, **options: Any) -> FivetranSyncTrigger:
    """Run the operator's execute() as a worker would, up to its deferral."""
    try:
        from airflow.sdk.exceptions import TaskDeferred
    except ImportError:  # Airflow 2
        from airflow.exceptions import TaskDeferred

    operator = FivetranSyncOperator(
        task_id="sync", connection_id=account.connection_id, poll_interval=0.01, **options
    )
    with pytest.raises(TaskDeferred) as deferred:
        operator.execute(context={})
    assert deferred.value.method_name == "execute_complete"
    trigger = deferred.value.trigger
    assert isinstance(trigger, FivetranSyncTrigger)
    return trigger


def _persist(trigger: FivetranSyncTrigger) -> Trigger:
    """The row Airflow stores for a deferred task (kwargs serialized and encrypted)."""
    return Trigger.from_object(trigger)


def _restore(row: Trigger) -> FivetranSyncTrigger:
    """What a (re)starting triggerer does with a stored row."""
    module, _, name = row.classpath.rpartition(".")
    restored = getattr(importlib.import_module(module), name)(**row.kwargs)
    assert isinstance(restored, FivetranSyncTrigger)
    return restored


async def _run_for_a_while(trigger: FivetranSyncTrigger) -> None:
    """Run the trigger (it polls every 10 ms) for 0.3 s without an event, then kill it."""
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(_first_event(trigger), 0.3)  # cancelled: the triggerer died


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_a_restarted_triggerer_resumes_the_same_wait(
    airflow_db: None, fivetran_conn: Account, outcome: str
) -> None:
    account = fivetran_conn
    account.client.connections.sync_and_wait(account.connection_id, poll_interval=0.01)
    baseline = account.client.connections.get_sync_status(account.connection_id).last_synced_at
    account.script(outcome, polls=1_000_000, reason="Disk full")
    # a short deadline: a trigger that lost its baseline would time out instead of succeeding
    trigger = _deferred_trigger(account, timeout=10)
    row = _persist(trigger)
    assert "Disk full" not in row.encrypted_kwargs  # stored encrypted, never in clear

    asyncio.run(_run_for_a_while(trigger))
    assert account.sync_state() == "syncing"
    # while no triggerer runs, the (short) sync ends: a recomputed baseline would miss it
    assert account.emulator.complete_sync(account.connection_id)

    restored = _restore(row)
    assert restored.serialize() == trigger.serialize()
    assert restored.after == baseline.isoformat()
    assert restored.deadline == trigger.deadline  # the same time left, not a new timeout
    event = asyncio.run(_first_event(restored))

    operator = FivetranSyncOperator(task_id="sync", connection_id=account.connection_id)
    if outcome == "success":
        status = operator.execute_complete(context={}, event=event.payload)
        assert parse_after(status["succeeded_at"]) > baseline
    else:
        with pytest.raises(AirflowException, match="Disk full") as failed:
            operator.execute_complete(context={}, event=event.payload)
        assert isinstance(failed.value.__cause__, SyncFailedError)
        assert failed.value.__cause__.reason == "Disk full"


def test_a_restarted_trigger_past_its_deadline_times_out(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    account.script("success", polls=1_000_000)
    trigger = _deferred_trigger(account, timeout=0.2)
    time.sleep(0.3)  # the triggerer was down for longer than the timeout
    event = asyncio.run(_first_event(_restore(_persist(trigger))))
    assert event.payload["error"] == "SyncTimeoutError"
    with pytest.raises(AirflowException) as failed:
        FivetranSyncOperator(task_id="s", connection_id="c").execute_complete({}, event.payload)
    assert isinstance(failed.value.__cause__, SyncTimeoutError)


# --------------------------------------------------------------------------- the sensor


def test_the_sensor_sees_a_sync_that_ended_before_it_started(
    airflow_db: None, fivetran_conn: Account, trigger_runs: list[dict[str, Any]]
) -> None:
    account = fivetran_conn
    baseline = account.client.connections.get_sync_status(account.connection_id).last_synced_at
    account.client.connections.sync_and_wait(account.connection_id, poll_interval=0.01)
    sensor = FivetranSyncSensor(task_id="wait", connection_id=account.connection_id, after=baseline)
    status = sensor.execute(context={})
    assert status["succeeded_at"] is not None
    assert trigger_runs == []  # decided on the first check: no deferral


def test_the_sensor_in_poke_mode_fails_on_a_failed_sync(
    airflow_db: None, fivetran_conn: Account
) -> None:
    account = fivetran_conn
    account.script("failure", reason="Schema changed", polls=3)
    baseline = account.client.connections.get_sync_status(account.connection_id).last_synced_at
    account.client.connections.sync(account.connection_id)  # started elsewhere
    sensor = FivetranSyncSensor(
        task_id="wait",
        connection_id=account.connection_id,
        after=baseline.isoformat() if baseline else None,
        deferrable=False,
    )
    assert sensor.poke({}) is False
    assert sensor.poke({}) is False
    with pytest.raises(AirflowException, match="Schema changed") as failed:
        sensor.poke({})
    assert isinstance(failed.value.__cause__, SyncFailedError)


# --------------------------------------------------------------------------- the hook


class _Conn:
    def __init__(self, **fields: Any) -> None:
        self.conn_id = "fivetran_default"
        self.conn_type = fields.pop("conn_type", "fivetran")
        self.login = fields.pop("login", "key")
        self.password = fields.pop("password", "secret")
        self.host = fields.pop("host", None)
        self.port = fields.pop("port", None)
        self.extra_dejson = fields.pop("extra", {})


@pytest.mark.parametrize(
    ("fields", "base_url"),
    [
        ({}, None),
        ({"host": "api.fivetran.com"}, "https://api.fivetran.com/v1"),
        ({"host": "http://127.0.0.1", "port": 8000}, "http://127.0.0.1:8000/v1"),
        ({"host": "https://proxy.example/fivetran/v1"}, "https://proxy.example/fivetran/v1"),
        ({"conn_type": "Fivetran"}, None),  # the older providers' type
        ({"conn_type": "generic"}, None),
    ],
)
def test_connection_fields_become_client_options(
    fields: dict[str, Any], base_url: str | None
) -> None:
    options = client_options(_Conn(**fields))
    assert options["api_key"] == "key"
    assert options["api_secret"] == "secret"
    assert options.get("base_url") == base_url


def test_connection_extras_and_bad_connections() -> None:
    options = client_options(_Conn(extra={"timeout": 5, "max_retries": 1, "other": 1}))
    assert (options["timeout"], options["max_retries"]) == (5, 1)
    assert "other" not in options
    from fivetrex import ConfigurationError

    with pytest.raises(ConfigurationError, match="type 'postgres'"):
        client_options(_Conn(conn_type="postgres"))
    with pytest.raises(ConfigurationError, match="API secret as password"):
        client_options(_Conn(password=None))


def test_the_hook_gives_both_clients_and_tests_the_connection(
    fivetran_conn: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = fivetran_conn
    hook = FivetranHook()
    with hook.get_client() as client:
        assert [g.id for g in client.groups.stream()] == [account.group_id]

    async def read() -> str:
        async with await hook.get_async_client() as client:
            return (await client.connections.get(account.connection_id)).id

    assert asyncio.run(read()) == account.connection_id
    assert hook.test_connection() == (True, "Connected to Fivetran account fivetrex emulator")

    conn = json.loads(os.environ["AIRFLOW_CONN_FIVETRAN_DEFAULT"])
    wrong = {**conn, "password": "wrong-secret-4711"}
    monkeypatch.setenv("AIRFLOW_CONN_FIVETRAN_DEFAULT", json.dumps(wrong))
    ok, message = FivetranHook().test_connection()
    assert not ok
    assert "401" in message
    assert "wrong-secret-4711" not in message
    with FivetranHook(max_retries=0).get_client() as client, pytest.raises(UnauthorizedError):
        client.groups.list()


def test_airflow_registers_the_fivetran_connection_type() -> None:
    import warnings

    from airflow.providers_manager import ProvidersManager

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        hook = ProvidersManager().hooks["fivetran"]
    assert hook is not None
    assert hook.hook_class_name == "fivetrex.airflow.hooks.FivetranHook"
    assert hook.package_name == "fivetrex"
    assert hook.connection_testable
    behaviour = FivetranHook.get_ui_field_behaviour()
    assert behaviour["relabeling"]["password"] == "API secret"
