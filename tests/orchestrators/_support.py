"""What the orchestrator tests share."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fivetrex import Fivetrex
from fivetrex.emulator import Emulator, EmulatorServer

__all__ = ["Account", "run_docs_recipe", "when"]


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


def run_docs_recipe(page: Path, tmp_path: Path) -> str:
    """Run a guide page's last ``python`` block — a pytest module — with pytest in a fresh
    process, as a reader would in their project; return its output (it must pass)."""
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(), re.M | re.S)
    (tmp_path / "test_recipe.py").write_text(blocks[-1])
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_recipe.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
