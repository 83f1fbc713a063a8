"""What the orchestrator tests share."""

from __future__ import annotations

from dataclasses import dataclass

from fivetrex import Fivetrex
from fivetrex.emulator import Emulator, EmulatorServer

__all__ = ["Account"]


@dataclass
class Account:
    """An emulated Fivetran account served on loopback, with one connection."""

    emulator: Emulator
    server: EmulatorServer
    client: Fivetrex  # in-process, for setup and inspection
    group_id: str
    connection_id: str

    def script(self, outcome: str = "success", *, polls: int = 2, **options: object) -> None:
        """Decide how the next sync of the connection ends (after ``polls`` status reads)."""
        self.emulator.set_sync_outcome(
            self.connection_id,
            outcome,
            polls=polls,
            **options,  # type: ignore[arg-type]
        )
