"""Fault injection: make chosen requests fail the way networks and proxies fail."""

from __future__ import annotations

import fnmatch
import random
import re
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAULT_KINDS", "Fault", "FaultSet"]

FAULT_KINDS = frozenset({"rate_limit", "error", "delay", "drop", "timeout"})
"""Kinds of fault:

- ``rate_limit``: answer 429 ``TooManyRequests`` with a ``Retry-After`` header.
- ``error``: answer ``status`` (default 500; 502 may carry an HTML body like proxies).
- ``delay``: wait ``delay`` seconds (virtual in-process, real in server mode), then serve.
- ``drop``: close the connection without a response, ``stage="before"`` the request reaches
  the core (nothing happened) or ``stage="after"`` the core applied it (the change exists
  but the client never hears about it).
- ``timeout``: wait ``delay`` seconds, then fail like a read timeout (no response).
"""


@dataclass
class Fault:
    """One injected fault rule.

    Attributes:
        kind: One of :data:`FAULT_KINDS`.
        status: HTTP status for ``error`` faults (default 500).
        times: How many matching requests it affects (``None``: unlimited).
        method: Only requests with this HTTP method (``None``: any).
        path: Only request paths matching this glob, e.g. ``"/v1/connections*"``.
        path_regex: Only request paths matching this regular expression.
        retry_after: ``Retry-After`` seconds (``rate_limit`` and 503 ``error``).
        html: Send an HTML body (proxy style) instead of JSON for ``error``.
        delay: Seconds to wait for ``delay`` and ``timeout`` faults.
        stage: ``"before"`` or ``"after"`` for ``drop`` faults.
        probability: Chance that a matching request is affected (drawn from the
            fault set's seeded random source).
        id: Assigned when added to a :class:`FaultSet`.
        hits: How many requests it has affected so far.
    """

    kind: str
    status: int | None = None
    times: int | None = 1
    method: str | None = None
    path: str | None = None
    path_regex: str | None = None
    retry_after: int = 1
    html: bool = False
    delay: float = 0.0
    stage: str = "before"
    probability: float = 1.0
    id: int = 0
    hits: int = 0
    _regex: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {sorted(FAULT_KINDS)}")
        if self.stage not in ("before", "after"):
            raise ValueError("fault stage must be 'before' or 'after'")
        self._set_status()
        self._check_limits()
        if self.method is not None:
            self.method = self.method.upper()
        self._regex = re.compile(self.path_regex) if self.path_regex else None

    def _set_status(self) -> None:
        """An error fault's status (500 by default, 4xx or 5xx); a rate limit's is 429."""
        if self.kind == "error":
            self.status = 500 if self.status is None else int(self.status)
            if not 400 <= self.status <= 599:
                raise ValueError("an error fault needs a 4xx or 5xx status")
        if self.kind == "rate_limit":
            self.status = 429

    def _check_limits(self) -> None:
        """``times``, ``probability``, ``delay`` and ``retry_after`` within their ranges."""
        if self.times is not None and self.times < 1:
            raise ValueError("fault 'times' must be >= 1 (or None for unlimited)")
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError("fault probability must be within 0..1")
        if self.delay < 0 or self.retry_after < 0:
            raise ValueError("fault delay and retry_after must be >= 0")

    def matches(self, method: str, path: str) -> bool:
        """Return whether this fault's filters select the request."""
        if self.method is not None and self.method != method.upper():
            return False
        if self.path is not None and not fnmatch.fnmatchcase(path, self.path):
            return False
        return not (self._regex is not None and self._regex.search(path) is None)

    @property
    def exhausted(self) -> bool:
        """Whether the fault has affected all the requests it was meant to."""
        return self.times is not None and self.hits >= self.times

    def to_dict(self) -> dict[str, Any]:
        """Return the fault as a JSON-able dict."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "times": self.times,
            "method": self.method,
            "path": self.path,
            "path_regex": self.path_regex,
            "retry_after": self.retry_after,
            "html": self.html,
            "delay": self.delay,
            "stage": self.stage,
            "probability": self.probability,
            "hits": self.hits,
        }


@dataclass
class _Chaos:
    rng: random.Random
    seed: int
    error_rate: float
    rate_limit_rate: float
    drop_rate: float
    delay_rate: float
    delay: float
    statuses: tuple[int, ...]
    method: str | None
    path: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "error_rate": self.error_rate,
            "rate_limit_rate": self.rate_limit_rate,
            "drop_rate": self.drop_rate,
            "delay_rate": self.delay_rate,
            "delay": self.delay,
            "statuses": list(self.statuses),
            "method": self.method,
            "path": self.path,
        }


class FaultSet:
    """The faults of one emulator, matched in the order they were added.

    Args:
        seed: Seed of the random source used for ``probability`` draws.
    """

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._next_id = 1
        self._rng = random.Random(seed)
        self._chaos: _Chaos | None = None
        self._lock = threading.Lock()

    def add(self, kind: str = "error", **options: Any) -> Fault:
        """Add a fault (see :class:`Fault` for the options) and return it."""
        fault = Fault(kind=kind, **options)
        with self._lock:
            fault.id = self._next_id
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def remove(self, fault_id: int) -> bool:
        """Remove one fault by id; return whether it existed."""
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            return len(self._faults) != before

    def clear(self) -> None:
        """Remove every fault and stop chaos mode."""
        with self._lock:
            self._faults.clear()
            self._chaos = None

    def list(self) -> list[Fault]:
        """Return the active faults."""
        with self._lock:
            return list(self._faults)

    def chaos(
        self,
        seed: int = 0,
        *,
        error_rate: float = 0.0,
        rate_limit_rate: float = 0.0,
        drop_rate: float = 0.0,
        delay_rate: float = 0.0,
        delay: float = 1.0,
        statuses: tuple[int, ...] = (500, 502, 503),
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Fail a random share of requests, reproducibly from ``seed``.

        For each request not matched by an explicit fault one draw decides: drop
        (before or after the core, half each), 429, an error status from ``statuses``,
        a delay, or nothing. The same seed and the same request sequence give the
        same faults.
        """
        total = error_rate + rate_limit_rate + drop_rate + delay_rate
        if min(error_rate, rate_limit_rate, drop_rate, delay_rate) < 0 or total > 1:
            raise ValueError("chaos rates must be >= 0 and add up to at most 1")
        if not statuses:
            raise ValueError("chaos needs at least one error status")
        with self._lock:
            self._chaos = _Chaos(
                random.Random(seed),
                seed,
                error_rate,
                rate_limit_rate,
                drop_rate,
                delay_rate,
                delay,
                tuple(statuses),
                method.upper() if method else None,
                path,
            )

    def stop_chaos(self) -> None:
        """Stop chaos mode (explicit faults stay)."""
        with self._lock:
            self._chaos = None

    def to_dict(self) -> dict[str, Any]:
        """Return the faults and chaos settings as JSON-able data."""
        with self._lock:
            return {
                "faults": [f.to_dict() for f in self._faults],
                "chaos": self._chaos.to_dict() if self._chaos else None,
            }

    def match(self, method: str, path: str) -> Fault | None:
        """Return the fault affecting this request (consuming one use), if any."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    continue
                fault.hits += 1
                if fault.exhausted:
                    self._faults.remove(fault)
                return fault
            return self._draw_chaos(method, path)

    def _draw_chaos(self, method: str, path: str) -> Fault | None:
        chaos = self._chaos
        if chaos is None:
            return None
        if chaos.method is not None and chaos.method != method.upper():
            return None
        if chaos.path is not None and not fnmatch.fnmatchcase(path, chaos.path):
            return None
        roll = chaos.rng.random()
        edge = chaos.drop_rate
        if roll < edge:
            stage = "before" if chaos.rng.random() < 0.5 else "after"
            return Fault("drop", stage=stage, hits=1)
        edge += chaos.rate_limit_rate
        if roll < edge:
            return Fault("rate_limit", retry_after=1, hits=1)
        edge += chaos.error_rate
        if roll < edge:
            status = chaos.statuses[chaos.rng.randrange(len(chaos.statuses))]
            return Fault("error", status=status, retry_after=1, hits=1)
        edge += chaos.delay_rate
        if roll < edge:
            return Fault("delay", delay=chaos.delay, hits=1)
        return None
