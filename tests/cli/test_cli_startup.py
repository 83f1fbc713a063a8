"""``fivetrex --version`` and ``--help`` start without loading the client; completion works.

No timing is asserted here (``bench/cli_startup.py`` measures, BENCHMARKS.md records):
what is asserted is *what* a fresh process imports, which is what makes start-up fast,
and that the lazily built command tree is the same tree as the eager one.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fivetrex import __version__
from fivetrex.cli import build_cli, cli
from fivetrex.cli._manifest import RESOURCE_GROUPS, derive, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"

#: What a start-up that lists commands must not import.
HEAVY = ("httpx", "pydantic", "rich", "fivetrex._client", "fivetrex.resources", "fivetrex.models")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("FIVETRAN_", "_FIVETREX"))}


def imported(*args: str) -> tuple[str, set[str]]:
    """(output, modules imported) of ``python -X importtime -m fivetrex ARGS``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fivetrex", *args],
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
    )
    assert done.returncode == (2 if not args else 0), done.stderr[-500:]  # bare: help, exit 2
    modules = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "self [us]" not in line
    }
    shown = [line for line in done.stderr.splitlines(True) if not line.startswith("import time:")]
    return done.stdout + "".join(shown), modules  # bare `fivetrex`: the help on stderr


@pytest.mark.parametrize("args", [["--version"], ["-V"], ["--help"], []])
def test_startup_imports_nothing_heavy(args: list[str]) -> None:
    out, modules = imported(*args)
    assert "fivetrex._cli_entry" in modules  # the measurement works
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert heavy == []
    if args in (["--version"], ["-V"]):
        assert out == f"fivetrex, version {__version__}\n"
        assert "click" not in modules  # answered before the command line is loaded
        assert CliRunner().invoke(cli, args).stdout == out  # what click's option says
    else:
        assert "connections" in out
        assert "Exit codes:" in out


def test_a_resource_command_loads_what_it_needs() -> None:
    out, modules = imported("connections", "--help")
    assert {"httpx", "fivetrex._client"} <= modules
    assert "sync-and-wait" in out


def test_the_manifest_renders_as_its_own_source() -> None:
    source = (Path(__file__).resolve().parents[2] / "src/fivetrex/cli/_manifest.py").read_text()
    assert render(RESOURCE_GROUPS) in source  # what the failure below prints can be pasted


def test_the_manifest_matches_the_declarations() -> None:
    assert derive() == RESOURCE_GROUPS, (
        "fivetrex/cli/_manifest.py is out of date; replace RESOURCE_GROUPS with:\n"
        + render(derive())
    )


def test_lazy_tree_prints_the_same_help_as_the_eager_tree() -> None:
    eager = build_cli()
    for args in (
        ["--help"],
        ["connections", "--help"],
        ["api", "--help"],
        ["connectors", "--help"],
    ):
        lazy_out = CliRunner().invoke(cli, args)
        eager_out = CliRunner().invoke(eager, args)
        assert lazy_out.exit_code == eager_out.exit_code == 0, args
        assert lazy_out.stdout == eager_out.stdout, args


def test_lazy_tree_has_every_command_of_the_eager_tree() -> None:
    import click

    def walk(group: click.Group, prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
        ctx = click.Context(group)
        found = set()
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, (*prefix, name)
            found.add((*prefix, name))
            if isinstance(command, click.Group):
                found |= walk(command, (*prefix, name))
        return found

    assert walk(cli, ()) == walk(build_cli(), ())


# --------------------------------------------------------------------------- completion


def completion_lines() -> list[str]:
    """The start-up-file lines of docs/cli.md's "Shell completion" section."""
    section = DOC.read_text().split("## Shell completion", 1)[1].split("\n## ", 1)[0]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def console_script_env() -> dict[str, str]:
    """PATH with the ``fivetrex`` console script of this environment first."""
    bin_dir = str(Path(sys.executable).parent)
    assert (Path(bin_dir) / "fivetrex").exists()
    return {**env(), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def test_documented_completion_lines_cover_three_shells() -> None:
    lines = completion_lines()
    shells = [re.search(r"_FIVETREX_COMPLETE=(\w+)_source fivetrex", line) for line in lines]
    assert [m.group(1) for m in shells if m] == ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_documented_completion_scripts_are_produced(shell: str) -> None:
    (line,) = [line for line in completion_lines() if f"={shell}_source" in line]
    command = re.search(r"(_FIVETREX_COMPLETE=\w+ fivetrex)", line)
    assert command is not None
    var, program = command.group(1).split(" ")
    name, value = var.split("=")
    done = subprocess.run(
        [program],
        capture_output=True,
        text=True,
        env={**console_script_env(), name: value},
        timeout=60,
        check=True,
    )
    assert "_FIVETREX_COMPLETE" in done.stdout
    assert f"{shell}_complete" in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_line_installs_a_completion() -> None:
    (line,) = [line for line in completion_lines() if "bash_source" in line]
    done = subprocess.run(
        ["bash", "-c", f"{line} && complete -p fivetrex"],
        capture_output=True,
        text=True,
        env=console_script_env(),
        timeout=60,
        check=True,
    )
    assert "fivetrex" in done.stdout


def complete(words: str) -> list[str]:
    """What bash completion offers for the command line ``words`` (the last one partial)."""
    parts = shlex.split(words)
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    done = subprocess.run(
        ["fivetrex"],
        capture_output=True,
        text=True,
        env={
            **console_script_env(),
            "_FIVETREX_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        timeout=60,
        check=True,
    )
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_completion_of_groups_commands_and_options() -> None:
    assert complete("fivetrex conn") == ["connections", "connector-types", "connector-sdk-packages"]
    assert "sync-and-wait" in complete("fivetrex connections sy")
    assert complete("fivetrex connections sync x --wa") == ["--wait"]
