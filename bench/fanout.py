"""Benchmark 3: fan-out over 2,000 connections in 40 groups with 20 ms per request.

The emulator server (own process) delays every ``/v1/*`` request by a
real 20 ms (an injected ``delay`` fault, which sleeps in the server's handler thread).
Baseline: the blocking client, one call after another
(``for id in ids: client.connections.get_sync_status(id)``), timed over every 4th id and
scaled to all of them (the loop is strictly sequential: its time is linear in the ids).
Subjects, interleaved with it:

* the ``AsyncFivetrex`` bulk helper ``get_statuses(ids, concurrency=32)`` as shipped
  (``strategy="auto"``: for this many ids it reads the connection list, 1,000 per request);
* the pure per-id fan-out ``strategy="get"`` (one GET per id, 32 in flight) on each
  transport: httpx's own (httpcore) and aiohttp (``fivetrex.transports.aiohttp_client``);
* the ceilings of each HTTP stack in one process, no fivetrex: raw ``httpx.AsyncClient``
  and raw ``aiohttp.ClientSession``, 32 at a time, same requests;
* the server's capacity when 4 processes x 8 threads send the same requests.

Target: the per-id fan-out on the aiohttp transport >= 25x sequential (limit: 32x,
the concurrency; a little more than 32x is possible since the sequential loop also pays
~2 ms per request on top of the 20 ms).
"""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx

from bench._common import (
    BENCH,
    PYTHON,
    ROOT,
    Result,
    ServerProcess,
    interleave,
    load_average,
    median,
)
from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.transports import aiohttp_client

NAME = "fanout"
TARGET = 25.0
DELAY = 0.020
CONCURRENCY = 32
#: The sequential baseline times every SEQ_STEP-th id and scales to all.
SEQ_STEP = 4


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    groups, per_group = (4, 25) if quick else (40, 50)
    total = groups * per_group
    reps = reps or (1 if quick else 5)
    result = Result(
        NAME,
        f"status of {total:,} connections in {groups} groups, {DELAY * 1000:.0f} ms per request",
        target=f"per-id fan-out (concurrency={CONCURRENCY}, aiohttp transport) >= "
        f"{TARGET:.0f}x faster than sequential",
        ratio_label="sequential / per-id fan-out on aiohttp",
    )
    started, load0 = time.perf_counter(), load_average()
    specs = [arg for g in range(groups) for arg in ("--group", f"fan{g:02d}:{per_group}")]
    with ServerProcess(*specs) as srv:
        ids = [cid for name in sorted(srv.info["ids"]) for cid in srv.info["ids"][name]]
        if len(ids) != total:
            raise RuntimeError(f"expected {total} connections, the server has {len(ids)}")
        srv.control(
            "POST",
            "/_emulator/faults",
            {"kind": "delay", "delay": DELAY, "times": None, "path": "/v1/*"},
        )
        # Check the latency is really there before timing anything.
        with Fivetrex(api_key=srv.api_key, api_secret=srv.api_secret, base_url=srv.base_url) as c:
            t0 = time.perf_counter()
            c.connections.get_sync_status(ids[0])
            if time.perf_counter() - t0 < DELAY:
                raise RuntimeError("the injected delay is not in effect")
        samples = interleave(_subjects(srv, ids), reps)

    _report(result, samples, total)
    if quick:
        result.notes.append(f"--quick: {total} connections instead of 2,000 (smoke only)")
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result


def _subjects(srv: ServerProcess, ids: list[str]) -> dict[str, Callable[[], float]]:
    """The timed callables, each returning seconds for all ``ids``."""
    options = {"api_key": srv.api_key, "api_secret": srv.api_secret, "base_url": srv.base_url}
    total = len(ids)
    headers = {"Authorization": srv.auth, "Accept": "application/json;version=2"}

    def sequential() -> float:
        sample = ids[::SEQ_STEP]
        with Fivetrex(**options) as client:
            client.connections.get_sync_status(ids[0])  # open the connection
            start = time.perf_counter()
            for connection_id in sample:
                client.connections.get_sync_status(connection_id)
            return (time.perf_counter() - start) * total / len(sample)

    async def bulk_async(transport: str, strategy: str) -> float:
        http = aiohttp_client() if transport == "aiohttp" else httpx.AsyncClient()
        async with http, AsyncFivetrex(**options, http_client=http) as client:
            await client.connections.get_sync_status(ids[0])
            start = time.perf_counter()
            statuses = await client.connections.get_statuses(
                ids,
                concurrency=CONCURRENCY,
                strategy=strategy,  # type: ignore[arg-type]
            )
            elapsed = time.perf_counter() - start
        if not statuses.ok or len(statuses) != total:
            raise RuntimeError(f"bulk helper failed for {len(statuses.failed)} connections")
        return elapsed

    async def raw_httpx() -> float:
        """The ceiling of httpx's own stack: raw httpx, same concurrency, no fivetrex."""
        gate = asyncio.Semaphore(CONCURRENCY)
        async with httpx.AsyncClient(timeout=60.0) as http:  # the pool AsyncFivetrex uses

            async def one(connection_id: str) -> object:
                async with gate:
                    url = f"{srv.base_url}/connections/{connection_id}"
                    response = await http.get(url, headers=headers)
                    response.raise_for_status()
                    return response.json()["data"]["status"]

            await one(ids[0])
            start = time.perf_counter()
            await asyncio.gather(*(one(c) for c in ids))
            return time.perf_counter() - start

    async def raw_aiohttp() -> float:
        """The ceiling of aiohttp's stack: a raw ``aiohttp.ClientSession``, no httpx."""
        import aiohttp

        gate = asyncio.Semaphore(CONCURRENCY)
        async with aiohttp.ClientSession() as session:

            async def one(connection_id: str) -> object:
                async with gate:
                    url = f"{srv.base_url}/connections/{connection_id}"
                    async with session.get(url, headers=headers) as response:
                        response.raise_for_status()
                        body: Any = await response.json()
                        return body["data"]["status"]

            await one(ids[0])
            start = time.perf_counter()
            await asyncio.gather(*(one(c) for c in ids))
            return time.perf_counter() - start

    return {
        "seq": sequential,
        "bulk": lambda: asyncio.run(bulk_async("httpx", "auto")),
        "get_httpx": lambda: asyncio.run(bulk_async("httpx", "get")),
        "get_aiohttp": lambda: asyncio.run(bulk_async("aiohttp", "get")),
        "raw_httpx": lambda: asyncio.run(raw_httpx()),
        "raw_aiohttp": lambda: asyncio.run(raw_aiohttp()),
        "capacity": lambda: _capacity(srv, ids),
    }


def _capacity(srv: ServerProcess, ids: list[str]) -> float:
    """Seconds the server needs for the same requests from 4 processes x 8 threads.

    What the stdlib ``ThreadingHTTPServer`` can do with 32 concurrent delayed
    requests when the clients are not limited by one process's CPU.
    """
    total = len(ids)
    procs, threads = 4, CONCURRENCY // 4
    per_thread = math.ceil(total / CONCURRENCY)
    start_at = time.time() + 3.0
    urls = [arg for c in ids[:8] for arg in ("--url", f"{srv.base_url}/connections/{c}")]
    command = [PYTHON, str(BENCH / "_load_child.py"), *urls, "--auth", srv.auth]
    command += ["--threads", str(threads), "--count", str(per_thread)]
    command += ["--start-at", str(start_at)]
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(procs)
    ]
    outs = [json.loads(p.communicate(timeout=300)[0].splitlines()[-1]) for p in children]
    failures = [f for out in outs for f in out["failures"]]
    if failures:
        raise RuntimeError(f"load children saw failures: {failures}")
    requests = sum(int(out["requests"]) for out in outs)
    elapsed = max(float(out["finished_at"]) for out in outs) - start_at
    return elapsed * total / requests


def _report(result: Result, samples: dict[str, list[float]], total: int) -> None:
    """Metrics, ratios and notes from the interleaved samples."""
    c = CONCURRENCY
    seq = result.add(
        f"sequential Fivetrex, total (1 in {SEQ_STEP} ids timed, scaled)", samples["seq"], "s"
    )
    result.add(
        f"AsyncFivetrex get_statuses(concurrency={c}) as shipped (strategy=auto)",
        samples["bulk"],
        "s",
    )
    rows = [
        (
            "get_httpx",
            f"per-id fan-out get_statuses(strategy='get'), {c} in flight: httpx transport",
        ),
        ("get_aiohttp", "  the same on the aiohttp transport (fivetrex.transports.aiohttp_client)"),
        ("raw_httpx", f"ceiling: raw httpx.AsyncClient, {c} at a time, no fivetrex"),
        ("raw_aiohttp", f"ceiling: raw aiohttp.ClientSession, {c} at a time, no httpx/fivetrex"),
        ("capacity", f"server capacity: the same {total:,} GETs from 4 processes x 8 threads"),
    ]
    timed = {key: result.add(label, samples[key], "s") for key, label in rows}
    speedups = {}
    for key in ("bulk", "get_httpx", "get_aiohttp", "raw_httpx", "raw_aiohttp", "capacity"):
        per_rep = [s / b for s, b in zip(samples["seq"], samples[key], strict=True)]
        speedups[key] = result.add(f"speed-up vs sequential, per repetition: {key}", per_rep, "x")
    ideal = math.ceil(total / c) * DELAY
    result.notes.append(
        f"sequential: {seq.value / total * 1000:.1f} ms per request ({DELAY * 1000:.0f} ms "
        f"injected); a perfect {c}-wide fan-out takes {ideal:.2f}s (max speed-up "
        f"{seq.value / ideal:.1f}x)"
    )
    result.notes.append(
        "per-id fan-out / its ceiling: httpx "
        f"{timed['get_httpx'].value / timed['raw_httpx'].value:.2f}x, aiohttp "
        f"{timed['get_aiohttp'].value / timed['raw_aiohttp'].value:.2f}x the time; aiohttp "
        "transport vs httpx transport: "
        f"{timed['get_httpx'].value / timed['get_aiohttp'].value:.2f}x faster"
    )
    result.notes.append(
        f"as shipped (strategy=auto) {total:,} ids cost {math.ceil(total / 1000)} list requests: "
        f"{speedups['bulk'].value:.0f}x sequential"
    )
    result.ratio = median(samples["seq"]) / median(samples["get_aiohttp"])
    result.passed = result.ratio >= TARGET
