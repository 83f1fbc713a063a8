"""Benchmark 4: 1,000 mixed operations under chaos end in the same state as without it.

A seeded script of creates (groups, connections), updates (fields, pause, resume),
syncs and deletes runs twice against fresh emulators: once fault-free, once while
the emulator fails 20% of requests with a 5xx, 10% with a 429 (``Retry-After: 1``)
and drops 5% of connections (half before the request reaches the core, half after
it was applied), from a fixed seed. The client sleeps through a no-op, so retries
cost no wall time.

The script drives the client the way an application should: the client retries what
is safe to retry on its own; when a call still raises a typed error the script
re-issues it, and before re-issuing a *create* it looks the resource up by name
(the error may have hidden a create that succeeded). Checks:

- every client call either returned or raised a :class:`fivetrex.FivetrexError`;
- the normalised final state (ids and timestamps replaced by names) equals the
  fault-free run's: no lost update, no duplicate create, nothing missing;
- every operation ended with the same outcome as in the fault-free run.

Runs in-process (``emu.client()``, deterministic) and over a real socket (an
:class:`~fivetrex.emulator.EmulatorServer` in its own process: drops close the TCP
connection).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench._common import Result, ServerProcess, load_average
from fivetrex import Fivetrex, FivetrexError
from fivetrex.emulator import Emulator
from fivetrex.errors import ConflictError, NotFoundError

NAME = "chaos"
#: The fault mix of the issue: 20% 5xx, 10% 429, 5% dropped connections.
CHAOS = {"error_rate": 0.20, "rate_limit_rate": 0.10, "drop_rate": 0.05}
SCRIPT_SEED = 20260115
CHAOS_SEED = 7
#: How many times the script re-issues one operation that keeps failing.
MAX_ATTEMPTS = 25
FREQUENCIES = (5, 15, 30, 60, 120, 360, 720, 1440)


# --------------------------------------------------------------------------- the script


@dataclass(frozen=True)
class Op:
    """One scripted operation.

    Attributes:
        kind: ``create_group``, ``create_connection``, ``update``, ``pause``, ``resume``,
            ``sync``, ``delete_connection`` or ``delete_group``.
        group: The group's name.
        schema: The connection's schema (its name), for connection operations.
        fields: The fields an ``update`` sends.
    """

    kind: str
    group: str
    schema: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()


def make_script(count: int, seed: int = SCRIPT_SEED) -> list[Op]:
    """A valid, seeded sequence of ``count`` operations (every one succeeds fault-free)."""
    rng = random.Random(seed)
    groups: dict[str, set[str]] = {}
    paused: dict[tuple[str, str], bool] = {}
    made = Counter[str]()
    ops: list[Op] = []

    def new_group() -> Op:
        made["group"] += 1
        name = f"chaos_group_{made['group']:03d}"
        groups[name] = set()
        return Op("create_group", name)

    def new_connection(group: str) -> Op:
        made["connection"] += 1
        schema = f"chaos_{made['connection']:04d}"
        groups[group].add(schema)
        paused[(group, schema)] = False
        return Op("create_connection", group, schema)

    while len(ops) < count:
        connections = [(g, s) for g, schemas in groups.items() for s in sorted(schemas)]
        roll = rng.random()
        if not groups or (roll < 0.03 and len(groups) < 40):
            ops.append(new_group())
        elif not connections or roll < 0.18:
            ops.append(new_connection(rng.choice(sorted(groups))))
        elif roll < 0.50:
            g, s = rng.choice(connections)
            fields = {
                "sync_frequency": rng.choice(FREQUENCIES),
                "config": {"note": f"v{len(ops)}"},
            }
            ops.append(Op("update", g, s, tuple(sorted(fields.items()))))
        elif roll < 0.62:
            g, s = rng.choice(connections)
            kind = "resume" if paused[(g, s)] else "pause"
            paused[(g, s)] = kind == "pause"
            ops.append(Op(kind, g, s))
        elif roll < 0.87:
            running = [c for c in connections if not paused[c]]
            if not running:
                continue
            g, s = rng.choice(running)
            ops.append(Op("sync", g, s))
        elif roll < 0.985:
            g, s = rng.choice(connections)
            groups[g].discard(s)
            del paused[(g, s)]
            ops.append(Op("delete_connection", g, s))
        else:
            empty = [g for g, schemas in groups.items() if not schemas]
            if not empty:
                continue
            g = rng.choice(sorted(empty))
            del groups[g]
            ops.append(Op("delete_group", g))
    return ops


# --------------------------------------------------------------------------- the executor


@dataclass
class Tally:
    """What happened while running a script.

    Attributes:
        calls: Client calls by outcome: ``ok`` or the exception class name.
        untyped: Exceptions that were not ``FivetrexError`` (must stay empty).
        outcomes: The final outcome of each operation (``ok`` or ``failed: ...``).
        recovered: Operations the script had to re-issue or adopt, by how.
        create_conflicts: Creates whose first call answered 409 (the client re-sent a
            create the server had applied: a would-be duplicate).
        requests: HTTP requests sent (every attempt, including the client's retries).
    """

    calls: Counter[str] = field(default_factory=Counter)
    untyped: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    recovered: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    create_conflicts: int = 0


class Runner:
    """Runs a script through one client, recovering the way an application should."""

    def __init__(self, client: Fivetrex) -> None:
        self.client = client
        self.group_ids: dict[str, str] = {}
        self.connection_ids: dict[tuple[str, str], str] = {}
        self.tally = Tally()

    def call(self, fn: Callable[[], Any]) -> Any:
        """One client call, counted by outcome; exceptions propagate."""
        try:
            value = fn()
        except FivetrexError as exc:
            self.tally.calls[type(exc).__name__] += 1
            raise
        except Exception as exc:
            self.tally.calls["untyped:" + type(exc).__name__] += 1
            self.tally.untyped.append(f"{type(exc).__name__}: {exc}")
            raise
        self.tally.calls["ok"] += 1
        return value

    # -- lookups used before re-issuing a create
    def find_group(self, name: str) -> str | None:
        """The id of the group called ``name``, if it exists."""
        for group in self.call(lambda: list(self.client.groups.stream(limit=1000))):
            if group.name == name:
                return str(group.id)
        return None

    def find_connection(self, group: str, schema: str) -> str | None:
        """The id of the connection ``schema`` of ``group``, if it exists."""
        gid = self.group_ids[group]
        page = self.call(
            lambda: self.client.connections.list_in_account(group_id=gid, schema=schema)
        )
        return str(page.items[0].id) if page.items else None

    def attempt(self, op: Op, retry: bool) -> None:
        """Perform ``op`` once (``retry``: an earlier attempt raised)."""
        c = self.client
        if op.kind == "create_group":
            if retry and (found := self.find_group(op.group)) is not None:
                self.group_ids[op.group] = found
                self.tally.recovered["create adopted after lookup"] += 1
                return
            self.group_ids[op.group] = str(self.call(lambda: c.groups.create(name=op.group)).id)
            return
        if op.kind == "delete_group":
            self.call(lambda: c.groups.delete(self.group_ids[op.group]))
            return
        assert op.schema is not None
        key = (op.group, op.schema)
        if op.kind == "create_connection":
            if retry and (found := self.find_connection(*key)) is not None:
                self.connection_ids[key] = found
                self.tally.recovered["create adopted after lookup"] += 1
                return
            created = self.call(
                lambda: c.connections.create(
                    group_id=self.group_ids[op.group],
                    service="stripe",
                    config={"schema": op.schema},
                )
            )
            self.connection_ids[key] = str(created.id)
            return
        cid = self.connection_ids[key]
        if op.kind == "update":
            self.call(lambda: c.connections.update(cid, **dict(op.fields)))
        elif op.kind == "pause":
            self.call(lambda: c.connections.pause(cid))
        elif op.kind == "resume":
            self.call(lambda: c.connections.resume(cid))
        elif op.kind == "sync":
            self.call(lambda: c.connections.sync(cid))
        elif op.kind == "delete_connection":
            self.call(lambda: c.connections.delete(cid))
        else:  # pragma: no cover - make_script only makes the kinds above
            raise ValueError(op.kind)

    def run(self, op: Op) -> str:
        """Perform ``op`` until it succeeds (bounded); return its outcome."""
        last = ""
        for number in range(MAX_ATTEMPTS):
            try:
                self.attempt(op, retry=number > 0)
            except NotFoundError as exc:
                if number > 0 and op.kind.startswith("delete"):
                    # An earlier attempt deleted it; only its answer was lost.
                    self.tally.recovered["delete already applied"] += 1
                    return "ok"
                last = type(exc).__name__
            except ConflictError as exc:
                # A create that already exists: the lookup on the next attempt adopts it.
                # On a first attempt it means the client itself re-sent an applied create.
                if number == 0 and op.kind.startswith("create"):
                    self.tally.create_conflicts += 1
                last = type(exc).__name__
            except FivetrexError as exc:
                last = type(exc).__name__
            except Exception as exc:  # counted as untyped by call(); keep going
                last = type(exc).__name__
            else:
                if number > 0:
                    self.tally.recovered[f"{op.kind} re-issued"] += 1
                return "ok"
        return f"failed: {last}"

    def run_script(self, script: list[Op]) -> Tally:
        """Run every operation; return the tally."""
        for op in script:
            self.tally.outcomes.append(self.run(op))
        return self.tally


# --------------------------------------------------------------------------- state comparison

_TIME_KEYS = re.compile(r"(_at|_ts|_for|^started|^due)$")
_DROP_KEYS = frozenset({"_id", "_seq", "id", "group_id", "sync_id", "connector_id", "token"})


def _scrub(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            k: _scrub(v, names)
            for k, v in sorted(value.items())
            if k not in _DROP_KEYS and not _TIME_KEYS.search(k)
        }
    if isinstance(value, list):
        return [_scrub(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def normalise(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The state keyed by names (group name, ``group/schema``) without ids or timestamps.

    Each key maps to a *list* of documents, so a duplicate shows up as two entries.
    """
    tables = snapshot["tables"]
    names = {row["_id"]: row["name"] for row in tables["groups"]}
    for row in tables["connections"]:
        names[row["_id"]] = f"{names.get(row['group_id'], '?')}/{row['schema']}"
    out: dict[str, Any] = {}
    for kind, rows in tables.items():
        keyed: dict[str, list[Any]] = {}
        for row in rows:
            keyed.setdefault(names.get(row["_id"], row["_id"]), []).append(_scrub(row, names))
        out[kind] = dict(sorted(keyed.items()))
    return out


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> dict[str, list[str]]:
    """Differences: ``duplicates``, ``missing``, ``extra`` and ``changed`` (lost updates)."""
    diff: dict[str, list[str]] = {"duplicates": [], "missing": [], "extra": [], "changed": []}
    for kind in sorted(set(expected) | set(actual)):
        want, got = expected.get(kind, {}), actual.get(kind, {})
        for key in sorted(set(want) | set(got)):
            if len(got.get(key, [])) > 1:
                diff["duplicates"].append(f"{kind}:{key} x{len(got[key])}")
            if key not in got:
                diff["missing"].append(f"{kind}:{key}")
            elif key not in want:
                diff["extra"].append(f"{kind}:{key}")
            elif want[key] != got[key]:
                fields = sorted(
                    k
                    for k in set(want[key][0]) | set(got[key][0])
                    if want[key][0].get(k) != got[key][0].get(k)
                )
                if fields or len(want[key]) == len(got[key]):
                    diff["changed"].append(f"{kind}:{key} {fields}")
    return diff


# --------------------------------------------------------------------------- modes


@dataclass
class Run:
    """One run of the script: its tally, final state, wall time."""

    tally: Tally
    state: dict[str, Any]
    seconds: float


def _noop_sleep(seconds: float) -> None:
    return None


@contextmanager
def _in_process(chaos: bool) -> Iterator[tuple[Fivetrex, Callable[[], dict[str, Any]], Tally]]:
    emu = Emulator()
    tally = Tally()

    def count(request: httpx.Request) -> None:
        tally.requests += 1

    if chaos:
        emu.chaos(CHAOS_SEED, **CHAOS)
    http = httpx.Client(transport=emu.transport(), event_hooks={"request": [count]})
    client = Fivetrex(
        api_key=emu.api_key,
        api_secret=emu.api_secret,
        base_url=emu.base_url,
        http_client=http,
        sleep=_noop_sleep,
    )
    try:
        yield client, emu.snapshot, tally
    finally:
        http.close()
        emu.close()


@contextmanager
def _over_socket(chaos: bool) -> Iterator[tuple[Fivetrex, Callable[[], dict[str, Any]], Tally]]:
    tally = Tally()

    def count(request: httpx.Request) -> None:
        tally.requests += 1

    with ServerProcess() as srv:
        if chaos:
            srv.control("POST", "/_emulator/chaos", {"seed": CHAOS_SEED, **CHAOS})
        http = httpx.Client(event_hooks={"request": [count]}, timeout=30.0)
        client = Fivetrex(
            api_key=srv.api_key,
            api_secret=srv.api_secret,
            base_url=srv.base_url,
            http_client=http,
            sleep=_noop_sleep,
        )
        try:
            yield client, lambda: dict(srv.control("GET", "/_emulator/state")), tally
        finally:
            http.close()


def run_script(script: list[Op], *, chaos: bool, socket: bool = False) -> Run:
    """Run ``script`` against a fresh emulator (in-process or over a socket)."""
    mode = _over_socket if socket else _in_process
    with mode(chaos) as (client, snapshot, counter):
        runner = Runner(client)
        start = time.perf_counter()
        tally = runner.run_script(script)
        seconds = time.perf_counter() - start
        tally.requests = counter.requests
        state = normalise(snapshot())
    return Run(tally, state, seconds)


@dataclass
class Verdict:
    """The comparison of a chaotic run with the fault-free run."""

    clean: Run
    chaotic: Run
    diff: dict[str, list[str]]
    outcome_mismatches: list[int]

    @property
    def ok(self) -> bool:
        """Same state, same outcomes, nothing untyped."""
        return (
            not any(self.diff.values())
            and not self.outcome_mismatches
            and not self.chaotic.tally.untyped
            and not self.clean.tally.untyped
        )


def check(count: int, *, socket: bool = False) -> Verdict:
    """Run the ``count``-operation script fault-free and under chaos; compare."""
    script = make_script(count)
    clean = run_script(script, chaos=False, socket=socket)
    chaotic = run_script(script, chaos=True, socket=socket)
    mismatches = [
        i
        for i, (a, b) in enumerate(zip(clean.tally.outcomes, chaotic.tally.outcomes, strict=True))
        if a != b
    ]
    return Verdict(clean, chaotic, compare(clean.state, chaotic.state), mismatches)


def run(*, quick: bool = False, reps: int | None = None) -> Result:
    """Run the check in-process and over a socket; return the result."""
    count = 100 if quick else 1000
    result = Result(
        NAME,
        f"{count:,} mixed operations under 20% 5xx / 10% 429 / 5% drops vs fault-free",
        target="final state == fault-free run; every call ok or a typed FivetrexError",
        ratio_label="HTTP requests, chaos / fault-free (in-process)",
    )
    started, load0 = time.perf_counter(), load_average()
    verdicts = {"in-process": check(count), "socket": check(count, socket=True)}
    ok = True
    for mode, verdict in verdicts.items():
        chaotic = verdict.chaotic.tally
        calls = sum(chaotic.calls.values())
        errors = {k: v for k, v in chaotic.calls.items() if k != "ok"}
        script = make_script(count)
        kinds = Counter(op.kind for op in script)
        result.add(f"{mode}: operations (script)", [len(script)], "ops")
        result.add(f"{mode}: HTTP requests fault-free", [verdict.clean.tally.requests], "req")
        result.add(f"{mode}: HTTP requests under chaos", [chaotic.requests], "req")
        result.add(f"{mode}: client calls under chaos", [calls], "calls")
        result.add(f"{mode}: calls that raised a typed error", [sum(errors.values())], "calls")
        result.add(f"{mode}: calls that raised anything else", [len(chaotic.untyped)], "calls")
        result.add(
            f"{mode}: operations re-issued/adopted", [sum(chaotic.recovered.values())], "ops"
        )
        result.add(
            f"{mode}: creates answered 409 (a create retried after it was applied)",
            [chaotic.create_conflicts],
            "",
        )
        result.add(f"{mode}: duplicates in the final state", [len(verdict.diff["duplicates"])], "")
        result.add(f"{mode}: lost/changed updates", [len(verdict.diff["changed"])], "")
        result.add(
            f"{mode}: missing + extra resources",
            [len(verdict.diff["missing"]) + len(verdict.diff["extra"])],
            "",
        )
        result.add(f"{mode}: operation outcomes differing", [len(verdict.outcome_mismatches)], "")
        result.add(f"{mode}: chaos run wall time", [verdict.chaotic.seconds], "s")
        result.notes.append(f"{mode}: script mix {dict(sorted(kinds.items()))}")
        result.notes.append(f"{mode}: typed errors seen {dict(sorted(errors.items()))}")
        result.notes.append(f"{mode}: recoveries {dict(sorted(chaotic.recovered.items()))}")
        for what, items in verdict.diff.items():
            if items:
                result.notes.append(f"{mode}: {what}: {items[:5]}")
        if chaotic.untyped:
            result.notes.append(f"{mode}: untyped: {chaotic.untyped[:5]}")
        ok = ok and verdict.ok
    inproc = verdicts["in-process"]
    result.ratio = inproc.chaotic.tally.requests / max(1, inproc.clean.tally.requests)
    result.passed = ok
    result.seconds = time.perf_counter() - started
    result.load = (load0, load_average())
    return result
