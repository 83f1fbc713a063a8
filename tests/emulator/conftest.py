"""Fixtures of the emulator tests: a fresh emulator with captured webhooks, raw httpx."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulator._emu_support import BASE, Captured
from fivetrex.emulator import Emulator


@pytest.fixture
def captured() -> Captured:
    """Webhook deliveries made by ``emu``."""
    return Captured()


@pytest.fixture
def emu(captured: Captured) -> Iterator[Emulator]:
    """A fresh, empty emulator whose webhooks are captured in-process."""
    emulator = Emulator(deliver=captured)
    yield emulator
    emulator.close()


@pytest.fixture
def http(emu: Emulator) -> Iterator[httpx.Client]:
    """A raw, authenticated httpx client on the in-process transport."""
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, auth=(emu.api_key, emu.api_secret)
    ) as client:
        yield client


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``schemathesis`` marker (the bounded fuzz run; CI runs it once)."""
    config.addinivalue_line(
        "markers", "schemathesis: the bounded schemathesis run over every operation"
    )
