"""The aiohttp transport keeps httpx's semantics: every test runs on both transports.

``transport`` is ``"httpx"`` (``httpx.AsyncClient``'s own transport, the default of
``AsyncFivetrex``) or ``"aiohttp"`` (``fivetrex.transports.aiohttp_client()``). Each test
asserts the same observable behaviour on both, over real loopback sockets: a small
scripted HTTP/1.1 server (status, headers, bodies, gzip, streaming, stalls, drops,
redirects, proxy requests) and the emulator server. A difference between the two
transports is a bug in ours.
"""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import anyio
import httpx
import pytest

from fivetrex import (
    APIConnectionError,
    APITimeoutError,
    AsyncFivetrex,
    NotFoundError,
    RetryPolicy,
    ServerError,
)
from fivetrex.emulator import Emulator, EmulatorServer
from fivetrex.transports import AiohttpTransport, aiohttp_client, map_error

pytestmark = pytest.mark.anyio

GUARD = 30.0  # seconds: every test's hang guard
KEY, SECRET = "emulator-key", "emulator-secret"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._route()

    do_POST = do_PATCH = do_DELETE = do_PUT = do_GET

    def _send(self, status: int, body: bytes, headers: Any = None) -> None:
        self.send_response(status)
        pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
        for name, value in pairs:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _read_chunked(self) -> bytes:
        body = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            body += self.rfile.read(size)
            self.rfile.readline()  # the CRLF after the chunk
            if size == 0:
                return body

    def _route(self) -> None:
        self.server.seen.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            body = self._read_chunked()
        route = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        if route == "stall":  # headers never come (until the test ends)
            self.server.release.wait(GUARD)
            self.close_connection = True
            return
        if route == "drop":  # close without answering
            self.close_connection = True
            return
        if route == "truncated":  # promise 100 bytes, send 10, close
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.close_connection = True
            return
        if route == "slow-body":  # headers, part of the body, then a stall
            self.send_response(200)
            self.send_header("Content-Length", "20")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.server.release.wait(GUARD)
            self.close_connection = True
            return
        if route == "stream":  # chunked, several chunks
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(50):
                piece = (f"{i:04d}" * 256).encode()
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if route == "gzip":
            data = json.dumps({"code": "Success", "data": {"id": "gz", "name": "g" * 5000}})
            self._send(
                200,
                gzip.compress(data.encode()),
                {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            )
            return
        if route == "redirect":
            self._send(302, b"", {"Location": "/echo"})
            return
        if route.isdigit():
            self._send(
                int(route), b"status " + route.encode(), [("X-Multi", "again"), ("X-Multi", "a")]
            )
            return
        echo = {
            "method": self.command,
            "path": self.path,
            "headers": [[k.lower(), v] for k, v in self.headers.items()],
            "body": body.decode("latin-1"),
        }
        self._send(
            200,
            json.dumps({"code": "Success", "data": echo}).encode(),
            [
                ("Content-Type", "application/json"),
                ("X-Multi", "again"),  # a repeated header
                ("X-Multi", "one"),
                ("X-Other", "two"),
            ],
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(GUARD)


@pytest.fixture(scope="module")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(Emulator(), "127.0.0.1", 0) as srv:
        yield srv


@pytest.fixture(params=["httpx", "aiohttp"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_http(transport: str, **options: Any) -> httpx.AsyncClient:
    """What AsyncFivetrex uses by default, or the aiohttp client."""
    if transport == "aiohttp":
        return aiohttp_client(**options)
    return httpx.AsyncClient(follow_redirects=False, **options)


@pytest.fixture
async def http(transport: str) -> AsyncIterator[httpx.AsyncClient]:
    async with make_http(transport) as client:
        yield client


def _refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- the raw transport -----------------------------------------------------------------------


async def test_status_headers_and_body(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD):
        response = await http.post(
            server.url + "/x/echo?a=1&b=%2F",
            content=b'{"k": 1}',
            headers={"X-Custom": "v1", "Content-Type": "application/json"},
        )
    assert response.status_code == 200
    assert response.reason_phrase == "OK"
    assert response.http_version == "HTTP/1.1"
    assert response.headers.get_list("x-multi") == ["again", "one"]
    assert response.headers["x-other"] == "two"
    echo = response.json()["data"]
    assert echo["method"] == "POST"
    assert echo["path"] == "/x/echo?a=1&b=%2F"  # sent exactly as httpx encoded it
    assert echo["body"] == '{"k": 1}'
    sent = dict(echo["headers"])
    assert sent["x-custom"] == "v1"
    assert sent["content-type"] == "application/json"
    assert sent["content-length"] == "8"
    assert sent["user-agent"].startswith("python-httpx/")  # httpx's headers, not aiohttp's
    assert "gzip" in sent["accept-encoding"]
    assert [k for k, _ in echo["headers"]].count("host") == 1


async def test_a_streamed_upload_arrives_whole(http: httpx.AsyncClient, server: _Server) -> None:
    async def pieces() -> AsyncIterator[bytes]:
        for i in range(20):
            yield f"piece {i};".encode()

    with anyio.fail_after(GUARD):
        response = await http.post(server.url + "/echo", content=pieces())
    echo = response.json()["data"]
    assert echo["body"] == "".join(f"piece {i};" for i in range(20))
    sent = dict(echo["headers"])
    assert sent["transfer-encoding"] == "chunked"
    assert "content-length" not in sent


async def test_error_statuses_are_responses(http: httpx.AsyncClient, server: _Server) -> None:
    for status in (201, 404, 500, 503):
        with anyio.fail_after(GUARD):
            response = await http.get(f"{server.url}/{status}")
        assert response.status_code == status
        assert response.text == f"status {status}"
    response = await http.get(f"{server.url}/201")
    assert response.headers.get_list("x-multi") == ["again", "a"]


async def test_gzip_is_decoded_once_by_httpx(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD):
        response = await http.get(server.url + "/gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["data"]["name"] == "g" * 5000
    async with http.stream("GET", server.url + "/gzip") as streamed:
        raw = b"".join([chunk async for chunk in streamed.aiter_raw()])
    assert gzip.decompress(raw) == response.content  # the wire bytes reach httpx untouched


async def test_streaming_reads_the_body_in_pieces(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD):
        async with http.stream("GET", server.url + "/stream") as response:
            chunks = [chunk async for chunk in response.aiter_bytes()]
    body = b"".join(chunks)
    assert body == b"".join((f"{i:04d}" * 256).encode() for i in range(50))
    assert len(chunks) >= 1


async def test_keep_alive_reuses_connections(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD):
        ports = set()
        for _ in range(5):
            response = await http.get(server.url + "/echo")
            ports.add(response.status_code)
    assert ports == {200}
    assert len(server.seen) == 5


async def test_redirects_are_not_followed(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD):
        response = await http.get(server.url + "/redirect")
    assert response.status_code == 302
    assert response.headers["location"] == "/echo"
    assert server.seen == ["/redirect"]


async def test_connection_refused_is_connect_error(http: httpx.AsyncClient) -> None:
    with anyio.fail_after(GUARD), pytest.raises(httpx.ConnectError):
        await http.get(_refused_url() + "/x")


async def test_stalled_headers_are_a_read_timeout(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD), pytest.raises(httpx.ReadTimeout):
        await http.get(server.url + "/stall", timeout=httpx.Timeout(5.0, read=0.2))


async def test_a_stalled_body_is_a_read_timeout(http: httpx.AsyncClient, server: _Server) -> None:
    with anyio.fail_after(GUARD), pytest.raises(httpx.ReadTimeout):
        await http.get(server.url + "/slow-body", timeout=httpx.Timeout(5.0, read=0.2))


async def test_a_dropped_connection_is_a_protocol_error(
    http: httpx.AsyncClient, server: _Server
) -> None:
    with anyio.fail_after(GUARD), pytest.raises(httpx.RemoteProtocolError):
        await http.get(server.url + "/drop")


async def test_a_truncated_body_is_a_protocol_error(
    http: httpx.AsyncClient, server: _Server
) -> None:
    with anyio.fail_after(GUARD), pytest.raises(httpx.RemoteProtocolError):
        await http.get(server.url + "/truncated")


async def test_env_proxy_is_used_and_no_proxy_respected(
    transport: str, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scripted server is the proxy: a proxied request arrives with the absolute URL.
    # Nothing resolves a name: the client only ever connects to 127.0.0.1.
    refused = _refused_url()
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for name in ("http_proxy", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with make_http(transport) as client:
        with anyio.fail_after(GUARD):
            response = await client.get("http://api.example.invalid/v1/echo?x=1")
        assert response.json()["data"]["path"] == "http://api.example.invalid/v1/echo?x=1"
        with anyio.fail_after(GUARD), pytest.raises(httpx.ConnectError):
            await client.get(refused + "/v1/echo")  # NO_PROXY: straight to a closed port
    monkeypatch.delenv("NO_PROXY")
    async with make_http(transport) as client:
        with anyio.fail_after(GUARD):
            response = await client.get(refused + "/v1/echo")  # now through the proxy
        assert response.json()["data"]["path"] == refused + "/v1/echo"
    async with make_http(transport, trust_env=False) as client:
        with anyio.fail_after(GUARD), pytest.raises(httpx.ConnectError):
            await client.get(refused + "/v1/echo")  # the environment is ignored


async def test_explicit_proxy(server: _Server) -> None:
    async with aiohttp_client(proxy=server.url, trust_env=False) as client:
        with anyio.fail_after(GUARD):
            response = await client.get("http://api.example.invalid/v1/echo")
    assert response.json()["data"]["path"] == "http://api.example.invalid/v1/echo"


async def test_a_transport_belongs_to_one_event_loop(server: _Server) -> None:
    transport = AiohttpTransport()
    async with httpx.AsyncClient(transport=transport) as client:
        assert (await client.get(server.url + "/echo")).status_code == 200
        transport._loop = object()  # type: ignore[assignment]  # as if first used elsewhere
        with pytest.raises(RuntimeError, match="event loop"):
            await client.get(server.url + "/echo")
        transport._loop = None


def test_error_mapping_table() -> None:
    import aiohttp

    request = httpx.Request("GET", "http://127.0.0.1/x")
    key = aiohttp.client_reqrep.ConnectionKey("h", 1, False, True, None, None, None)
    cases: list[tuple[BaseException, type[httpx.TransportError]]] = [
        (aiohttp.ConnectionTimeoutError("connect"), httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError("read"), httpx.ReadTimeout),
        (TimeoutError(), httpx.ReadTimeout),
        (aiohttp.ClientConnectorError(key, OSError(111, "refused")), httpx.ConnectError),
        (aiohttp.ClientProxyConnectionError(key, OSError(111, "refused")), httpx.ProxyError),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError("short"), httpx.RemoteProtocolError),
        (aiohttp.InvalidURL("x"), httpx.UnsupportedProtocol),
        (aiohttp.ClientOSError(104, "reset"), httpx.ReadError),
    ]
    for error, expected in cases:
        mapped = map_error(error, request)
        assert type(mapped) is expected, (error, mapped)
        assert mapped.request is request
    assert map_error(KeyError("not a transport error"), request) is None


# -- AsyncFivetrex on each transport -----------------------------------------------------------


async def _no_sleep(seconds: float) -> None:
    """Retries back off without real sleeps."""


def _client(http: httpx.AsyncClient, base_url: str, **options: Any) -> AsyncFivetrex:
    retry = RetryPolicy(max_retries=2)
    return AsyncFivetrex(
        sleep=_no_sleep,
        api_key=KEY,
        api_secret=SECRET,
        base_url=base_url,
        http_client=http,
        retry_policy=options.pop("retry_policy", retry),
        **options,
    )


async def test_fivetrex_round_trip_on_the_emulator(
    http: httpx.AsyncClient, emulator_server: EmulatorServer
) -> None:
    async with _client(http, emulator_server.base_url) as client:
        with anyio.fail_after(GUARD):
            group = await client.groups.create(name=f"over_{id(http)}")
            assert (await client.groups.get(group.id)).name == group.name
            renamed = await client.groups.update(group.id, name=group.name + "_x")
            assert renamed.name == group.name + "_x"
            names = [g.name async for g in client.groups.stream()]
            assert renamed.name in names
            with pytest.raises(NotFoundError) as caught:
                await client.groups.get("no/such group")
            assert caught.value.status == 404
            await client.groups.delete(group.id)


async def test_fivetrex_fan_out_on_the_emulator(
    http: httpx.AsyncClient, emulator_server: EmulatorServer
) -> None:
    with emulator_server.emulator.client() as setup:
        group = setup.groups.create(name=f"fan_{id(http)}")
        ids = [
            setup.connections.create(
                group_id=group.id, service="stripe", config={"schema": f"stripe_{i}"}
            ).id
            for i in range(40)
        ]
    async with _client(http, emulator_server.base_url) as client:
        with anyio.fail_after(GUARD):
            statuses = await client.connections.get_statuses(ids, concurrency=8, strategy="get")
    assert statuses.ok
    assert sorted(statuses.succeeded) == sorted(ids)
    assert {status.connection_id for status in statuses.succeeded.values()} == set(ids)


async def test_fivetrex_retries_server_errors_then_succeeds(
    http: httpx.AsyncClient, emulator_server: EmulatorServer
) -> None:
    emu = emulator_server.emulator
    emu.inject("error", status=503, times=2, path="/v1/account/info")
    try:
        async with _client(http, emulator_server.base_url) as client:
            with anyio.fail_after(GUARD):
                info = await client.account.get_info()
        assert info.account_id
        emu.inject("error", status=500, times=3, path="/v1/account/info")
        async with _client(http, emulator_server.base_url) as client:
            with anyio.fail_after(GUARD), pytest.raises(ServerError):
                await client.account.get_info()
    finally:
        emu.clear_faults()


async def test_fivetrex_maps_transport_errors(http: httpx.AsyncClient, server: _Server) -> None:
    async with _client(http, _refused_url() + "/v1") as client:
        with anyio.fail_after(GUARD), pytest.raises(APIConnectionError) as refused:
            await client.groups.get("g")
    assert refused.value.request_sent is False
    assert isinstance(refused.value.__cause__, httpx.ConnectError)
    async with _client(http, server.url + "/v1", timeout=0.2) as client:
        with anyio.fail_after(GUARD), pytest.raises(APITimeoutError) as timed_out:
            await client.get("/stall")
        assert isinstance(timed_out.value.__cause__, httpx.ReadTimeout)
    # a dropped connection needs no short timeout (0.2 s can run out first on a busy machine)
    async with _client(http, server.url + "/v1", timeout=10) as client:
        with anyio.fail_after(GUARD), pytest.raises(APIConnectionError) as dropped:
            await client.get("/drop")
        assert isinstance(dropped.value.__cause__, httpx.RemoteProtocolError)
    assert server.seen.count("/v1/stall") == 3  # retried like any GET: 1 + 2 retries


async def test_fivetrex_requests_arrive_exactly(http: httpx.AsyncClient, server: _Server) -> None:
    async with _client(http, server.url + "/v1") as client:
        with anyio.fail_after(GUARD):
            echo = await client.post("/groups/a%2Fb/echo", json={"name": "x", "n": [1, 2]})
            zipped = await client.get("/gzip")
    assert echo["method"] == "POST"
    assert echo["path"] == "/v1/groups/a%2Fb/echo"
    assert json.loads(echo["body"]) == {"name": "x", "n": [1, 2]}
    sent = dict(echo["headers"])
    assert sent["authorization"].startswith("Basic ")
    assert sent["user-agent"].startswith("fivetrex-python/")
    assert sent["content-type"] == "application/json"
    assert zipped == {"id": "gz", "name": "g" * 5000}


@pytest.mark.parametrize(
    ("host", "no_proxy", "bypassed"),
    [
        ("api.fivetran.com", "fivetran.com", True),
        ("api.fivetran.com", ".fivetran.com", True),
        ("fivetran.com", "fivetran.com:443", True),
        ("notfivetran.com", "fivetran.com", False),
        ("api.fivetran.com", "other.com, *", True),
        ("127.0.0.1", "localhost,127.0.0.1", True),
        ("api.fivetran.com", "", False),
    ],
)
def test_no_proxy_matching(host: str, no_proxy: str, bypassed: bool) -> None:
    from fivetrex.transports import _bypassed

    assert _bypassed(host, {"http": "http://proxy:3128", "no": no_proxy}) is bypassed


# -- TLS -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The scripted server over TLS with a fresh self-signed certificate for 127.0.0.1."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("TLS checks need the openssl command to make a throwaway certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=60,
    )
    srv = _Server()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{srv.server_address[1]}", str(cert)
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(GUARD)


async def test_tls_verifies_against_the_given_authority(
    transport: str, tls_server: tuple[str, str]
) -> None:
    url, cert = tls_server
    trusted = ssl.create_default_context(cafile=cert)
    async with make_http(transport, verify=trusted) as client:
        with anyio.fail_after(GUARD):
            response = await client.get(url + "/v1/echo")
    assert response.json()["data"]["path"] == "/v1/echo"
    async with make_http(transport) as client:  # the default CA bundle: not trusted
        with anyio.fail_after(GUARD), pytest.raises(httpx.ConnectError):
            await client.get(url + "/v1/echo")
    async with make_http(transport, verify=False) as client:
        with anyio.fail_after(GUARD):
            assert (await client.get(url + "/v1/echo")).status_code == 200
