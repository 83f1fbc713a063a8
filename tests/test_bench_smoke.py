"""The benchmarks keep working: each runs in ``--quick`` mode and reports sane numbers.

No timing target is asserted here (timings belong to ``python3 dev.py bench`` and
BENCHMARKS.md, and this machine is shared). What *is* asserted is correctness that
does not depend on speed: the chaos benchmark's final state equals the fault-free
run's (no lost update, no duplicate create) and every call returned or raised a typed
error.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import chaos  # noqa: E402
from bench._common import Result  # noqa: E402
from bench.run import BENCHMARKS  # noqa: E402


def _sane(result: Result) -> None:
    assert result.metrics, f"{result.name} measured nothing"
    for metric in result.metrics:
        assert math.isfinite(metric.value), metric
        assert metric.value >= 0, metric
        assert metric.samples >= 1, metric
    assert result.verdict in {"PASS", "FAIL", "INFO"}
    if result.ratio is not None:
        assert math.isfinite(result.ratio)
        assert result.ratio > 0
    assert "Traceback" not in result.render()


@pytest.mark.parametrize("name", [n for n in BENCHMARKS if n != "chaos"])
def test_benchmark_runs_in_quick_mode(name: str) -> None:
    result = BENCHMARKS[name].run(quick=True)
    _sane(result)
    assert result.name == name
    if name != "server" and name != "imports":
        assert result.target is not None  # the syncs issue's benchmarks have targets
    # Whatever the timing, every timed thing really happened: all values are > 0.
    timed = [m for m in result.metrics if m.unit in {"µs", "ms", "s", "req/s", "items/s"}]
    assert timed
    assert all(m.value > 0 for m in timed), timed


@pytest.mark.parametrize("socket", [False, True], ids=["in-process", "socket"])
def test_chaos_end_state_equals_the_fault_free_run(socket: bool) -> None:
    verdict = chaos.check(100, socket=socket)
    chaotic = verdict.chaotic.tally
    assert verdict.diff == {"duplicates": [], "missing": [], "extra": [], "changed": []}
    assert chaotic.untyped == []
    assert verdict.outcome_mismatches == []
    assert set(verdict.clean.tally.outcomes) == {"ok"}
    assert set(chaotic.outcomes) == {"ok"}
    assert chaotic.create_conflicts == 0
    # The faults really happened: more requests than the fault-free run, typed errors.
    assert chaotic.requests > verdict.clean.tally.requests
    assert sum(v for k, v in chaotic.calls.items() if k != "ok") > 0
    assert verdict.ok


def test_chaos_script_is_reproducible_and_valid() -> None:
    script = chaos.make_script(300)
    assert script == chaos.make_script(300)
    assert len(script) == 300
    kinds = {op.kind for op in script}
    assert {"create_group", "create_connection", "update", "sync", "delete_connection"} <= kinds


def test_chaos_comparison_detects_duplicates_and_lost_updates() -> None:
    expected = {
        "connections": {"g/a": [{"sync_frequency": 60}], "g/b": [{"sync_frequency": 5}]},
        "groups": {"g": [{"name": "g"}]},
    }
    actual = {
        "connections": {
            "g/a": [{"sync_frequency": 360}],
            "g/c": [{"sync_frequency": 5}],
        },
        "groups": {"g": [{"name": "g"}, {"name": "g"}]},
    }
    diff = chaos.compare(expected, actual)
    assert diff["changed"] == ["connections:g/a ['sync_frequency']"]
    assert diff["missing"] == ["connections:g/b"]
    assert diff["extra"] == ["connections:g/c"]
    assert diff["duplicates"] == ["groups:g x2"]


def test_normalise_replaces_ids_and_drops_timestamps() -> None:
    snapshot = {
        "tables": {
            "groups": [{"_id": "g1", "id": "g1", "name": "grp", "created_at": "2026-01-01"}],
            "connections": [
                {
                    "_id": "c1",
                    "id": "c1",
                    "group_id": "g1",
                    "schema": "s",
                    "succeeded_at": None,
                    "status": {"sync_state": "syncing", "rescheduled_for": None},
                }
            ],
            "syncs": [{"_id": "c1", "sync_id": "u", "active": True, "due_ts": 1.0}],
        }
    }
    state = chaos.normalise(snapshot)
    assert state["groups"] == {"grp": [{"name": "grp"}]}
    assert state["connections"] == {"grp/s": [{"schema": "s", "status": {"sync_state": "syncing"}}]}
    assert state["syncs"] == {"grp/s": [{"active": True}]}


def test_run_py_command_line(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "chaos", "--json",
         str(out), "--markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "PASS  chaos" in done.stdout
    assert "| **target** |" in done.stdout
    data = json.loads(out.read_text())
    assert data["mode"] == "quick"
    assert [r["name"] for r in data["results"]] == ["chaos"]
    assert data["results"][0]["verdict"] == "PASS"
    assert data["machine"]["cpus"] >= 1

    bad = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "unknown benchmark" in bad.stderr
