"""A benchmark emulator server, run as its own process by ``bench._common.ServerProcess``.

Builds the data set asked for (fast: connections are cloned through the emulator's
Python API, not created over HTTP), serves it on 127.0.0.1, prints one JSON line
(``base_url``, credentials, group and connection ids), then serves until its stdin
closes (the parent exits or closes it) or ``--max-seconds`` pass.

``--bare`` serves the same bytes from a cache over the same ``http.server`` stack
without running the emulator per request: the floor the emulator is compared with.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fivetrex.emulator import Emulator, EmulatorServer
from fivetrex.emulator._domain.connections import NewConnection

#: Connection ids listed in full in the startup line for groups up to this size.
MAX_LISTED_IDS = 5000


def populate(emu: Emulator, name: str, count: int) -> tuple[str, list[str]]:
    """Add group ``name`` with ``count`` connections; return its id and the connection ids.

    The first connection is created by the emulator's own ``create_connection`` (so it
    is a faithful document); the others are deep copies of it with their own id and
    schema, stored with ``State.put``: 100,000 connections take seconds, not minutes.
    """
    backend = emu.backend
    group_id = str(backend.create_group(name)["id"])
    if count <= 0:
        return group_id, []
    first = backend.create_connection(
        NewConnection(group_id=group_id, service="stripe", config={"schema": f"{name}_000000"})
    )
    template = emu.state.get("connections", first["id"])
    assert template is not None
    ids = [str(first["id"])]
    for index in range(1, count):
        doc = copy.deepcopy(template)
        doc.pop("_seq", None)
        connection_id = f"{name}_c{index:06d}"
        doc["id"] = connection_id
        doc["schema"] = f"{name}_{index:06d}"
        doc["config"]["schema"] = doc["schema"]
        emu.state.put("connections", connection_id, doc)
        ids.append(connection_id)
    emu.state.dirty.clear()
    return group_id, ids


class _BareHandler(BaseHTTPRequestHandler):
    """Serve cached emulator answers over the same ``http.server`` stack (the floor)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    emulator: Emulator
    cache: dict[str, tuple[int, dict[str, str], bytes]]
    lock: threading.Lock

    def do_GET(self) -> None:
        with self.lock:
            hit = self.cache.get(self.path)
            if hit is None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                answer = self.emulator.handle("GET", self.path, headers=headers)
                hit = (answer.status, dict(answer.headers), answer.body)
                self.cache[self.path] = hit
        status, headers, body = hit
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def main(argv: list[str] | None = None) -> int:
    """Build, serve, print the startup line, wait for stdin to close."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME:COUNT",
        help="a group with COUNT connections (repeatable)",
    )
    parser.add_argument("--demo", action="store_true", help="load the demo data set too")
    parser.add_argument("--settings", default="{}", help="emulator settings as JSON")
    parser.add_argument(
        "--as-shipped",
        action="store_true",
        help="leave EmulatorServer exactly as shipped (no TCP_NODELAY / backlog workarounds)",
    )
    parser.add_argument("--bare", action="store_true", help="serve cached bytes (the floor)")
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="sys.setswitchinterval for this process (an experiment on GIL hand-offs)",
    )
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)

    # Whatever happens to the parent, this process ends by itself.
    watchdog = threading.Timer(args.max_seconds, lambda: os._exit(3))
    watchdog.daemon = True
    watchdog.start()

    emu = Emulator(seed="demo" if args.demo else None)
    settings = json.loads(args.settings)
    if settings:
        emu.configure(**settings)
    groups: dict[str, str] = {}
    ids: dict[str, list[str]] = {}
    for spec in args.group:
        name, _, count = spec.partition(":")
        group_id, conn_ids = populate(emu, name, int(count or 0))
        groups[name] = group_id
        ids[name] = conn_ids if len(conn_ids) <= MAX_LISTED_IDS else conn_ids[:10]

    httpd: ThreadingHTTPServer
    if args.bare:
        handler = type(
            "Bare",
            (_BareHandler,),
            {"emulator": emu, "cache": {}, "lock": threading.Lock()},
        )
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        stop = httpd.shutdown
    else:
        server = EmulatorServer(emu, "127.0.0.1", 0)
        if not args.as_shipped:
            # Workarounds measured in BENCHMARKS.md (see "Emulator findings"):
            # - TCP_NODELAY: the handler writes headers and body separately; with Nagle
            #   the body can wait for the client's delayed ACK (~40 ms).
            # - listen backlog 128 instead of socketserver's 5: 32 clients connecting at
            #   once overflow a backlog of 5 and the dropped handshakes retry after ~1 s.
            server._httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
            server._httpd.socket.listen(128)
        server.start()
        base_url = server.base_url
        stop = server.stop

    line = {
        "base_url": base_url,
        "auth": emu.auth_header(),
        "api_key": emu.api_key,
        "api_secret": emu.api_secret,
        "groups": groups,
        "ids": ids,
        "pid": os.getpid(),
        "nodelay": not args.as_shipped,
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    try:
        sys.stdin.read()  # until the parent closes our stdin (or dies)
    finally:
        stop()
        emu.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
