"""A loopback HTTP server that misbehaves on purpose, byte by byte.

Each connection is served by a thread running one *behaviour*: a function of the
parsed request, its index (0 for the first request the server saw) and the socket,
writing whatever bytes (at whatever pace) the case calls for. Nothing here is
httpx or fivetrex: the client meets a real socket.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HostileServer", "Request", "body_of", "respond", "trickle"]


@dataclass
class Request:
    """What the client sent."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> dict[str, str]:
        if "?" not in self.target:
            return {}
        pairs = [p.split("=", 1) for p in self.target.split("?", 1)[1].split("&") if p]
        return {k: (v[0] if v else "") for k, *v in pairs}


Behaviour = Callable[["Conn", Request, int], None]


@dataclass
class Conn:
    """A client connection, with the server's stop flag (so trickles end at teardown)."""

    sock: socket.socket
    stop: threading.Event

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def close(self) -> None:
        """Drop the connection (the serving loop ends)."""
        self.sock.shutdown(socket.SHUT_RDWR)

    def pause(self, seconds: float) -> bool:
        """Sleep, unless the server is stopping (then return False)."""
        return not self.stop.wait(seconds)


def _read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Request(method, target, headers, rest[:length])


@dataclass
class HostileServer:
    """``with HostileServer(behaviour) as server: ... server.url ... server.requests``."""

    behaviour: Behaviour
    requests: list[Request] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> HostileServer:
        self._accepter.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        with contextlib.suppress(OSError):  # wakes the accept() at once
            self._sock.shutdown(socket.SHUT_RDWR)
        self._accepter.join(2)
        for thread in self._threads:
            thread.join(2)
        self._sock.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                sock, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(5)
        conn = Conn(sock, self.stop)
        try:
            while not self.stop.is_set():
                request = _read_request(sock)
                if request is None:
                    return
                with self._lock:
                    index = len(self.requests)
                    self.requests.append(request)
                self.behaviour(conn, request, index)
        except OSError:
            pass  # the client gave up on us: that is the point of most cases
        finally:
            with contextlib.suppress(OSError):
                sock.close()


def body_of(value: Any) -> bytes:
    """JSON bytes (``bytes`` pass through)."""
    return value if isinstance(value, bytes) else json.dumps(value).encode()


def respond(
    conn: Conn,
    status: int = 200,
    body: Any = b"",
    headers: dict[str, str] | None = None,
    *,
    reason: str = "X",
    length: int | None = None,
) -> None:
    """Answer in one go (``length`` overrides Content-Length, e.g. to truncate)."""
    data = body_of(body)
    head = {"Content-Type": "application/json", **(headers or {})}
    if "Transfer-Encoding" not in head:
        head["Content-Length"] = str(len(data) if length is None else length)
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in head.items())]
    conn.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)


def trickle(conn: Conn, data: bytes, interval: float) -> None:
    """Send ``data`` one byte every ``interval`` seconds, until done or stopped."""
    for index in range(len(data)):
        conn.send(data[index : index + 1])
        if not conn.pause(interval):
            return


def now() -> float:
    return time.monotonic()
