"""``python -m fivetrex``: the command line (needs the ``cli`` extra)."""

from __future__ import annotations

import sys

from fivetrex._cli_entry import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
