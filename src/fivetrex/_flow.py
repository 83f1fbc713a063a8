"""Effects and their two drivers: the seam that keeps sync and async code single.

Every piece of client logic (an API call with its retries, a paginated walk, a
wait-for-sync loop) is written once as a generator that *yields effects*:
``Send`` a request, ``Sleep``, read the clock (``Now``), ``Call`` a user function,
or ``Emit`` an item to the consumer. A driver performs each effect and sends the
result back in. :class:`SyncDriver` performs them with blocking calls,
:class:`AsyncDriver` with ``await``; nothing else differs between ``Fivetrex`` and
``AsyncFivetrex``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

__all__ = [
    "AsyncDriver",
    "Call",
    "Emit",
    "Flow",
    "ItemFlow",
    "Now",
    "Send",
    "Sleep",
    "SyncDriver",
]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Send:
    """Send one HTTP request over the client's transport; resumes with the response."""

    request: httpx.Request


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
class Emit(Generic[T]):
    """Hand one item to the consumer of an item flow (a ``stream``)."""

    item: T


#: A flow that computes a ``T``.
Flow = Generator[Any, Any, T]
#: A flow that emits items (``Emit``) and returns nothing.
ItemFlow = Generator[Any, Any, None]


class SyncDriver:
    """Performs effects with blocking calls."""

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

    def perform(self, effect: Any) -> Any:
        """Perform one effect and return what the flow should be resumed with."""
        if isinstance(effect, Send):
            assert self.http is not None, "this driver has no HTTP client"
            return self.http.send(effect.request)
        if isinstance(effect, Sleep):
            self.sleep(effect.seconds)
            return None
        if isinstance(effect, Now):
            return self.clock()
        if isinstance(effect, Call):
            return effect.fn(*effect.args)
        raise TypeError(f"cannot perform {effect!r} outside a stream")

    def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its value."""
        send_value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = flow.throw(error) if error is not None else flow.send(send_value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            error = None
            try:
                send_value = self.perform(effect)
            except Exception as exc:  # handed to the flow, which decides
                send_value, error = None, exc

    def iterate(self, flow: ItemFlow) -> Iterator[Any]:
        """Drive an item flow lazily: effects run only as items are consumed."""
        send_value: Any = None
        error: BaseException | None = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(send_value)
                except StopIteration:
                    return
                error = None
                if isinstance(effect, Emit):
                    send_value = None
                    yield effect.item
                    continue
                try:
                    send_value = self.perform(effect)
                except Exception as exc:
                    send_value, error = None, exc
        finally:
            flow.close()


class AsyncDriver:
    """Performs effects with ``await``."""

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

    async def perform(self, effect: Any) -> Any:
        """Perform one effect and return what the flow should be resumed with."""
        if isinstance(effect, Send):
            assert self.http is not None, "this driver has no HTTP client"
            return await self.http.send(effect.request)
        if isinstance(effect, Sleep):
            result = self.sleep(effect.seconds)
            if inspect.isawaitable(result):
                await result
            return None
        if isinstance(effect, Now):
            return self.clock()
        if isinstance(effect, Call):
            result = effect.fn(*effect.args)
            if inspect.isawaitable(result):
                result = await result
            return result
        raise TypeError(f"cannot perform {effect!r} outside a stream")

    async def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its value."""
        send_value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = flow.throw(error) if error is not None else flow.send(send_value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            error = None
            try:
                send_value = await self.perform(effect)
            except Exception as exc:
                send_value, error = None, exc

    async def iterate(self, flow: ItemFlow) -> AsyncIterator[Any]:
        """Drive an item flow lazily as an async iterator."""
        send_value: Any = None
        error: BaseException | None = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(send_value)
                except StopIteration:
                    return
                error = None
                if isinstance(effect, Emit):
                    send_value = None
                    yield effect.item
                    continue
                try:
                    send_value = await self.perform(effect)
                except Exception as exc:
                    send_value, error = None, exc
        finally:
            flow.close()
