"""``fivetrex emulator ...``: hand over to the emulator package's server entry point."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

import click

__all__ = ["find_server_main", "run_emulator_server"]

_CANDIDATES = ("fivetrex.emulator", "fivetrex.emulator._server", "fivetrex.emulator.__main__")


def find_server_main() -> Callable[..., Any] | None:
    """The emulator's ``main(argv)`` if the installed emulator has one."""
    for module_name in _CANDIDATES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        main = getattr(module, "main", None)
        if callable(main):
            return main  # type: ignore[no-any-return]
    return None


def run_emulator_server(argv: Sequence[str]) -> int:
    """Run the emulator server with ``argv``; its exit status."""
    main = find_server_main()
    if main is None:
        raise click.ClickException(
            "this version of fivetrex has no emulator server (fivetrex.emulator has no main())"
        )
    result = main(list(argv))
    return result if isinstance(result, int) else 0
