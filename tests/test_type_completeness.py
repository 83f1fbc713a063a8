"""Every public symbol of fivetrex has a type pyright and mypy agree on.

``pyright --verifytypes fivetrex --ignoreexternal`` is the type-completeness check of a
``py.typed`` library: for each symbol a user can reach (module attributes, classes, their
methods and attributes, parameters and return types) it asks whether the type is *known*
from annotations, not merely inferred (another checker could infer it differently) or
unknown. This test runs it on the fivetrex that ``import fivetrex`` loads (the editable
install of the repository: pyright follows its ``.pth`` path, and the wheel holds exactly
``src/fivetrex``), and fails on every exported symbol that is not fully known, except the
allow-listed ones below.

Which environment counts:

* Here, the dev environment: every extra but the orchestrators' is installed (click,
  fastapi, flask...), as with ``pip install "fivetrex[all]"``. Without an extra, the module
  built on it cannot be typed (its base classes come from the missing package).
* ``fivetrex.airflow`` / ``fivetrex.dagster`` are left out here (neither orchestrator is
  installed in this environment) and checked where they are: ``python3 dev.py
  integrations`` runs this file against ``.venv-airflow`` / ``.venv-dagster`` with
  ``FIVETREX_TYPES_PYTHON`` (that environment's interpreter) and ``FIVETREX_TYPES_ONLY``
  (the module to check there).

The check takes ~15 s (pyright analyses the whole package once, module-scoped fixture).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import fivetrex

#: Modules checked in their own environments (``dev.py integrations``), not in this one.
OWN_ENVIRONMENT = ("fivetrex.airflow", "fivetrex.dagster")

#: Exported symbols allowed not to be fully known, each with the reason. Keep it empty:
#: an entry that becomes known fails the test too (delete it then).
ALLOWED: dict[str, str] = {
    # Airflow 3's own ``BaseOperator`` (``airflow.sdk.bases.operator``): pyright resolves
    # no metaclass for it (its effective metaclass is Unknown inside Airflow), so every
    # subclass reports "Type of metaclass unknown" -- nothing in fivetrex can annotate that
    # away. (Airflow 2.10, .venv-airflow2, is not checked: there the bases come from the
    # fallback imports of ``airflow/_compat.py``, unknown to pyright.)
    "fivetrex.airflow.FivetranSyncOperator": "Airflow's BaseOperator metaclass",
    "fivetrex.airflow.operators.FivetranSyncOperator": "Airflow's BaseOperator metaclass",
    "fivetrex.airflow.FivetranSyncSensor": "Airflow's BaseOperator metaclass",
    "fivetrex.airflow.sensors.FivetranSyncSensor": "Airflow's BaseOperator metaclass",
}

#: The command line (after ``pyright``), as the independent check runs it, with JSON output.
VERIFYTYPES = ("--verifytypes", "fivetrex", "--ignoreexternal", "--outputjson")

#: The environment checked: this one, or another's interpreter (``dev.py integrations``).
PYTHON = os.environ.get("FIVETREX_TYPES_PYTHON") or sys.executable
#: Only these modules (``FIVETREX_TYPES_ONLY=fivetrex.airflow``); else all but OWN_ENVIRONMENT.
ONLY = tuple(m for m in os.environ.get("FIVETREX_TYPES_ONLY", "").split(",") if m)


def in_scope(name: str) -> bool:
    """Whether a symbol is checked in this run (its module's dependency is installed)."""

    def under(prefixes: tuple[str, ...]) -> bool:
        return any(name == p or name.startswith(p + ".") for p in prefixes)

    return under(ONLY) if ONLY else not under(OWN_ENVIRONMENT)


def not_known(report: dict[str, Any]) -> dict[str, list[str]]:
    """``{exported symbol: its diagnostics}`` for every exported symbol not fully known."""
    return {
        symbol["name"]: [d["message"] for d in symbol["diagnostics"]]
        for symbol in report["typeCompleteness"]["symbols"]
        if symbol["isExported"] and not symbol["isTypeKnown"]
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("pyright")
    # pyright finds the environment through the ``python`` first on PATH (``--pythonpath``
    # is not used by --verifytypes); an empty directory as cwd keeps the repository's own
    # configuration and sources out of the check.
    bindir = str(Path(PYTHON).parent)
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
        "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        [sys.executable, "-m", "pyright", *VERIFYTYPES],
        cwd=tmp_path_factory.mktemp("verifytypes"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        found: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"pyright gave no report:\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    return found


@pytest.mark.timeout(360)
def test_pyright_checks_this_fivetrex(report: dict[str, Any]) -> None:
    completeness = report["typeCompleteness"]
    errors = [d["message"] for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == []
    if sys.executable == PYTHON:  # the package ``import fivetrex`` loads, not another copy
        assert Path(completeness["packageRootDirectory"]) == Path(fivetrex.__file__).parent
    assert Path(completeness["pyTypedPath"]).name == "py.typed"
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 1000


@pytest.mark.timeout(360)
def test_every_exported_symbol_has_a_known_type(report: dict[str, Any]) -> None:
    unknown = {n: d for n, d in not_known(report).items() if in_scope(n) and n not in ALLOWED}
    shown = "\n".join(
        f"{name}\n    "
        + ("\n    ".join(m.replace("\n", " ") for m in messages[:3]) or "(through a member)")
        for name, messages in sorted(unknown.items())
    )
    score = report["typeCompleteness"]["completenessScore"]
    assert not unknown, (
        f"{len(unknown)} exported symbols are not fully typed (score {score:.1%}); annotate "
        f"them (an attribute set in __init__ or a class attribute needs its annotation):\n" + shown
    )


@pytest.mark.timeout(360)
def test_the_allow_list_holds_only_what_is_still_unknown(report: dict[str, Any]) -> None:
    symbols = {s["name"] for s in report["typeCompleteness"]["symbols"] if s["isExported"]}
    unknown = not_known(report)
    stale = [name for name in ALLOWED if in_scope(name) and name in symbols and name not in unknown]
    assert stale == [], f"now fully typed: delete them from ALLOWED: {stale}"
    gone = [name for name in ALLOWED if in_scope(name) and name not in symbols]
    assert gone == [], f"no longer exported: delete them from ALLOWED: {gone}"


def test_scope_leaves_the_orchestrators_to_their_environments() -> None:
    if ONLY:
        pytest.skip("a run restricted with FIVETREX_TYPES_ONLY")
    assert in_scope("fivetrex.Fivetrex")
    assert in_scope("fivetrex.emulator.Emulator")
    assert not in_scope("fivetrex.airflow.FivetranHook")
    assert not in_scope("fivetrex.dagster")
    assert in_scope("fivetrex.dagsterish")  # a prefix of a module name is not the module
