"""What the Airflow tests share: DAG files written to the DAG folder and run with
``dag.test()``, and the results they leave (imported only where Airflow is installed)."""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import airflow

__all__ = [
    "AIRFLOW_2",
    "DOC_CONNECTION_ID",
    "for_this_airflow",
    "load_dag_file",
    "task_state",
    "xcom",
]

DOC_CONNECTION_ID = "shiny_badger"
"""The connection id the docs' DAGs use; :func:`load_dag_file` swaps in the account's."""
AIRFLOW_2 = airflow.__version__.startswith("2.")
_dag_numbers = itertools.count()


def for_this_airflow(source: str) -> str:
    """The docs' Airflow 3 imports, as Airflow 2 spells them (the rest is the same)."""
    if not AIRFLOW_2:
        return source
    return (
        source.replace(
            "from airflow.sdk import DAG, task",
            "from airflow import DAG\nfrom airflow.decorators import task",
        )
        .replace("from airflow.sdk import DAG", "from airflow import DAG")
        .replace("from airflow.sdk import task", "from airflow.decorators import task")
    )


def load_dag_file(source: str, connection_id: str) -> ModuleType:
    """Write a DAG file into the DAG folder (dag.test() needs it there) and import it.

    The source gets a unique dag id and the account's connection id, and fails its tasks
    into ``FAILURES`` (the exception of each failed task).
    """
    number = next(_dag_numbers)
    source = for_this_airflow(source).replace(DOC_CONNECTION_ID, connection_id)
    failing = "default_args={'on_failure_callback': _on_failure}"
    source = re.sub(
        r'DAG\(\s*"(\w+)"', lambda m: f'DAG("{m[1]}_{number}", {failing}', source, count=1
    )
    source = re.sub(r"^(with DAG\(.*\)):$", r"\1 as dag:", source, count=1, flags=re.M)
    source = (
        "FAILURES = []\n"
        "def _on_failure(context):\n"
        "    FAILURES.append(context['exception'])\n" + source
    )
    path = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"]) / f"fivetrex_dag_{number}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def xcom(dag_run: Any, task_id: str) -> Any:
    """What a task of a finished DagRun pushed as its return value."""
    return dag_run.get_task_instance(task_id).xcom_pull(task_ids=task_id)


def task_state(dag_run: Any, task_id: str) -> str:
    """A task's final state in a DagRun, e.g. ``"success"``."""
    return str(dag_run.get_task_instance(task_id).state)
