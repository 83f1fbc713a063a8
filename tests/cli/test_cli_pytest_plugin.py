"""The pytest plugin as a user meets it: each documented fixture example runs in a real pytest.

The examples of docs/guide/testing.md that define tests are written to files of their
own and run by ``python -m pytest`` in a subprocess, with no ``FIVETRAN_*`` variable in
its environment and nothing but the installed plugin (the ``pytest11`` entry point)
providing the fixtures.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from fivetrex.emulator import EmulatorServer, pytest_plugin

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "testing.md"
_FENCE = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def fixture_examples() -> list[str]:
    """The python blocks of the guide that define pytest tests."""
    blocks = _FENCE.findall(GUIDE.read_text())
    return [b for b in blocks if re.search(r"^(async )?def test_", b, re.M)]


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVETRAN_", "PYTEST_"))}
    env["XDG_CONFIG_HOME"] = str(folder / "xdg")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_every_fixture_has_a_documented_example() -> None:
    text = "\n".join(fixture_examples())
    fixtures = [n for n in pytest_plugin.__all__ if n != "pytest_configure"]
    assert len(fixtures) == 5
    for name in fixtures:
        assert re.search(rf"def test_\w+\([^)]*\b{name}\b", text), f"no example uses {name}"
        assert f"`{name}`" in GUIDE.read_text()


def test_documented_examples_pass_in_a_real_pytest(tmp_path: Path) -> None:
    examples = fixture_examples()
    assert len(examples) >= 5
    for index, block in enumerate(examples):
        (tmp_path / f"test_example_{index}.py").write_text(block)
    expected = sum(len(re.findall(r"^(?:async )?def test_", b, re.M)) for b in examples)
    done = run_pytest(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{expected} passed" in done.stdout, done.stdout


def test_env_fixture_sets_and_restores_the_environment(tmp_path: Path) -> None:
    (tmp_path / "test_env.py").write_text(
        textwrap.dedent(
            """
            import os

            def test_set(fivetran_emulator_env):
                emulator = fivetran_emulator_env.emulator
                assert os.environ["FIVETRAN_BASE_URL"] == fivetran_emulator_env.base_url
                assert os.environ["FIVETRAN_API_KEY"] == emulator.api_key
                assert os.environ["FIVETRAN_API_SECRET"] == emulator.api_secret

            def test_restored_afterwards():
                assert not [k for k in os.environ if k.startswith("FIVETRAN_")]
            """
        )
    )
    done = run_pytest(tmp_path, "-p", "no:randomly")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_env_fixture_in_this_suite(fivetran_emulator_env: EmulatorServer) -> None:
    from fivetrex import Fivetrex

    with Fivetrex() as client:  # from the environment the fixture set
        group = client.groups.create(name="from_env")
    assert fivetran_emulator_env.emulator.counts()["groups"] == 1
    assert group.name == "from_env"
    assert os.environ["FIVETRAN_BASE_URL"].startswith("http://127.0.0.1:")
