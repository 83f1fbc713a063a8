"""An aiohttp-backed transport for ``httpx.AsyncClient`` (the ``fivetrex[aiohttp]`` extra).

``AsyncFivetrex`` speaks to the network through an ``httpx.AsyncClient``. Its default
transport (httpcore) costs enough CPU per request that one process fans out to about
half of what 32 requests in flight allow; aiohttp's C-accelerated HTTP stack gets much
closer (see ``BENCHMARKS.md``). :func:`aiohttp_client` gives an ``httpx.AsyncClient``
whose requests go through aiohttp, with httpx's semantics kept:

* **errors** are httpx's exception types (``httpx.ConnectError``, ``httpx.ConnectTimeout``,
  ``httpx.ReadTimeout``, ``httpx.RemoteProtocolError``...), so ``AsyncFivetrex`` maps
  them to the same ``FivetrexError`` types and retries exactly as on httpcore;
* **timeouts** come from each request's ``timeout`` extension: ``connect`` bounds the TCP
  (and TLS) connect, ``pool`` + ``connect`` the wait for a connection, ``read`` each wait
  for data; aiohttp has no write timeout (a whole-attempt bound above the transport
  covers it);
* **bodies** are handed to httpx undecoded (aiohttp's decompression is off), so httpx
  decodes ``gzip``/``deflate`` exactly as it does on its own transport and anything
  counting decoded bytes counts the same;
* **redirects** are never followed here (``httpx.AsyncClient`` decides, and fivetrex
  does not follow them); **cookies** are httpx's business (aiohttp's jar is off);
* **proxies**: ``proxy=`` for one explicit proxy, else with ``trust_env`` (default)
  ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` from the environment, read
  when the transport is made, as httpx does (aiohttp's own ``trust_env`` is not used: it
  also reads ``~/.netrc``, which httpx does not, and costs two thread hops per request);
* **TLS** uses the context httpx would build (``httpx.create_ssl_context``: certifi,
  ``SSL_CERT_FILE``/``SSL_CERT_DIR`` with ``trust_env``), or the one you pass.

A transport belongs to the event loop it first sends on (aiohttp's sessions do), like
any connection pool: make one client per event loop and close it (``async with``).

Importing this module does not import aiohttp; using it needs ``pip install
'fivetrex[aiohttp]'``.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import aiohttp

__all__ = ["AiohttpTransport", "aiohttp_client"]

#: httpx's own pool limits (``httpx.AsyncClient``'s default).
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

# Headers aiohttp would add on its own; httpx already sent what it wants.
_SKIP_AUTO = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")
_DROP = {"transfer-encoding"}  # aiohttp frames a streamed body itself


def _aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError as exc:  # pragma: no cover - the extra is installed in the tests
        raise ImportError(
            "the aiohttp transport needs aiohttp: pip install 'fivetrex[aiohttp]'"
        ) from exc
    return aiohttp


def _error_table(
    aiohttp: Any,
) -> tuple[tuple[type[BaseException], type[httpx.TransportError]], ...]:
    """aiohttp's exceptions and the httpx ones they become, most specific first."""
    return (
        (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
        (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
        (asyncio.TimeoutError, httpx.ReadTimeout),
        (TimeoutError, httpx.ReadTimeout),  # the same class from Python 3.11 on
        (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
        (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, DNS, TLS handshake
        (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
        (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # unparseable response
        (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
        (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
        (aiohttp.ClientOSError, httpx.ReadError),  # reset after the connection was made
        (aiohttp.ClientConnectionError, httpx.ReadError),
        (aiohttp.ClientError, httpx.TransportError),
        (ValueError, httpx.LocalProtocolError),  # e.g. a header aiohttp refuses to send
    )


def map_error(exc: BaseException, request: httpx.Request) -> httpx.TransportError | None:
    """The httpx exception standing for aiohttp's ``exc`` (``None``: not a transport error)."""
    for source, target in _error_table(_aiohttp()):
        if isinstance(exc, source):
            return target(str(exc) or type(exc).__name__, request=request)
    return None


def _client_timeout(aiohttp: Any, request: httpx.Request) -> Any:
    """``aiohttp.ClientTimeout`` from the request's httpx ``timeout`` extension."""
    timeout: dict[str, float | None] = request.extensions.get("timeout", {})
    connect, pool = timeout.get("connect"), timeout.get("pool")
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
        sock_read=timeout.get("read"),
    )


class _ResponseStream(httpx.AsyncByteStream):
    """An aiohttp response body as httpx's stream, errors mapped, connection released."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except Exception as exc:
            mapped = map_error(exc, self._request)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        # a fully read body returns its connection to the pool; a partly read one is closed
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An ``httpx`` async transport that sends requests with aiohttp.

    Args:
        verify: ``True`` (httpx's default CA bundle), ``False``, a CA bundle path or an
            ``ssl.SSLContext``, as for ``httpx.AsyncClient``.
        cert: A client certificate, as for ``httpx.AsyncClient``.
        trust_env: Read proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY``) and CA
            settings (``SSL_CERT_FILE``, ``SSL_CERT_DIR``) from the environment.
        proxy: One proxy URL for every request (overrides the environment).
        limits: ``max_connections`` and ``keepalive_expiry`` are honoured (aiohttp keeps
            every idle connection up to ``max_connections``).
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        proxy: str | httpx.URL | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        self._aiohttp = _aiohttp()
        self._verify = verify
        self._cert = cert
        self._trust_env = trust_env
        self._proxy = str(proxy) if proxy is not None else None
        self._limits = limits
        self._env_proxies = _environment_proxies() if trust_env and proxy is None else {}
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _ssl(self) -> ssl.SSLContext | bool:
        if self._verify is False and self._cert is None:
            return False
        return httpx.create_ssl_context(
            verify=self._verify, cert=self._cert, trust_env=self._trust_env
        )

    def _get_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None:
            aiohttp = self._aiohttp
            connector = aiohttp.TCPConnector(
                limit=self._limits.max_connections or 0,
                keepalive_timeout=self._limits.keepalive_expiry,
                ssl=self._ssl(),
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                trust_env=False,  # proxies: see _proxy_for; no ~/.netrc (httpx reads none)
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=aiohttp.ClientTimeout(total=None),
                skip_auto_headers=_SKIP_AUTO,
                max_field_size=65536,
                max_line_size=65536,
            )
            self._loop = loop
        elif self._loop is not loop:
            raise RuntimeError(
                "this AiohttpTransport belongs to another event loop: make one per event loop"
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` with aiohttp; the body streams as the caller reads it."""
        aiohttp = self._aiohttp
        session = self._get_session()
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower().decode("latin-1") not in _DROP
        ]
        try:
            data: Any = request.content
        except httpx.RequestNotRead:
            data = _upload(request.stream)
        try:
            response = await session.request(
                request.method,
                self._aiohttp_url(request),
                headers=headers,
                data=data or None,
                allow_redirects=False,
                timeout=_client_timeout(aiohttp, request),
                proxy=self._proxy_for(request.url),
            )
        except Exception as exc:
            mapped = map_error(exc, request)
            if mapped is None:
                raise
            raise mapped from exc
        version = response.version
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_ResponseStream(response, request),
            extensions={
                "http_version": f"HTTP/{version.major}.{version.minor}".encode()
                if version is not None
                else b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("ascii", "replace"),
            },
        )

    def _proxy_for(self, url: httpx.URL) -> str | None:
        """The proxy for ``url``: the explicit one, else the environment's (cached per host)."""
        if self._proxy is not None or not self._env_proxies:
            return self._proxy
        key = (url.scheme, url.host)
        if key not in self._proxies:
            proxies = self._env_proxies
            chosen = proxies.get(url.scheme) or proxies.get("all")
            if chosen is not None and _bypassed(url.host, proxies):
                chosen = None
            self._proxies[key] = chosen
        return self._proxies[key]

    def _aiohttp_url(self, request: httpx.Request) -> Any:
        # already percent-encoded by httpx: aiohttp must not re-quote it (ids stay exact)
        import yarl

        return yarl.URL(str(request.url), encoded=True)

    async def aclose(self) -> None:
        """Close the aiohttp session and its connections."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


def _environment_proxies() -> dict[str, str]:
    """``{"http": url, "https": url, "all": url, "no": hosts}`` from the environment."""
    from urllib.request import getproxies_environment

    return {k: v for k, v in getproxies_environment().items() if v}


def _bypassed(host: str, proxies: dict[str, str]) -> bool:
    """Whether ``NO_PROXY`` exempts ``host`` (``*``, a host, a domain and its subdomains)."""
    host = host.lower().rstrip(".")
    for raw in proxies.get("no", "").split(","):
        entry = raw.strip().lower().lstrip(".")
        if entry.count(":") == 1:  # "host:port": the port is not considered
            entry = entry.split(":", 1)[0]
        if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
            return True
    return False


async def _upload(stream: Any) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield chunk


def aiohttp_client(
    *,
    verify: ssl.SSLContext | str | bool = True,
    cert: Any = None,
    trust_env: bool = True,
    proxy: str | httpx.URL | None = None,
    limits: httpx.Limits = DEFAULT_LIMITS,
    **options: Any,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` that sends through aiohttp, for ``AsyncFivetrex(http_client=...)``.

    Takes the :class:`AiohttpTransport` options; any other keyword (``timeout``,
    ``headers``, ``event_hooks``...) goes to ``httpx.AsyncClient``. Redirects are not
    followed (fivetrex never follows them). Close it when done::

        async with aiohttp_client() as http, AsyncFivetrex(http_client=http) as client:
            ...
    """
    transport = AiohttpTransport(
        verify=verify, cert=cert, trust_env=trust_env, proxy=proxy, limits=limits
    )
    options.setdefault("follow_redirects", False)
    return httpx.AsyncClient(transport=transport, trust_env=trust_env, **options)
