"""The orchestrator tests: real Airflow / Dagster against the emulator server on loopback.

They run in their own environments (``python3 dev.py integrations``), where
``FIVETREX_ORCHESTRATOR_TESTS`` names the orchestrator that must be installed. In the main
environment, where neither is installed, the files are not collected at all.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fivetrex.emulator import Emulator, EmulatorServer
from orchestrators._support import Account

_REQUIRED = {n for n in os.environ.get("FIVETREX_ORCHESTRATOR_TESTS", "").split(",") if n}

#: The most-used third-party Fivetran client of each orchestrator, tested on the emulator
#: (its dependency group installs it wherever the orchestrator's tests run).
_THIRD_PARTY = {"airflow": "fivetran_provider_async", "dagster": "dagster_fivetran"}

collect_ignore: list[str] = []
for _name in ("airflow", "dagster"):
    if _name in _REQUIRED:
        for _module in (_name, _THIRD_PARTY[_name]):
            if importlib.util.find_spec(_module) is None:
                raise RuntimeError(
                    f"FIVETREX_ORCHESTRATOR_TESTS asks for {_name}; {_module} is missing"
                )
    if importlib.util.find_spec(_name) is None:
        # fivetrex's integration and the third-party client's (test_dagster_fivetran.py...)
        collect_ignore.extend(p.name for p in Path(__file__).parent.glob(f"test_{_name}*.py"))

if "test_airflow.py" not in collect_ignore:
    # Airflow reads its configuration when first imported: a throw-away home, SQLite
    # metadata database and DAG folder for the whole session.
    _home = tempfile.mkdtemp(prefix="fivetrex-airflow-")
    atexit.register(shutil.rmtree, _home, True)
    os.makedirs(os.path.join(_home, "dags"))
    os.environ.update(
        AIRFLOW_HOME=_home,
        AIRFLOW__CORE__DAGS_FOLDER=os.path.join(_home, "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{_home}/airflow.db",
        AIRFLOW__CORE__FERNET_KEY="0YSi4LUukNm2wAAsqOq4hBmIxhA4_iYwPNvmSv3m0rk=",
    )


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """Airflow's metadata database (SQLite in the session's AIRFLOW_HOME), created once."""
    from airflow.utils import db

    db.initdb()


@pytest.fixture
def fivetran_conn(account: Account, monkeypatch: pytest.MonkeyPatch) -> Account:
    """``fivetran_default`` points at the emulator server (an env-var Airflow connection)."""
    conn = {
        "conn_type": "fivetran",
        "login": account.emulator.api_key,
        "password": account.emulator.api_secret,
        "host": account.server.base_url,
    }
    monkeypatch.setenv("AIRFLOW_CONN_FIVETRAN_DEFAULT", json.dumps(conn))
    return account


@pytest.fixture
def account() -> Iterator[Account]:
    """A fresh emulator (group, destination, a postgres connection and its schema config)
    served over HTTP on a free loopback port."""
    emulator = Emulator()
    client = emulator.client()
    group = client.groups.create(name="warehouse")
    client.destinations.create(group_id=group.id, service="snowflake", time_zone_offset="0")
    connection = client.connections.create(
        group_id=group.id, service="postgres", config={"schema_prefix": "app_db"}
    )
    client.connections.reload_schema_config(connection.id)  # the source's tables
    with EmulatorServer(emulator) as server:
        yield Account(emulator, server, client, group.id, connection.id)
    client.close()
    emulator.close()
