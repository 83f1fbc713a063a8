"""``Fivetrex`` and ``AsyncFivetrex``: options, lifecycle and the resource namespaces."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from typing_extensions import Self

from ._flow import AsyncioDriver, BlockingDriver
from ._generated.client import AsyncClientMethods, BlockingClientMethods
from ._http import DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, HttpCore, Secret
from ._logs import setup_from_env
from ._public import exported_from_fivetrex
from ._throttle import RateLimit, Throttle
from ._wire import install_deadlines
from .errors import ConfigurationError
from .retry import RetryPolicy

__all__ = ["DEFAULT_TIMEOUT", "AsyncFivetrex", "BaseClient", "Fivetrex"]

H = TypeVar("H", httpx.Client, httpx.AsyncClient)
D = TypeVar("D", BlockingDriver, AsyncioDriver)

#: Default per-request timeout in seconds.
DEFAULT_TIMEOUT = 60.0


def _credentials(
    api_key: str | None, api_secret: str | Secret | None, client: str
) -> tuple[str, str]:
    """The key and secret, from the arguments or the environment (or a clear error)."""
    key = api_key if api_key is not None else os.environ.get("FIVETRAN_API_KEY")
    given = api_secret.get() if isinstance(api_secret, Secret) else api_secret
    secret = given if given is not None else os.environ.get("FIVETRAN_API_SECRET")
    missing = [name for name, value in (("api_key", key), ("api_secret", secret)) if not value]
    if missing or key is None or secret is None:
        raise ConfigurationError(
            f"missing {' and '.join(missing)}: pass "
            f"{', '.join(f'{m}=...' for m in missing)} to {client}(), or set "
            + " and ".join(f"FIVETRAN_{m.upper()}" for m in missing)
            + " in the environment"
        )
    return key, secret


_USERINFO = re.compile(r"//[^/?#]*@")


def _base_url(base_url: str | None) -> str:
    """The base URL, from the argument or the environment, checked (or a clear error)."""
    url = base_url or os.environ.get("FIVETRAN_BASE_URL") or DEFAULT_BASE_URL
    problem = _base_url_problem(url)
    if problem is not None:
        # credentials in the URL are not repeated in the message
        shown = repr(_USERINFO.sub("//****@", url)) if isinstance(url, str) else type(url).__name__
        raise ConfigurationError(f"base_url {problem}, got {shown}")
    return url


def _base_url_problem(url: object) -> str | None:
    """What is wrong with ``url`` as the API's base URL (``None``: nothing).

    The path is used as given (``/v1`` included; a trailing ``/`` is dropped), so
    anything that would end up in the middle of a request URL is refused: a query
    string, a fragment, credentials, whitespace.
    """
    if not isinstance(url, str):
        return "must be a string"
    if any(c.isspace() or not c.isprintable() for c in url):
        return "must not contain whitespace or control characters"
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"is not a valid URL ({exc})"
    if parsed.scheme not in ("http", "https") or not url.lower().startswith(parsed.scheme + "://"):
        return "must start with http:// or https://"
    if not parsed.host:
        return "has no host"
    if parsed.port is not None and not 0 < parsed.port < 65536:
        return "has a port outside 1-65535"
    if parsed.userinfo:
        return "must not contain credentials (pass api_key= and api_secret=)"
    if parsed.query or "?" in url:
        return "must not have a query string"
    if parsed.fragment or "#" in url:
        return "must not have a fragment (#...)"
    return None


def _retry_policy(retry_policy: RetryPolicy | None, max_retries: int | None) -> RetryPolicy:
    policy = retry_policy or RetryPolicy()
    if max_retries is None:
        return policy
    return RetryPolicy(
        max_retries=max_retries,
        base_delay=policy.base_delay,
        max_delay=policy.max_delay,
        jitter=policy.jitter,
        max_retry_after=policy.max_retry_after,
        rng=policy.rng,
    )


def _throttle(rate_limit: RateLimit | Throttle | str | int | None) -> Throttle | None:
    if isinstance(rate_limit, Throttle) or rate_limit is None:
        return rate_limit
    return Throttle(RateLimit.parse(rate_limit))


class BaseClient(Generic[H, D]):
    """What the blocking and the asyncio client share: options and lifecycle.

    Not used directly: use :class:`Fivetrex` or :class:`AsyncFivetrex`. Their
    resources and raw calls come from the generated ``BlockingClientMethods`` and
    ``AsyncClientMethods`` (declared in ``fivetrex._resources``).
    """

    _is_async: ClassVar[bool] = False
    _driver: D
    _http: H

    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | Secret | None = None,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: H | None = None,
        default_headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], Any] | None = None,
        clock: Callable[[], float] | None = None,
        rate_limit: RateLimit | Throttle | str | int | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        total_timeout: float | None = None,
    ) -> None:
        setup_from_env()
        self._check_http_client(http_client)
        key, secret = _credentials(api_key, api_secret, type(self).__name__)
        url = _base_url(base_url)
        policy = _retry_policy(retry_policy, max_retries)
        throttle = _throttle(rate_limit)
        headers = dict(default_headers or {})
        self._core = HttpCore(
            api_key=key,
            api_secret=Secret(secret),
            base_url=url.rstrip("/"),
            timeout=timeout,
            retry=policy,
            default_headers=headers,
            throttle=throttle,
            max_response_bytes=max_response_bytes,
            total_timeout=total_timeout,
        )
        self._options: dict[str, Any] = {
            "api_key": key,
            "api_secret": self._core.api_secret,  # a Secret: never plain text in vars()
            "base_url": url,
            "timeout": timeout,
            "retry_policy": policy,
            "default_headers": headers,
            "sleep": sleep,
            "clock": clock,
            "rate_limit": throttle,
            "max_response_bytes": max_response_bytes,
            "total_timeout": total_timeout,
        }
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else self._default_http_client()
        self._driver = self._make_driver(self._http, sleep, clock or time.monotonic)

    @property
    def _client(self) -> Self:
        """The client itself: what declarations' flows run against (see ``_operation.Owner``)."""
        return self

    @classmethod
    def _check_http_client(cls, http_client: object) -> None:
        """Refuse the wrong kind of ``http_client`` at construction, not at the first call."""
        wanted = httpx.AsyncClient if cls._is_async else httpx.Client
        if http_client is None or isinstance(http_client, wanted):
            return
        given = type(http_client)
        hint = ""
        if isinstance(http_client, (httpx.Client, httpx.AsyncClient)):
            other = "Fivetrex" if isinstance(http_client, httpx.Client) else "AsyncFivetrex"
            hint = f" (use {other} with an {given.__module__}.{given.__qualname__})"
        raise ConfigurationError(
            f"{cls.__name__}(http_client=...) takes an {wanted.__module__}.{wanted.__qualname__}, "
            f"got {given.__module__}.{given.__qualname__}{hint}"
        )

    # -- hooks for the two concrete clients
    def _default_http_client(self) -> H:
        raise NotImplementedError

    def _make_driver(
        self, http: H, sleep: Callable[[float], Any] | None, clock: Callable[[], float]
    ) -> D:
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

    def with_options(self, **overrides: Any) -> Self:
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


class Fivetrex(BlockingClientMethods, BaseClient[httpx.Client, BlockingDriver]):
    """The Fivetran API client (blocking).

    Args:
        api_key: API key; defaults to ``$FIVETRAN_API_KEY``.
        api_secret: API secret; defaults to ``$FIVETRAN_API_SECRET``. Never shown in
            ``repr``, logs or errors.
        base_url: Defaults to ``$FIVETRAN_BASE_URL`` or ``https://api.fivetran.com/v1``;
            used as given (``http(s)://``, a host, no query string or fragment), else
            :class:`~fivetrex.ConfigurationError` at construction.
        timeout: Seconds one attempt may take, from connecting to the last byte of
            the body (``None``: no timeout). See "Bounds" in the client guide.
        max_retries: Retries of a failed request (default 3; 0 disables).
        retry_policy: Full control of backoff, jitter and the ``Retry-After`` ceiling.
        http_client: An ``httpx.Client`` to use (any transport can be plugged in).
        default_headers: Headers added to every request.
        sleep: The sleep function used between retries (inject a fake in tests).
        clock: A monotonic clock (inject a fake in tests).
        rate_limit: Client-side throttling (off by default): ``"standard"``, ``"trial"``,
            requests per hour, or a :class:`~fivetrex.RateLimit`. Shared by every
            concurrent call of this client and its ``with_options`` copies.
        max_response_bytes: The most decoded bytes a response body may have (default
            64 MiB; ``None``: no limit); a larger one raises
            :class:`~fivetrex.ResponseTooLargeError` while being read.
        total_timeout: Seconds one call may take, retries and backoff included
            (``None``, the default: bounded by ``attempts x timeout + backoff``);
            running out raises :class:`~fivetrex.APITimeoutError`.

    Example:
        >>> with Fivetrex(api_key="key", api_secret="secret") as client:  # doctest: +SKIP
        ...     for group in client.groups.stream():
        ...         print(group.name)
    """

    _is_async = False

    def _default_http_client(self) -> httpx.Client:
        client = httpx.Client(follow_redirects=False)
        install_deadlines(client)  # `timeout` bounds connect, headers and body together
        return client

    def _make_driver(
        self, http: httpx.Client, sleep: Callable[[float], Any] | None, clock: Callable[[], float]
    ) -> BlockingDriver:
        return BlockingDriver(http, sleep=sleep or time.sleep, clock=clock)

    def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncFivetrex(AsyncClientMethods, BaseClient[httpx.AsyncClient, AsyncioDriver]):
    """The Fivetran API client for asyncio: every method is awaitable.

    Takes the same options as :class:`Fivetrex`; ``http_client`` is an
    ``httpx.AsyncClient`` and ``sleep`` may be a coroutine function.
    """

    _is_async = True

    def _default_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(follow_redirects=False)

    def _make_driver(
        self,
        http: httpx.AsyncClient,
        sleep: Callable[[float], Any] | None,
        clock: Callable[[], float],
    ) -> AsyncioDriver:
        if sleep is None:
            import asyncio  # not at import time: `import fivetrex` stays free of asyncio

            sleep = asyncio.sleep
        return AsyncioDriver(http, sleep=sleep, clock=clock)

    async def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


exported_from_fivetrex(Fivetrex, AsyncFivetrex)
