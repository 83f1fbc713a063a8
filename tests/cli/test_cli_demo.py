"""``fivetrex demo``, ``demo --server``, ``emulator``, ``python -m fivetrex``: real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

from fivetrex import __version__
from fivetrex.cli import cli

PYTHON = sys.executable


def fivetrex(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "fivetrex", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120", **(env or {})},
    )


def read_until(stream: IO[str], marker: str) -> list[str]:
    lines = []
    for line in stream:
        lines.append(line.rstrip("\n"))
        if marker in line:
            return lines
    raise AssertionError(f"{marker!r} never printed; got {lines}")


def test_demo_in_process() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in (
        "Create a group and its destination",
        "✓ group demo_warehouse",
        "Stream the fleet",
        "sync finished: succeeded_at",
        "webhook events received and verified: sync_start(",
        "sync_end(",
        "refused: HTTP 401",
        "✗ ",  # a disabled table in the schema tree
        "paused: True",
        "paused: False",
        "NotFoundError: type='not_found' status=404 code='NotFound_Connection'",
        "ConfirmationRequired",
        "export FIVETRAN_API_KEY=",
    ):
        assert expected in out, expected
    assert "Traceback" not in result.output


def test_python_m_fivetrex_demo() -> None:
    result = fivetrex("demo")
    assert result.returncode == 0, result.stderr
    assert "sync finished" in result.stdout
    assert "webhook events received and verified" in result.stdout
    assert "FIVETRAN_API_SECRET" in result.stdout
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_version_and_help_as_a_process() -> None:
    result = fivetrex("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"fivetrex, version {__version__}"
    help_text = fivetrex("--help").stdout
    assert "Exit codes:" in help_text
    assert "connections" in help_text


def terminate(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    process.communicate()


@pytest.fixture
def demo_server() -> Iterator[tuple[str, list[str]]]:
    process = subprocess.Popen(
        [PYTHON, "-m", "fivetrex", "demo", "--server"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = read_until(process.stdout, "Ctrl-C")
        url = lines[0].rsplit(" ", 1)[-1]
        yield url, lines
    finally:
        terminate(process)


def test_demo_server_serves_the_cli(demo_server: tuple[str, list[str]]) -> None:
    url, lines = demo_server
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/v1")
    assert f"  export FIVETRAN_BASE_URL={url}" in lines
    env = {
        "FIVETRAN_BASE_URL": url,
        "FIVETRAN_API_KEY": "emulator-key",
        "FIVETRAN_API_SECRET": "emulator-secret",
    }
    groups = fivetrex("groups", "list", "-o", "json", env=env)
    assert groups.returncode == 0, groups.stderr
    names = [g["name"] for g in json.loads(groups.stdout)]
    assert names
    # the example commands it prints work as printed
    examples = [line.strip() for line in lines if line.startswith("  fivetrex ")]
    sync = next(e for e in examples if e.endswith("--wait")).split()[1:]
    waited = fivetrex(*sync, "--poll-interval", "0.001", "-o", "json", env=env)
    assert waited.returncode == 0, waited.stderr
    assert json.loads(waited.stdout)["succeeded_at"]
    missing = fivetrex("connections", "get", "no_such_id", env=env)
    assert missing.returncode == 4
    assert missing.stderr.startswith("error: NotFound_Connection")


def test_emulator_command_delegates_to_the_emulator_server() -> None:
    process = subprocess.Popen(
        [PYTHON, "-m", "fivetrex", "emulator", "--port", "0", "--seed", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = read_until(process.stdout, "listening on")[-1]
        url = line.rsplit(" ", 1)[-1]
        env = {
            "FIVETRAN_BASE_URL": url,
            "FIVETRAN_API_KEY": "emulator-key",
            "FIVETRAN_API_SECRET": "emulator-secret",
        }
        result = fivetrex("groups", "list", "-o", "jsonl", "--limit", "2", env=env)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.strip().splitlines()) == 2
        denied = fivetrex("groups", "list", env={**env, "FIVETRAN_API_SECRET": "wrong"})
        assert denied.returncode == 3
        assert "wrong" not in denied.stdout + denied.stderr
    finally:
        terminate(process)


def test_emulator_help_is_the_emulators() -> None:
    result = fivetrex("emulator", "--help")
    assert result.returncode == 0
    assert "--port" in result.stdout
    assert "--seed" in result.stdout


def test_demo_at_80_columns_keeps_ids_whole_and_wraps_at_words() -> None:
    """A real process at COLUMNS=80: nothing wider, ids whole, sentences cut only at spaces."""
    import re

    from fivetrex.cli._demo import INTRO

    done = fivetrex("demo", env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    # the intro, wrapped: joining its lines with spaces gives the sentence back
    start = lines.index("fivetrex demo: the Fivetran API client, against the built-in emulator")
    end = lines.index("", start)
    assert " ".join(lines[start + 1 : end]) == INTRO
    assert len(lines[start + 1 : end]) > 1  # it did need wrapping at 80 columns
    # every connection created appears whole in the status table
    created = re.findall(r"→ connection (\w+) \(schema", done.stdout)
    assert len(created) == 4
    rows = [line.split()[0] for line in lines if line.split()[:1] and line.split()[0] in created]
    assert sorted(set(rows)) == sorted(created)
    assert "…" not in done.stdout.split("3. Stream the fleet")[1].split("4. Register")[0]


def test_documented_emulator_banner_and_commands(tmp_path: Path) -> None:
    """docs/cli.md's `fivetrex emulator` transcript, then its commands from the export line."""
    import shlex
    import socket

    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    section = doc.split("## The emulator", 1)[1].split("\n## ", 1)[0]
    transcript, commands = [b.split("```", 1)[0] for b in section.split("```text\n")[1:3]]
    command, *banner = transcript.strip().splitlines()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = shlex.split(command[2:].replace("8000", str(port)))
    assert argv[0] == "fivetrex"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIVETRAN_")}
    server = subprocess.Popen(
        [PYTHON, "-m", "fivetrex", *argv[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**env, "XDG_CONFIG_HOME": str(tmp_path)},
    )
    try:
        assert server.stdout is not None
        printed = [server.stdout.readline().rstrip("\n") for _ in banner]
        assert printed == [line.replace("8000", str(port)) for line in banner]
        exported = dict(item.split("=", 1) for item in shlex.split(printed[1])[1:])
        for line in commands.strip().splitlines():
            done = subprocess.run(
                [PYTHON, "-m", "fivetrex", *shlex.split(line)[1:]],
                capture_output=True,
                text=True,
                env={**env, **exported, "XDG_CONFIG_HOME": str(tmp_path)},
                timeout=120,
            )
            assert done.returncode == 0, (line, done.stderr)
            assert json.loads(done.stdout), line
    finally:
        server.terminate()
        server.wait(timeout=30)
