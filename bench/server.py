"""Benchmark A (emulator issue): server requests per second, and the in-process call cost.

Server side: the :class:`~fivetrex.emulator.EmulatorServer` runs in its own process with
a group of 1,000 connections; raw keep-alive ``httpx.Client`` s (1, then 4 threads, one
client each) send ``GET /v1/connections/{id}`` and ``GET /v1/groups/{id}/connections?
limit=1000`` for a bounded count and time. Baseline: the same ``http.server`` stack
answering the same bytes from a cache (``_server.py --bare``), i.e. the floor of the
stdlib server; the ratio says what the emulator's request handling costs on top.
It also measures the server *as shipped*, without the TCP_NODELAY workaround.

In-process: ``emu.client().connections.get(id)`` vs raw ``httpx.Client(transport=
emu.transport())`` GET + ``.json()`` of the same URL, and both beside raw httpx over
the socket.
"""

from __future__ import annotations

import threading
import time

import httpx

from bench._common import (
    Result,
    ServerProcess,
    interleave,
    load_average,
    median,
    per_call,
)
from bench._server import populate
from fivetrex.emulator import Emulator

NAME = "server"
#: A request slower than this is counted as a stall (delayed-ACK waits are ~40 ms).
STALL_MS = 30.0
#: A burst connection slower than this waited for a SYN retransmission (~1 s).
BURST_STALL_S = 0.5
#: The emulator issue's targets (1 client, keep-alive): a 1,000-item page and a single GET.
TARGET_PAGE_RPS = 300
TARGET_GET_RPS = 2000


def load(url: str, headers: dict[str, str], *, clients: int, count: int, seconds: float) -> float:
    """Requests per second of ``clients`` keep-alive clients (threads) GETting ``url``.

    Each client stops after ``count`` requests or ``seconds``, whichever comes first.
    """
    barrier = threading.Barrier(clients + 1)
    done = [0] * clients
    errors: list[BaseException] = []

    def worker(slot: int) -> None:
        try:
            with httpx.Client(timeout=30.0) as http:
                http.get(url, headers=headers).raise_for_status()  # open the connection
                barrier.wait()
                deadline = time.perf_counter() + seconds
                while done[slot] < count and time.perf_counter() < deadline:
                    http.get(url, headers=headers).raise_for_status()
                    done[slot] += 1
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"load generator failed: {errors[0]!r}")
    return sum(done) / elapsed


def stalls(
    url: str, headers: dict[str, str], *, count: int, seconds: float
) -> tuple[float, int, float]:
    """``(req/s, requests slower than STALL_MS, worst ms)`` of one fresh keep-alive client.

    A response written in two pieces (headers, then body) without TCP_NODELAY can wait
    for the peer's delayed ACK: ~40 ms on Linux. Such stalls show up here.
    """
    slow, worst, done = 0, 0.0, 0
    with httpx.Client(timeout=30.0) as http:
        start = time.perf_counter()
        deadline = start + seconds
        while done < count and time.perf_counter() < deadline:
            t0 = time.perf_counter()
            http.get(url, headers=headers).raise_for_status()
            ms = (time.perf_counter() - t0) * 1000
            slow += ms > STALL_MS
            worst = max(worst, ms)
            done += 1
        elapsed = time.perf_counter() - start
    return done / elapsed, slow, worst


def burst(url: str, headers: dict[str, str], *, clients: int = 32) -> list[float]:
    """Latencies (s) of ``clients`` new connections that each send one GET at once."""
    barrier = threading.Barrier(clients)
    latencies: list[float] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with httpx.Client(timeout=30.0) as http:
                barrier.wait()
                start = time.perf_counter()
                http.get(url, headers=headers).raise_for_status()
                latencies.append(time.perf_counter() - start)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"burst failed: {errors[0]!r}")
    return latencies


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Measure; return the result."""
    reps = reps or (1 if quick else 5)
    result = Result(
        NAME,
        "emulator server req/s (raw keep-alive httpx) and in-process call cost",
        target=f"1000-item page >= {TARGET_PAGE_RPS:,} req/s, GET >= {TARGET_GET_RPS:,} req/s "
        "(1 client)",
    )
    started, load0 = time.perf_counter(), load_average()
    samples = _throughput(result, quick, reps)
    _as_shipped(result, quick)
    _in_process(result, quick, samples)
    if quick:
        result.notes.append("--quick: short load phases, one repetition (smoke only)")
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result


def _throughput(result: Result, quick: bool, reps: int) -> dict[str, list[float]]:
    """req/s of the emulator and of the bare server, GET and list page, 1 and 4 clients."""
    seconds = 0.3 if quick else 2.0
    count = 200 if quick else 20_000
    with (
        ServerProcess("--group", "list:1000") as emu_srv,
        ServerProcess("--group", "list:1000", "--bare") as bare_srv,
    ):
        connection_id = emu_srv.info["ids"]["list"][7]
        group_id = emu_srv.info["groups"]["list"]
        headers = {"Authorization": emu_srv.auth, "Accept": "application/json;version=2"}
        get_path = f"/connections/{connection_id}"
        list_path = f"/groups/{group_id}/connections?limit=1000"
        with httpx.Client() as http:
            page = http.get(emu_srv.base_url + list_path, headers=headers).json()["data"]
        if len(page["items"]) != 1000:
            raise RuntimeError("the list page does not hold 1000 connections")

        subjects = {}
        for label, path in (("get", get_path), ("list", list_path)):
            for clients in (1, 4):
                for kind, srv in (("emulator", emu_srv), ("bare", bare_srv)):
                    url = srv.base_url + path

                    def sample(url: str = url, clients: int = clients) -> float:
                        return load(url, headers, clients=clients, count=count, seconds=seconds)

                    subjects[f"{label}/{clients}/{kind}"] = sample
        samples = interleave(subjects, reps)

    emulator: dict[str, float] = {}
    for label, what in (("get", "GET /v1/connections/{id}"), ("list", "1000-item list page")):
        for clients in (1, 4):
            emu_rps = result.add(
                f"{what}, {clients} client(s): emulator",
                samples[f"{label}/{clients}/emulator"],
                "req/s",
            )
            bare = result.add(
                f"{what}, {clients} client(s): bare http.server floor",
                samples[f"{label}/{clients}/bare"],
                "req/s",
            )
            if clients == 1:
                emulator[label] = emu_rps.value
                result.notes.append(
                    f"{what}, 1 client: emulator / bare http.server = "
                    f"{emu_rps.value / bare.value:.2f}x"
                )
            if label == "get" and clients == 1:
                result.ratio = emu_rps.value / bare.value
                result.ratio_label = "emulator / bare http.server (GET, 1 client)"
    result.passed = emulator["list"] >= TARGET_PAGE_RPS and emulator["get"] >= TARGET_GET_RPS
    return samples


def _as_shipped(result: Result, quick: bool) -> None:
    """The server exactly as shipped beside the bench's workarounds (TCP_NODELAY, backlog).

    Stalls of one keep-alive client, and bursts of 32 new connections.
    """
    bursts = 1 if quick else 5
    for flag, label in (("--as-shipped", "as shipped"), ("", "with the workarounds")):
        with ServerProcess("--group", "list:10", *([flag] if flag else [])) as one:
            url = one.base_url + f"/connections/{one.info['ids']['list'][3]}"
            hdrs = {"Authorization": one.auth, "Accept": "application/json;version=2"}
            rps, slow, worst = stalls(url, hdrs, count=50 if quick else 500, seconds=10.0)
            latencies = [lat for _ in range(bursts) for lat in burst(url, hdrs)]
        result.add(f"GET, 1 client, fresh connection: EmulatorServer {label}", [rps], "req/s")
        result.add(
            f"32 new connections at once, slowest answer: {label}",
            [max(latencies) * 1000],
            "ms",
        )
        late = sum(lat > BURST_STALL_S for lat in latencies)
        result.notes.append(
            f"EmulatorServer {label}: {slow} of {50 if quick else 500} keep-alive requests "
            f"took > {STALL_MS:.0f} ms (worst {worst:.1f} ms); {late} of {len(latencies)} "
            f"connections in bursts of 32 waited > {BURST_STALL_S * 1000:.0f} ms"
        )


def _in_process(result: Result, quick: bool, samples: dict[str, list[float]]) -> None:
    """In-process: no sockets at all; beside raw httpx over the socket."""
    emu = Emulator()
    _group, ids = populate(emu, "inproc", 10)
    client = emu.client()
    url = f"{emu.base_url}/connections/{ids[3]}"
    n = 200 if quick else 2000
    with httpx.Client(transport=emu.transport()) as raw_http:
        auth = {"Authorization": emu.auth_header(), "Accept": "application/json;version=2"}

        def raw() -> object:
            return raw_http.get(url, headers=auth).json()

        def typed() -> object:
            return client.connections.get(ids[3])

        per_call(raw, 50)
        per_call(typed, 50)
        inproc = interleave(
            {"raw": lambda: per_call(raw, n), "fivetrex": lambda: per_call(typed, n)},
            3 if quick else 9,
        )
    client.close()
    emu.close()
    us = 1e6
    raw_us = result.add("in-process raw httpx GET + .json()", [s * us for s in inproc["raw"]], "µs")
    fx_us = result.add(
        "in-process emu.client().connections.get", [s * us for s in inproc["fivetrex"]], "µs"
    )
    socket_us = us / median(samples["get/1/emulator"])
    result.metrics.append(
        type(raw_us)("raw httpx GET over the socket (1 / req/s above)", socket_us, "µs")
    )
    result.notes.append(
        f"in-process fivetrex / in-process raw httpx = {fx_us.value / raw_us.value:.2f}x; "
        f"in-process fivetrex / raw httpx over the socket = {fx_us.value / socket_us:.2f}x"
    )
