"""``fivetrex demo``: a guided tour of the client against the built-in emulator.

Everything below uses the *public* client API (``client.groups.create(...)``,
``client.connections.sync_and_wait(...)``...) against an in-process
:class:`~fivetrex.emulator.Emulator`: no account, no network beyond a loopback
webhook receiver, and no real waiting (sleeping advances the emulator's virtual
clock). Pointing the same code at a real account only takes credentials.

``fivetrex demo --server`` instead serves an emulator on loopback until Ctrl-C,
so the CLI itself can be tried against it.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from ..errors import ConfirmationRequired, NotFoundError
from ..models import Connection
from ..webhooks import SIGNATURE_HEADER, WebhookError, construct_event
from ._progress import Progress

__all__ = ["WebhookReceiver", "run_demo", "serve_demo"]

_WEBHOOK_SECRET = "demo-webhook-secret"  # noqa: S105 - the demo's own throwaway secret

#: The first words of the tour (wrapped to the terminal at word boundaries).
INTRO = (
    "Every call below is the public client API. The emulator runs in this process: "
    "no account, no credentials, no waiting (its clock is virtual)."
)


class WebhookReceiver:
    """A tiny stdlib HTTP server on ``127.0.0.1:0`` that verifies Fivetran webhooks.

    Each delivery's ``X-Fivetran-Signature-256`` is checked against ``secret``
    with :func:`fivetrex.webhooks.construct_event`; verified events land in
    :attr:`events`, rejected deliveries in :attr:`rejected` (answered with 401).
    """

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.events: queue.Queue[Any] = queue.Queue()
        self.rejected: queue.Queue[str] = queue.Queue()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                try:
                    event = construct_event(
                        body, self.headers.get(SIGNATURE_HEADER), receiver.secret
                    )
                except WebhookError as error:
                    receiver.rejected.put(f"{type(error).__name__}: {error}")
                    self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                receiver.events.put(event)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where to send webhooks."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/fivetran/webhooks"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def drain(self) -> list[Any]:
        """The events received since the last call."""
        found = []
        with contextlib.suppress(queue.Empty):
            while True:
                found.append(self.events.get_nowait())
        return found


class _Narrator:
    """Prints the tour: rich on a terminal, plain text when piped."""

    def __init__(self) -> None:
        import os

        from rich.console import Console

        width = None
        if not sys.stdout.isatty():  # piped: wide enough for the tables, no colours
            columns = os.environ.get("COLUMNS", "")
            width = int(columns) if columns.isdigit() else 100
        # soft_wrap=False: rich wraps long lines at word boundaries to the width (a
        # terminal's own wrapping would cut words in half)
        self.console = Console(highlight=False, soft_wrap=False, width=width)
        self.step = 0

    def title(self, text: str) -> None:
        self.console.print(f"[bold]{text}[/bold]")

    def section(self, text: str) -> None:
        self.step += 1
        self.console.print()
        self.console.rule(f"[bold cyan]{self.step}. {text}[/bold cyan]", align="left")

    def code(self, text: str) -> None:
        from rich.markup import escape

        self.console.print(f"[dim]>>> {escape(text)}[/dim]")

    def say(self, text: str) -> None:
        self.console.print(text)

    def ok(self, text: str) -> None:
        self.console.print(f"[green]✓[/green] {text}")

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)


def _status_table(connections: list[Connection]) -> Any:
    from rich import box
    from rich.table import Table

    # 80 columns fit: no outer padding, ids and states never cut (the time may wrap)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    ids = max((len(c.id or "") for c in connections), default=2)
    table.add_column("id", no_wrap=True, min_width=ids)
    for column in ("service", "schema", "setup", "state", "paused", "last sync"):
        table.add_column(column, no_wrap=True)
    for c in connections:
        table.add_row(
            c.id or "",
            c.service or "",
            c.schema_ or "",
            c.setup_state or "",
            c.sync_state or "",
            "yes" if c.paused else "no",
            c.succeeded_at.strftime("%Y-%m-%d %H:%M:%SZ") if c.succeeded_at else "-",
        )
    return table


def _events_line(events: list[Any]) -> str:
    if not events:
        return "(none)"
    parts = []
    for event in events:
        status = event.data.get("status") if isinstance(event.data, dict) else None
        who = event.connector_id or "account"
        parts.append(f"{event.event}({who}{', ' + str(status) if status else ''})")
    return ", ".join(parts)


def _wait_for_events(receiver: WebhookReceiver, count: int, *, budget: float = 0.3) -> list[Any]:
    """Deliveries are synchronous in the emulator; allow the receiver thread a moment."""
    events = receiver.drain()
    deadline = time.monotonic() + budget
    while len(events) < count and time.monotonic() < deadline:
        with contextlib.suppress(queue.Empty):
            events.append(receiver.events.get(timeout=0.02))
    return events


def run_demo() -> None:
    """Walk the main flows of the client against an in-process emulator."""
    from ..emulator import Emulator
    from ..models import SchemaConfig
    from ._output import schema_tree

    say = _Narrator()
    progress_enabled = sys.stderr.isatty()
    emu = Emulator()
    client = emu.client(sleep=emu.advance, clock=lambda: emu.clock.now().timestamp())
    say.title("fivetrex demo: the Fivetran API client, against the built-in emulator")
    say.say(INTRO)
    with client, WebhookReceiver(_WEBHOOK_SECRET) as receiver:
        # 1. group + destination
        say.section("Create a group and its destination")
        say.code('group = client.groups.create(name="demo_warehouse")')
        group = client.groups.create(name="demo_warehouse")
        assert group.id is not None
        say.ok(f"group [bold]{group.name}[/bold] (id {group.id})")
        say.code('client.destinations.create(group_id=group.id, service="snowflake", ...)')
        destination = client.destinations.create(
            group_id=group.id,
            service="snowflake",
            region="GCP_US_EAST4",
            time_zone_offset="0",
            config={
                "host": "acme.snowflakecomputing.com",
                "database": "ANALYTICS",
                "user": "FIVETRAN",
                "password": "never-shown",
            },
        )
        say.ok(
            f"destination {destination.service} in {destination.region}: setup "
            f"{destination.setup_status}; the password comes back as "
            f"{destination.config.get('password')!r}"
        )

        # 2. connections
        say.section("Create connections")
        sources: list[tuple[str, dict[str, Any]]] = [
            ("postgres", {"schema_prefix": "app_db", "host": "db.internal", "port": 5432,
                          "database": "app", "user": "fivetran", "password": "pw"}),
            ("salesforce", {"schema": "salesforce"}),
            ("stripe", {"schema": "stripe"}),
            ("hubspot", {"schema": "hubspot"}),
        ]  # fmt: skip
        created: list[Connection] = []
        for service, config in sources:
            say.code(f'client.connections.create(group_id=group.id, service="{service}", ...)')
            connection = client.connections.create(
                group_id=group.id, service=service, config=config, sync_frequency=360
            )
            created.append(connection)
            say.ok(f"{service} → connection {connection.id} (schema {connection.schema_})")
        main = created[0]
        assert main.id is not None

        # 3. the fleet
        say.section("Stream the fleet (every page, lazily) and show its status")
        say.code("for c in client.connections.stream(group.id, limit=2): ...")
        fleet = list(client.connections.stream(group.id, limit=2))  # 2 per page: 2 pages
        say.show(_status_table(fleet))
        say.say(f"{len(fleet)} connections, fetched 2 per page as the loop went.")

        # 4. a webhook
        say.section("Register a webhook and receive its signed events")
        say.say(f"A receiver listens on {receiver.url} (stdlib http.server, in a thread).")
        say.code(
            "client.webhooks.create_account(url=..., events=['sync_start', 'sync_end'], secret=...)"
        )
        hook = client.webhooks.create_account(
            url=receiver.url, events=["sync_start", "sync_end"], secret=_WEBHOOK_SECRET
        )
        say.ok(f"webhook {hook.id}: {', '.join(hook.events)} (the secret reads {hook.secret!r})")
        pings = _wait_for_events(receiver, 0, budget=0.05)
        if pings:
            say.say(f"  received on creation: {_events_line(pings)}")

        # 5. sync and wait
        say.section("Trigger a sync and wait for it")
        say.code(f'status = client.connections.sync_and_wait("{main.id}", timeout=3600)')
        with Progress(progress_enabled, f"syncing {main.id}") as progress:
            status = client.connections.sync_and_wait(
                main.id,
                timeout=3600,
                on_progress=lambda s: progress.update(f"syncing {main.id}: {s.sync_state}"),
            )
        when = f"{status.succeeded_at:%Y-%m-%d %H:%M:%S}Z" if status.succeeded_at else "?"
        say.ok(f"sync finished: succeeded_at {when} (virtual time), state now {status.sync_state}")
        events = _wait_for_events(receiver, 2)
        say.say(f"  webhook events received and verified: {_events_line(events)}")
        for event in events[:2]:
            say.say(
                f"    {event.event:<11} connector {event.connector_id} "
                f"({event.connector_type}) at {event.created:%H:%M:%S}Z"
            )
        forged = b'{"event": "sync_end", "created": "2026-01-01T00:00:00Z"}'
        answer = httpx.post(
            receiver.url, content=forged, headers={SIGNATURE_HEADER: "0" * 64}, timeout=5
        )
        say.say(f"  a forged delivery (wrong signature) is refused: HTTP {answer.status_code}")
        with contextlib.suppress(queue.Empty):
            say.say(f"    [dim]{receiver.rejected.get(timeout=0.2)}[/dim]")

        # 6. schema config
        say.section("Show and change the schema config")
        say.code(f'config = client.connections.reload_schema_config("{main.id}")')
        reloaded: SchemaConfig = client.connections.reload_schema_config(main.id)
        tables = sum(len(sc.tables) for sc in reloaded.schemas.values())
        say.ok(f"{len(reloaded.schemas)} schemas and {tables} tables found")
        schema_name, schema = next(iter(reloaded.schemas.items()))
        table_name = next(iter(schema.tables))
        change = {"schemas": {schema_name: {"tables": {table_name: {"enabled": False}}}}}
        say.code(f'client.connections.update_schema_config("{main.id}", {change})')
        updated = client.connections.update_schema_config(main.id, change)
        one = SchemaConfig(
            schema_change_handling=updated.schema_change_handling,
            schemas={schema_name: updated.schemas[schema_name]},
        )
        title = f"{main.id}: schema {schema_name!r} (of {len(reloaded.schemas)})"
        say.show(schema_tree(one, title=title))
        say.say("  (the same tree from the shell: fivetrex connections schema ID)")
        other = list(schema.tables)[1] if len(schema.tables) > 1 else table_name
        say.code(f'client.connections.get_table_columns("{main.id}", "{schema_name}", "{other}")')
        columns = client.connections.get_table_columns(main.id, schema_name, other)
        described = [
            name + (" (pk)" if col.is_primary_key else "") + (" (hashed)" if col.hashed else "")
            for name, col in columns.items()
        ]
        say.ok(f"columns of {schema_name}.{other}: {', '.join(described) or '(none)'}")

        # 7. pause / resume
        say.section("Pause and resume")
        say.code(f'client.connections.pause("{main.id}")')
        paused = client.connections.pause(main.id)
        say.ok(f"paused: {paused.paused} (sync state {paused.sync_state})")
        say.code(f'client.connections.resume("{main.id}")')
        resumed = client.connections.resume(main.id)
        say.ok(f"paused: {resumed.paused} (sync state {resumed.sync_state})")

        # 8. errors
        say.section("Structured errors")
        say.code('client.connections.get("no_such_connection")')
        try:
            client.connections.get("no_such_connection")
        except NotFoundError as error:
            say.say(f"NotFoundError: type={error.type!r} status={error.status} code={error.code!r}")
            say.say(f"  message={error.message!r}")
        say.code(f'client.connections.resync("{main.id}")  # no confirm=True')
        try:
            client.connections.resync(main.id)
        except ConfirmationRequired as error:
            say.say(f"ConfirmationRequired (nothing was sent): {error}")

    # the way out
    say.section("Now with your account")
    say.say("The same code runs against Fivetran once credentials are set:")
    say.say("  export FIVETRAN_API_KEY=...      # Fivetran → Settings → API key")
    say.say("  export FIVETRAN_API_SECRET=...")
    say.say("  python -c 'import fivetrex; print(list(fivetrex.Fivetrex().groups.stream()))'")
    say.say("  fivetrex groups list")
    say.say("Or try the CLI against an emulator first: fivetrex demo --server")
    emu.close()


def _examples(emulator: Any) -> Iterator[str]:
    with emulator.client() as client:
        group = next(iter(client.groups.stream()), None)
        connection = None
        if group is not None and group.id:
            connection = next(
                (
                    c
                    for c in client.connections.stream(group.id)
                    if c.sync_state == "scheduled" and not c.paused
                ),
                None,
            )
    yield "fivetrex groups list"
    if group is not None:
        yield f"fivetrex connections list {group.id}"
    if connection is not None:
        yield f"fivetrex connections get {connection.id} -o json --fields id,status"
        yield f"fivetrex connections schema {connection.id}"
        yield f"fivetrex connections sync {connection.id} --wait"
    yield "fivetrex connections get no_such_id; echo $?   # 4: not found"


def serve_demo(*, port: int = 0) -> None:
    """Serve an emulator (with the demo data) on loopback until Ctrl-C."""
    from ..emulator import Emulator, EmulatorServer

    emulator = Emulator(seed="demo", realtime=True)
    server = EmulatorServer(emulator, "127.0.0.1", port)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)  # also when started in the background
    out = sys.stdout
    lines = [
        f"fivetrex emulator listening on {server.base_url}",
        "",
        "Point the CLI (or your code) at it:",
        f"  export FIVETRAN_BASE_URL={server.base_url}",
        f"  export FIVETRAN_API_KEY={emulator.api_key}",
        f"  export FIVETRAN_API_SECRET={emulator.api_secret}",
        "",
        "Then try:",
        *(f"  {line}" for line in _examples(emulator)),
        "",
        "Press Ctrl-C to stop.",
    ]
    out.write("\n".join(lines) + "\n")
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        emulator.close()
        out.write("emulator stopped\n")
        out.flush()
