"""pytest plugin of the fivetrex emulator (registered through the ``pytest11`` entry point).

Fixtures (each fresh per test):

- ``fivetran_emulator``: an in-process :class:`~fivetrex.emulator.Emulator`.
- ``fivetran_client`` / ``async_fivetran_client``: a ``fivetrex.Fivetrex`` /
  ``fivetrex.AsyncFivetrex`` wired to that emulator (no sockets).
- ``fivetran_emulator_server``: the same emulator behind a real loopback HTTP server
  (an :class:`~fivetrex.emulator.EmulatorServer`).
- ``fivetran_emulator_env``: that server, with ``FIVETRAN_BASE_URL``,
  ``FIVETRAN_API_KEY`` and ``FIVETRAN_API_SECRET`` set for the test (through
  ``monkeypatch``), for code that reads the environment (``Fivetrex()``, the CLI, a
  subprocess).

Configure the emulator of one test with the marker
``@pytest.mark.fivetran_emulator(seed="demo", rate_limit_per_hour=10, ...)``; its keyword
arguments go to :class:`~fivetrex.emulator.Emulator`.

Importing this module is cheap: the emulator is imported inside the fixtures only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fivetrex import AsyncFivetrex, Fivetrex
    from fivetrex.emulator import Emulator, EmulatorServer

__all__ = [
    "async_fivetran_client",
    "fivetran_client",
    "fivetran_emulator",
    "fivetran_emulator_env",
    "fivetran_emulator_server",
    "pytest_configure",
]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fivetran_emulator`` marker."""
    config.addinivalue_line(
        "markers",
        "fivetran_emulator(**options): options for the fivetran_emulator fixture "
        "(keyword arguments of fivetrex.emulator.Emulator, e.g. seed='demo')",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("fivetran_emulator")
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def fivetran_emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A fresh in-process emulator (configured by the ``fivetran_emulator`` marker)."""
    from fivetrex.emulator import Emulator

    emu = Emulator(**_options(request))
    try:
        yield emu
    finally:
        emu.close()


@pytest.fixture
def fivetran_client(fivetran_emulator: Emulator) -> Iterator[Fivetrex]:
    """A ``fivetrex.Fivetrex`` client talking to ``fivetran_emulator`` in-process."""
    client = fivetran_emulator.client()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
async def async_fivetran_client(fivetran_emulator: Emulator) -> AsyncIterator[AsyncFivetrex]:
    """A ``fivetrex.AsyncFivetrex`` client talking to ``fivetran_emulator`` (needs anyio)."""
    client = fivetran_emulator.async_client()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def fivetran_emulator_server(fivetran_emulator: Emulator) -> Iterator[EmulatorServer]:
    """``fivetran_emulator`` served over HTTP on a free loopback port.

    Its ``base_url`` and the emulator's ``api_key``/``api_secret`` are what a client
    needs; ``fivetran_emulator_env`` also puts them in the environment.
    """
    from fivetrex.emulator import EmulatorServer

    with EmulatorServer(fivetran_emulator) as server:
        yield server


#: The variables ``fivetran_emulator_env`` sets (what ``Fivetrex()`` and the CLI read).
ENV_VARIABLES = ("FIVETRAN_BASE_URL", "FIVETRAN_API_KEY", "FIVETRAN_API_SECRET")


@pytest.fixture
def fivetran_emulator_env(
    fivetran_emulator_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> EmulatorServer:
    """``fivetran_emulator_server``, with the ``FIVETRAN_*`` environment pointing at it.

    Sets ``FIVETRAN_BASE_URL``, ``FIVETRAN_API_KEY`` and ``FIVETRAN_API_SECRET`` for the
    test (restored afterwards), so ``Fivetrex()``, the ``fivetrex`` command and
    subprocesses reach the emulator without further setup.
    """
    emulator = fivetran_emulator_server.emulator
    values = (fivetran_emulator_server.base_url, emulator.api_key, emulator.api_secret)
    for name, value in zip(ENV_VARIABLES, values, strict=True):
        monkeypatch.setenv(name, value)
    return fivetran_emulator_server
