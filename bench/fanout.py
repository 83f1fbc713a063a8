"""Benchmark 3: fan-out over 2,000 connections in 40 groups with 20 ms per request.

The emulator server (own process) delays every ``/v1/*`` request by a
real 20 ms (an injected ``delay`` fault, which sleeps in the server's handler thread).
Baseline: the blocking client, one call after another
(``for id in ids: client.connections.get_sync_status(id)``). Subject: the
``AsyncFivetrex`` bulk helper ``get_statuses(ids, concurrency=32)`` as shipped
(``strategy="auto"``: for this many ids it reads the connection list, 1,000 per request),
and the pure fan-out ``strategy="get"`` (one GET per id, 32 in flight), with the default
connection pool and with a pool sized to the concurrency.
Target: the bulk helper is at least 15x faster.
"""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import time

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

NAME = "fanout"
TARGET = 15.0
DELAY = 0.020
CONCURRENCY = 32


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    groups, per_group = (4, 25) if quick else (40, 50)
    total = groups * per_group
    reps = reps or (1 if quick else 3)
    result = Result(
        NAME,
        f"status of {total:,} connections in {groups} groups, {DELAY * 1000:.0f} ms per request",
        target=f"get_statuses(concurrency={CONCURRENCY}) >= {TARGET:.0f}x faster than sequential",
        ratio_label="sequential / bulk (default pool)",
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
        options = {"api_key": srv.api_key, "api_secret": srv.api_secret, "base_url": srv.base_url}

        def sequential() -> float:
            with Fivetrex(**options) as client:
                client.connections.get_sync_status(ids[0])  # open the connection
                start = time.perf_counter()
                for connection_id in ids:
                    client.connections.get_sync_status(connection_id)
                return time.perf_counter() - start

        async def bulk_async(pool: bool, strategy: str = "auto") -> float:
            http = (
                httpx.AsyncClient(
                    limits=httpx.Limits(
                        max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY
                    )
                )
                if pool
                else None
            )
            async with AsyncFivetrex(**options, http_client=http) as client:
                await client.connections.get_sync_status(ids[0])
                start = time.perf_counter()
                statuses = await client.connections.get_statuses(
                    ids,
                    concurrency=CONCURRENCY,
                    strategy=strategy,  # type: ignore[arg-type]
                )
                elapsed = time.perf_counter() - start
            if http is not None:
                await http.aclose()
            if not statuses.ok or len(statuses) != total:
                raise RuntimeError(f"bulk helper failed for {len(statuses.failed)} connections")
            return elapsed

        def bulk() -> float:
            return asyncio.run(bulk_async(False))

        def bulk_get() -> float:
            return asyncio.run(bulk_async(False, "get"))

        def bulk_get_pool() -> float:
            return asyncio.run(bulk_async(True, "get"))

        async def raw_async() -> float:
            """The ceiling of the HTTP stack: raw httpx, same concurrency, no fivetrex."""
            gate = asyncio.Semaphore(CONCURRENCY)
            headers = {"Authorization": srv.auth, "Accept": "application/json;version=2"}
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

        def capacity() -> float:
            """Seconds the server needs for the same requests from 4 processes x 8 threads.

            What the stdlib ``ThreadingHTTPServer`` can do with 32 concurrent delayed
            requests when the clients are not limited by one process's CPU.
            """
            procs, threads = 4, CONCURRENCY // 4
            per_thread = math.ceil(total / CONCURRENCY)
            start_at = time.time() + 3.0
            urls = [arg for c in ids[:8] for arg in ("--url", f"{srv.base_url}/connections/{c}")]
            command = [PYTHON, str(BENCH / "_load_child.py"), *urls, "--auth", srv.auth]
            command += ["--threads", str(threads), "--count", str(per_thread)]
            command += ["--start-at", str(start_at)]
            children = [
                subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
                for _ in range(procs)
            ]
            outs = [json.loads(p.communicate(timeout=300)[0].splitlines()[-1]) for p in children]
            failures = [f for out in outs for f in out["failures"]]
            if failures:
                raise RuntimeError(f"load children saw failures: {failures}")
            requests = sum(int(out["requests"]) for out in outs)
            elapsed = max(float(out["finished_at"]) for out in outs) - start_at
            return elapsed * total / requests

        # Check the latency is really there before timing anything.
        with Fivetrex(**options) as probe:
            t0 = time.perf_counter()
            probe.connections.get_sync_status(ids[0])
            if time.perf_counter() - t0 < DELAY:
                raise RuntimeError("the injected delay is not in effect")
        samples = interleave(
            {
                "seq": sequential,
                "bulk": bulk,
                "bulk_get": bulk_get,
                "bulk_get_pool": bulk_get_pool,
                "raw": lambda: asyncio.run(raw_async()),
                "capacity": capacity,
            },
            reps,
        )

    seq = result.add("sequential Fivetrex, total", samples["seq"], "s")
    result.add(
        f"AsyncFivetrex get_statuses(concurrency={CONCURRENCY}) as shipped (strategy=auto)",
        samples["bulk"],
        "s",
    )
    get_t = result.add(
        f"  pure fan-out: get_statuses(strategy='get'), {CONCURRENCY} in flight, default pool",
        samples["bulk_get"],
        "s",
    )
    pool_t = result.add(
        f"  pure fan-out, pool of {CONCURRENCY}",
        samples["bulk_get_pool"],
        "s",
    )
    raw_t = result.add(
        f"reference: raw httpx.AsyncClient, {CONCURRENCY} at a time, default pool",
        samples["raw"],
        "s",
    )
    cap_t = result.add(
        f"server capacity: the same {total:,} GETs from 4 processes x 8 threads (sync httpx)",
        samples["capacity"],
        "s",
    )
    result.add(
        "speed-up as shipped (per repetition)",
        [s / b for s, b in zip(samples["seq"], samples["bulk"], strict=True)],
        "x",
    )
    result.add(
        "speed-up, pure fan-out (per repetition)",
        [s / b for s, b in zip(samples["seq"], samples["bulk_get"], strict=True)],
        "x",
    )
    ideal = math.ceil(total / CONCURRENCY) * DELAY
    per_request = seq.value / total
    result.notes.append(
        f"as shipped, {total:,} ids cost {math.ceil(total / 1000)} list requests instead of "
        f"{total:,} GETs (also {total // max(1, math.ceil(total / 1000)):,}x less of the "
        "account's hourly rate limit)"
    )
    result.notes.append(
        f"sequential: {per_request * 1000:.1f} ms per request ({DELAY * 1000:.0f} ms injected); "
        f"a perfect {CONCURRENCY}-wide per-id fan-out would take {ideal:.2f}s "
        f"(max speed-up {seq.value / ideal:.1f}x)"
    )
    result.notes.append(
        f"pure fan-out achieved concurrency (requests x {DELAY * 1000:.0f} ms / wall): default "
        f"pool {total * DELAY / get_t.value:.1f}, pool of {CONCURRENCY} "
        f"{total * DELAY / pool_t.value:.1f}; speed-up {seq.value / get_t.value:.1f}x"
    )
    result.notes.append(
        f"the stdlib ThreadingHTTPServer serves 32 concurrent delayed requests at "
        f"{total / cap_t.value:,.0f} req/s when 4 client processes send them "
        f"(speed-up {seq.value / cap_t.value:.1f}x): the per-id limit is the one client process"
    )
    result.notes.append(
        f"speed-up of raw httpx.AsyncClient at the same concurrency and pool: "
        f"{seq.value / raw_t.value:.1f}x (the async HTTP stack's ceiling in one process "
        f"here); fivetrex's pure fan-out / raw = {get_t.value / raw_t.value:.2f}x"
    )
    if quick:
        result.notes.append(f"--quick: {total} connections instead of 2,000 (smoke only)")
    result.ratio = median(samples["seq"]) / median(samples["bulk"])
    result.passed = result.ratio >= TARGET
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result
