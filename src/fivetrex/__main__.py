"""``python -m fivetrex``: the command line (needs the ``cli`` extra)."""

from __future__ import annotations

import sys

__all__: list[str] = []


def _run() -> int:
    try:
        from fivetrex.cli import main
    except ImportError as error:  # click or rich missing
        print(
            f"fivetrex: the command line needs the 'cli' extra ({error.name or error} is missing): "
            "pip install 'fivetrex[cli]'",
            file=sys.stderr,
        )
        return 1
    return main()


if __name__ == "__main__":
    sys.exit(_run())
