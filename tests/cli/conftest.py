"""Fixtures of the CLI tests: the CLI run through click's CliRunner against the emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from cli._cli_support import SECRET, Harness, Recorder
from fivetrex.emulator import Emulator


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials, profiles or terminal settings leak in from the machine."""
    for name in (
        "FIVETRAN_API_KEY",
        "FIVETRAN_API_SECRET",
        "FIVETRAN_BASE_URL",
        "FIVETREX_PROFILE",
        "FIVETREX_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def emu() -> Iterator[Emulator]:
    """A fresh emulator with the demo data set and a recognisable secret."""
    emulator = Emulator(seed="demo", api_secret=SECRET, deliver=lambda url, body, headers: 200)
    yield emulator
    emulator.close()


@pytest.fixture
def harness(emu: Emulator) -> Harness:
    """The CLI against ``emu``."""
    return Harness(emu, Recorder(emu.transport()))


@pytest.fixture
def run(harness: Harness) -> Callable[..., Result]:
    """Shortcut of ``harness.run``."""
    return harness.run
