"""The :class:`Emulator` facade: one stateful fake Fivetran account."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fivetrex.emulator._app import App, Request, Response
from fivetrex.emulator._catalog import KNOWN_OPERATIONS
from fivetrex.emulator._clock import CLOCK_MODES, VirtualClock, format_us
from fivetrex.emulator._domain import Backend, PendingDelivery
from fivetrex.emulator._domain.syncs import SyncOutcome
from fivetrex.emulator._faults import Fault, FaultSet
from fivetrex.emulator._routes import Call
from fivetrex.emulator._settings import Settings
from fivetrex.emulator._state import State
from fivetrex.emulator._store import SQLiteStore
from fivetrex.emulator._transport import EmulatorTransport
from fivetrex.emulator._webhooks import (
    DeliverFunction,
    HttpDeliverer,
    build_headers,
    serialise_payload,
)

if TYPE_CHECKING:
    from fivetrex import AsyncFivetrex, Fivetrex

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_SECRET",
    "DEFAULT_BASE_URL",
    "SERVER_SYNC_DURATION_SECONDS",
    "Emulator",
]

DEFAULT_API_KEY = "emulator-key"
"""API key a fresh emulator accepts."""
DEFAULT_API_SECRET = "emulator-secret"  # noqa: S105 - a public test credential
"""API secret a fresh emulator accepts."""
DEFAULT_BASE_URL = "http://emulator.fivetrex.invalid/v1"
"""Base URL used by in-process clients (never resolved: no sockets are involved)."""
SERVER_SYNC_DURATION_SECONDS = 3.0
"""How long a sync takes on a wall-clock emulator (a server) unless configured."""


def _clock_mode(clock: str | None, start: datetime | None, realtime: bool) -> str:
    if clock is None:
        return "wall" if realtime and start is None else "virtual"
    if clock not in CLOCK_MODES:
        raise ValueError(f"unknown clock {clock!r}; use one of {', '.join(CLOCK_MODES)}")
    if clock == "wall" and start is not None:
        raise ValueError("a wall clock starts now: 'start' needs clock='virtual'")
    return clock


_MAX_DELIVERIES = 10_000


class Emulator:
    """A stateful, in-memory (optionally SQLite-backed) Fivetran REST API.

    Everything lives in the instance: two emulators in one process share nothing.
    Ids come from a seeded random source and time from a virtual clock, so runs are
    reproducible.

    Args:
        api_key: The API key clients must send (HTTP Basic user).
        api_secret: The API secret clients must send (HTTP Basic password).
        seed: Name of a data set to load on start (``"demo"``), or ``None`` for empty.
        rng_seed: Seed of the id generator.
        start: Where the virtual clock starts (default 2026-01-15T09:00:00Z).
        realtime: Let the clock also move at the wall clock's pace. Without ``start``
            (and ``clock``) this means ``clock="wall"``.
        clock: ``"virtual"`` (the default in-process: time moves only when told to, see
            :meth:`advance`) or ``"wall"`` (the server's default: the clock reads the
            wall clock from now on, and syncs end after
            ``SERVER_SYNC_DURATION_SECONDS`` unless ``sync_duration_seconds`` is given).
        control_token: Also accept ``Authorization: Bearer <control_token>`` on the
            ``/_emulator`` control plane (which always accepts ``api_key``/``api_secret``
            as HTTP Basic).
        db_path: Keep the state in this SQLite file (loaded if it has data).
        deliver: Webhook delivery function ``(url, body, headers) -> status``; by default
            a real HTTP POST with httpx.
        sleep: Implements injected ``delay`` faults in-process; by default it advances
            the virtual clock instead of sleeping.
        fault_seed: Seed of the random source behind probabilistic faults.
        **settings: Initial :class:`~fivetrex.emulator.Settings` values.
    """

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        api_secret: str = DEFAULT_API_SECRET,
        seed: str | None = None,
        rng_seed: int | str = 0,
        start: datetime | None = None,
        realtime: bool = False,
        clock: str | None = None,
        control_token: str | None = None,
        db_path: str | os.PathLike[str] | None = None,
        deliver: DeliverFunction | None = None,
        sleep: Callable[[float], None] | None = None,
        fault_seed: int = 0,
        **settings: Any,
    ) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.control_token = control_token
        self.clock_mode: str = _clock_mode(clock, start, realtime)
        if self.clock_mode == "wall":
            settings.setdefault("sync_duration_seconds", SERVER_SYNC_DURATION_SECONDS)
        self.settings: Settings = Settings()
        self.settings.update(**settings)
        self.faults: FaultSet = FaultSet(fault_seed)
        self._rng_seed = rng_seed
        self._start = start
        self._realtime = realtime
        self._lock = threading.RLock()
        self._deliveries: list[dict[str, Any]] = []
        self._delivery_seq = 0
        self._http_deliverer = HttpDeliverer(self.settings.webhook_timeout_seconds)
        self.deliver: DeliverFunction = deliver or self._http_deliverer
        self.sleep: Callable[[float], None] = sleep or self._virtual_sleep
        self._store: SQLiteStore | None = None
        self._backend = Backend(self._fresh_state(), self.settings)
        if db_path is not None:
            self._store = SQLiteStore(db_path)
            loaded = self._store.load()
            if loaded is not None:
                state, stored_settings = loaded
                merged = {**stored_settings, **settings}
                self.settings = Settings.from_dict(merged)
                self._adopt_clock(state)
                self._backend = Backend(state, self.settings)
            else:
                self._store.replace(self._backend.state, self.settings.to_dict())
        if seed is not None and not self._has_data():
            self.seed(seed)
        self.app: App = App(self)

    # ------------------------------------------------------------------------------------
    # properties
    # ------------------------------------------------------------------------------------

    @property
    def backend(self) -> Backend:
        """The domain core (one method per API operation)."""
        return self._backend

    @property
    def state(self) -> State:
        """The raw state (documents by kind)."""
        return self._backend.state

    @property
    def clock(self) -> VirtualClock:
        """The virtual clock."""
        return self._backend.state.clock

    @property
    def base_url(self) -> str:
        """Base URL for in-process clients."""
        return DEFAULT_BASE_URL

    @property
    def db_path(self) -> str | None:
        """The SQLite file backing this emulator, if any."""
        return self._store.path if self._store else None

    @property
    def deliveries(self) -> list[dict[str, Any]]:
        """Webhook deliveries made so far (oldest first)."""
        with self._lock:
            return [dict(d) for d in self._deliveries]

    # ------------------------------------------------------------------------------------
    # lifecycle and state
    # ------------------------------------------------------------------------------------

    def _fresh_state(self) -> State:
        if self.clock_mode == "wall":
            return State(self._rng_seed, VirtualClock.wall())
        return State(self._rng_seed, VirtualClock(self._start, realtime=self._realtime))

    def _has_data(self) -> bool:
        return any(self.state.tables[k] for k in ("groups", "connections", "webhooks"))

    def _commit(self) -> None:
        if self._store is not None:
            self._store.commit(self.state, self.settings.to_dict())
        else:
            self.state.dirty.clear()
            self.state.meta_dirty = False

    def _adopt_clock(self, state: State) -> None:
        """A wall-clock emulator stays on the wall clock whatever state it loads."""
        if self.clock_mode == "wall" and state.clock.mode != "wall":
            state.clock = state.clock.to_wall()

    def _replace_state(self, state: State) -> None:
        self._adopt_clock(state)
        self._backend = Backend(state, self.settings)
        app: App | None = getattr(self, "app", None)
        if app is not None:
            app.rate_limiter.reset()
        if self._store is not None:
            self._store.replace(state, self.settings.to_dict())

    def reset(self) -> None:
        """Forget every resource, fault and delivery; the clock restarts. Settings stay."""
        with self._lock:
            self.faults.clear()
            self._deliveries.clear()
            self._replace_state(self._fresh_state())

    def seed(self, name: str = "demo") -> dict[str, int]:
        """Load a named data set on top of the current state; return resource counts."""
        from fivetrex.emulator._seed import SEEDS

        if name not in SEEDS:
            raise ValueError(f"unknown seed {name!r}; available: {', '.join(sorted(SEEDS))}")
        with self._lock:
            saved = self.settings.deliver_webhooks
            self.settings.deliver_webhooks = False
            try:
                SEEDS[name](self._backend)
            finally:
                self.settings.deliver_webhooks = saved
                self._backend.outbox.clear()
            self._commit()
            return self.counts()

    def counts(self) -> dict[str, int]:
        """Number of groups, destinations, connections and webhooks."""
        with self._lock:
            return {
                kind: len(self.state.tables[kind])
                for kind in ("groups", "destinations", "connections", "webhooks")
            }

    def snapshot(self) -> dict[str, Any]:
        """Return the whole state (and settings) as a JSON-able dict."""
        with self._lock:
            snap = self.state.snapshot()
            snap["settings"] = self.settings.to_dict()
            return snap

    def restore(self, snapshot: Mapping[str, Any]) -> None:
        """Replace the state (and settings) with a :meth:`snapshot`."""
        data = json.loads(json.dumps(dict(snapshot)))
        state = State.from_snapshot(data)
        with self._lock:
            if "settings" in data:
                self.settings.update(**Settings.from_dict(data["settings"]).to_dict())
            self._replace_state(state)

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any], **options: Any) -> Emulator:
        """Build a new emulator from a :meth:`snapshot` (``options`` as for ``__init__``)."""
        emu = cls(**options)
        emu.restore(snapshot)
        return emu

    def configure(self, **settings: Any) -> Settings:
        """Change settings (see :class:`~fivetrex.emulator.Settings`); return them."""
        with self._lock:
            self.settings.update(**settings)
            self._http_deliverer.timeout = self.settings.webhook_timeout_seconds
            self.state.meta_dirty = True
            self._commit()
            return self.settings

    def close(self) -> None:
        """Release the SQLite file and the webhook HTTP client."""
        with self._lock:
            self._http_deliverer.close()
            if self._store is not None:
                self._store.close()
                self._store = None

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------
    # time and syncs
    # ------------------------------------------------------------------------------------

    def _virtual_sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> datetime:
        """Move the virtual clock forward; syncs that became due complete. Returns now."""
        if seconds < 0:
            raise ValueError("the emulator clock cannot go backwards")
        with self._lock:
            target = self.clock.now() + timedelta(seconds=seconds)
            self._backend.run_until(target)
            outbox, self._backend.outbox = self._backend.outbox, []
            self._commit()
            now = self.clock.now()
        if outbox:
            self._deliver(outbox)
        return now

    def settle(self) -> None:
        """Apply the sync transitions due by the clock's now (and deliver their webhooks).

        Every request does this first; a server also calls it in the background, so
        webhooks of syncs that end by time go out without waiting for a request.
        """
        self._run(lambda b: b.settle())

    @contextmanager
    def unit_of_work(self) -> Iterator[Backend]:
        """One unit of work on the emulator's state: what every request and test hook uses.

        Holds the emulator's lock and yields the :class:`Backend`; on leaving (even by an
        exception) it commits the changes (to the store, if any), then releases the lock and
        delivers the webhook events the work queued. Units nest in one thread (the inner one
        commits and delivers on its own)::

            with emu.unit_of_work() as backend:
                backend.sync_connection(connection_id)
        """
        with self._lock:
            try:
                yield self._backend
            finally:
                outbox, self._backend.outbox = self._backend.outbox, []
                self._commit()
        if outbox:
            self._deliver(outbox)

    def deliver_events(self, pending: list[PendingDelivery]) -> list[dict[str, Any]]:
        """Deliver webhook events now (never with the lock held); return their records."""
        return self._deliver(pending)

    def _run(self, fn: Callable[[Backend], Any]) -> Any:
        with self.unit_of_work() as backend:
            return fn(backend)

    def set_sync_outcome(
        self,
        connection_id: str,
        outcome: str = "failure",
        *,
        reason: str | None = None,
        task_code: str | None = None,
        reschedule_after: float | None = None,
        duration: float | None = None,
        polls: int | None = None,
        times: int = 1,
    ) -> None:
        """Decide how the next ``times`` syncs of a connection end.

        Args:
            connection_id: The connection.
            outcome: ``"success"``, ``"failure"`` or ``"rescheduled"``.
            reason: Failure / reschedule reason (shown in ``status`` and the webhook).
            task_code: For failures: add a ``status.tasks`` entry with this code
                (``sync_end`` status ``FAILURE_WITH_TASK``) instead of a warning.
            reschedule_after: For ``rescheduled``: seconds until ``rescheduled_for``.
            duration: Virtual seconds this sync takes (overrides the setting).
            polls: GETs of the connection that complete it (overrides the setting).
            times: How many consecutive syncs get this outcome.
        """
        spec = SyncOutcome(
            outcome=outcome,
            reason=reason,
            task_code=task_code,
            reschedule_after=reschedule_after,
            duration=duration,
            polls=polls,
            times=times,
        )
        self._run(lambda b: b.schedule_outcome(connection_id, spec))

    def complete_sync(self, connection_id: str) -> bool:
        """Finish a connection's running sync now; return whether one was running."""
        return bool(self._run(lambda b: b.finish_sync(connection_id)))

    def set_setup_tests_outcome(self, resource_id: str, passed: bool) -> None:
        """Make setup tests of a connection or destination pass (default) or fail."""
        self._run(lambda b: b.set_setup_tests_outcome(resource_id, passed))

    def add_source_table(
        self, connection_id: str, schema: str, table: str, columns: list[str] | None = None
    ) -> None:
        """Add a table to a connection's simulated source; a schema reload discovers it."""
        self._run(lambda b: b.add_source_table(connection_id, schema, table, columns))

    # ------------------------------------------------------------------------------------
    # faults
    # ------------------------------------------------------------------------------------

    def inject(self, kind: str = "error", **options: Any) -> Fault:
        """Add a fault; see :class:`~fivetrex.emulator.Fault` (same as ``faults.add``)."""
        return self.faults.add(kind, **options)

    def chaos(self, seed: int = 0, **rates: Any) -> None:
        """Fail a random share of requests reproducibly; see :meth:`FaultSet.chaos`."""
        self.faults.chaos(seed, **rates)

    def clear_faults(self) -> None:
        """Remove every fault and stop chaos."""
        self.faults.clear()

    # ------------------------------------------------------------------------------------
    # webhooks
    # ------------------------------------------------------------------------------------

    def _deliver(self, pending: list[PendingDelivery]) -> list[dict[str, Any]]:
        """Deliver events (never called with the lock held by this thread's request)."""
        records = []
        for item in pending:
            body = serialise_payload(item.payload)
            headers = build_headers(body, item.secret)
            status: int | None = None
            error: str | None = None
            try:
                status = int(self.deliver(item.url, body, headers))
            except Exception as exc:  # a failed delivery is recorded, never raised
                error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self._delivery_seq += 1
                record = {
                    "id": self._delivery_seq,
                    "webhook_id": item.webhook_id,
                    "url": item.url,
                    "event": item.event,
                    "body": body.decode(),
                    "headers": headers,
                    "status_code": status,
                    "error": error,
                    "succeeded": status is not None and 200 <= status < 300,
                    "delivered_at": format_us(self.clock.now()),
                }
                self._deliveries.append(record)
                del self._deliveries[:-_MAX_DELIVERIES]
            records.append(record)
        return records

    def clear_deliveries(self) -> None:
        """Forget recorded webhook deliveries."""
        with self._lock:
            self._deliveries.clear()

    # ------------------------------------------------------------------------------------
    # HTTP entry points
    # ------------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        target: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> Response:
        """Serve one raw request (no auth added). ``target`` is a path or a full URL."""
        if "://" in target:
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        raw = body.encode() if isinstance(body, str) else (body or b"")
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        return self.app.handle(Request(method.upper(), target, lowered, raw), self.sleep)

    def auth_header(self) -> str:
        """The ``Authorization`` header value for this emulator's credentials."""
        token = base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
        return f"Basic {token}"

    def request(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Serve an authenticated JSON request (a test convenience).

        ``path`` may omit the ``/v1`` prefix.
        """
        if not path.startswith(("/v1", "/_emulator")):
            path = "/v1" + (path if path.startswith("/") else "/" + path)
        all_headers = {"Authorization": self.auth_header(), "Accept": "application/json"}
        body = None
        if json_body is not None:
            all_headers["Content-Type"] = "application/json"
            body = json.dumps(json_body)
        all_headers.update(headers or {})
        return self.handle(method, path, headers=all_headers, body=body)

    def transport(self) -> EmulatorTransport:
        """An httpx transport (sync and async) serving from this emulator in-process."""
        return EmulatorTransport(self)

    def http_client(self, **kwargs: Any) -> Any:
        """A raw :class:`httpx.Client` wired to :meth:`transport`, authenticated."""
        import httpx

        return httpx.Client(
            transport=self.transport(),
            base_url=DEFAULT_BASE_URL,
            auth=(self.api_key, self.api_secret),
            **kwargs,
        )

    def _client_options(self, options: dict[str, Any]) -> dict[str, Any]:
        options.setdefault("sleep", self.sleep)
        options.setdefault("clock", lambda: self.clock.now().timestamp())
        return options

    def client(self, **options: Any) -> Fivetrex:
        """A :class:`fivetrex.Fivetrex` client talking to this emulator in-process.

        Unless given, the client's ``sleep`` and ``clock`` are the emulator's: waiting
        (retries, ``sync_and_wait`` polling) advances the virtual clock instead of
        sleeping. ``options`` go to :class:`fivetrex.Fivetrex`.
        """
        import httpx

        from fivetrex import Fivetrex

        return Fivetrex(
            api_key=self.api_key,
            api_secret=self.api_secret,
            base_url=DEFAULT_BASE_URL,
            http_client=httpx.Client(transport=self.transport()),
            **self._client_options(options),
        )

    def async_client(self, **options: Any) -> AsyncFivetrex:
        """A :class:`fivetrex.AsyncFivetrex` client talking to this emulator in-process.

        Same defaults as :meth:`client` (virtual ``sleep`` and ``clock``).
        """
        import httpx

        from fivetrex import AsyncFivetrex

        return AsyncFivetrex(
            api_key=self.api_key,
            api_secret=self.api_secret,
            base_url=DEFAULT_BASE_URL,
            http_client=httpx.AsyncClient(transport=self.transport()),
            **self._client_options(options),
        )

    def coverage(self) -> dict[str, list[str]]:
        """Which documented operations are implemented, and which answer 501."""
        routes = self.app.routes
        implemented = {route.operation for route in routes if not route.legacy}
        known = [f"{m} {p}" for m, p in KNOWN_OPERATIONS]
        return {
            "implemented": sorted(op for op in known if op in implemented),
            "not_implemented": sorted(op for op in known if op not in implemented),
            "legacy_aliases": [
                *sorted(route.operation for route in routes if route.legacy),
                "* /v1/connectors/... (alias of /v1/connections/...)",
            ],
        }

    # ------------------------------------------------------------------------------------
    # control plane (served under /_emulator by the App)
    # ------------------------------------------------------------------------------------

    def _control_routes(self) -> Iterator[tuple[str, str, Callable[[Call], Any]]]:
        from fivetrex.emulator._control import control_routes

        return control_routes(self)
