"""``fivetrex demo``: a guided tour against the built-in emulator (work in progress)."""

from __future__ import annotations

import click

__all__ = ["run_demo", "serve_demo"]


def run_demo() -> None:
    """Walk the main flows against an in-process emulator."""
    raise click.ClickException("the demo needs fivetrex.emulator.Emulator, which is not ready yet")


def serve_demo(*, port: int = 0) -> None:
    """Run an emulator server on loopback until Ctrl-C."""
    raise click.ClickException("the demo needs fivetrex.emulator.Emulator, which is not ready yet")
