"""The ``fivetrex`` command line (needs the ``cli`` extra: ``pip install 'fivetrex[cli]'``).

Every command is derived from the client's operation declarations::

    fivetrex groups list
    fivetrex connections list GROUP_ID -o json --fields id,status.sync_state
    fivetrex connections sync ID --wait --timeout 3600
    fivetrex connections schema ID
    fivetrex webhooks create-account --url URL --event sync_end --event sync_start

``import fivetrex`` never imports this package (nor click or rich), and importing
it costs click and little else: the resource groups are built when they are used
(``fivetrex --version`` and ``fivetrex --help`` stay fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._errors import EXIT_CODES
from ._root import BUILTIN_COMMANDS, RootGroup, lazy_root
from ._state import CliState

if TYPE_CHECKING:
    from ._app import (
        ALIASES,
        EXCLUDED,
        EXTENSIONS,
        Extension,
        Invocation,
        build_cli,
        command_index,
    )

__all__ = [
    "ALIASES",
    "BUILTIN_COMMANDS",
    "EXCLUDED",
    "EXIT_CODES",
    "EXTENSIONS",
    "CliState",
    "Extension",
    "Invocation",
    "RootGroup",
    "build_cli",
    "cli",
    "command_index",
    "main",
]

#: The ``fivetrex`` click group (resource groups are built on first use).
cli: RootGroup = lazy_root()

_FROM_APP = frozenset(
    {"ALIASES", "EXCLUDED", "EXTENSIONS", "Extension", "Invocation", "build_cli", "command_index"}
)


def __getattr__(name: str) -> Any:
    if name in _FROM_APP:
        value = getattr(importlib.import_module(f"{__name__}._app"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (the ``fivetrex`` console script); returns the exit status."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="fivetrex")
    except SystemExit as exit_:
        code = exit_.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    return 0
