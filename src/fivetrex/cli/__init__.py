"""The ``fivetrex`` command line (needs the ``cli`` extra: ``pip install 'fivetrex[cli]'``).

Every command is derived from the client's operation declarations::

    fivetrex groups list
    fivetrex connections list GROUP_ID -o json --fields id,status.sync_state
    fivetrex connections sync ID --wait --timeout 3600
    fivetrex connections schema ID
    fivetrex webhooks create-account --url URL --event sync_end --event sync_start

``import fivetrex`` never imports this package (nor click or rich).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._app import (
    ALIASES,
    BUILTIN_COMMANDS,
    EXCLUDED,
    EXTENSIONS,
    CliState,
    Extension,
    Invocation,
    build_cli,
    command_index,
)
from ._errors import EXIT_CODES

__all__ = [
    "ALIASES",
    "BUILTIN_COMMANDS",
    "EXCLUDED",
    "EXIT_CODES",
    "EXTENSIONS",
    "CliState",
    "Extension",
    "Invocation",
    "build_cli",
    "cli",
    "command_index",
    "main",
]

#: The ``fivetrex`` click group.
cli = build_cli()


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
