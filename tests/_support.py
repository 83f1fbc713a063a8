"""Test helpers: a recording transport, sync/async-neutral call helpers, the dev scripts."""

from __future__ import annotations

import importlib.util
import inspect
import json
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx

from fivetrex import AsyncFivetrex, Fivetrex

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
KEY = "test-key"
SECRET = "test-secret-value-1234"


def fixture(name: str) -> Any:
    """Load a JSON payload from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text())


def connection_reply(**fields: Any) -> dict[str, Any]:
    """A connection as the API sends it (every field its spec requires), with ``fields`` over it."""
    reply: dict[str, Any] = {
        "id": "speak_inexpensive",
        "group_id": "projected_sickle",
        "service": "criteo",
        "service_version": 0,
        "schema": "criteo",
        "paused": False,
        "pause_after_trial": False,
        "connected_by": "interment_burdensome",
        "created_at": "2018-12-01T15:43:29.013729Z",
        "succeeded_at": None,
        "failed_at": None,
        "sync_frequency": 360,
        "schedule_type": "auto",
        "status": {
            "setup_state": "connected",
            "sync_state": "scheduled",
            "update_state": "on_schedule",
            "is_historical_sync": False,
            "tasks": [],
            "warnings": [],
        },
    }
    return reply | fields


def destination_reply(**fields: Any) -> dict[str, Any]:
    """A destination as the API sends it (every field its spec requires), ``fields`` over it."""
    reply: dict[str, Any] = {
        "id": "d",
        "group_id": "d",
        "service": "snowflake",
        "region": "GCP_US_EAST4",
        "time_zone_offset": "0",
        "setup_status": "connected",
        "config": {},
    }
    return reply | fields


def webhook_reply(**fields: Any) -> dict[str, Any]:
    """A webhook as the API sends it (every field its spec requires), with ``fields`` over it."""
    reply: dict[str, Any] = {
        "id": "w",
        "type": "account",
        "url": "https://example.com/hook",
        "events": ["sync_end"],
        "active": True,
        "secret": "******",
        "created_at": "2024-01-01T00:00:00Z",
        "created_by": "u",
    }
    return reply | fields


Reply = httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response]


def ok(data: Any = None, *, message: str | None = None, status: int = 200) -> httpx.Response:
    """A success envelope."""
    body: dict[str, Any] = {"code": "Success"}
    if message is not None:
        body["message"] = message
    if data is not None:
        body["data"] = data
    return httpx.Response(status, json=body)


def fail(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    """An error envelope."""
    return httpx.Response(status, json={"code": code, "message": message}, headers=headers)


class Recorder:
    """A transport handler that records requests and replays scripted replies.

    Replies are consumed in order; the last one repeats. A reply may be a response,
    an exception to raise, or a function of the request.
    """

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [ok({})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        # a fresh copy each time: a response object can only be consumed once
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    @property
    def last(self) -> httpx.Request:
        """The last request."""
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        """The JSON body of a request."""
        content = self.requests[index].content
        return json.loads(content) if content else None


class FakeSleep:
    """Records sleeps instead of sleeping (works for both clients)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class FakeClock:
    """A monotonic clock that moves only when the client sleeps (pass ``clock.sleep``)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_client(mode: str, recorder: Recorder, **options: Any) -> Fivetrex | AsyncFivetrex:
    """A client of the given mode ("sync"/"async") on a recording transport."""
    options.setdefault("api_key", KEY)
    options.setdefault("api_secret", SECRET)
    options.setdefault("sleep", FakeSleep())
    transport = httpx.MockTransport(recorder)
    if mode == "sync":
        return Fivetrex(http_client=httpx.Client(transport=transport), **options)
    return AsyncFivetrex(http_client=httpx.AsyncClient(transport=transport), **options)


async def resolve(value: Any) -> Any:
    """Await ``value`` if it is awaitable (so one test body serves both clients)."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(iterator: Any, limit: int | None = None) -> list[Any]:
    """Collect a sync or async iterator into a list (optionally only ``limit`` items)."""
    items: list[Any] = []
    if hasattr(iterator, "__aiter__"):
        async for item in iterator:
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
        return items
    for item in iterator:
        items.append(item)
        if limit is not None and len(items) >= limit:
            break
    return items


def paths(requests: Iterable[httpx.Request]) -> list[str]:
    """``METHOD raw-path`` of each request."""
    return [f"{r.method} {r.url.raw_path.decode()}" for r in requests]


def load_script(name: str) -> types.ModuleType:
    """Import ``scripts/<name>.py`` (dev tooling, not in the package), once per session."""
    qualified = f"_fivetrex_scripts_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
