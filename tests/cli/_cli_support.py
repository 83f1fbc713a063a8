"""Helpers of the CLI tests: run ``fivetrex`` in-process against an emulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from click.testing import CliRunner, Result

from fivetrex import Fivetrex
from fivetrex.cli import CliState, cli
from fivetrex.emulator import Emulator

__all__ = ["SECRET", "Harness", "Recorder", "first_connection", "first_group"]

SECRET = "sEcReT-9f2c-CANARY-7d1e"


class Recorder(httpx.BaseTransport):
    """Delegates to another transport and records every request."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)


@dataclass
class Harness:
    """Runs ``fivetrex ARGS`` in-process against one emulator."""

    emu: Emulator
    recorder: Recorder
    clients: list[Fivetrex] = field(default_factory=list)

    def factory(self, **options: Any) -> Fivetrex:
        """Build the client the way the CLI asks, on the emulator's transport.

        The emulator's virtual clock drives waits: sleeping advances it.
        """
        options.setdefault("base_url", self.emu.base_url)
        client = Fivetrex(
            **options,
            http_client=httpx.Client(transport=self.recorder),
            sleep=self.emu.advance,
            clock=lambda: self.emu.clock.now().timestamp(),
        )
        self.clients.append(client)
        return client

    def run(
        self,
        *args: str,
        input: str | bytes | None = None,
        interactive: bool | None = None,
        progress: bool | None = None,
        credentials: bool = True,
        env: dict[str, str] | None = None,
    ) -> Result:
        """``fivetrex [--api-key K --api-secret S] ARGS``."""
        state = CliState(client_factory=self.factory, interactive=interactive, progress=progress)
        prefix = ["--api-key", self.emu.api_key, "--api-secret", self.emu.api_secret]
        argv = [*(prefix if credentials else []), *args]
        return CliRunner().invoke(cli, argv, obj=state, input=input, env=env)

    @property
    def sent(self) -> list[str]:
        """``METHOD /path`` of every request so far."""
        return [f"{r.method} {r.url.path}" for r in self.recorder.requests]


def first_group(emu: Emulator) -> str:
    """The id of the first group of the demo data."""
    with emu.client() as client:
        return next(iter(client.groups.stream())).id or ""


def first_connection(emu: Emulator, group_id: str | None = None) -> str:
    """The id of a healthy (scheduled, not paused) connection of the demo data."""
    with emu.client() as client:
        gid = group_id or first_group(emu)
        for connection in client.connections.stream(gid):
            if connection.status.sync_state == "scheduled" and not connection.paused:
                return connection.id or ""
    raise AssertionError("no scheduled connection in the demo data")
