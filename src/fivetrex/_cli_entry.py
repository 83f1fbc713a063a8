"""The ``fivetrex`` console script: a clear message when the ``cli`` extra is missing.

``fivetrex --version`` is answered here, before click is even imported (``import
fivetrex`` itself is lazy), so it costs little more than starting the interpreter.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or explain how to install it."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        from ._version import __version__

        sys.stdout.write(f"fivetrex, version {__version__}\n")  # what click's option prints
        return 0
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
    return cli_main(args)
