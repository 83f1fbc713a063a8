"""One HTTP exchange within a deadline and a size limit: what a ``Send`` effect performs.

``timeout`` bounds the whole attempt (connect, send, status line, headers, the full
body), not each socket read, so a server that trickles one byte a second is cut off:

* asyncio: the exchange runs under ``asyncio.timeout`` (``asyncio.wait_for`` on 3.10); this
  holds for any ``httpx.AsyncClient`` (a user-supplied one too).
* blocking: the clients' own ``httpx.Client`` gets a deadline-aware network backend
  (:func:`install_deadlines`): every connect, read and write waits at most until the
  attempt's deadline. With a user-supplied ``http_client`` the deadline is checked
  between body chunks only: each read is still bounded by httpx's own per-read timeout,
  so a trickled body ends within about ``2 x timeout``, and trickled *headers* are
  bounded by the per-read timeout only.

The body is read as it arrives and decoded here (gzip, deflate, identity) with a bound on
the decoded size, so a gzip bomb is refused after ``max_bytes`` decoded bytes, never
inflated whole. Over the limit raises :class:`~fivetrex.ResponseTooLargeError`.
"""

from __future__ import annotations

import contextvars
import sys
import time
import weakref
import zlib
from typing import Any

import httpx

from .errors import APIResponseValidationError, ClientClosedError, ResponseTooLargeError

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "BodyLimit",
    "install_deadlines",
    "send_async",
    "send_blocking",
]

#: The default ``max_response_bytes``: 64 MiB of decoded body.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

_OUT_CHUNK = 256 * 1024  # decoded bytes produced per decompress call

#: The monotonic deadline of the attempt running in this context (blocking client).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fivetrex_deadline", default=None
)


def _encoding_error(request: httpx.Request, response: httpx.Response, text: str) -> Exception:
    return APIResponseValidationError(
        text,
        status=response.status_code,
        request_method=request.method,
        request_path=request.url.path,
    )


class BodyLimit:
    """Decodes a body chunk by chunk, raising once the decoded size passes ``max_bytes``."""

    def __init__(self, encoding: str, max_bytes: int | None) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.buffer = bytearray()
        name = encoding.strip().lower()
        self._inflater: Any = None
        self._raw_deflate = False
        if name in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_deflate = True  # may fall back to a raw deflate stream
        elif name not in ("", "identity"):
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.buffer = bytearray()  # free it now, not when the error is collected
            raise OverflowError(self.size)
        self.buffer += data

    def _inflate(self, data: bytes) -> None:
        while data:
            try:
                out = self._inflater.decompress(data, _OUT_CHUNK)
            except zlib.error:
                if not self._raw_deflate:
                    raise
                # "deflate" sent as a raw stream (no zlib header): start over that way
                self._raw_deflate = False
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_deflate = False
            self._keep(out)
            data = self._inflater.unconsumed_tail

    def feed(self, raw: bytes) -> None:
        """Take the next raw chunk."""
        if self._inflater is None:
            self._keep(raw)
        else:
            self._inflate(raw)

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._inflater is not None:
            self._keep(self._inflater.flush())
            if not self._inflater.eof:  # the compressed stream stopped half way
                raise zlib.error("the compressed body is incomplete")
        return bytes(self.buffer)


def _limit_for(
    request: httpx.Request, response: httpx.Response, max_bytes: int | None
) -> BodyLimit:
    headers = response.headers
    encoding = headers.get("Content-Encoding", "")
    try:
        limit = BodyLimit(encoding, max_bytes)
    except ValueError as exc:
        raise _encoding_error(request, response, str(exc)) from None
    if max_bytes is not None and limit._inflater is None:
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:  # refused before reading
            raise _too_large(request, response, max_bytes)
    return limit


def _too_large(
    request: httpx.Request, response: httpx.Response, max_bytes: int
) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response body is larger than max_response_bytes ({max_bytes:,} bytes decoded)",
        status=response.status_code,
        request_method=request.method,
        request_path=request.url.path,
        limit=max_bytes,
    )


def _store(response: httpx.Response, content: bytes) -> None:
    # what httpx's own Response.read() does once it has the (decoded) bytes
    response._content = content


def _already_read(response: httpx.Response) -> bytes | None:
    if not response.is_stream_consumed:
        return None
    return response.content  # an in-memory transport hands over a read response


class _BodyReader:
    """Reads one response body through a :class:`BodyLimit` (or checks one already read)."""

    def __init__(self, request: httpx.Request, response: httpx.Response, max_bytes: int | None):
        self.request = request
        self.response = response
        self.limit: BodyLimit | None = None
        content = _already_read(response)
        if content is None:
            self.limit = _limit_for(request, response, max_bytes)
        elif max_bytes is not None and len(content) > max_bytes:
            raise _too_large(request, response, max_bytes)

    @property
    def done(self) -> bool:
        """Whether the body is in memory already (an in-memory transport read it)."""
        return self.limit is None

    def _fail(self, exc: Exception) -> Exception:
        assert self.limit is not None
        if isinstance(exc, OverflowError) and self.limit.max_bytes is not None:
            return _too_large(self.request, self.response, self.limit.max_bytes)
        return httpx.DecodingError(f"cannot decode the body: {exc}", request=self.request)

    def feed(self, raw: bytes) -> None:
        """Take the next raw chunk."""
        assert self.limit is not None
        try:
            self.limit.feed(raw)
        except (OverflowError, zlib.error) as exc:
            raise self._fail(exc) from None

    def finish(self) -> None:
        """Store the decoded body as the response's content."""
        assert self.limit is not None
        try:
            content = self.limit.finish()
        except (OverflowError, zlib.error) as exc:
            raise self._fail(exc) from None
        _store(self.response, content)


def _past(deadline: float | None, request: httpx.Request) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise httpx.ReadTimeout("the attempt ran out of time reading the body", request=request)


def _closed(request: httpx.Request, operation: str | None, why: str) -> ClientClosedError:
    shown = f" ({operation})" if operation else ""
    return ClientClosedError(f"cannot send {request.method} {request.url.path}{shown}: {why}")


#: Why a closed client cannot send, and what to do.
_CLOSED = (
    "the client is closed (close() was called, its `with` block ended, or the http_client= "
    "passed to it was closed); create a new client"
)


def _open(
    http: httpx.Client | httpx.AsyncClient, request: httpx.Request, operation: str | None
) -> None:
    if http.is_closed:
        raise _closed(request, operation, _CLOSED)


def send_blocking(
    http: httpx.Client,
    request: httpx.Request,
    timeout: float | None,
    max_bytes: int | None,
    operation: str | None = None,
) -> httpx.Response:
    """Send ``request`` and read its body, all within ``timeout`` seconds.

    Raises :class:`~fivetrex.ClientClosedError` if ``http`` is closed.
    """
    _open(http, request, operation)
    deadline = None if timeout is None else time.monotonic() + timeout
    token = _DEADLINE.set(deadline)
    try:
        try:
            response = http.send(request, stream=True)
        except RuntimeError as exc:  # closed by another thread meanwhile
            if http.is_closed:
                raise _closed(request, operation, _CLOSED) from exc
            raise
        try:
            reader = _BodyReader(request, response, max_bytes)
            if not reader.done:
                # chunks as they arrive (at most httpcore's 64 KiB read): no re-chunking,
                # so the deadline is checked after every read
                for raw in response.iter_raw():
                    _past(deadline, request)
                    reader.feed(raw)
                reader.finish()
            return response
        finally:
            response.close()
    finally:
        _DEADLINE.reset(token)


async def _exchange_async(
    http: httpx.AsyncClient, request: httpx.Request, max_bytes: int | None
) -> httpx.Response:
    response = await http.send(request, stream=True)
    try:
        reader = _BodyReader(request, response, max_bytes)
        if not reader.done:
            async for raw in response.aiter_raw():
                reader.feed(raw)
            reader.finish()
        return response
    finally:
        await response.aclose()


#: The event loop each ``httpx.AsyncClient`` last completed a request in: its pooled
#: connections belong to that loop and fail once it is closed.
_LOOPS: weakref.WeakKeyDictionary[httpx.AsyncClient, Any] = weakref.WeakKeyDictionary()

_OTHER_LOOP = (
    "this AsyncFivetrex was used in an event loop that is now closed (its pooled connections "
    "belong to that loop): create one client per asyncio.run(), inside the coroutine it runs"
)


async def _exchange_within(
    http: httpx.AsyncClient, request: httpx.Request, timeout: float | None, max_bytes: int | None
) -> httpx.Response:
    import asyncio  # here, not at the top: the blocking client never needs it

    if timeout is None:
        return await _exchange_async(http, request, max_bytes)
    try:
        if sys.version_info >= (3, 11):  # no extra task per request
            async with asyncio.timeout(timeout):
                return await _exchange_async(http, request, max_bytes)
        return await asyncio.wait_for(_exchange_async(http, request, max_bytes), timeout)
    except asyncio.TimeoutError:
        raise httpx.ReadTimeout(
            f"no complete response within {timeout:g}s", request=request
        ) from None


async def send_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    timeout: float | None,
    max_bytes: int | None,
    operation: str | None = None,
) -> httpx.Response:
    """The asyncio twin of :func:`send_blocking`.

    Raises :class:`~fivetrex.ClientClosedError` if ``http`` is closed, or if sending
    fails on a connection that belongs to an event loop now closed.
    """
    import asyncio

    _open(http, request, operation)
    loop = asyncio.get_running_loop()
    try:
        response = await _exchange_within(http, request, timeout, max_bytes)
    except RuntimeError as exc:  # only these two causes are mapped; anything else escapes
        if http.is_closed:
            raise _closed(request, operation, _CLOSED) from exc
        before = _LOOPS.get(http)
        if before is not None and before is not loop and before.is_closed():
            raise _closed(request, operation, _OTHER_LOOP) from exc
        raise
    _LOOPS[http] = loop
    return response


# --------------------------------------------------------------------------- the backend


def _left(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the current deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        return 0.0
    return left if timeout is None else min(timeout, left)


def _connect_left(timeout: float | None) -> float | None:
    """What is left for a connect; a deadline already passed is a connect timeout (a socket
    given ``timeout=0`` would turn non-blocking and fail with ``EINPROGRESS`` instead)."""
    import httpcore

    left = _left(timeout)
    if left == 0.0:
        raise httpcore.ConnectTimeout("the attempt ran out of time")
    return left


class _DeadlineStream:
    """A network stream whose reads and writes end at the attempt's deadline."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        left = _left(timeout)
        if left == 0.0:
            raise httpcore.ReadTimeout("the attempt ran out of time")
        data: bytes = self._stream.read(max_bytes, left)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        left = _left(timeout)
        if left == 0.0:
            raise httpcore.WriteTimeout("the attempt ran out of time")
        self._stream.write(buffer, left)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        tls = self._stream.start_tls(ssl_context, server_hostname, _connect_left(timeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """Wraps httpcore's blocking network backend with :class:`_DeadlineStream`."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any) -> Any:
        left = _connect_left(timeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, left, **kw))

    def connect_unix_socket(self, path: str, timeout: float | None = None, **kw: Any) -> Any:
        left = _connect_left(timeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, left, **kw))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def install_deadlines(client: httpx.Client) -> bool:
    """Give the connection pools of ``client`` (one the client made) the deadline backend.

    Returns whether every pool got it (httpx's internals may change; without it the
    deadline is still checked between body chunks).
    """
    transports = [client._transport, *client._mounts.values()]
    installed = True
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            installed = installed and transport is None
            continue
        if not isinstance(backend, _DeadlineBackend):
            pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return installed
