"""Serve an emulator over real HTTP (stdlib ``http.server``, HTTP/1.1 keep-alive)."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fivetrex.emulator._app import Request
from fivetrex.emulator._emulator import DEFAULT_API_KEY, DEFAULT_API_SECRET, Emulator

__all__ = ["EmulatorServer", "main"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # one write per response (flushed by BaseHTTPRequestHandler)
    server_version = "fivetrex-emulator"
    sys_version = ""
    emulator: Emulator
    verbose: bool = False

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
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

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class _Server(ThreadingHTTPServer):
    # many clients connect at once in fan-out tests; the default backlog (5) makes
    # the kernel drop and retry SYNs, costing about a second each
    request_queue_size = 128


class EmulatorServer:
    """Run an :class:`Emulator` behind a real HTTP server in a background thread.

    Use as a context manager (``with EmulatorServer(emu) as server: ...``) or call
    :meth:`start` / :meth:`stop`.

    Args:
        emulator: The emulator to serve (a fresh one if omitted).
        host: Interface to bind (loopback by default).
        port: TCP port; 0 picks a free one.
        verbose: Log each request to stderr.
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        verbose: bool = False,
    ) -> None:
        self.emulator = emulator if emulator is not None else Emulator()
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

    def start(self) -> EmulatorServer:
        """Start serving in a daemon thread."""
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
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
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


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser of ``python -m fivetrex.emulator``."""
    parser = argparse.ArgumentParser(
        prog="python -m fivetrex.emulator",
        description="Run a local, stateful emulator of the Fivetran REST API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 = any free port)")
    parser.add_argument("--db", default=None, help="SQLite file to keep the state in")
    parser.add_argument("--seed", default=None, help="data set to load when empty (e.g. demo)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--api-secret", default=DEFAULT_API_SECRET)
    parser.add_argument("--rng-seed", default="0", help="seed of the id generator")
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="let the emulator clock follow the wall clock (syncs finish by themselves)",
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator server until interrupted; return the exit status."""
    args = build_parser().parse_args(argv)
    rng_seed: int | str = int(args.rng_seed) if args.rng_seed.isdigit() else args.rng_seed
    try:
        emulator = Emulator(
            api_key=args.api_key,
            api_secret=args.api_secret,
            seed=args.seed,
            rng_seed=rng_seed,
            realtime=args.realtime,
            db_path=args.db,
            **dict(args.settings),
        )
    except ValueError as exc:
        print(f"fivetrex emulator: {exc}", file=sys.stderr)
        return 2
    server = EmulatorServer(emulator, args.host, args.port, verbose=args.verbose)

    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    print(f"fivetrex emulator listening on {server.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
        emulator.close()
    return 0
