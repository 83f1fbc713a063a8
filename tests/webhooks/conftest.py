"""Fixtures for the webhook receiver tests: real servers on loopback."""

from __future__ import annotations

import http.client
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

STARTUP_TIMEOUT = 10.0


def _wait_until(predicate: Callable[[], bool], what: str) -> None:
    """Poll ``predicate`` in a bounded loop (only used while a server starts)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {STARTUP_TIMEOUT} s")
        time.sleep(0.01)


@contextmanager
def run_uvicorn(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port; yield its base URL."""
    import uvicorn

    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    try:
        _wait_until(lambda: server.started or not thread.is_alive(), "uvicorn")
        if not server.started:
            raise RuntimeError("uvicorn exited during startup")
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)
        assert not thread.is_alive(), "uvicorn did not stop"


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def run_wsgiref(app: Any) -> Iterator[str]:
    """Serve a WSGI app with a threaded ``wsgiref`` server; yield its base URL."""
    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="wsgiref-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STARTUP_TIMEOUT)
        assert not thread.is_alive(), "wsgiref did not stop"


@contextmanager
def run_werkzeug(app: Any) -> Iterator[str]:
    """Serve a WSGI app with Werkzeug's threaded server (supports chunked bodies)."""
    import logging

    from werkzeug.serving import make_server as werkzeug_make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = werkzeug_make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="werkzeug-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STARTUP_TIMEOUT)
        assert not thread.is_alive(), "werkzeug did not stop"


def raw_post_without_body(
    base_url: str, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """Send only a POST's headers (no body at all) and read the response.

    Used to prove a receiver rejects an oversized ``Content-Length`` *before*
    reading the body: a receiver that tried to read would block until the socket
    timeout and the test would fail.
    """
    url = urlsplit(base_url)
    assert url.hostname == "127.0.0.1"
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        lines = [f"POST {path} HTTP/1.1", f"Host: {url.netloc}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="session")
def servers() -> dict[str, Callable[[Any], Any]]:
    """The server context managers (``run_uvicorn`` etc.), by server name."""
    return {"uvicorn": run_uvicorn, "wsgiref": run_wsgiref, "werkzeug": run_werkzeug}


@pytest.fixture(scope="session")
def raw_post() -> Callable[[str, str, dict[str, str]], tuple[int, dict[str, str], bytes]]:
    """:func:`raw_post_without_body`, as a fixture."""
    return raw_post_without_body
