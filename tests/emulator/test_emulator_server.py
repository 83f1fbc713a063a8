"""Over real sockets: threaded server, subprocess server, SIGKILL persistence, webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from fivetrex.emulator import Emulator, EmulatorServer

AUTH = ("emulator-key", "emulator-secret")
STARTUP_TIMEOUT = 20.0


# -- a tiny webhook receiver ----------------------------------------------------------------


class Receiver:
    """A loopback HTTP server recording POSTs."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.status = status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                outer.requests.append((self.path, dict(self.headers.items()), body))
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- threaded server ------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(Emulator(), "127.0.0.1", 0) as srv:
        yield srv


def test_threaded_server_serves_the_api(server: EmulatorServer) -> None:
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    with httpx.Client(base_url=server.base_url, auth=AUTH) as http:
        assert http.get(server.url + "/_emulator/health").status_code == 200
        created = http.post("/groups", json={"name": "over_http"})
        assert created.status_code == 201
        assert created.headers["X-Rate-Limit"] == "20000"
        gid = created.json()["data"]["id"]
        assert http.get(f"/groups/{gid}").json()["data"]["name"] == "over_http"
        assert http.get("/roles").json()["data"]["items"]
        assert httpx.get(server.base_url + "/groups").status_code == 401
        reset = http.post(server.url + "/_emulator/reset")
        assert reset.json()["data"]["groups"] == 0
        state = http.get(server.url + "/_emulator/state").json()["data"]
        assert state["tables"]["groups"] == []
    # The server and the in-process API share one emulator.
    assert server.emulator.counts()["groups"] == 0


def test_threaded_server_keep_alive_and_concurrency(server: EmulatorServer) -> None:
    def worker(index: int, out: list[int]) -> None:
        with httpx.Client(base_url=server.base_url, auth=AUTH) as http:
            for n in range(10):
                out.append(http.post("/groups", json={"name": f"w{index}_{n}"}).status_code)

    results: list[int] = []
    threads = [threading.Thread(target=worker, args=(i, results)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [201] * 40
    assert server.emulator.counts()["groups"] == 40
    names = [
        g["name"]
        for g in server.emulator.request("GET", "/groups?limit=1000").json()["data"]["items"]
    ]
    assert len(set(names)) == 40


def test_server_drop_fault_closes_the_connection(server: EmulatorServer) -> None:
    server.emulator.inject("drop", stage="after", method="POST")
    with httpx.Client(base_url=server.base_url, auth=AUTH) as http:
        with pytest.raises(httpx.TransportError):
            http.post("/groups", json={"name": "dropped"})
        # Applied before the connection was dropped.
        assert [g["name"] for g in http.get("/groups").json()["data"]["items"]] == ["dropped"]


def test_server_error_fault(server: EmulatorServer) -> None:
    server.emulator.inject("error", status=502, html=True)
    response = httpx.get(server.base_url + "/groups", auth=AUTH)
    assert response.status_code == 502
    assert "Bad Gateway" in response.text


# -- webhooks to a real receiver ------------------------------------------------------------


def test_webhook_delivery_to_a_real_receiver_is_signed() -> None:
    emu = Emulator()
    with (
        Receiver() as receiver,
        EmulatorServer(emu) as srv,
        httpx.Client(base_url=srv.base_url, auth=AUTH) as http,
    ):
        gid = http.post("/groups", json={"name": "hooks"}).json()["data"]["id"]
        http.post(
            "/webhooks/account",
            json={
                "url": receiver.url + "/fivetran",
                "events": ["sync_start", "sync_end"],
                "secret": "my_secret",
            },
        )
        cid = http.post(
            "/connections",
            json={"group_id": gid, "service": "postgres", "config": {"schema_prefix": "pg"}},
        ).json()["data"]["id"]
        assert http.post(f"/connections/{cid}/sync").status_code == 200
        completed = http.post(srv.url + f"/_emulator/connections/{cid}/complete-sync")
        assert completed.json()["data"] == {"completed": True}
        test = http.post(
            f"/webhooks/{http.get('/webhooks').json()['data']['items'][0]['id']}/test",
            json={"event": "sync_end"},
        ).json()["data"]
        assert test == {"succeed": True, "status": 200, "message": "Success"}
        deliveries = http.get(srv.url + "/_emulator/webhook-deliveries").json()["data"]
    assert [r[0] for r in receiver.requests] == ["/fivetran"] * 3
    events = [json.loads(body) for _, _, body in receiver.requests]
    assert [e["event"] for e in events] == ["sync_start", "sync_end", "sync_end"]
    end = events[1]
    assert set(end) == {
        "event",
        "created",
        "connector_type",
        "connector_id",
        "connector_name",
        "sync_id",
        "destination_group_id",
        "data",
    }
    assert end["connector_id"] == cid
    assert end["destination_group_id"] == gid
    assert end["data"] == {"status": "SUCCESSFUL"}
    for _, headers, body in receiver.requests:
        lowered = {k.lower(): v for k, v in headers.items()}
        expected = hmac.new(b"my_secret", body, hashlib.sha256).hexdigest().upper()
        assert lowered["x-fivetran-signature-256"] == expected
        assert lowered["content-type"] == "application/json"
    assert [d["status_code"] for d in deliveries["items"]] == [200, 200, 200]
    assert "my_secret" not in json.dumps(deliveries)


def test_webhook_receiver_calling_back_does_not_deadlock() -> None:
    emu = Emulator()
    seen: list[int] = []

    def deliver(url: str, body: bytes, headers: object) -> int:
        # A receiver that reads the connection from the emulator while being notified.
        payload = json.loads(body)
        seen.append(emu.request("GET", f"/connections/{payload['connector_id']}").status)
        return 200

    emu.deliver = deliver
    gid = emu.request("POST", "/groups", {"name": "g"}).json()["data"]["id"]
    emu.request("POST", "/webhooks/account", {"url": "https://x.test", "events": ["sync_start"]})
    cid = emu.request(
        "POST", "/connections", {"group_id": gid, "service": "stripe", "config": {"schema": "s"}}
    ).json()["data"]["id"]
    with EmulatorServer(emu) as srv:
        response = httpx.post(srv.base_url + f"/connections/{cid}/sync", auth=AUTH, timeout=10)
    assert response.status_code == 200
    assert seen == [200]


# -- subprocess server and persistence ------------------------------------------------------


def _start(db: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIVETRAN_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fivetrex.emulator", "--port", "0", "--db", str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + STARTUP_TIMEOUT
    line = ""
    while time.monotonic() < deadline:  # bounded wait for the URL line
        line = proc.stdout.readline()
        if line or proc.poll() is not None:
            break
    prefix = "fivetrex emulator listening on "
    if not line.startswith(prefix):
        proc.kill()
        stderr = proc.stderr.read() if proc.stderr else ""
        raise AssertionError(f"server did not start: {line!r} {stderr}")
    return proc, line[len(prefix) :].strip()


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=STARTUP_TIMEOUT)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def test_subprocess_server_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    proc, base = _start(db)
    try:
        assert base.startswith("http://127.0.0.1:")
        assert base.endswith("/v1")
        root = base[: -len("/v1")]
        assert httpx.get(root + "/_emulator/health").status_code == 401
        assert httpx.get(root + "/_emulator/health", auth=AUTH).status_code == 200
        with httpx.Client(base_url=base, auth=AUTH) as http:
            gid = http.post("/groups", json={"name": "durable"}).json()["data"]["id"]
            dest = http.post(
                "/destinations",
                json={"group_id": gid, "service": "snowflake", "time_zone_offset": "0"},
            )
            assert dest.status_code == 201
            conn = http.post(
                "/connections",
                json={"group_id": gid, "service": "stripe", "config": {"schema": "stripe"}},
            )
            assert conn.status_code == 201
            cid = conn.json()["data"]["id"]
            hook = http.post(
                "/webhooks/account", json={"url": "https://x.test", "events": ["sync_end"]}
            )
            assert hook.status_code == 200
            hid = hook.json()["data"]["id"]
            patched = http.patch(f"/connections/{cid}", json={"paused": True})
            assert patched.status_code == 200
    finally:
        proc.send_signal(signal.SIGKILL)
        _stop(proc)
    proc, base = _start(db)
    try:
        with httpx.Client(base_url=base, auth=AUTH) as http:
            assert http.get(f"/groups/{gid}").json()["data"]["name"] == "durable"
            assert http.get(f"/destinations/{gid}").status_code == 200
            assert http.get(f"/connections/{cid}").json()["data"]["paused"] is True
            assert http.get(f"/webhooks/{hid}").status_code == 200
            new = http.post("/groups", json={"name": "after_restart"}).json()["data"]["id"]
            assert new not in {gid, cid, hid}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STARTUP_TIMEOUT) == 0
        _stop(proc)


def test_subprocess_server_options(tmp_path: Path) -> None:
    proc, base = _start(
        tmp_path / "s.sqlite",
        "--seed",
        "demo",
        "--api-key",
        "k",
        "--api-secret",
        "s",
        "--set",
        "rate_limit_per_hour=500",
    )
    try:
        response = httpx.get(base + "/groups", auth=("k", "s"))
        assert response.status_code == 200
        assert len(response.json()["data"]["items"]) >= 4
        assert response.headers["X-Rate-Limit"] == "500"
        assert httpx.get(base + "/groups", auth=AUTH).status_code == 401
    finally:
        _stop(proc)


def test_main_rejects_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    from fivetrex.emulator import main

    assert main(["--set", "no_such_setting=1"]) == 2
    assert "unknown emulator setting" in capsys.readouterr().err


def _reset_mid_request(address: tuple[str, int]) -> None:
    """Connect, send half a request, and drop the connection with a TCP reset."""
    import socket
    import struct

    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(b"GET /v1/groups HTTP/1.1\r\nHost: x\r\n")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_client_resetting_its_connection_prints_no_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with EmulatorServer(Emulator()) as server:
        address = server._httpd.server_address[:2]
        for _ in range(3):
            _reset_mid_request(address)
        # the server still answers, and said nothing about the resets
        response = httpx.get(server.base_url + "/groups", auth=("emulator-key", "emulator-secret"))
        assert response.status_code == 200
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "ConnectionResetError" not in captured.err


def test_the_control_plane_url_of_the_banner_lists_the_controls() -> None:
    from fivetrex.emulator._control import CONTROL_ENDPOINTS, control_routes

    with EmulatorServer(Emulator()) as server:
        auth = ("emulator-key", "emulator-secret")
        index = httpx.get(server.url + "/_emulator/", auth=auth)
        refused = httpx.get(server.url + "/_emulator/")
    assert index.status_code == 200
    assert index.json()["data"]["endpoints"] == CONTROL_ENDPOINTS
    assert refused.status_code == 401
    # the list names every control route (methods joined with |)
    listed = {
        (method, path)
        for entry in CONTROL_ENDPOINTS
        for methods, path in [entry.split(" ")]
        for method in methods.split("|")
    }
    served = {(m, t) for m, t, _ in control_routes(Emulator()) if t != "/_emulator"}
    assert listed == served


def _raw_exchange(address: tuple[str, int], head: bytes) -> tuple[int, dict[str, Any]]:
    """Send a request head (no body) over a raw socket; return the status and JSON body."""
    import socket

    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(head)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    body = rest.partition(b"\r\n\r\n")[2]
    return int(status_line.split()[1]), json.loads(body)


@pytest.mark.parametrize(
    ("length", "status", "code"),
    [
        ("abc", 400, "BadRequest"),
        ("-5", 400, "BadRequest"),
        (str(64 * 1024 * 1024), 413, "PayloadTooLarge"),
    ],
    ids=["not-a-number", "negative", "over-the-limit"],
)
def test_a_bad_or_huge_content_length_is_refused_before_the_body_is_read(
    length: str, status: int, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from fivetrex.emulator._server import MAX_REQUEST_BYTES

    assert MAX_REQUEST_BYTES < 64 * 1024 * 1024
    with EmulatorServer(Emulator()) as server:
        address = server._httpd.server_address[:2]
        head = (
            "POST /v1/groups HTTP/1.1\r\nHost: x\r\nAuthorization: Basic eDp5\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        ).encode()
        # nothing of the announced body is sent: the answer must not wait for it
        answered, body = _raw_exchange(address, head)
        still = httpx.get(server.base_url + "/groups", auth=("emulator-key", "emulator-secret"))
    assert answered == status
    assert body["code"] == code
    assert still.status_code == 200
    assert "Traceback" not in capsys.readouterr().err
