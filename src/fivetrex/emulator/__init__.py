"""A stateful local emulator of the Fivetran REST API (what moto is to AWS).

Quick start::

    from fivetrex.emulator import Emulator

    emu = Emulator(seed="demo")
    with emu.http_client() as http:
        groups = http.get("/groups").json()["data"]["items"]

Entry points over one core: the in-process httpx transport (:meth:`Emulator.transport`,
:meth:`Emulator.client`), the pytest plugin (``fivetran_emulator`` fixture), and a
server (``python -m fivetrex.emulator`` / :class:`EmulatorServer`). See ``docs/emulator.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from fivetrex.emulator._app import ROUTES, Request, Response
from fivetrex.emulator._clock import VirtualClock
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._emulator import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_BASE_URL,
    Emulator,
)
from fivetrex.emulator._errors import (
    ConflictError,
    EmulatorError,
    InvalidInputError,
    NotFoundError,
    NotImplementedOperationError,
)
from fivetrex.emulator._faults import FAULT_KINDS, Fault, FaultSet
from fivetrex.emulator._server import EmulatorServer
from fivetrex.emulator._settings import Settings
from fivetrex.emulator._transport import EmulatorTransport

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_SECRET",
    "DEFAULT_BASE_URL",
    "FAULT_KINDS",
    "ROUTES",
    "Backend",
    "ConflictError",
    "Emulator",
    "EmulatorError",
    "EmulatorServer",
    "EmulatorTransport",
    "Fault",
    "FaultSet",
    "InvalidInputError",
    "NotFoundError",
    "NotImplementedOperationError",
    "Request",
    "Response",
    "Settings",
    "VirtualClock",
    "main",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator server (``python -m fivetrex.emulator``); return the exit status."""
    from fivetrex.emulator._server import main as _main

    return _main(argv)
