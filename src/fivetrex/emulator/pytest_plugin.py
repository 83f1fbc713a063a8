"""pytest plugin for the fivetrex emulator (registered via the ``pytest11`` entry point).

Importing this module is cheap: the emulator itself is imported lazily inside
the fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fivetrex.emulator import Emulator

__all__ = ["fivetran_emulator"]


@pytest.fixture
def fivetran_emulator() -> Iterator[Emulator]:
    """A fresh, empty in-process :class:`fivetrex.emulator.Emulator` for one test."""
    from fivetrex.emulator import Emulator

    emu = Emulator()
    try:
        yield emu
    finally:
        emu.close()
