"""Commands that wait for syncs: Ctrl-C says what goes on, and their seconds are checked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from cli._cli_support import Harness, first_connection, first_group
from fivetrex import Fivetrex
from fivetrex.cli import CliState, cli
from fivetrex.cli._waits import stopped_many, stopped_sync
from fivetrex.emulator import Emulator


def interrupted(harness: Harness, *command: str) -> Result:
    """``fivetrex COMMAND`` where the first sleep between polls is a Ctrl-C."""
    emu = harness.emu
    emu.configure(sync_polls_to_complete=None, sync_duration_seconds=100_000)

    def factory(**options: Any) -> Fivetrex:
        def interrupt(seconds: float) -> None:
            raise KeyboardInterrupt

        return Fivetrex(
            **{"base_url": emu.base_url, **options},
            http_client=httpx.Client(transport=harness.recorder),
            sleep=interrupt,
            clock=lambda: emu.clock.now().timestamp(),
        )

    argv = ["--api-key", emu.api_key, "--api-secret", emu.api_secret, *command]
    result = CliRunner().invoke(cli, argv, obj=CliState(client_factory=factory))
    assert result.exit_code == 130, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "\ninterrupted\n" not in result.stderr + "\n"  # not the bare word
    return result


def syncing(emu: Emulator, connection: str) -> str:
    with emu.client() as client:
        return str(client.connections.get_sync_status(connection).sync_state)


def two_connections(emu: Emulator) -> list[str]:
    with emu.client() as client:
        found = [
            c.id
            for c in client.connections.stream(first_group(emu))
            if c.status.sync_state == "scheduled" and not c.paused
        ]
    assert len(found) >= 2
    return [str(c) for c in found[:2]]


def test_ctrl_c_during_sync_and_wait_says_the_triggered_sync_keeps_running(
    harness: Harness, emu: Emulator
) -> None:
    connection = first_connection(emu)
    result = interrupted(harness, "connections", "sync-and-wait", connection)
    assert f"POST /v1/connections/{connection}/sync" in harness.sent
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"interrupted: stopped waiting for the sync of {connection}; a sync already triggered "
        "keeps running on Fivetran (Ctrl-C does not cancel it)."
    )
    assert lines[1] == f"  its state:   fivetrex connections get-sync-status {connection}"
    assert lines[2] == f"  wait again:  fivetrex connections sync-and-wait {connection}"
    assert "without --force it does not start another" in lines[3]
    assert syncing(emu, connection) == "syncing"


def test_ctrl_c_during_wait_for_sync_says_only_that_the_wait_stopped(
    harness: Harness, emu: Emulator
) -> None:
    connection = first_connection(emu)
    after = emu.clock.now().isoformat()
    result = interrupted(harness, "connections", "wait-for-sync", connection, "--after", after)
    assert not [s for s in harness.sent if s.startswith("POST")]  # it triggered nothing
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"interrupted: stopped waiting for a sync of {connection} (wait-for-sync starts none)."
    )
    assert lines[1].split(":", 1)[0] == "  wait again"
    again = lines[1].split(":", 1)[1].split()
    assert again[:4] == ["fivetrex", "connections", "wait-for-sync", connection]
    assert again[4] == "--after"  # the same baseline, or it would end at the last sync
    assert again[5].startswith(after[:19])
    assert len(lines) == 2
    assert "keeps running" not in result.stderr
    assert syncing(emu, connection) == "scheduled"


def test_ctrl_c_during_sync_many_and_wait_says_some_may_be_running(
    harness: Harness, emu: Emulator
) -> None:
    first, second = two_connections(emu)
    result = interrupted(harness, "connections", "sync-many-and-wait", first, second, first)
    assert f"POST /v1/connections/{first}/sync" in harness.sent
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        "interrupted: stopped waiting for the syncs of 2 connections; some of them may have "
        "been triggered already and keep running on Fivetran (Ctrl-C does not cancel them)."
    )
    assert lines[1] == f"  their state:  fivetrex connections get-statuses {first} {second}"
    assert lines[2] == f"  wait again:   fivetrex connections sync-many-and-wait {first} {second}"
    assert "without --force it does not start others" in lines[3]
    assert syncing(emu, first) == "syncing"


def test_ids_in_the_advice_are_quoted_for_the_shell() -> None:
    text = str(stopped_sync("a b;rm", ["sync-and-wait", "a b;rm"]))
    assert "fivetrex connections sync-and-wait 'a b;rm'" in text
    assert "get-statuses 'a b;rm' x" in str(stopped_many(["a b;rm", "x"]))


COMMANDS = {
    "sync-and-wait": lambda c: ["sync-and-wait", c],
    "wait-for-sync": lambda c: ["wait-for-sync", c],
    "sync-many-and-wait": lambda c: ["sync-many-and-wait", c],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--timeout", "nan", "0 or more"),
        ("--timeout", "-1", "0 or more"),
        ("--timeout", "inf", "0 or more"),
        ("--poll-interval", "0", "more than 0"),
        ("--poll-interval", "inf", "more than 0"),
        ("--poll-interval", "nan", "more than 0"),
        ("--max-poll-interval", "-5", "more than 0"),
    ],
)
def test_wait_seconds_are_usage_errors_before_anything_is_sent(
    harness: Harness, emu: Emulator, command: str, option: str, value: str, expected: str
) -> None:
    connection = first_connection(emu)
    harness.recorder.requests.clear()
    result = harness.run("connections", *COMMANDS[command](connection), f"{option}={value}")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"error: Invalid value for '{option}': '{value}': expected a number of seconds, {expected}."
    )
    assert harness.sent == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_wait_seconds_are_used_and_documented(
    harness: Harness, emu: Emulator, command: str
) -> None:
    help_text = harness.run("connections", command, "--help").stdout
    for option in ("--timeout", "--poll-interval", "--max-poll-interval"):
        assert f"{option} SECONDS" in help_text
    connection = first_connection(emu)
    argv = [*COMMANDS[command](connection), "--timeout", "0", "--poll-interval", "0.5"]
    if command == "wait-for-sync":
        argv += ["--after", emu.clock.now().isoformat()]
    result = harness.run("connections", *argv, "-o", "json")
    assert result.exit_code == 7, result.stderr  # timeout=0: given up at once, as asked
