"""docs/cli.md stays accurate: its commands parse, its transcripts match real output."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli._cli_support import Harness, Recorder
from fivetrex.cli import EXIT_CODES, cli
from fivetrex.emulator import Emulator

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)

PLACEHOLDERS = {
    "GROUP_ID": "quiet_vapor",
    "CONNECTION_ID": "pearly_prism",
    "https://example.com/hooks": "https://example.com/hooks",
}


def blocks(lang: str) -> list[str]:
    return [body for fence_lang, body in _FENCE.findall(DOC.read_text()) if fence_lang == lang]


def documented_commands() -> Iterator[str]:
    """``fivetrex ...`` lines of the text blocks that are not transcripts."""
    for body in blocks("text"):
        for line in body.splitlines():
            words = line.split()
            if (
                line.startswith("fivetrex ")
                and "emulator" not in words[1:2]
                and "--help" not in words
            ):
                yield line.split("  #")[0].strip()


def transcripts() -> Iterator[tuple[str, list[str]]]:
    """``($ command, expected output lines)`` of the transcript blocks."""
    for body in blocks("text"):
        lines = body.splitlines()
        index = 0
        while index < len(lines):
            if lines[index].startswith("$ fivetrex "):
                command = lines[index][2:]
                expected: list[str] = []
                index += 1
                while index < len(lines) and not lines[index].startswith("$ "):
                    expected.append(lines[index])
                    index += 1
                while expected and not expected[-1].strip():
                    expected.pop()
                yield command, expected
            else:
                index += 1


def resolve(args: list[str]) -> click.Context:
    """Parse a command line down to its command (options and arguments validated)."""
    ctx = cli.make_context("fivetrex", list(args), resilient_parsing=False)
    command: click.Command = cli
    while isinstance(command, click.Group):
        protected = ctx.__dict__.get("_protected_args", ctx.__dict__.get("protected_args", []))
        rest = [*protected, *ctx.args]
        if not rest:
            break
        name, sub, remaining = command.resolve_command(ctx, list(rest))
        assert sub is not None, name
        ctx = sub.make_context(name or "", remaining, parent=ctx)
        command = sub
    return ctx


def _example_files(directory: Path) -> None:
    (directory / "patch.json").write_text(json.dumps({"schema_change_handling": "BLOCK_ALL"}))
    (directory / "pg.json").write_text(json.dumps({"schema_prefix": "pg"}))


@pytest.mark.parametrize("line", sorted(set(documented_commands())))
def test_documented_commands_parse(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _example_files(tmp_path)
    words = [PLACEHOLDERS.get(w, w) for w in shlex.split(line)[1:]]
    ctx = resolve(words)
    assert ctx.command.name
    assert not isinstance(ctx.command, click.Group) or ctx.command.name == "fivetrex"


def runnable(line: str) -> bool:
    """Examples that end on their own (not the servers, not the interactive tour)."""
    return not line.startswith(("fivetrex demo", "fivetrex emulator"))


@pytest.mark.parametrize("line", sorted({c for c in documented_commands() if runnable(c)}))
def test_documented_commands_run_against_the_emulator(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example of docs/cli.md succeeds on the demo data (a fresh emulator each)."""
    monkeypatch.chdir(tmp_path)
    _example_files(tmp_path)
    emulator = Emulator(seed="demo", deliver=lambda url, body, headers: 200)
    harness = Harness(emulator, Recorder(emulator.transport()))
    try:
        words = [PLACEHOLDERS.get(w, w) for w in shlex.split(line)[1:]]
        result = harness.run(*words)
        assert result.exit_code == 0, (line, result.stdout, result.stderr)
        assert bool(harness.sent) is (words[0] != "config"), line  # API commands call it
        assert all(not r.url.path.endswith("/None") for r in harness.recorder.requests)
        json.loads(result.stdout)  # piped: one JSON document
    finally:
        emulator.close()


@pytest.fixture
def doc_harness() -> Iterator[Harness]:
    emulator = Emulator(seed="demo")  # the data of `fivetrex demo --server`
    yield Harness(emulator, Recorder(emulator.transport()))
    emulator.close()


def test_transcripts_match_real_output(doc_harness: Harness) -> None:
    found = list(transcripts())
    assert len(found) >= 6
    for command, expected in found:
        if command.startswith("fivetrex emulator"):
            continue
        text = command.replace(" < /dev/null", "")
        exit_echo = text.endswith('; echo "exit=$?"')
        text = text.replace('; echo "exit=$?"', "")
        words = shlex.split(text)[1:]
        result = doc_harness.run(*words, env={"COLUMNS": "100"})
        actual = (result.stdout + result.stderr).splitlines()
        if exit_echo:
            actual.append(f"exit={result.exit_code}")
        actual = [line.rstrip() for line in actual]
        while actual and not actual[-1]:
            actual.pop()
        if expected and expected[-1] == "...":
            head = expected[:-1]
            assert actual[: len(head)] == head, (command, actual)
        else:
            assert actual == expected, (command, actual)


def test_exit_code_table_matches_the_cli() -> None:
    table = DOC.read_text().split("| Exit code | Meaning |")[1].split("\n\n")[0]
    documented = [int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)]
    assert documented == list(EXIT_CODES)


def test_help_epilog_lists_exit_codes() -> None:
    out = CliRunner().invoke(cli, ["--help"]).stdout
    for code, meaning in EXIT_CODES.items():
        assert f"{code}" in out
        assert meaning.split(" (")[0] in out


README = DOC.parents[1] / "README.md"
GUIDE = DOC.parent / "guide" / "cli.md"


def shell_block_commands(text: str) -> list[str]:
    """``fivetrex ...`` lines of the ``bash`` blocks that show the CLI (the export is setup)."""
    found = []
    for lang, body in _FENCE.findall(text):
        if lang != "bash" or "fivetrex groups list" not in body:
            continue
        found += [line.strip() for line in body.splitlines() if line.startswith("fivetrex ")]
    return found


@pytest.mark.parametrize("page", [README, GUIDE], ids=["README.md", "docs/guide/cli.md"])
def test_cli_blocks_of_readme_and_guide_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = shell_block_commands(page.read_text())
    assert len(commands) >= 5, page
    for line in commands:
        emulator = Emulator(seed="demo", deliver=lambda url, body, headers: 200)
        harness = Harness(emulator, Recorder(emulator.transport()))
        try:
            command, _, pipe = line.partition(" | ")
            words = [PLACEHOLDERS.get(w, w) for w in shlex.split(command)[1:]]
            words = ["https://example.com/hooks" if w.startswith("https://") else w for w in words]
            result = harness.run(*words)
            assert result.exit_code == 0, (line, result.stdout, result.stderr)
            data = json.loads(result.stdout)
            if pipe == "jq '.[].id'":
                assert data, line
                assert all(isinstance(item["id"], str) for item in data), line
            else:
                assert not pipe, f"{page.name}: no check for the pipe in {line!r}"
        finally:
            emulator.close()
