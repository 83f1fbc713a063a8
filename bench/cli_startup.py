"""Benchmark: start-up of the ``fivetrex`` command (``--version``, ``--help``).

Each sample is a fresh process, timed from outside, of the installed console script
(``.venv/bin/fivetrex``; ``python -m fivetrex`` when there is none), interleaved with
its baselines: the bare interpreter (``python -c pass``) and ``python -c 'import click'``
(the CLI's one unavoidable import). A command that builds a resource group
(``fivetrex connections --help``: the client, httpx, pydantic and the models load)
shows what lazy loading saves.

Targets (issue 14, on the 2-core machines): ``fivetrex --version`` ≤ 0.15 s and
``fivetrex --help`` ≤ 0.3 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench._common import PYTHON, ROOT, Result, interleave, load_average

NAME = "cli_startup"

VERSION_TARGET_MS = 150.0
HELP_TARGET_MS = 300.0


def fivetrex_command() -> list[str]:
    """The console script next to this interpreter, else ``python -m fivetrex``."""
    script = Path(PYTHON).parent / ("fivetrex.exe" if sys.platform == "win32" else "fivetrex")
    return [str(script)] if script.exists() else [PYTHON, "-m", "fivetrex"]


def wall(argv: list[str]) -> float:
    """Seconds a fresh process takes to run ``argv`` (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, timeout=120, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    reps = reps or (3 if quick else 21)
    fivetrex = fivetrex_command()
    commands = {
        "startup": [PYTHON, "-c", "pass"],
        "click": [PYTHON, "-c", "import click"],
        "version": [*fivetrex, "--version"],
        "help": [*fivetrex, "--help"],
        "group": [*fivetrex, "connections", "--help"],
    }
    result = Result(
        NAME,
        "fivetrex --version / --help start-up (fresh processes)",
        ratio_label="fivetrex --help / python -c 'import click'",
        target=f"--version <= {VERSION_TARGET_MS:.0f} ms and --help <= {HELP_TARGET_MS:.0f} ms",
    )
    started, load0 = time.perf_counter(), load_average()
    for argv in commands.values():  # warm the OS file cache and .pyc files
        wall(argv)
    samples = interleave({k: (lambda a=a: wall(a)) for k, a in commands.items()}, reps)
    ms = 1000.0
    shown = " ".join(Path(fivetrex[0]).name if i == 0 else a for i, a in enumerate(fivetrex))
    result.add("python -c pass (interpreter start-up)", [s * ms for s in samples["startup"]], "ms")
    click_ = result.add("python -c 'import click'", [s * ms for s in samples["click"]], "ms")
    version = result.add(f"{shown} --version", [s * ms for s in samples["version"]], "ms")
    help_ = result.add(f"{shown} --help", [s * ms for s in samples["help"]], "ms")
    result.add(
        f"{shown} connections --help (builds a group: loads the client)",
        [s * ms for s in samples["group"]],
        "ms",
    )
    result.ratio = help_.value / click_.value if click_.value > 0 else None
    result.passed = version.value <= VERSION_TARGET_MS and help_.value <= HELP_TARGET_MS
    result.notes.append(
        "--version and --help import click and the root command only: the resource groups "
        "are listed from fivetrex/cli/_manifest.py and built when used"
    )
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result
