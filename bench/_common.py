"""What every benchmark shares: results, robust statistics, interleaving, server processes."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable

#: Upper bound on any single server process's life, whatever happens to the parent.
SERVER_MAX_SECONDS = 1800.0


# --------------------------------------------------------------------------- results


@dataclass
class Metric:
    """One measured number.

    Attributes:
        name: What was measured.
        value: The median over repetitions.
        unit: Unit of ``value``.
        spread: Noise: ``(max - min) / median`` over the repetitions (``None``: one sample).
        samples: How many repetitions the median is over.
    """

    name: str
    value: float
    unit: str
    spread: float | None = None
    samples: int = 1

    def shown(self) -> str:
        """``value unit (±spread over n)`` for humans."""
        text = f"{_fmt(self.value)} {self.unit}"
        if self.spread is not None and self.samples > 1:
            text += f"  (spread {self.spread * 100:.0f}% over {self.samples})"
        return text


@dataclass
class Result:
    """What one benchmark reports.

    Attributes:
        name: Short name (``--only NAME``).
        title: One-line description.
        metrics: The measured numbers.
        ratio: Subject / baseline (or baseline / subject for speed-ups; see ``ratio_label``).
        ratio_label: What ``ratio`` divides.
        target: The target, in words (``None``: informational).
        passed: Whether the target is met (``None`` without a target).
        notes: Observations worth recording (noise, caveats, analysis).
        seconds: Wall time the benchmark took.
        load: 1-minute load average before and after.
    """

    name: str
    title: str
    metrics: list[Metric] = field(default_factory=list)
    ratio: float | None = None
    ratio_label: str = ""
    target: str | None = None
    passed: bool | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)

    @property
    def verdict(self) -> str:
        """``PASS``, ``FAIL`` or ``INFO``."""
        if self.passed is None:
            return "INFO"
        return "PASS" if self.passed else "FAIL"

    def add(self, name: str, samples: Sequence[float], unit: str) -> Metric:
        """Record the median of ``samples`` as a metric and return it."""
        metric = Metric(name, median(samples), unit, spread(samples), len(samples))
        self.metrics.append(metric)
        return metric

    def render(self) -> str:
        """A human-readable block."""
        lines = [f"== {self.name}: {self.title}"]
        lines += [f"   {m.name:<52} {m.shown()}" for m in self.metrics]
        if self.ratio is not None:
            lines.append(f"   {'ratio ' + self.ratio_label:<52} {self.ratio:.2f}x")
        target = self.target or "no target (informational)"
        lines.append(f"   {'target':<52} {target}  -> {self.verdict}")
        lines += [f"   note: {n}" for n in self.notes]
        lines.append(
            f"   took {self.seconds:.1f}s; load average {self.load[0]:.2f} -> {self.load[1]:.2f}"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        data = asdict(self)
        data["verdict"] = self.verdict
        return data


def _fmt(value: float) -> str:
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


# --------------------------------------------------------------------------- statistics


def median(samples: Sequence[float]) -> float:
    """The median (0.0 for no samples)."""
    return float(statistics.median(samples)) if samples else 0.0


def spread(samples: Sequence[float]) -> float | None:
    """``(max - min) / median``: how noisy the repetitions were (``None`` for < 2)."""
    if len(samples) < 2:
        return None
    mid = median(samples)
    return (max(samples) - min(samples)) / mid if mid else None


def interleave(subjects: Mapping[str, Callable[[], float]], reps: int) -> dict[str, list[float]]:
    """Run each subject ``reps`` times, rotating the order every repetition.

    Each callable returns one sample (e.g. seconds per call over a block). Rotating
    spreads slow phases of a busy machine over every subject instead of one.
    """
    names = list(subjects)
    out: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            out[name].append(subjects[name]())
    return out


def per_call(fn: Callable[[], object], count: int, *, max_seconds: float = 30.0) -> float:
    """Seconds per call of ``fn`` over at most ``count`` calls and ``max_seconds``."""
    done = 0
    start = time.perf_counter()
    deadline = start + max_seconds
    while done < count:
        fn()
        done += 1
        if time.perf_counter() > deadline:
            break
    return (time.perf_counter() - start) / done


def load_average() -> float:
    """The 1-minute load average (0.0 where unknown)."""
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on this platform
        return 0.0


# --------------------------------------------------------------------------- machine


def machine_info() -> dict[str, Any]:
    """Where and on what the benchmarks ran."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pydantic

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
        "httpx": httpx.__version__,
        "pydantic": pydantic.VERSION,
        "commit": commit,
        "load": load_average(),
    }


# --------------------------------------------------------------------------- server process


class ServerProcess:
    """An emulator server in its own process (``bench/_server.py``), on loopback.

    Running the server in another process keeps its CPU work off the measuring
    process's GIL: on the 2-core machine the server gets one core, the client the other.

    Args:
        args: Arguments of ``bench/_server.py`` (see its ``--help``).
        startup_timeout: Seconds to wait for the server to build its data and listen.
    """

    def __init__(self, *args: str, startup_timeout: float = 300.0) -> None:
        self._proc = subprocess.Popen(
            [PYTHON, str(BENCH / "_server.py"), "--max-seconds", str(SERVER_MAX_SECONDS), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self._proc.stdout is not None
        deadline = time.monotonic() + startup_timeout
        line = ""
        while time.monotonic() < deadline:
            line = self._proc.stdout.readline()
            if line.startswith("{") or not line:
                break
        if not line.startswith("{"):
            self.close()
            raise RuntimeError(f"the bench server did not start (args {args!r})")
        #: What the server printed: ``base_url``, ``auth``, ``groups``, ``connections``...
        self.info: dict[str, Any] = json.loads(line)
        self.base_url: str = self.info["base_url"]
        self.auth: str = self.info["auth"]
        self.api_key: str = self.info["api_key"]
        self.api_secret: str = self.info["api_secret"]
        self.pid = self._proc.pid

    @property
    def root_url(self) -> str:
        """The server's root (``base_url`` without ``/v1``)."""
        return self.base_url.rsplit("/v1", 1)[0]

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call the emulator's control plane (``/_emulator/...``); return ``data``."""
        with httpx.Client(timeout=120.0) as http:
            auth = (self.api_key, self.api_secret)
            response = http.request(method, self.root_url + path, json=body, auth=auth)
        response.raise_for_status()
        return response.json().get("data")

    def close(self) -> None:
        """Stop the server: closing its stdin tells it to exit; kill it if it does not."""
        proc = self._proc
        if proc.poll() is None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait(timeout=15)
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def server(*args: str) -> Iterator[ServerProcess]:
    """``with server("--groups", "big:1000") as srv: ...``"""
    proc = ServerProcess(*args)
    try:
        yield proc
    finally:
        proc.close()


def run_json_child(args: Sequence[str], *, timeout: float) -> dict[str, Any]:
    """Run ``python ARGS`` in a fresh process; return the JSON of its last stdout line."""
    done = subprocess.run(
        [PYTHON, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"child {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
