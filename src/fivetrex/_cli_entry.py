"""The ``fivetrex`` console script: a clear message when the ``cli`` extra is missing."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Run the command line, or explain how to install it."""
    try:
        from .cli import main as cli_main
    except ModuleNotFoundError as error:
        if error.name not in ("click", "rich"):
            raise
        sys.stderr.write(
            "fivetrex: the command line needs the 'cli' extra "
            "(click and rich): pip install 'fivetrex[cli]'\n"
        )
        return 1
    return cli_main()
