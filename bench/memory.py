"""Benchmark 2: memory of ``client.connections.stream`` for 100,000 connections vs 1,000.

The emulator (in its own process) holds one group of 1,000 connections and one of
100,000. A fresh child process streams one group with ``limit=1000`` and reports its
peak RSS (``VmHWM``, reset after imports and warm-up, so the growth is the stream's own)
and, in a separate child, the tracemalloc peak of the Python heap. Target: the peak RSS
of the large stream exceeds that of the small one by less than 20 MB (memory stays
flat however many items a stream yields).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench._common import BENCH, Result, ServerProcess, load_average, median, run_json_child

NAME = "memory"
TARGET_MB = 20.0


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    big = 5_000 if quick else 100_000
    small = 1_000
    reps = reps or (1 if quick else 3)
    result = Result(
        NAME,
        f"peak RSS streaming {big:,} vs {small:,} connections (limit=1000)",
        target=f"peak RSS({big:,}) - peak RSS({small:,}) < {TARGET_MB:.0f} MB",
    )
    started, load0 = time.perf_counter(), load_average()
    with ServerProcess("--group", f"small:{small}", "--group", f"big:{big}") as srv:
        child = _child_runner(srv)
        runs: dict[str, list[dict[str, float]]] = {"small": [], "big": []}
        for rep in range(reps):
            order = ("small", "big") if rep % 2 == 0 else ("big", "small")
            for group in order:
                runs[group].append(child(group))
        heap = {} if quick else {g: child(g, trace=True) for g in ("small", "big")}
        what_if = (
            []
            if quick
            else [child("big", release=True) for _ in range(reps)]
            + [child("big", trace=True, release=True)]
        )

    for group, size in (("small", small), ("big", big)):
        counts = {int(r["count"]) for r in runs[group]}
        if counts != {size}:
            raise RuntimeError(f"streamed {counts} connections, expected {size}")
    _report(result, runs, heap, what_if, small, big)
    if quick:
        result.notes.append(f"--quick streams {big:,} instead of 100,000 (smoke only)")
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result


def _child_runner(srv: ServerProcess) -> Callable[..., dict[str, float]]:
    """A function running one streaming child process against ``srv``."""
    groups = srv.info["groups"]

    def child(group: str, *, trace: bool = False, release: bool = False) -> dict[str, float]:
        args = [str(BENCH / "_stream_child.py"), "--base-url", srv.base_url]
        args += ["--api-key", srv.api_key, "--api-secret", srv.api_secret]
        args += ["--group-id", groups[group]]
        if trace:
            args.append("--tracemalloc")
        if release:
            args.append("--release-pages")
        return run_json_child(args, timeout=900)

    return child


def _report(
    result: Result,
    runs: dict[str, list[dict[str, float]]],
    heap: dict[str, dict[str, float]],
    what_if: list[dict[str, float]],
    small: int,
    big: int,
) -> None:
    """Metrics, the verdict and notes from the children's reports."""
    peak = {g: [r["peak_kib"] / 1024 for r in runs[g]] for g in runs}
    growth = {g: [r["growth_kib"] / 1024 for r in runs[g]] for g in runs}
    result.add(f"peak RSS streaming {small:,}", peak["small"], "MB")
    result.add(f"peak RSS streaming {big:,}", peak["big"], "MB")
    result.add(f"RSS growth during the {small:,} stream", growth["small"], "MB")
    result.add(f"RSS growth during the {big:,} stream", growth["big"], "MB")
    diffs = [b - s for b, s in zip(peak["big"], peak["small"], strict=True)]
    diff = result.add(f"peak RSS difference ({big:,} - {small:,})", diffs, "MB")
    rate = [big / r["seconds"] for r in runs["big"]]
    result.add(f"stream throughput ({big:,} items, server in another process)", rate, "items/s")
    for group, size in (("small", small), ("big", big)):
        if group in heap:
            peak_mb = heap[group]["heap_peak_bytes"] / 2**20
            result.add(f"tracemalloc peak of the Python heap, {size:,}", [peak_mb], "MB")
    if what_if:
        rss_runs, traced = what_if[:-1], what_if[-1]
        better = result.add(
            f"what-if walk_pages releases each page: peak RSS difference ({big:,} - {small:,})",
            [r["peak_kib"] / 1024 - s for r, s in zip(rss_runs, peak["small"], strict=True)],
            "MB",
        )
        result.add(
            f"what-if walk_pages releases each page: tracemalloc peak, {big:,}",
            [traced["heap_peak_bytes"] / 2**20],
            "MB",
        )
        result.notes.append(
            "what-if: a walk_pages patched to release each page before the next fetch (the "
            "shipped one does so since the first recorded run; both should agree within "
            f"noise): peak RSS difference {diff.value:.1f} vs {better.value:.1f} MB"
        )
    small_growth = median(growth["small"])
    result.ratio = median(growth["big"]) / small_growth if small_growth > 0.05 else None
    result.ratio_label = f"RSS growth {big:,} / {small:,}"
    result.passed = diff.value < TARGET_MB
