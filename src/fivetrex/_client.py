"""``Fivetrex`` and ``AsyncFivetrex``: options, lifecycle and the resource namespaces."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from ._flow import AsyncDriver, Flow, SyncDriver
from ._http import DEFAULT_BASE_URL, APIRequest, HttpCore, Secret
from ._logs import setup_from_env
from ._operation import AsyncMode, SyncMode, flow
from ._resources import ResourceNamespaces
from ._throttle import RateLimit, Throttle
from .errors import ConfigurationError
from .retry import RetryPolicy

__all__ = ["DEFAULT_TIMEOUT", "AsyncFivetrex", "BaseClient", "Fivetrex"]

M = TypeVar("M")
H = TypeVar("H", httpx.Client, httpx.AsyncClient)

#: Default per-request timeout in seconds.
DEFAULT_TIMEOUT = 60.0

# The endpoints whose spec default is ``Accept: application/json;version=2``.
_VERSIONED = re.compile(
    r"^/(connections|connectors|destinations)(/[^/]+(/(connect-card|resync|state|sync|test|force))?)?/?$"
)


def _versioned(path: str) -> bool:
    bare = path if path.startswith("/") else "/" + path
    if bare.startswith("/v1/"):
        bare = bare[3:]
    return bool(_VERSIONED.match(bare.split("?", 1)[0]))


class BaseClient(ResourceNamespaces[M], Generic[M, H]):
    """What the blocking and the asyncio client share: options, resources, raw calls.

    Not used directly: use :class:`Fivetrex` or :class:`AsyncFivetrex`.
    """

    _is_async: ClassVar[bool] = False
    _driver: Any

    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: H | None = None,
        default_headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] | None = None,
        rate_limit: RateLimit | Throttle | str | int | None = None,
    ) -> None:
        setup_from_env()
        key = api_key if api_key is not None else os.environ.get("FIVETRAN_API_KEY")
        secret = api_secret if api_secret is not None else os.environ.get("FIVETRAN_API_SECRET")
        missing = [name for name, value in (("api_key", key), ("api_secret", secret)) if not value]
        if missing:
            raise ConfigurationError(
                f"missing {' and '.join(missing)}: pass "
                f"{', '.join(f'{m}=...' for m in missing)} to {type(self).__name__}(), or set "
                + " and ".join(f"FIVETRAN_{m.upper()}" for m in missing)
                + " in the environment"
            )
        assert key is not None
        assert secret is not None
        url = base_url or os.environ.get("FIVETRAN_BASE_URL") or DEFAULT_BASE_URL
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}")
        policy = retry_policy or RetryPolicy()
        if max_retries is not None:
            policy = RetryPolicy(
                max_retries=max_retries,
                base_delay=policy.base_delay,
                max_delay=policy.max_delay,
                jitter=policy.jitter,
                max_retry_after=policy.max_retry_after,
                rng=policy.rng,
            )
        throttle = (
            rate_limit
            if isinstance(rate_limit, Throttle) or rate_limit is None
            else Throttle(RateLimit.parse(rate_limit))
        )
        self._core = HttpCore(
            api_key=key,
            api_secret=Secret(secret),
            base_url=url.rstrip("/"),
            timeout=timeout,
            retry=policy,
            default_headers=dict(default_headers or {}),
            throttle=throttle,
        )
        self._client = self
        self._options: dict[str, Any] = {
            "api_key": key,
            "api_secret": secret,
            "base_url": url,
            "timeout": timeout,
            "retry_policy": policy,
            "default_headers": dict(default_headers or {}),
            "sleep": sleep,
            "clock": clock,
            "rate_limit": throttle,
        }
        self._owns_http = http_client is None
        self._http: H = http_client if http_client is not None else self._default_http_client()
        self._driver = self._make_driver(self._http, sleep, clock or time.monotonic)

    # -- hooks for the two concrete clients
    def _default_http_client(self) -> H:
        raise NotImplementedError

    def _make_driver(self, http: Any, sleep: Any, clock: Callable[[], float]) -> Any:
        raise NotImplementedError

    # -- configuration
    @property
    def base_url(self) -> str:
        """The API base URL, e.g. ``https://api.fivetran.com/v1``."""
        return self._core.base_url

    @property
    def api_key(self) -> str:
        """The API key (the secret is never exposed)."""
        return self._core.api_key

    @property
    def timeout(self) -> float | None:
        """The per-request timeout in seconds."""
        return self._core.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried."""
        return self._core.retry.max_retries

    @property
    def retry_policy(self) -> RetryPolicy:
        """The full retry policy."""
        return self._core.retry

    @property
    def http_client(self) -> H:
        """The underlying ``httpx`` client."""
        return self._http

    def with_options(self, **overrides: Any) -> Any:
        """A copy with some options changed, sharing this client's connection pool.

        Accepts the constructor's keyword options (``timeout``, ``max_retries``...).
        """
        unknown = set(overrides) - set(self._options) - {"max_retries", "http_client"}
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        options = {**self._options, **overrides}
        # share the pool unless another client (or None: a fresh, owned pool) is given;
        # a copy never closes a pool it did not create
        options.setdefault("http_client", self._http)
        return type(self)(**options)

    copy = with_options

    def __repr__(self) -> str:
        key = self._core.api_key
        shown = key[:4] + "…" if len(key) > 4 else "…"
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={shown!r})"

    # -- the low-level escape hatch
    @flow()
    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Flow[Any]:
        """``GET path`` (relative to the base URL); returns the unwrapped ``data``."""
        response = yield from self._core.call(
            APIRequest("GET", path, params=params, versioned=_versioned(path))
        )
        return response.data

    @flow()
    def post(self, path: str, *, json: Any = None) -> Flow[Any]:
        """``POST path`` with a JSON body; returns the unwrapped ``data``.

        Treated as a create: retried only when the server cannot have acted on it.
        """
        response = yield from self._core.call(
            APIRequest(
                "POST",
                path,
                json={} if json is None else json,
                versioned=_versioned(path),
                idempotent=False,
            )
        )
        return response.data

    @flow()
    def patch(self, path: str, *, json: Any = None) -> Flow[Any]:
        """``PATCH path`` with a JSON body; returns the unwrapped ``data``."""
        response = yield from self._core.call(
            APIRequest("PATCH", path, json={} if json is None else json, versioned=_versioned(path))
        )
        return response.data

    @flow()
    def delete(self, path: str) -> Flow[Any]:
        """``DELETE path``; returns the unwrapped ``data`` (usually ``None``)."""
        response = yield from self._core.call(
            APIRequest("DELETE", path, versioned=_versioned(path))
        )
        return response.data


class Fivetrex(BaseClient[SyncMode, httpx.Client]):
    """The Fivetran API client (blocking).

    Args:
        api_key: API key; defaults to ``$FIVETRAN_API_KEY``.
        api_secret: API secret; defaults to ``$FIVETRAN_API_SECRET``. Never shown in
            ``repr``, logs or errors.
        base_url: Defaults to ``$FIVETRAN_BASE_URL`` or ``https://api.fivetran.com/v1``.
        timeout: Per-request timeout in seconds (``None``: no timeout).
        max_retries: Retries of a failed request (default 3; 0 disables).
        retry_policy: Full control of backoff, jitter and the ``Retry-After`` ceiling.
        http_client: An ``httpx.Client`` to use (any transport can be plugged in).
        default_headers: Headers added to every request.
        sleep: The sleep function used between retries (inject a fake in tests).
        clock: A monotonic clock (inject a fake in tests).
        rate_limit: Client-side throttling (off by default): ``"standard"``, ``"trial"``,
            requests per hour, or a :class:`~fivetrex.RateLimit`. Shared by every
            concurrent call of this client and its ``with_options`` copies.

    Example:
        >>> with Fivetrex(api_key="key", api_secret="secret") as client:  # doctest: +SKIP
        ...     for group in client.groups.stream():
        ...         print(group.name)
    """

    _is_async = False

    def _default_http_client(self) -> httpx.Client:
        return httpx.Client(follow_redirects=False)

    def _make_driver(self, http: Any, sleep: Any, clock: Callable[[], float]) -> SyncDriver:
        return SyncDriver(http, sleep=sleep or time.sleep, clock=clock)

    def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Fivetrex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def with_options(self, **overrides: Any) -> Fivetrex:
        """A copy with some options changed, sharing this client's connection pool."""
        return super().with_options(**overrides)  # type: ignore[no-any-return]

    copy = with_options


class AsyncFivetrex(BaseClient[AsyncMode, httpx.AsyncClient]):
    """The Fivetran API client for asyncio: every method is awaitable.

    Takes the same options as :class:`Fivetrex`; ``http_client`` is an
    ``httpx.AsyncClient`` and ``sleep`` may be a coroutine function.
    """

    _is_async = True

    def _default_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(follow_redirects=False)

    def _make_driver(self, http: Any, sleep: Any, clock: Callable[[], float]) -> AsyncDriver:
        import asyncio  # here, not at the top: the blocking client never needs it

        return AsyncDriver(http, sleep=sleep or asyncio.sleep, clock=clock)

    async def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> AsyncFivetrex:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def with_options(self, **overrides: Any) -> AsyncFivetrex:
        """A copy with some options changed, sharing this client's connection pool."""
        return super().with_options(**overrides)  # type: ignore[no-any-return]

    copy = with_options
