"""Benchmark 5: import time of ``from fivetrex import Fivetrex`` vs ``import httpx, pydantic``.

(``import fivetrex`` by itself is lazy and loads nothing heavy; the client import is what
``import fivetrex`` measured before the package became lazy.)

Each sample is a fresh interpreter (``python -c ...``), timed from outside; the three
commands (``pass``, ``import httpx, pydantic``, the client import) are interleaved
and the median is taken. Interpreter start-up (``pass``) is subtracted. A separate
``-X importtime`` run splits the client import into fivetrex's own modules,
pydantic, httpx and the rest (self times).

Target: the client import <= 1.3x ``import httpx, pydantic``. The models (and pydantic's
``BaseModel`` machinery with them), asyncio and the resources load on first use; the
cost moved there is shown too (the client + the first model).
"""

from __future__ import annotations

import subprocess
import time
from collections import defaultdict

from bench._common import PYTHON, ROOT, Result, interleave, load_average

NAME = "imports"
TARGET = 1.3

COMMANDS = {
    "startup": "pass",
    "baseline": "import httpx, pydantic",
    "models": "import httpx; from pydantic import BaseModel, TypeAdapter",
    # `import fivetrex` alone is lazy (PEP 562, for the CLI's start-up): the client is what
    # loads the library, so the subject is the import every program starts with
    "fivetrex": "from fivetrex import Fivetrex",
    "first_use": "from fivetrex import Fivetrex, Connection",
}


def wall(code: str) -> float:
    """Seconds a fresh interpreter takes to run ``code`` and exit."""
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, timeout=120)
    return time.perf_counter() - start


def breakdown(code: str = "from fivetrex import Fivetrex") -> dict[str, float]:
    """Self time (ms) of ``code``'s imports by package, from ``-X importtime``.

    Groups: ``fivetrex.models`` (the typed models), the rest of ``fivetrex``,
    ``pydantic`` (with ``pydantic_core``), ``httpx`` and ``other`` (the standard library
    and everything else), leaving out what the bare interpreter imports anyway.
    """
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    already = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", "pass"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    startup = {line.rsplit("|", 1)[-1].strip() for line in already.stderr.splitlines()}
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line.split("|")
        self_us = parts[0].split(":", 1)[1].strip()
        name = parts[2].strip()
        if name in startup:
            continue
        top = name.split(".", 1)[0]
        group = top if top in ("fivetrex", "pydantic", "pydantic_core", "httpx") else "other"
        if group == "pydantic_core":
            group = "pydantic"
        if name.startswith("fivetrex.models"):
            group = "fivetrex.models"  # the typed models, built at import
        totals[group] += int(self_us) / 1000
    return dict(totals)


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    reps = reps or (3 if quick else 21)
    result = Result(
        NAME,
        "from fivetrex import Fivetrex vs import httpx, pydantic (fresh interpreters)",
        ratio_label="from fivetrex import Fivetrex / import httpx, pydantic (start-up subtracted)",
        target=f"from fivetrex import Fivetrex <= {TARGET}x import httpx, pydantic",
    )
    started, load0 = time.perf_counter(), load_average()
    for code in COMMANDS.values():  # warm the OS file cache and .pyc files
        wall(code)
    samples = interleave({k: (lambda c=c: wall(c)) for k, c in COMMANDS.items()}, reps)
    ms = 1000.0
    startup = result.add(
        "python -c pass (interpreter start-up)", [s * ms for s in samples["startup"]], "ms"
    )
    base = result.add(
        "python -c 'import httpx, pydantic'", [s * ms for s in samples["baseline"]], "ms"
    )
    models = result.add(
        "python -c 'import httpx; from pydantic import BaseModel, TypeAdapter'",
        [s * ms for s in samples["models"]],
        "ms",
    )
    subject = result.add(
        "python -c 'from fivetrex import Fivetrex'", [s * ms for s in samples["fivetrex"]], "ms"
    )
    first = result.add(
        "python -c 'from fivetrex import Fivetrex, Connection' (first model built)",
        [s * ms for s in samples["first_use"]],
        "ms",
    )
    base_net = base.value - startup.value
    subject_net = subject.value - startup.value
    result.add("import httpx, pydantic (net of start-up)", [base_net], "ms")
    result.add("from fivetrex import Fivetrex (net of start-up)", [subject_net], "ms")
    parts = breakdown()
    for group in ("fivetrex", "fivetrex.models", "pydantic", "httpx", "other"):
        if parts.get(group):
            result.add(f"-X importtime self time: {group}", [parts[group]], "ms")
    absent = [g for g in ("fivetrex.models", "pydantic") if not parts.get(g)]
    if absent:
        result.notes.append(
            f"`from fivetrex import Fivetrex` imports nothing of {' or '.join(absent)} beyond what "
            "the interpreter has (they load on first use)"
        )
    result.notes.append(
        f"the first model costs {first.value - subject.value:.0f} ms on first use "
        "(the model modules and pydantic's BaseModel machinery)"
    )
    result.ratio = subject_net / base_net if base_net > 0 else None
    result.passed = result.ratio is not None and result.ratio <= TARGET
    result.notes.append(
        f"fivetrex adds {subject_net - base_net:.0f} ms over `import httpx, pydantic` "
        f"and {subject.value - models.value:.0f} ms over also importing pydantic's "
        "BaseModel/TypeAdapter (pydantic's top-level import is lazy)"
    )
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result
