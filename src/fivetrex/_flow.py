"""Effects and their two drivers: the seam that keeps sync and async code single.

Every piece of client logic (an API call with its retries, a paginated walk, a
wait-for-sync loop) is written once as a generator that *yields effects*:
``Send`` a request, ``Sleep``, read the clock (``Now``), ``Call`` a user function,
or ``Emit`` an item to the consumer. A driver performs each effect and sends the
result back in. :class:`BlockingDriver` performs them with blocking calls,
:class:`AsyncioDriver` with ``await``; nothing else differs between ``Fivetrex`` and
``AsyncFivetrex``. Each driver has one handler per effect type (its ``_handlers``
table): a breakpoint in ``BlockingDriver._send`` sees every request, with
``effect.operation`` naming the declared operation that sent it.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ._wire import send_async, send_blocking

__all__ = [
    "AsyncDriver",
    "AsyncioDriver",
    "BlockingDriver",
    "Call",
    "Emit",
    "Flow",
    "Gather",
    "ItemFlow",
    "Now",
    "Outcome",
    "Send",
    "Sleep",
    "SyncDriver",
    "WaitFor",
]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Send:
    """Send one HTTP request over the client's transport; resumes with the response.

    Attributes:
        request: The request.
        timeout: Seconds the whole exchange may take (connect to the last body byte);
            ``None``: unbounded.
        max_bytes: The most decoded body bytes accepted (``None``: no limit).
        operation: The declared operation sending it (e.g. ``"connections.get"``).
    """

    request: httpx.Request
    timeout: float | None = None
    max_bytes: int | None = None
    operation: str | None = None


@dataclass(frozen=True)
class Sleep:
    """Wait ``seconds`` with the client's (injectable) sleep."""

    seconds: float


@dataclass(frozen=True)
class Now:
    """Read the client's (injectable) monotonic clock; resumes with a float."""


@dataclass(frozen=True)
class Call:
    """Call a user function (awaiting its result if it is awaitable)."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class WaitFor:
    """Wait up to ``seconds`` for ``source`` to signal ``key``; resumes with a bool.

    ``source`` has ``wait(key, marker, timeout) -> bool`` for the blocking driver and
    ``wait_async(key, marker, timeout) -> bool`` for the asyncio driver.
    """

    source: Any
    key: Any
    marker: Any
    seconds: float


@dataclass(frozen=True)
class Gather:
    r"""Run several flows, at most ``concurrency`` at a time; resumes with a list of
    ``Outcome``\ s in input order. One flow's failure never stops the others.

    The blocking driver runs them one after another; the asyncio driver runs them
    concurrently.
    """

    flows: tuple[Any, ...]
    concurrency: int = 8


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of one flow of a :class:`Gather`: a value or an exception."""

    value: T | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """Whether the flow succeeded."""
        return self.error is None


@dataclass(frozen=True)
class Emit(Generic[T]):
    """Hand one item to the consumer of an item flow (a ``stream``)."""

    item: T


#: A flow that computes a ``T``.
Flow = Generator[Any, Any, T]
#: A flow that emits items (``Emit``) and returns nothing.
ItemFlow = Generator[Any, Any, None]


#: Effect type -> the name of the driver method performing it (both drivers have each).
HANDLERS: dict[type, str] = {
    Send: "_send",
    Sleep: "_sleep",
    Now: "_now",
    Call: "_call",
    WaitFor: "_wait_for",
    Gather: "_gather",
}


def _handlers(driver: object) -> dict[type, Any]:
    return {kind: getattr(driver, name) for kind, name in HANDLERS.items()}


class BlockingDriver:
    """Performs effects with blocking calls: one handler per effect type."""

    def __init__(
        self,
        http: httpx.Client | None,
        *,
        sleep: Callable[[float], Any],
        clock: Callable[[], float],
    ) -> None:
        self.http = http
        self.sleep = sleep
        self.clock = clock
        self._handlers: dict[type, Callable[[Any], Any]] = _handlers(self)

    def perform(self, effect: Any) -> Any:
        """Perform one effect and return what the flow should be resumed with."""
        handler = self._handlers.get(type(effect))
        if handler is None:
            raise TypeError(f"cannot perform {effect!r} outside a stream")
        return handler(effect)

    def _send(self, effect: Send) -> httpx.Response:
        assert self.http is not None, "this driver has no HTTP client"
        return send_blocking(
            self.http, effect.request, effect.timeout, effect.max_bytes, effect.operation
        )

    def _sleep(self, effect: Sleep) -> None:
        self.sleep(effect.seconds)

    def _now(self, effect: Now) -> float:
        return self.clock()

    def _call(self, effect: Call) -> Any:
        result = effect.fn(*effect.args)
        if inspect.isawaitable(result):
            close = getattr(result, "close", None)
            if close is not None:
                close()
            raise TypeError(
                f"{getattr(effect.fn, '__name__', effect.fn)!r} returned an awaitable: "
                "async callbacks need AsyncFivetrex"
            )
        return result

    def _wait_for(self, effect: WaitFor) -> bool:
        return bool(effect.source.wait(effect.key, effect.marker, effect.seconds))

    def _gather(self, effect: Gather) -> list[Outcome[Any]]:
        outcomes: list[Outcome[Any]] = []
        for flow in effect.flows:
            try:
                outcomes.append(Outcome(value=self.run(flow)))
            except Exception as exc:
                outcomes.append(Outcome(error=exc))
        return outcomes

    def _attempt(self, effect: Any) -> tuple[Any, BaseException | None]:
        try:
            return self.perform(effect), None
        except Exception as exc:  # handed to the flow, which decides
            return None, exc

    def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its value."""
        cursor = _Cursor(flow)
        while not cursor.done:
            cursor.resume(self._attempt(cursor.effect))
        return cursor.result  # type: ignore[no-any-return]

    def iterate(self, flow: ItemFlow) -> Iterator[Any]:
        """Drive an item flow lazily: effects run only as items are consumed."""
        try:
            cursor = _Cursor(flow)
            while not cursor.done:
                if isinstance(cursor.effect, Emit):
                    yield cursor.effect.item
                    cursor.resume(_NOTHING)
                else:
                    cursor.resume(self._attempt(cursor.effect))
        finally:
            flow.close()


class AsyncioDriver:
    """Performs effects with ``await``: one handler per effect type."""

    def __init__(
        self,
        http: httpx.AsyncClient | None,
        *,
        sleep: Callable[[float], Awaitable[Any] | Any],
        clock: Callable[[], float],
    ) -> None:
        self.http = http
        self.sleep = sleep
        self.clock = clock
        self._handlers: dict[type, Callable[[Any], Awaitable[Any]]] = _handlers(self)

    async def perform(self, effect: Any) -> Any:
        """Perform one effect and return what the flow should be resumed with."""
        handler = self._handlers.get(type(effect))
        if handler is None:
            raise TypeError(f"cannot perform {effect!r} outside a stream")
        return await handler(effect)

    async def _send(self, effect: Send) -> httpx.Response:
        assert self.http is not None, "this driver has no HTTP client"
        return await send_async(
            self.http, effect.request, effect.timeout, effect.max_bytes, effect.operation
        )

    async def _sleep(self, effect: Sleep) -> None:
        result = self.sleep(effect.seconds)
        if inspect.isawaitable(result):
            await result

    async def _now(self, effect: Now) -> float:
        return self.clock()

    async def _call(self, effect: Call) -> Any:
        result = effect.fn(*effect.args)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _wait_for(self, effect: WaitFor) -> bool:
        return bool(await effect.source.wait_async(effect.key, effect.marker, effect.seconds))

    async def _gather(self, effect: Gather) -> list[Outcome[Any]]:
        import asyncio

        # a fixed pool of workers pulling from one iterator: no task per item
        outcomes: list[Outcome[Any]] = [Outcome() for _ in effect.flows]
        queue = iter(enumerate(effect.flows))

        async def worker() -> None:
            for index, flow in queue:
                try:
                    outcomes[index] = Outcome(value=await self.run(flow))
                except Exception as exc:
                    outcomes[index] = Outcome(error=exc)

        workers = min(max(1, effect.concurrency), len(effect.flows))
        await asyncio.gather(*(worker() for _ in range(workers)))
        return outcomes

    async def _attempt(self, effect: Any) -> tuple[Any, BaseException | None]:
        try:
            return await self.perform(effect), None
        except Exception as exc:  # handed to the flow, which decides
            return None, exc

    async def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its value."""
        cursor = _Cursor(flow)
        while not cursor.done:
            cursor.resume(await self._attempt(cursor.effect))
        return cursor.result  # type: ignore[no-any-return]

    async def iterate(self, flow: ItemFlow) -> AsyncIterator[Any]:
        """Drive an item flow lazily as an async iterator."""
        try:
            cursor = _Cursor(flow)
            while not cursor.done:
                if isinstance(cursor.effect, Emit):
                    yield cursor.effect.item
                    cursor.resume(_NOTHING)
                else:
                    cursor.resume(await self._attempt(cursor.effect))
        finally:
            flow.close()


#: Former names (kept for code written against them).
SyncDriver = BlockingDriver
AsyncDriver = AsyncioDriver


#: What a flow is resumed with when its effect had no result (``Emit``, the start).
_NOTHING: tuple[Any, BaseException | None] = (None, None)


class _Cursor:
    """Where a driver is in one flow: the effect the flow waits on, or its result.

    Both drivers step every flow through one of these; all they add is how an
    effect is performed (a blocking call or an ``await``).
    """

    __slots__ = ("done", "effect", "flow", "result")

    def __init__(self, flow: Generator[Any, Any, Any]) -> None:
        self.flow = flow
        self.done = False
        self.effect: Any = None
        self.result: Any = None
        self.resume(_NOTHING)

    def resume(self, outcome: tuple[Any, BaseException | None]) -> None:
        """Send the flow a value, or throw it an error; note its next effect or its result."""
        value, error = outcome
        try:
            self.effect = self.flow.throw(error) if error is not None else self.flow.send(value)
        except StopIteration as stop:
            self.done, self.effect, self.result = True, None, stop.value
