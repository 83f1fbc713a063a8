"""Serve an emulator over real HTTP (stdlib ``http.server``, HTTP/1.1 keep-alive)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import json
import math
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fivetrex.emulator._app import Request
from fivetrex.emulator._clock import CLOCK_MODES, parse_ts
from fivetrex.emulator._emulator import DEFAULT_API_KEY, DEFAULT_API_SECRET, Emulator

__all__ = ["EmulatorServer", "is_loopback", "main"]

SETTLE_INTERVAL_SECONDS = 0.2
"""How often a server whose clock moves by itself ends due syncs in the background."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names a loopback interface (``127.0.0.0/8``, ``::1``, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


MAX_REQUEST_BYTES = 32 * 1024 * 1024
"""The largest request body the server reads (a Connector SDK package upload included);
a larger ``Content-Length`` is answered 413 before any of it is read."""

_ERROR_CODES = {400: "BadRequest", 413: "PayloadTooLarge"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # one write per response (flushed by BaseHTTPRequestHandler)
    server_version = "fivetrex-emulator"
    sys_version = ""
    emulator: Emulator
    verbose: bool = False

    def _body_length(self) -> int | None:
        """The request's ``Content-Length``; ``None`` once it has been refused (400 when
        it is not a number, 413 when it is over :data:`MAX_REQUEST_BYTES`)."""
        raw = self.headers.get("Content-Length")
        if raw is None:
            return 0
        length = int(raw) if raw.strip().isdigit() else -1
        if length < 0:
            self.send_error(400, f"Invalid Content-Length {raw[:40]!r}")
            return None
        if length > MAX_REQUEST_BYTES:
            self.send_error(413, f"Request body of {length} bytes is over {MAX_REQUEST_BYTES}")
            return None
        return length

    def _serve(self) -> None:
        length = self._body_length()
        if length is None:
            return
        body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command.upper(), self.path, headers, body)
        response = self.emulator.app.handle(request, time.sleep)
        if response.drop is not None:
            # Injected fault: close the socket without answering.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, CONNECT, made-up ones) is served too: the App answers
        # a JSON 405 (or 404) instead of the standard library's HTML 501.
        if name.startswith("do_") and name[3:].isalpha():
            return self._serve
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors found before routing (a malformed request line, headers too long) are
        JSON like every other answer, not the standard library's HTML page."""
        body = json.dumps(
            {
                "code": _ERROR_CODES.get(code, "Error"),
                "message": message or self.responses.get(code, ("Error",))[0],
            }
        )
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # unparsed: still answer with a status line
            self.request_version = "HTTP/1.0"
        try:
            self.send_response(code, message)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body.encode())
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class _Server(ThreadingHTTPServer):
    # many clients connect at once in fan-out tests; the default backlog (5) makes
    # the kernel drop and retry SYNs, costing about a second each
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that drops its connection (a reset keep-alive socket, a closed event
        loop) is its own business: no traceback on stderr. Anything else is printed."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class EmulatorServer:
    """Run an :class:`Emulator` behind a real HTTP server in a background thread.

    Use as a context manager (``with EmulatorServer(emu) as server: ...``) or call
    :meth:`start` / :meth:`stop`.

    Args:
        emulator: The emulator to serve (a fresh one if omitted).
        host: Interface to bind (loopback by default).
        port: TCP port; 0 picks a free one.
        verbose: Log each request to stderr.
        allow_remote: Required to bind anything but a loopback interface: the
            emulator's credentials are public defaults and its control plane can read
            and wipe every stored secret.

    Raises:
        ValueError: For a non-loopback ``host`` without ``allow_remote``.
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        verbose: bool = False,
        allow_remote: bool = False,
    ) -> None:
        if not allow_remote and not is_loopback(host):
            raise ValueError(
                f"refusing to bind {host!r}: the emulator is for loopback use; "
                "pass allow_remote=True (--allow-remote) to expose it"
            )
        self.emulator: Emulator = emulator if emulator is not None else Emulator()
        self._stop_settling = threading.Event()
        self._settler: threading.Thread | None = None
        handler = type("Handler", (_Handler,), {"emulator": self.emulator, "verbose": verbose})
        self._httpd = _Server((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The bound host."""
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:54321``."""
        host = self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """API base URL (``url`` + ``/v1``)."""
        return self.url + "/v1"

    def _settle_loop(self) -> None:
        while not self._stop_settling.wait(SETTLE_INTERVAL_SECONDS):
            try:
                self.emulator.settle()
            except Exception:  # never let the background thread die silently
                import logging

                logging.getLogger("fivetrex.emulator").exception("settling syncs failed")

    def _start_settler(self) -> None:
        # a virtual clock only moves when told to: nothing can become due by itself
        if self._settler is None and self.emulator.clock.realtime:
            self._stop_settling.clear()
            self._settler = threading.Thread(
                target=self._settle_loop, name="fivetrex-emulator-settle", daemon=True
            )
            self._settler.start()

    def _stop_settler(self) -> None:
        if self._settler is not None:
            self._stop_settling.set()
            self._settler.join()
            self._settler = None

    def start(self) -> EmulatorServer:
        """Start serving in a daemon thread."""
        self._start_settler()
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fivetrex-emulator",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` (or an interrupt)."""
        self._start_settler()
        try:
            self._httpd.serve_forever()
        finally:
            self._stop_settler()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._stop_settler()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _parse_setting(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name.strip(), value


def _parse_start(text: str) -> datetime:
    try:
        return parse_ts(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO-8601 time, got {text!r}") from None


def _parse_port(text: str) -> int:
    port = int(text) if text.strip().isascii() and text.strip().isdigit() else -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a TCP port from 0 to 65535 (0 picks a free one), got {text!r}"
        )
    return port


def _parse_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {text!r}")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser of ``python -m fivetrex.emulator`` / ``fivetrex emulator``."""
    parser = argparse.ArgumentParser(
        prog="fivetrex emulator",
        description=(
            "Run a local, stateful emulator of the Fivetran REST API. It runs on the wall "
            "clock and a triggered sync ends after --sync-seconds (3 s); see docs/emulator.md."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow binding a non-loopback --host (anyone who can reach it gets in)",
    )
    parser.add_argument(
        "--port", type=_parse_port, default=0, help="TCP port, 0-65535 (0 = any free port)"
    )
    parser.add_argument("--db", default=None, help="SQLite file to keep the state in")
    parser.add_argument("--seed", default=None, help="data set to load when empty (e.g. demo)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--api-secret", default=DEFAULT_API_SECRET)
    parser.add_argument(
        "--control-token",
        default=None,
        help="also accept 'Authorization: Bearer TOKEN' on the /_emulator control plane",
    )
    parser.add_argument("--rng-seed", default="0", help="seed of the id generator")
    parser.add_argument(
        "--clock",
        choices=CLOCK_MODES,
        default=None,
        help="wall (default): the wall clock from now on; virtual: starts at --start and "
        "moves only through POST /_emulator/clock/advance (or with --realtime)",
    )
    parser.add_argument(
        "--start",
        type=_parse_start,
        default=None,
        metavar="ISO",
        help="where a virtual clock starts (default 2026-01-15T09:00:00Z); implies --clock virtual",
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="let a virtual clock move at the wall clock's pace",
    )
    parser.add_argument(
        "--sync-seconds",
        type=_parse_seconds,
        default=None,
        metavar="N",
        help="how long a sync takes (default: 3 on the wall clock, 60 on a virtual one)",
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        type=_parse_setting,
        metavar="NAME=VALUE",
        help="an emulator setting (JSON value), e.g. --set rate_limit_per_hour=500",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def _emulator_from(args: argparse.Namespace) -> Emulator:
    rng_seed: int | str = int(args.rng_seed) if args.rng_seed.isdigit() else args.rng_seed
    clock = args.clock or ("virtual" if args.start is not None else "wall")
    settings = dict(args.settings)
    if args.sync_seconds is not None:
        settings["sync_duration_seconds"] = args.sync_seconds
    return Emulator(
        api_key=args.api_key,
        api_secret=args.api_secret,
        control_token=args.control_token,
        seed=args.seed,
        rng_seed=rng_seed,
        clock=clock,
        start=args.start,
        realtime=args.realtime and clock == "virtual",
        db_path=args.db,
        **settings,
    )


def _banner(server: EmulatorServer) -> list[str]:
    emu = server.emulator
    clock = emu.clock
    if clock.mode == "wall":
        timing = (
            f"clock: wall; a sync ends {emu.settings.sync_duration_seconds:g} s after it starts"
        )
    else:
        pace = "at the wall clock's pace" if clock.realtime else "only when advanced"
        timing = (
            f"clock: virtual, now {clock.now().isoformat()}, moving {pace}; "
            f"a sync ends {emu.settings.sync_duration_seconds:g} virtual s after it starts"
        )
    return [
        f"fivetrex emulator listening on {server.base_url}",
        f"export FIVETRAN_BASE_URL={server.base_url} FIVETRAN_API_KEY={emu.api_key} "
        f"FIVETRAN_API_SECRET={emu.api_secret}",
        timing,
        f"control plane: {server.url}/_emulator/ (HTTP Basic with the same key and secret)",
        _state_line(emu),
    ]


def _state_line(emu: Emulator) -> str:
    groups = sum(1 for _ in emu.state.values("groups"))
    connections = sum(1 for _ in emu.state.values("connections"))
    if not groups and not connections:
        return "state: empty (start it with --seed demo for sample groups, connections and users)"
    return f"state: {groups} group(s), {connections} connection(s)"


def _bind_failure(error: OSError, host: str, port: int) -> str:
    """Why the server could not listen, in command-line terms (no ``OSError`` text)."""
    busy = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
    if error.errno in busy or getattr(error, "winerror", None) == 10048:
        return (
            f"port {port} is in use (another emulator?); pick another with --port, "
            "or --port 0 for a free one"
        )
    reason = error.strerror or str(error)
    if isinstance(error, socket.gaierror):
        return f"cannot listen on {host!r}: unknown host ({reason})"
    return f"cannot listen on {host} port {port}: {reason}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator server until interrupted; return the exit status."""
    args = build_parser().parse_args(argv)
    if not args.allow_remote and not is_loopback(args.host):
        print(
            f"fivetrex emulator: refusing to bind {args.host!r}; it is meant for loopback "
            "(pass --allow-remote to expose it to the network)",
            file=sys.stderr,
        )
        return 2
    try:
        emulator = _emulator_from(args)
    except ValueError as exc:
        print(f"fivetrex emulator: {exc}", file=sys.stderr)
        return 2
    try:
        server = EmulatorServer(
            emulator, args.host, args.port, verbose=args.verbose, allow_remote=args.allow_remote
        )
    except OSError as exc:
        emulator.close()
        print(f"fivetrex emulator: {_bind_failure(exc, args.host, args.port)}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"fivetrex emulator: WARNING: listening on {args.host}, beyond loopback: anyone "
            "who can reach it and knows the (default, public) credentials can read and wipe "
            "its state",
            file=sys.stderr,
            flush=True,
        )

    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    print("\n".join(_banner(server)), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
        emulator.close()
    return 0
