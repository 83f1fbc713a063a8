"""Reading a body within a size limit and a deadline (``fivetrex._wire``), in-process.

The responses are streamed (not pre-read) so the chunk-by-chunk path runs: limits are
exact at the boundary, gzip and deflate (zlib-wrapped or raw) are decoded as they come,
and the deadline is checked after every chunk (with a fake clock: no waiting).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from _support import KEY, SECRET, FakeSleep
from fivetrex import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    Fivetrex,
    ResponseTooLargeError,
    _wire,
)

BODY = b'{"code":"Success","data":{"id":"g1","name":"' + b"x" * 1000 + b'"}}'


class Chunks(httpx.SyncByteStream):
    """A response body handed over in pieces, as a socket would."""

    def __init__(self, data: bytes, size: int = 100, on_chunk: Any = None) -> None:
        self.data, self.size, self.on_chunk = data, size, on_chunk

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.data), self.size):
            if self.on_chunk is not None:
                self.on_chunk()
            yield self.data[start : start + self.size]


def _client(data: bytes, headers: dict[str, str] | None = None, **options: Any) -> Fivetrex:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers or {}, stream=Chunks(data))

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return Fivetrex(
        api_key=KEY,
        api_secret=SECRET,
        http_client=http,
        sleep=FakeSleep(),
        max_retries=0,
        **options,
    )


def test_a_body_of_exactly_the_limit_is_read() -> None:
    group = _client(BODY, max_response_bytes=len(BODY)).groups.get("g1")
    assert group.id == "g1"


def test_one_byte_over_the_limit_is_refused() -> None:
    with pytest.raises(ResponseTooLargeError) as info:
        _client(BODY, max_response_bytes=len(BODY) - 1).groups.get("g1")
    assert info.value.limit == len(BODY) - 1
    assert info.value.status == 200
    assert info.value.operation == "groups.get"


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (gzip.compress, "gzip"),
        (gzip.compress, "x-gzip"),
        (zlib.compress, "deflate"),  # zlib-wrapped, as the RFC says
        (lambda d: zlib.compress(d)[2:-4], "deflate"),  # raw deflate, as some servers send
    ],
    ids=["gzip", "x-gzip", "deflate-zlib", "deflate-raw"],
)
def test_encoded_bodies_are_decoded_and_counted_decoded(encode: Any, encoding: str) -> None:
    packed = encode(BODY)
    headers = {"Content-Encoding": encoding}
    assert _client(packed, headers, max_response_bytes=len(BODY)).groups.get("g1").id == "g1"
    with pytest.raises(ResponseTooLargeError):  # the limit counts decoded bytes, not raw
        _client(packed, headers, max_response_bytes=len(BODY) - 1).groups.get("g1")


def test_an_unknown_encoding_is_a_typed_error() -> None:
    with pytest.raises(APIResponseValidationError, match="unsupported Content-Encoding"):
        _client(BODY, {"Content-Encoding": "compress"}).groups.get("g1")


def test_a_corrupt_gzip_body_is_a_connection_error() -> None:
    with pytest.raises(APIConnectionError, match="cannot decode"):
        _client(b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}).groups.get("g1")


def test_the_deadline_is_checked_after_every_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]

    class Clock:
        @staticmethod
        def monotonic() -> float:
            return now[0]

    def tick() -> None:
        now[0] += 0.4  # each chunk "takes" 0.4 s

    monkeypatch.setattr(_wire, "time", Clock)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(BODY, size=10, on_chunk=tick))

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = Fivetrex(api_key=KEY, api_secret=SECRET, http_client=http, timeout=1.0, max_retries=0)
    with pytest.raises(APITimeoutError) as info:
        client.groups.get("g1")
    assert "ran out of time" in str(info.value)
    assert now[0] <= 1.2 + 1e-9  # stopped at the first chunk past the 1 s deadline


def test_body_limit_frees_what_it_held_when_refusing() -> None:
    limit = _wire.BodyLimit("", 10)
    limit.feed(b"x" * 10)
    with pytest.raises(OverflowError):
        limit.feed(b"y")
    assert len(limit.buffer) == 0


def test_a_truncated_gzip_body_is_a_connection_error() -> None:
    packed = gzip.compress(BODY)
    with pytest.raises(APIConnectionError, match="incomplete"):
        _client(packed[: len(packed) // 2], {"Content-Encoding": "gzip"}).groups.get("g1")


class _RecordingBackend:
    """A network backend that records the timeouts it is given (and connects nowhere)."""

    def __init__(self) -> None:
        self.timeouts: list[float | None] = []

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any) -> Any:
        self.timeouts.append(timeout)
        return object()


@pytest.mark.parametrize("passed", [True, False], ids=["deadline-passed", "time-left"])
def test_a_connect_after_the_deadline_is_a_connect_timeout_not_a_non_blocking_socket(
    passed: bool,
) -> None:
    # timeout=0 would make the socket non-blocking: connect() then fails with EINPROGRESS,
    # an APIConnectionError, where the caller was promised a timeout (seen under load).
    import time

    import httpcore

    from fivetrex import _wire

    backend = _RecordingBackend()
    wrapped = _wire._DeadlineBackend(backend)
    token = _wire._DEADLINE.set(time.monotonic() + (-1.0 if passed else 30.0))
    try:
        if passed:
            with pytest.raises(httpcore.ConnectTimeout):
                wrapped.connect_tcp("127.0.0.1", 9, timeout=5.0)
            assert backend.timeouts == []
        else:
            wrapped.connect_tcp("127.0.0.1", 9, timeout=5.0)
            (given,) = backend.timeouts
            assert given is not None
            assert 0 < given <= 5.0
    finally:
        _wire._DEADLINE.reset(token)
