"""The flow engine: one handler per effect, the operation named on every ``Send``."""

from __future__ import annotations

import inspect
import logging
from typing import Any

import httpx
import pytest

from _support import Recorder, make_client, ok, resolve
from fivetrex._flow import (
    HANDLERS,
    AsyncioDriver,
    BlockingDriver,
    Call,
    Gather,
    Now,
    Send,
    Sleep,
    WaitFor,
)

pytestmark = pytest.mark.anyio

EFFECTS = (Send, Sleep, Now, Call, WaitFor, Gather)


def test_every_effect_has_one_handler_in_each_driver() -> None:
    assert set(HANDLERS) == set(EFFECTS)
    blocking = BlockingDriver(None, sleep=lambda s: None, clock=lambda: 0.0)
    asyncio_driver = AsyncioDriver(None, sleep=lambda s: None, clock=lambda: 0.0)
    for effect, name in HANDLERS.items():
        assert blocking._handlers[effect] == getattr(blocking, name)
        assert asyncio_driver._handlers[effect] == getattr(asyncio_driver, name)
        assert inspect.iscoroutinefunction(getattr(AsyncioDriver, name)), name
        assert not inspect.iscoroutinefunction(getattr(BlockingDriver, name)), name


def test_an_unknown_effect_is_a_clear_error() -> None:
    driver = BlockingDriver(None, sleep=lambda s: None, clock=lambda: 0.0)
    with pytest.raises(TypeError, match="cannot perform"):
        driver.perform(object())


async def test_send_carries_the_operation_timeout_and_size_limit(mode: str) -> None:
    rec = Recorder(ok({"id": "g1", "name": "g1"}))
    client = make_client(mode, rec, timeout=7.0, max_response_bytes=4096)
    seen: list[Send] = []
    driver: Any = client._driver
    original = driver._handlers[Send]

    def spy(effect: Send) -> Any:
        seen.append(effect)
        return original(effect)

    driver._handlers[Send] = spy
    await resolve(client.groups.get("g1"))
    assert [(e.operation, e.timeout, e.max_bytes) for e in seen] == [("groups.get", 7.0, 4096)]
    assert isinstance(seen[0].request, httpx.Request)


async def test_the_operation_is_in_debug_logs(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(mode, Recorder(ok({"items": []})))
    with caplog.at_level(logging.DEBUG, logger="fivetrex"):
        await resolve(client.connections.list_all())
    assert "request GET /v1/connections (attempt 1) [connections.list_all]" in caplog.text


def test_former_driver_names_still_import() -> None:
    from fivetrex._flow import AsyncDriver, SyncDriver

    assert SyncDriver is BlockingDriver
    assert AsyncDriver is AsyncioDriver
