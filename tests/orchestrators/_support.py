"""What the orchestrator tests share."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fivetrex import Fivetrex
from fivetrex.emulator import Emulator, EmulatorServer

__all__ = ["Account", "when"]


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

    def sync_state(self) -> str | None:
        """The connection's ``sync_state`` now (read in-process, not over the socket)."""
        with self.emulator.client() as client:
            return client.connections.get(self.connection_id).status.sync_state

    def pause(self) -> None:
        """Pause the connection (as someone in the dashboard would)."""
        with self.emulator.client() as client:
            client.connections.pause(self.connection_id)


@contextmanager
def when(condition: Callable[[], bool], action: Callable[[], object]) -> Iterator[None]:
    """Run ``action`` once ``condition`` holds, from a helper thread (bounded: 60 s)."""
    done = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + 60
        while not done.is_set() and time.monotonic() < deadline:
            if condition():
                action()
                return
            time.sleep(0.005)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(5)
