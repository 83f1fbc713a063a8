"""Retries: the policy the clients apply to every request, and the seed's helpers.

The clients retry on their own (``max_retries``, on by default). For anything
else, :func:`with_retry` / :func:`with_retry_async` wrap a callable the way the
seed's ``Fivetrex.with_retry/2`` does.

What is retried: 429, 408, 5xx, connection errors and timeouts. What is never
retried: any other 4xx. A request that creates something (``POST /groups``...)
is retried only when the server cannot have acted on it: a 429, or a connection
that failed before the request was sent. So a retry never duplicates a group,
connection, destination or webhook.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any, TypeVar

from ._flow import AsyncioDriver, BlockingDriver, Call, Flow, Sleep
from .errors import APIConnectionError, APIError, InvalidArgumentError

__all__ = [
    "RetryPolicy",
    "calculate_delay",
    "default_retry_predicate",
    "parse_retry_after",
    "with_backoff",
    "with_retry",
    "with_retry_async",
]

T = TypeVar("T")


def is_retryable_status(status: int | None) -> bool:
    """408, 429 and every 5xx except 501 (Not Implemented) and 505 (HTTP Version)."""
    if status is None:
        return False
    return status in (408, 429) or (status >= 500 and status not in (501, 505))


#: The longest ``Retry-After`` :func:`with_retry` waits for when given no
#: ``max_retry_after`` (a day): a longer one is raised at once, never slept through.
ABSURD_RETRY_AFTER = 86400.0


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delta-seconds or an HTTP date.

    Args:
        value: The header value.
        now: The current Unix time, for HTTP dates (defaults to ``time.time()``).

    Returns:
        Seconds to wait, however long (a year, a date in 2099: what the server said;
        the policy decides whether to wait that long), or ``None`` if absent,
        unparsable, negative (a date in the past) or not finite: the client then falls
        back to its computed backoff. ``0`` is returned as ``0.0`` (the policy backs off
        anyway: never a tight loop).
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        current = time.time() if now is None else now
        seconds = when.timestamp() - current
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def default_retry_predicate(error: BaseException) -> bool:
    """The seed's default: retry rate limits, server errors, timeouts and connection errors.

    The same statuses as the clients retry: 408, 429 and every 5xx but 501 and 505. Not
    retried: unauthorized, forbidden, not found, bad request, conflict and unknown errors.
    """
    if isinstance(error, APIConnectionError):
        return True
    if isinstance(error, APIError):
        return is_retryable_status(error.status)
    return False


def calculate_delay(
    error: BaseException | None,
    attempt: int,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
    jitter: bool = False,
    *,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based).

    An error carrying a positive ``retry_after`` (a 429, or a 503 with ``Retry-After``)
    waits exactly that long. Otherwise
    exponential backoff: ``base_delay * 2 ** (attempt - 1)``, capped at ``max_delay``;
    with ``jitter`` the delay is scaled by a random factor in ``[0.75, 1.0]``.

    >>> from fivetrex.errors import ServerError, RateLimitedError
    >>> calculate_delay(ServerError("boom", status=500), 1)
    1.0
    >>> calculate_delay(ServerError("boom", status=500), 3)
    4.0
    >>> calculate_delay(RateLimitedError("slow down", status=429, retry_after=60), 1)
    60.0
    """
    if attempt < 1:
        raise ValueError(f"attempt must be >= 1, got {attempt}")
    if isinstance(error, APIError) and error.retry_after is not None and error.retry_after > 0:
        return float(error.retry_after)
    delay: float = min(float(max_delay), float(base_delay) * 2.0 ** (attempt - 1))
    if jitter:
        delay *= 1.0 - 0.25 * rng()
    return delay


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries failed requests.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        base_delay: First backoff delay in seconds; doubles per retry.
        max_delay: Cap on a backoff delay, in seconds.
        jitter: Scale backoff delays by a random factor in [0.75, 1.0].
        max_retry_after: The longest ``Retry-After`` the client will sleep for; a
            longer one, however long, raises the error at once (a
            :class:`~fivetrex.RateLimitedError` for a 429), with ``retry_after`` set to
            what the server asked, instead of stalling the caller.
    """

    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 30.0
    jitter: bool = False
    max_retry_after: float = 120.0
    rng: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        # InvalidArgumentError is a ValueError too: callers catching ValueError still do
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise InvalidArgumentError(f"max_retries must be an integer, got {self.max_retries!r}")
        if self.max_retries < 0:
            raise InvalidArgumentError(f"max_retries must be >= 0, got {self.max_retries}")
        for name in ("base_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise InvalidArgumentError(f"{name} must be a number >= 0, got {value!r}")

    def delay_for(self, error: APIError, retry_number: int, *, idempotent: bool) -> float | None:
        """Seconds to wait before retry ``retry_number`` (1-based), or ``None`` to give up.

        Args:
            error: What went wrong on the last attempt.
            retry_number: Which retry this would be.
            idempotent: Whether repeating the request is harmless. A request that is
                not (a create) is retried only if the server cannot have acted on it.
        """
        if retry_number > self.max_retries:
            return None
        if isinstance(error, APIConnectionError):
            if not idempotent and error.request_sent:
                return None
        elif not is_retryable_status(error.status) or (not idempotent and error.status != 429):
            return None
        if error.retry_after is not None and error.retry_after > 0:
            if error.retry_after > self.max_retry_after:
                return None
            return float(error.retry_after)
        # no usable Retry-After (absent, zero, garbage): the computed backoff, never 0s
        return calculate_delay(
            error, retry_number, self.base_delay, self.max_delay, self.jitter, rng=self.rng
        )


def _retry_flow(
    fn: Callable[[], Any],
    max_attempts: int,
    base_delay: float,
    max_delay: float,
    jitter: bool,
    retry_if: Callable[[BaseException], bool] | None,
    on_retry: Callable[[BaseException, int, float], Any] | None,
    max_retry_after: float | None,
) -> Flow[Any]:
    """The retry loop, written once for :func:`with_retry` and :func:`with_retry_async`.

    Takes their arguments (but ``sleep``) positionally, in the order they declare them.
    """
    predicate = retry_if or default_retry_predicate
    if max_attempts < 1:
        raise ValueError("max_attempts must be >= 1")
    attempt = 1
    while True:
        try:
            return (yield Call(fn))
        except Exception as error:
            if attempt >= max_attempts or not predicate(error):
                raise
            asked = error.retry_after if isinstance(error, APIError) else None
            ceiling = ABSURD_RETRY_AFTER if max_retry_after is None else max_retry_after
            if asked is not None and asked > ceiling:
                raise  # the server asked for a longer wait than the caller allows
            delay = calculate_delay(error, attempt, base_delay, max_delay, jitter)
            if on_retry is not None:
                yield Call(on_retry, (error, attempt, delay))
            yield Sleep(delay)
            attempt += 1


def with_retry(
    fn: Callable[[], T],
    *,
    max_attempts: int = 3,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
    jitter: bool = False,
    retry_if: Callable[[BaseException], bool] | None = None,
    on_retry: Callable[[BaseException, int, float], Any] | None = None,
    sleep: Callable[[float], Any] = time.sleep,
    max_retry_after: float | None = None,
) -> T:
    """Call ``fn`` until it succeeds, retrying transient errors with exponential backoff.

    Args:
        fn: A zero-argument callable.
        max_attempts: Total attempts, including the first.
        base_delay: First delay in seconds (doubles each retry).
        max_delay: Cap on a delay, in seconds.
        jitter: Randomise delays a little.
        retry_if: Decides whether an exception is retryable (default:
            :func:`default_retry_predicate`).
        on_retry: Called as ``on_retry(error, attempt, delay)`` before each wait.
        sleep: The sleep function (inject a fake in tests).
        max_retry_after: Raise at once instead of waiting when an error's
            ``retry_after`` is longer than this many seconds (``None``: wait up to
            :data:`ABSURD_RETRY_AFTER`, a day).

    Returns:
        What ``fn`` returned.

    Raises:
        Exception: The last exception, when attempts run out or it is not retryable.
    """
    flow = _retry_flow(
        fn, max_attempts, base_delay, max_delay, jitter, retry_if, on_retry, max_retry_after
    )
    return BlockingDriver(None, sleep=sleep, clock=time.monotonic).run(flow)  # type: ignore[no-any-return]


async def with_retry_async(
    fn: Callable[[], Awaitable[T]],
    *,
    max_attempts: int = 3,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
    jitter: bool = False,
    retry_if: Callable[[BaseException], bool] | None = None,
    on_retry: Callable[[BaseException, int, float], Any] | None = None,
    sleep: Callable[[float], Any] | None = None,
    max_retry_after: float | None = None,
) -> T:
    """The awaitable twin of :func:`with_retry`, for coroutine functions.

    ``fn`` is called afresh for every attempt (a coroutine cannot be awaited twice).
    ``on_retry`` and ``sleep`` may be sync or async functions. Same arguments as
    :func:`with_retry`.
    """
    import asyncio

    flow = _retry_flow(
        fn, max_attempts, base_delay, max_delay, jitter, retry_if, on_retry, max_retry_after
    )
    driver = AsyncioDriver(None, sleep=sleep or asyncio.sleep, clock=time.monotonic)
    result: T = await driver.run(flow)
    return result


#: The seed's other name for :func:`with_retry`.
with_backoff = with_retry
