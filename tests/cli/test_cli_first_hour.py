"""A new user's first hour: stdout holds a whole result or nothing, retries are visible,
messages speak the command line, ``--fields`` typos are caught.

Everything runs the real CLI (click's runner in-process, or ``python -m fivetrex`` in a
subprocess) against the emulator or a closed loopback port; JSON output is read back
with ``json.loads``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from cli._cli_support import Harness, first_group
from fivetrex import Fivetrex
from fivetrex.cli import CliState, cli
from fivetrex.cli._progress import Progress, RetryNotices
from fivetrex.emulator import Emulator, EmulatorServer

PAUSED = "dainty_topaz"  # a paused connection of the demo data


def closed_port() -> int:
    """A loopback port nobody listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FailingAfter(httpx.BaseTransport):
    """Delegates the first ``ok`` requests, then refuses every connection."""

    def __init__(self, inner: httpx.BaseTransport, ok: int) -> None:
        self.inner, self.ok, self.seen = inner, ok, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.seen > self.ok:
            raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)


def run_with(
    transport: httpx.BaseTransport,
    *args: str,
    sleeps: list[float] | None = None,
    emu: Emulator | None = None,
) -> Result:
    """``fivetrex ARGS`` with the client on ``transport`` (sleeps recorded, never slept)."""
    recorded = sleeps if sleeps is not None else []

    def factory(**options: Any) -> Fivetrex:
        if emu is not None:
            options.setdefault("base_url", emu.base_url)
        return Fivetrex(
            **options, http_client=httpx.Client(transport=transport), sleep=recorded.append
        )

    key, secret = (emu.api_key, emu.api_secret) if emu is not None else ("key", "secret-value")
    argv = ["--api-key", key, "--api-secret", secret, *args]
    return CliRunner().invoke(cli, argv, obj=CliState(client_factory=factory, progress=False))


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVETRAN_", "FIVETREX_"))}
    env.update(extra)
    return env


# --------------------------------------------------------------------------- stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_bad_credentials_leave_stdout_empty(run: Callable[..., Result], fmt: str) -> None:
    result = run("--api-secret", "wrong", "groups", "list", "-o", fmt)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")


def test_failure_on_a_later_page_leaves_no_partial_json(emu: Emulator) -> None:
    transport = FailingAfter(emu.transport(), ok=1)  # page 1 arrives, page 2 is refused
    group = first_group(emu)
    result = run_with(
        transport, "--max-retries", "0", "connections", "list", group, "--page-size", "2", emu=emu
    )
    assert transport.seen == 2
    assert result.exit_code == 1
    assert result.stdout == ""  # not "[", not an array of the first page
    assert "error: connection failed" in result.stderr


def test_jsonl_lines_written_before_a_failure_are_whole(emu: Emulator) -> None:
    transport = FailingAfter(emu.transport(), ok=1)
    group = first_group(emu)
    result = run_with(
        transport,
        "--max-retries",
        "0",
        "connections",
        "list",
        group,
        "--page-size",
        "2",
        "-o",
        "jsonl",
        emu=emu,
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines(keepends=True)
    assert len(lines) == 2  # the first page, one complete line per item
    for line in lines:
        assert line.endswith("\n")
        assert json.loads(line)["id"]


def test_successful_list_is_one_json_document(run: Callable[..., Result], emu: Emulator) -> None:
    result = run("connections", "list", first_group(emu), "--page-size", "2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data) > 2  # several pages, one array
    assert len({item["id"] for item in data}) == len(data)


@pytest.fixture
def served() -> Iterator[EmulatorServer]:
    emulator = Emulator(seed="demo")
    with EmulatorServer(emulator) as server:
        yield server
    emulator.close()


@pytest.mark.parametrize("case", ["bad credentials", "refused connection"])
def test_redirected_output_is_empty_on_failure(
    case: str, served: EmulatorServer, tmp_path: Path
) -> None:
    """``fivetrex groups list > out.json`` in a real process: nothing, not a lone ``[``."""
    base_url = served.base_url
    if case == "refused connection":
        base_url = f"http://127.0.0.1:{closed_port()}/v1"
    env = subprocess_env(
        FIVETRAN_BASE_URL=base_url,
        FIVETRAN_API_KEY=served.emulator.api_key,
        FIVETRAN_API_SECRET="wrong-secret",
        XDG_CONFIG_HOME=str(tmp_path),
    )
    out = tmp_path / "out.json"
    with out.open("w") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "fivetrex", "--max-retries", "0", "groups", "list"],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == (3 if case == "bad credentials" else 1)
    assert out.read_text() == ""
    assert done.stderr.startswith("error: "), done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_redirected_output_is_valid_json_on_success(served: EmulatorServer, tmp_path: Path) -> None:
    env = subprocess_env(
        FIVETRAN_BASE_URL=served.base_url,
        FIVETRAN_API_KEY=served.emulator.api_key,
        FIVETRAN_API_SECRET=served.emulator.api_secret,
        XDG_CONFIG_HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-m", "fivetrex", "groups", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert [g["name"] for g in json.loads(done.stdout)][:2] == ["Production", "Staging"]


# --------------------------------------------------------------------------- retries


def test_unreachable_server_says_what_the_retries_are_doing() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    sleeps: list[float] = []
    result = run_with(
        httpx.HTTPTransport(), "--base-url", url, "--max-retries", "2", "groups", "list",
        sleeps=sleeps,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(sleeps) == 2  # the client's own backoff, recorded instead of slept
    assert lines[0] == (
        f"fivetrex: GET /v1/groups: attempt 1 of 3 failed (APIConnectionError); "
        f"retrying in {sleeps[0]:.1f}s"
    )
    assert lines[1].startswith(
        "fivetrex: GET /v1/groups: attempt 2 of 3 failed (APIConnectionError); retrying in"
    )
    assert lines[2].startswith("error: connection failed")
    assert len(lines) == 3


def test_the_documented_retry_line_is_the_real_one() -> None:
    """docs/cli.md quotes the line an unreachable server produces (the delay aside)."""
    doc = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    documented = [line for line in doc.splitlines() if line.startswith("fivetrex: GET ")]
    assert len(documented) == 1
    url = f"http://127.0.0.1:{closed_port()}/v1"
    result = run_with(
        httpx.HTTPTransport(), "--base-url", url, "--max-retries", "3", "groups", "list",
        sleeps=[],
    )  # fmt: skip
    first = result.stderr.splitlines()[0]
    delay = re.compile(r"retrying in [0-9.]+s$")
    assert delay.search(first)
    assert delay.search(documented[0])
    assert delay.sub("", first) == delay.sub("", documented[0])
    assert "attempt 1 of 4 failed (APIConnectionError); " in first


def test_server_errors_are_retried_visibly(emu: Emulator) -> None:
    emu.inject("error", status=503, times=1, path="/v1/groups*")
    result = run_with(emu.transport(), "groups", "list", emu=emu)
    assert result.exit_code == 0
    assert "fivetrex: GET /v1/groups: attempt 1 of 4 failed (503); retrying in" in result.stderr
    assert json.loads(result.stdout)


def test_retry_notices_go_to_the_progress_line_when_there_is_one() -> None:
    now = [100.0]
    shown: list[str] = []
    notices = RetryNotices(echo=shown.append)
    remove = notices.install()
    progress = Progress(False, "Syncing c1", clock=lambda: now[0])
    progress.enabled = True  # as on a terminal, without starting a real spinner
    try:
        with progress:
            import logging

            logging.getLogger("fivetrex").debug(
                "retrying %s in %.2fs (retry %d of %d) after %s",
                "GET /v1/connections/c1", 4.0, 1, 3, "ServerError",
            )  # fmt: skip
            assert shown == []
            assert "attempt 1 of 4 failed (ServerError); retrying in 4s" in progress.render()
            now[0] += 3.5
            assert "retrying in 1s" in progress.render()
            now[0] += 0.5
            assert "retrying now" in progress.render()
            progress.update("Syncing c1: syncing")
            assert "attempt" not in progress.render()
    finally:
        remove()


def test_elapsed_time_moves_without_updates() -> None:
    now = [0.0]
    progress = Progress(False, "Syncing c1: syncing", clock=lambda: now[0])
    assert progress.render().endswith("[dim](0s)[/dim]")
    now[0] = 12.4
    assert progress.render().endswith("[dim](12s)[/dim]")  # no update() in between


def test_the_spinner_redraws_the_elapsed_time_on_every_refresh() -> None:
    from rich.console import Console

    from fivetrex.cli._progress import _Line

    now = [0.0]
    progress = Progress(False, "waiting", clock=lambda: now[0])
    console = Console(width=80, record=True)
    line = _Line(progress)
    console.print(line)
    now[0] = 7.0
    console.print(line)  # the same renderable object, as rich's live status redraws it
    assert console.export_text().splitlines() == ["waiting (0s)", "waiting (7s)"]


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    "args",
    [
        ["connections", "sync", PAUSED, "--wait"],
        ["connections", "sync-and-wait", PAUSED],
    ],
)
def test_paused_connection_advice_speaks_cli(run: Callable[..., Result], args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 7
    assert result.stderr.startswith(f"error: connection {PAUSED!r} is paused;")
    assert "pass --resume" in result.stderr
    assert "resume=True" not in result.stderr
    assert "sync_and_wait" not in result.stderr
    assert "SyncPausedError" not in result.stderr  # words, not a Python class name


def test_resume_flag_then_succeeds(run: Callable[..., Result]) -> None:
    result = run("connections", "sync", PAUSED, "--wait", "--resume", "--poll-interval", "1")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["connection_id"] == PAUSED


@pytest.fixture(params=["no config file", "config file"])
def config_state(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    if request.param == "config file":
        folder = tmp_path / "xdg" / "fivetrex"
        folder.mkdir(parents=True)
        (folder / "config.toml").write_text('[default]\napi_key = "k"\n')
    return str(request.param)


@pytest.mark.parametrize(
    "args",
    [
        ["nope"],  # click: no such command
        ["groups", "list", "--nope"],  # click: no such option
        ["groups", "get"],  # click: missing argument → help
        ["groups", "get", "nope"],  # the API: not found
        ["connections", "resync", "x"],  # destructive without --yes off a terminal
    ],
)
def test_one_error_prefix_with_or_without_a_config_file(
    run: Callable[..., Result], config_state: str, args: list[str]
) -> None:
    result = run(*args, interactive=False)
    assert result.exit_code != 0
    assert "Error:" not in result.stderr, (config_state, result.stderr)
    if args != ["groups", "get"]:  # that one shows the help, not an error
        assert result.stderr.splitlines()[-1].startswith("error: ") or "\nerror: " in (
            result.stderr
        ), result.stderr


def test_missing_credentials_error_with_or_without_a_config_file(
    config_state: str, harness: Harness
) -> None:
    result = CliRunner().invoke(cli, ["groups", "list"], obj=CliState())
    assert result.exit_code == 3
    assert result.stderr.startswith("error: missing api ")
    assert "--api-secret" in result.stderr


# --------------------------------------------------------------------------- --fields


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_fields_typo_names_the_fields_that_exist(run: Callable[..., Result], fmt: str) -> None:
    result = run("groups", "list", "--fields", "id,nmae", "-o", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: --fields: unknown field 'nmae'; fields here: created_at, id, name"
    )


def test_nested_fields_typo_lists_the_nested_fields(
    run: Callable[..., Result], emu: Emulator
) -> None:
    group = first_group(emu)
    connection = json.loads(run("connections", "list", group, "--limit", "1").stdout)[0]["id"]
    result = run("connections", "get", connection, "--fields", "id,status.sync_stat")
    assert result.exit_code == 2
    assert "unknown field 'status.sync_stat'" in result.stderr
    assert "status.sync_state" in result.stderr


def test_good_fields_still_work(run: Callable[..., Result], emu: Emulator) -> None:
    group = first_group(emu)
    fields = "id,status.sync_state,sync_state,paused"  # sync_state: a model property
    result = run("connections", "list", group, "--limit", "2", "--fields", fields)
    assert result.exit_code == 0, result.stderr
    for item in json.loads(result.stdout):
        assert set(item) == {"id", "status", "sync_state", "paused"}
        assert item["sync_state"] == item["status"]["sync_state"]


def test_library_validation_names_the_cli_option(run: Callable[..., Result]) -> None:
    result = run("groups", "list", "--page-size", "0")
    assert result.exit_code == 2
    assert result.stderr == "error: --page-size must be an integer from 1 to 1000, got 0\n"
    assert result.stdout == ""


def test_the_documented_retry_line_is_what_the_cli_prints() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    (documented,) = [line for line in doc.splitlines() if line.startswith("fivetrex: GET")]
    url = f"http://127.0.0.1:{closed_port()}/v1"
    result = run_with(httpx.HTTPTransport(), "--base-url", url, "groups", "list")  # 3 retries
    assert result.stderr.splitlines()[0] == documented


def test_fields_apply_to_each_value_of_a_bulk_result(run: Callable[..., Result]) -> None:
    args = ("connections", "get-statuses", PAUSED, "nope", "--fields", "sync_state,paused")
    result = run(*args)
    assert result.exit_code == 4  # the first failure's code
    data = json.loads(result.stdout)
    assert data[PAUSED] == {"ok": True, "value": {"sync_state": "paused", "paused": True}}
    assert data["nope"]["ok"] is False
    assert data["nope"]["code"] == "NotFound_Connection"
    typo = run("connections", "get-statuses", PAUSED, "--fields", "sync_stat")
    assert typo.exit_code == 2
    assert typo.stdout == ""
    assert "unknown field 'sync_stat'" in typo.stderr
