"""Errors: one line on stderr, distinct exit codes, confirmation, the secret never shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from cli._cli_support import SECRET, Harness, first_connection, first_group
from fivetrex import Fivetrex
from fivetrex.cli import EXIT_CODES, CliState, cli
from fivetrex.emulator import Emulator

Run = Callable[..., Result]


def mock_runner(
    status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[Callable[..., Result], list[httpx.Request]]:
    """Run the CLI against a transport answering every request with ``status``."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        payload = body if body is not None else {"code": "Error", "message": "boom"}
        return httpx.Response(status, json=payload, headers=headers or {})

    def factory(**options: Any) -> Fivetrex:
        return Fivetrex(
            **options,
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
            sleep=lambda _s: None,
        )

    def run(*args: str, debug: bool = False) -> Result:
        argv = [
            *(["--debug"] if debug else []),
            "--api-key",
            "key123",
            "--api-secret",
            SECRET,
            "--max-retries",
            "0",
            *args,
        ]
        return CliRunner().invoke(cli, argv, obj=CliState(client_factory=factory))

    return run, seen


@pytest.mark.parametrize(
    ("status", "code", "exit_code"),
    [
        (400, "InvalidInput", 2),
        (401, "AuthFailed", 3),
        (403, "AccessDenied", 3),
        (404, "NotFound_Connection", 4),
        (409, "Conflict", 6),
        (429, "TooManyRequests", 5),
        (500, "InternalError", 1),
        (503, "ServiceUnavailable", 1),
    ],
)
def test_exit_code_per_error_type(status: int, code: str, exit_code: int) -> None:
    run, _ = mock_runner(status, {"code": code, "message": f"it went wrong ({status})"})
    result = run("connections", "get", "conn_x")
    assert result.exit_code == exit_code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert lines[0].startswith(f"error: {code}: it went wrong ({status})")
    assert f"HTTP {status}, GET /v1/connections/conn_x" in lines[0]


def test_not_found_against_the_emulator(run: Run) -> None:
    result = run("connections", "get", "does_not_exist")
    assert result.exit_code == 4
    assert result.stderr.startswith("error: NotFound_Connection: ")
    assert "(HTTP 404, GET /v1/connections/does_not_exist)" in result.stderr


def test_conflict_against_the_emulator(run: Run, emu: Emulator) -> None:
    group = first_group(emu)  # it has connections: deleting its destination is refused
    result = run("destinations", "delete", group, "--yes")
    assert result.exit_code in (6, 4), result.stderr  # conflict (or no destination)
    assert result.stderr.startswith("error: ")


def test_wrong_secret_is_an_auth_error_and_never_printed(emu: Emulator, harness: Harness) -> None:
    result = CliRunner().invoke(
        cli,
        ["--debug", "--api-key", emu.api_key, "--api-secret", SECRET + "x", "groups", "list"],
        obj=CliState(client_factory=harness.factory),
    )
    assert result.exit_code == 3
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" in result.stderr  # --debug shows it


def test_missing_credentials_exit_3_without_a_request() -> None:
    result = CliRunner().invoke(cli, ["groups", "list"])
    assert result.exit_code == 3
    message = result.stderr.strip()
    assert message.startswith("error: missing api key and api secret")
    assert "FIVETRAN_API_KEY" in message
    assert "--api-key" in message
    assert "config.toml" in message


def test_bad_base_url_is_a_configuration_error() -> None:
    result = CliRunner().invoke(
        cli, ["--api-key", "k", "--api-secret", "s", "--base-url", "ftp://x", "groups", "list"]
    )
    assert result.exit_code == 3
    assert "base_url" in result.stderr


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1", "is not a valid URL"),  # was: "InvalidURL: Invalid port", exit 1
        ("http://127.0.0.1:8000/v1?x=1", "must not have a query string"),  # was: GET /v1 -> 404
    ],
)
@pytest.mark.parametrize("where", ["flag", "environment"])
def test_a_malformed_base_url_exits_3_before_any_request(
    url: str, problem: str, where: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"code": "Success", "data": {"items": []}})

    def factory(**options: Any) -> Fivetrex:
        return Fivetrex(**options, http_client=httpx.Client(transport=httpx.MockTransport(handler)))

    flag = ["--base-url", url] if where == "flag" else []
    state = CliState(client_factory=factory, environ={"FIVETRAN_BASE_URL": url})
    result = CliRunner().invoke(
        cli, ["--api-key", "k", "--api-secret", "s", *flag, "groups", "list"], obj=state
    )
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: base_url {problem}")
    assert result.stderr.rstrip().endswith(f"got {url!r}")
    assert "Traceback" not in result.stderr
    assert sent == []


def test_library_validation_is_a_usage_error(run: Run, harness: Harness) -> None:
    result = run("groups", "get", "")
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert harness.sent == []


@pytest.mark.parametrize("debug", [False, True])
def test_secret_never_in_output(debug: bool, run: Run, emu: Emulator) -> None:
    runner, _ = mock_runner(500, {"code": "Oops", "message": f"echo {SECRET}"})
    bad = runner("groups", "list", debug=debug)
    assert bad.exit_code == 1
    assert SECRET not in bad.stdout + bad.stderr
    assert "******" in bad.stderr
    if debug:
        assert "debug: fivetrex:" in bad.stderr
        assert "Traceback" in bad.stderr
    else:
        assert "Traceback" not in bad.stderr
    good = run("--debug", "groups", "list") if debug else run("groups", "list")
    assert good.exit_code == 0
    assert SECRET not in good.stdout + good.stderr


def test_debug_logs_requests_on_stderr_only(run: Run) -> None:
    result = run("--debug", "groups", "list", "--limit", "1")
    assert result.exit_code == 0
    assert "debug: fivetrex: request GET /v1/groups" in result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_debug_handler_is_removed_after_the_run(run: Run) -> None:
    import logging

    logger = logging.getLogger("fivetrex")
    before = list(logger.handlers)
    run("--debug", "groups", "list", "--limit", "1")
    assert logger.handlers == before


# --------------------------------------------------------------------------- confirmation


def test_destructive_without_yes_off_terminal_sends_nothing(
    run: Run, harness: Harness, emu: Emulator
) -> None:
    connection = first_connection(emu)
    result = run("connections", "resync", connection)
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert harness.sent == []


def test_delete_without_yes_sends_nothing(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    assert run("connections", "delete", connection).exit_code == 2
    assert harness.sent == []
    with emu.client() as client:
        assert client.connections.get(connection).id == connection


def test_yes_confirms(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = run("connections", "resync", connection, "--yes")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["success"] is True
    assert harness.sent == [f"POST /v1/connections/{connection}/resync"]


def test_resync_scope_is_json(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    scope = '{"public": ["orders"]}'
    result = run("connections", "resync", connection, "-y", "--scope", scope)
    assert result.exit_code == 0, result.stderr
    body = json.loads(harness.recorder.requests[-1].content)
    assert body["scope"] == {"public": ["orders"]}


def test_terminal_prompt_declined_sends_nothing(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = run("connections", "delete", connection, interactive=True, input="n\n")
    assert result.exit_code == 1
    assert "Continue?" in result.stderr
    assert harness.sent == []


def test_terminal_prompt_accepted(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = run("connections", "delete", connection, interactive=True, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert harness.sent == [f"DELETE /v1/connections/{connection}"]


def test_exit_codes_are_documented_in_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for code in EXIT_CODES:
        assert any(line.split()[:1] == [str(code)] for line in result.stdout.splitlines())


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e400", "abc", ""])
def test_request_timeout_is_checked_in_command_line_terms(run: Run, value: str) -> None:
    result = run(f"--request-timeout={value}", "groups", "list")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: Invalid value for '--request-timeout': '{value}': expected a number of "
        "seconds, more than 0."
    )
    assert "None" not in result.stderr  # a Python word, not the user's


def test_request_timeout_help_agrees_with_the_check_and_the_client(harness: Harness) -> None:
    from fivetrex._client import DEFAULT_TIMEOUT

    text = " ".join(CliRunner().invoke(cli, ["--help"]).stdout.split())
    line = text.split("--request-timeout SECONDS ", 1)[1].split(" -o,", 1)[0]
    assert "(more than 0)" in line
    assert f"[default: {DEFAULT_TIMEOUT:g}]" in line
    assert "None" not in line
    assert "x>=0" not in line
    built: list[Fivetrex] = []

    def factory(**options: Any) -> Fivetrex:
        built.append(harness.factory(**options))
        return built[-1]

    state = CliState(client_factory=factory)
    argv = ["--api-key", harness.emu.api_key, "--api-secret", harness.emu.api_secret]
    result = CliRunner().invoke(
        cli, [*argv, "--request-timeout", "0.5", "groups", "list"], obj=state
    )
    assert result.exit_code == 0, result.stderr
    assert built[0].timeout == 0.5


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "nan"),
        ("--timeout", "-1"),
        ("--poll-interval", "0"),
        ("--poll-interval", "inf"),
    ],
)
def test_sync_wait_seconds_are_finite(run: Run, emu: Emulator, option: str, value: str) -> None:
    result = run("connections", "sync", first_connection(emu), "--wait", f"{option}={value}")
    assert result.exit_code == 2
    assert f"error: Invalid value for '{option}': '{value}': expected a number of seconds" in (
        result.stderr
    )
