"""A server started the way users start it, driven by a client that knows nothing of it.

These tests run on the wall clock on purpose (that is what they check), with syncs of a
fraction of a second; every wait is bounded by a deadline.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from emulator._emu_support import Captured
from fivetrex.emulator import Emulator, EmulatorServer
from fivetrex.emulator._server import _banner, is_loopback, main

SYNC_SECONDS = 0.5
POLL = 0.05
STARTUP_TIMEOUT = 20.0


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, tuple[str, str], list[str]]]:
    """``python -m fivetrex.emulator --seed demo`` in a subprocess: base URL, auth, banner."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIVETRAN_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fivetrex.emulator",
            "--seed",
            "demo",
            "--sync-seconds",
            str(SYNC_SECONDS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while len(banner) < 5 and time.monotonic() < deadline and proc.poll() is None:
        banner.append(proc.stdout.readline().rstrip("\n"))
    try:
        assert banner, "no banner"
        assert banner[0].startswith("fivetrex emulator listening on "), banner
        base = banner[0].rsplit(" ", 1)[1]
        yield base, ("emulator-key", "emulator-secret"), banner
    finally:
        proc.terminate()
        proc.wait(timeout=STARTUP_TIMEOUT)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_banner_prints_the_url_and_an_export_line(
    served: tuple[str, tuple[str, str], list[str]],
) -> None:
    base, _, banner = served
    assert base.startswith("http://127.0.0.1:")
    assert base.endswith("/v1")
    assert banner[1] == (
        f"export FIVETRAN_BASE_URL={base} FIVETRAN_API_KEY=emulator-key "
        "FIVETRAN_API_SECRET=emulator-secret"
    )
    assert "clock: wall" in banner[2]
    assert f"{SYNC_SECONDS:g} s" in banner[2]
    # --seed demo: the banner counts what is there instead of suggesting the seed
    assert banner[4].startswith("state: "), banner
    assert "--seed demo" not in banner[4]
    assert " group(s), " in banner[4]


def test_banner_of_an_empty_emulator_suggests_the_demo_seed() -> None:
    with EmulatorServer(Emulator()) as server:
        lines = _banner(server)
    assert lines[-1] == (
        "state: empty (start it with --seed demo for sample groups, connections and users)"
    )


def test_server_clock_is_the_wall_clock(served: tuple[str, tuple[str, str], list[str]]) -> None:
    base, auth, _ = served
    with httpx.Client(base_url=base, auth=auth, timeout=10) as http:
        before = datetime.now(timezone.utc)
        created = http.post("/groups", json={"name": "wall_clock_probe"}).json()["data"]
        after = datetime.now(timezone.utc)
        stamp = _parse(created["created_at"])
        assert before - timedelta(seconds=1) <= stamp <= after + timedelta(seconds=1)
        # seeded history lies in the past of the wall clock, never in its future
        for conn in http.get("/connections", params={"limit": 1000}).json()["data"]["items"]:
            for key in ("succeeded_at", "failed_at", "created_at"):
                if conn.get(key):
                    assert _parse(conn[key]) <= after + timedelta(seconds=1), (key, conn)


def test_every_connection_syncs_and_finishes_seen_through_lists_only(
    served: tuple[str, tuple[str, str], list[str]],
) -> None:
    """The issue's "done": trigger a sync on any connection, poll a *list* on one's own
    wall clock, and see it finish within the configured duration plus one poll."""
    base, auth, _ = served
    with httpx.Client(base_url=base, auth=auth, timeout=10) as http:
        items = http.get("/connections", params={"limit": 1000}).json()["data"]["items"]
        targets = {c["id"]: c["succeeded_at"] for c in items if not c["paused"]}
        assert len(targets) >= 20
        triggered: dict[str, float] = {}
        acknowledged: dict[str, float] = {}
        for cid in targets:
            triggered[cid] = time.monotonic()  # the server starts the sync after this
            response = http.post(f"/connections/{cid}/sync", json={"force": True})
            assert response.status_code == 200, response.text
            acknowledged[cid] = time.monotonic()  # ...and before this
        pending = set(targets)
        deadline = max(acknowledged.values()) + SYNC_SECONDS + 5.0  # the machine is shared
        finished_at: dict[str, float] = {}
        while pending and time.monotonic() < deadline:
            poll_started = time.monotonic()
            page = http.get("/connections", params={"limit": 1000}).json()["data"]["items"]
            poll_done = time.monotonic()
            for conn in page:
                cid = conn["id"]
                if cid not in pending:
                    continue
                if conn["status"]["sync_state"] == "syncing":
                    # a poll that starts after the sync was due must see it finished
                    late = poll_started - (acknowledged[cid] + SYNC_SECONDS)
                    assert late < 0.01, f"{cid} still syncing {late:.3f} s after it was due"
                else:
                    assert conn["succeeded_at"] != targets[cid], conn
                    pending.discard(cid)
                    finished_at[cid] = poll_done
            time.sleep(POLL)
        assert not pending, f"still syncing: {sorted(pending)}"
        for cid, seen in finished_at.items():
            assert seen - triggered[cid] >= SYNC_SECONDS, cid  # not before its time


def test_sync_finishes_by_time_on_details_and_history_and_states_agree(
    served: tuple[str, tuple[str, str], list[str]],
) -> None:
    base, auth, _ = served
    with httpx.Client(base_url=base, auth=auth, timeout=10) as http:
        cid = next(
            c["id"]
            for c in http.get("/connections", params={"limit": 1000}).json()["data"]["items"]
            if not c["paused"]
        )
        http.post(f"/connections/{cid}/sync", json={"force": True})
        started = datetime.now(timezone.utc)
        deadline = time.monotonic() + SYNC_SECONDS + 5.0
        conn = http.get(f"/connections/{cid}").json()["data"]
        while conn["status"]["sync_state"] == "syncing" and time.monotonic() < deadline:
            time.sleep(POLL)
            conn = http.get(f"/connections/{cid}").json()["data"]
        assert conn["status"]["sync_state"] != "syncing"
        ended = _parse(conn["succeeded_at"])
        # dated when the sync became due, on the wall clock
        assert started <= ended + timedelta(seconds=0.2)
        assert ended - started < timedelta(seconds=SYNC_SECONDS + 2)
        history = http.get(f"/connections/{cid}/sync-history").json()["data"]["items"]
        assert history[0]["status"] == "SUCCESSFUL"
        assert history[0]["ended_at"] == conn["succeeded_at"]


def test_unknown_methods_get_json_405_and_bad_requests_json_400(
    served: tuple[str, tuple[str, str], list[str]],
) -> None:
    base, auth, _ = served
    for method in ("TRACE", "CONNECT", "FROB"):
        response = httpx.request(method, base + "/groups", auth=auth, timeout=10)
        assert response.status_code == 405, (method, response.text)
        assert response.headers["content-type"] == "application/json"
        assert response.json()["code"] == "MethodNotAllowed"
    host, port = base.removeprefix("http://").split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(b"GET /v1/groups HTTP/9.9\r\n\r\n")
        reply = raw.recv(65536).decode()
    assert reply.split(" ", 2)[1] in ("400", "505")
    assert "application/json" in reply
    assert "<html" not in reply.lower()


def test_control_plane_refuses_callers_without_credentials_over_a_socket(
    served: tuple[str, tuple[str, str], list[str]],
) -> None:
    base, auth, _ = served
    root = base.removesuffix("/v1")
    for method, path in (
        ("GET", "/_emulator/health"),
        ("GET", "/_emulator/state"),
        ("POST", "/_emulator/reset"),
        ("POST", "/_emulator/clock/advance"),
    ):
        assert httpx.request(method, root + path, timeout=10).status_code == 401
        wrong = httpx.request(method, root + path, auth=("emulator-key", "x"), timeout=10)
        assert wrong.status_code == 401
    state = httpx.get(root + "/_emulator/state", auth=auth, timeout=10)
    assert state.status_code == 200
    assert "demo-webhook-secret" not in state.text
    full = httpx.get(root + "/_emulator/state?secrets=true", auth=auth, timeout=10)
    assert "demo-webhook-secret" in full.text


def test_webhooks_of_syncs_that_end_by_time_go_out_without_a_request() -> None:
    captured = Captured()
    emu = Emulator(clock="wall", sync_duration_seconds=0.2, deliver=captured)
    with (
        EmulatorServer(emu) as server,
        httpx.Client(
            base_url=server.base_url, auth=(emu.api_key, emu.api_secret), timeout=10
        ) as http,
    ):
        gid = http.post("/groups", json={"name": "hooks"}).json()["data"]["id"]
        http.post(
            "/webhooks/account",
            json={"url": "https://h.example/x", "events": ["sync_end"], "active": True},
        )
        cid = http.post(
            "/connections",
            json={"group_id": gid, "service": "stripe", "config": {"schema": "s"}},
        ).json()["data"]["id"]
        http.post(f"/connections/{cid}/sync")
        deadline = time.monotonic() + 5.0
        while "sync_end" not in captured.events() and time.monotonic() < deadline:
            time.sleep(POLL)  # no request: the server's background settling delivers
    assert "sync_end" in captured.events()


def test_non_loopback_hosts_need_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "", "::", "10.0.0.1", "example.com"))
    with pytest.raises(ValueError, match="allow_remote"):
        EmulatorServer(Emulator(), host="0.0.0.0")
    assert main(["--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_virtual_clock_is_explicit_on_the_command_line() -> None:
    from fivetrex.emulator._server import _emulator_from, build_parser

    wall = _emulator_from(build_parser().parse_args([]))
    assert wall.clock.mode == "wall"
    assert wall.settings.sync_duration_seconds == 3.0
    assert abs(wall.clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)
    virtual = _emulator_from(build_parser().parse_args(["--start", "2030-05-01T00:00:00Z"]))
    assert virtual.clock.mode == "virtual"
    assert virtual.clock.now() == datetime(2030, 5, 1, tzinfo=timezone.utc)
    assert virtual.settings.sync_duration_seconds == 60.0
    with pytest.raises(ValueError, match="start"):
        _emulator_from(build_parser().parse_args(["--clock", "wall", "--start", "2030-05-01"]))
    # in-process, the virtual clock stays the default
    assert Emulator().clock.mode == "virtual"


def test_fivetrex_emulator_command_is_the_same_server(capsys: pytest.CaptureFixture[str]) -> None:
    from fivetrex.cli._emulator import run_emulator_server

    assert run_emulator_server(["--host", "192.0.2.1"]) == 2  # refused before binding
    assert "--allow-remote" in capsys.readouterr().err


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another socket is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_busy_port_is_one_line_with_the_way_out(
    busy_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--port", str(busy_port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no banner: nothing is listening
    assert err == (
        f"fivetrex emulator: port {busy_port} is in use (another emulator?); pick another "
        "with --port, or --port 0 for a free one\n"
    )


def test_a_busy_port_through_the_fivetrex_command(busy_port: int) -> None:
    from click.testing import CliRunner

    from fivetrex.cli import cli

    result = CliRunner().invoke(cli, ["emulator", "--port", str(busy_port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fivetrex emulator: port {busy_port} is in use")
    assert "OSError" not in result.stderr
    assert "Errno" not in result.stderr


@pytest.mark.parametrize("port", ["65536", "99999", "-1", "http", "80.5"])
def test_a_port_out_of_range_is_a_usage_error(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--port", port])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert (
        f"fivetrex emulator: error: argument --port: expected a TCP port from 0 to 65535 "
        f"(0 picks a free one), got '{port}'"
    ) in err
    assert "OverflowError" not in err


@pytest.mark.parametrize("seconds", ["nan", "inf", "-1", "soon"])
def test_sync_seconds_must_be_a_finite_duration(
    seconds: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--sync-seconds", seconds])
    assert exited.value.code == 2
    assert "argument --sync-seconds: expected a number of seconds, 0 or more" in (
        capsys.readouterr().err
    )
