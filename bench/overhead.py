"""Benchmark 1: per-request overhead of ``client.connections.get`` vs raw httpx.

Both sides use the *same* keep-alive ``httpx.Client`` (passed to ``Fivetrex`` as
``http_client=``) against the same emulator server, which runs in its own process so
its CPU work is not on the measuring process's GIL. The raw side sends the same
headers (Basic auth, ``Accept: application/json;version=2``) and decodes the JSON,
which is what raw-httpx code needs to do to use the answer; fivetrex additionally
validates a typed ``Connection``. Blocks of calls alternate; the median block wins.

A second, socket-free measurement (``httpx.MockTransport`` answering the same bytes)
isolates the client-side CPU cost per call, i.e. what fivetrex adds in microseconds.
A third, informational measurement times ``AsyncFivetrex.connections.get`` one call at a
time on each transport (httpx's own and aiohttp's, ``fivetrex.transports``).
Target: fivetrex ≤ 1.1x raw httpx over the socket.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

from bench._common import Result, ServerProcess, interleave, load_average, median, per_call
from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.transports import aiohttp_client

NAME = "overhead"
TARGET = 1.1


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    reps = reps or (3 if quick else 21)
    block = 30 if quick else 200
    result = Result(
        NAME,
        "client.connections.get(id) vs raw httpx GET + .json(), same keep-alive client",
        target=f"fivetrex <= {TARGET}x raw httpx",
        ratio_label="fivetrex / raw httpx (GET + json)",
    )
    started, load0 = time.perf_counter(), load_average()
    with ServerProcess("--group", "ovh:10") as srv:
        transports = _async_per_call(srv, srv.info["ids"]["ovh"][3], block, reps)
        connection_id = srv.info["ids"]["ovh"][3]
        url = f"{srv.base_url}/connections/{connection_id}"
        headers = {"Authorization": srv.auth, "Accept": "application/json;version=2"}
        with httpx.Client() as http:
            client = Fivetrex(
                api_key=srv.api_key,
                api_secret=srv.api_secret,
                base_url=srv.base_url,
                http_client=http,
            )
            assert client.connections.get(connection_id).id == connection_id
            body = http.get(url, headers=headers).content

            def raw() -> object:
                return http.get(url, headers=headers).json()

            def raw_bytes() -> object:
                return http.get(url, headers=headers)

            def typed() -> object:
                return client.connections.get(connection_id)

            for fn in (raw, raw_bytes, typed):  # warm up the pool and caches
                per_call(fn, 50)
            samples = interleave(
                {
                    "raw": lambda: per_call(raw, block),
                    "raw_bytes": lambda: per_call(raw_bytes, block),
                    "fivetrex": lambda: per_call(typed, block),
                },
                reps,
            )
    ratios = [f / r for f, r in zip(samples["fivetrex"], samples["raw"], strict=True)]
    ratios_bytes = [f / r for f, r in zip(samples["fivetrex"], samples["raw_bytes"], strict=True)]
    us = 1e6
    result.add("raw httpx GET + .json() per call", [s * us for s in samples["raw"]], "µs")
    result.add("raw httpx GET (no decoding) per call", [s * us for s in samples["raw_bytes"]], "µs")
    result.add("fivetrex connections.get per call", [s * us for s in samples["fivetrex"]], "µs")
    ratio = result.add("ratio fivetrex / raw (GET + json), per block pair", ratios, "x")
    result.add("ratio fivetrex / raw (no decoding), per block pair", ratios_bytes, "x")

    # Client-side CPU only: the same bytes from an in-memory transport.
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    with httpx.Client(transport=httpx.MockTransport(answer)) as mock_http:
        mock_client = Fivetrex(
            api_key=srv.api_key,
            api_secret=srv.api_secret,
            base_url=srv.base_url,
            http_client=mock_http,
        )
        count = 100 if quick else 1000
        cpu = interleave(
            {
                "raw": lambda: per_call(lambda: mock_http.get(url, headers=headers).json(), count),
                "fivetrex": lambda: per_call(
                    lambda: mock_client.connections.get(connection_id), count
                ),
            },
            reps=3 if quick else 9,
        )
    result.add("client CPU per call, raw httpx (MockTransport)", [s * us for s in cpu["raw"]], "µs")
    result.add(
        "client CPU per call, fivetrex (MockTransport)", [s * us for s in cpu["fivetrex"]], "µs"
    )
    for name, samples_ in transports.items():
        result.add(
            f"AsyncFivetrex connections.get per call, one at a time: {name} transport",
            [s * us for s in samples_],
            "µs",
        )
    result.notes.append(
        "one call at a time, aiohttp / httpx transport: "
        f"{median(transports['aiohttp']) / median(transports['httpx']):.2f}x the time"
    )
    added = median(cpu["fivetrex"]) - median(cpu["raw"])
    result.notes.append(
        f"fivetrex adds {added * us:.0f} µs of client CPU per call over raw httpx "
        f"(request building, retries loop, pydantic validation); the rest is the server"
    )
    result.ratio = ratio.value
    result.passed = ratio.value <= TARGET
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result


def _async_per_call(
    srv: ServerProcess, connection_id: str, block: int, reps: int
) -> dict[str, list[float]]:
    """Seconds per sequential ``AsyncFivetrex.connections.get`` on each transport."""
    options = {"api_key": srv.api_key, "api_secret": srv.api_secret, "base_url": srv.base_url}

    async def timed(make: Callable[[], httpx.AsyncClient]) -> float:
        async with make() as http, AsyncFivetrex(**options, http_client=http) as client:
            for _ in range(20):  # warm up the pool
                await client.connections.get(connection_id)
            start = time.perf_counter()
            for _ in range(block):
                await client.connections.get(connection_id)
            return (time.perf_counter() - start) / block

    def sample(make: Callable[[], httpx.AsyncClient]) -> Callable[[], float]:
        def one() -> float:
            coroutine: Awaitable[float] = timed(make)
            return asyncio.run(coroutine)  # type: ignore[arg-type]

        return one

    return interleave(
        {"httpx": sample(httpx.AsyncClient), "aiohttp": sample(aiohttp_client)},
        max(3, reps // 3),
    )
