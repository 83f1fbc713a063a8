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
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_EXPORTS: dict[str, str] = {
    "ROUTES": "_app",
    "Request": "_app",
    "Response": "_app",
    "VirtualClock": "_clock",
    "Backend": "_domain",
    "DEFAULT_API_KEY": "_emulator",
    "DEFAULT_API_SECRET": "_emulator",
    "DEFAULT_BASE_URL": "_emulator",
    "Emulator": "_emulator",
    "ConflictError": "_errors",
    "EmulatorError": "_errors",
    "InvalidInputError": "_errors",
    "NotFoundError": "_errors",
    "NotImplementedOperationError": "_errors",
    "FAULT_KINDS": "_faults",
    "Fault": "_faults",
    "FaultSet": "_faults",
    "EmulatorServer": "_server",
    "Settings": "_settings",
    "EmulatorTransport": "_transport",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use (keeps ``import fivetrex.emulator`` cheap)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
