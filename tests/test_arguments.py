"""Strict at the frame: bad configuration fails at construction, bad arguments before sending.

Each case is a mistake a user makes in real code (a lone id where a list is taken, the
wrong kind of httpx client, a base URL copied with a query string, ``timeout=nan`` from a
config file) and must end in a ``FivetrexError`` naming the problem, with nothing sent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from _support import Recorder, make_client, ok, resolve
from fivetrex import AsyncFivetrex, ConfigurationError, Fivetrex, InvalidArgumentError

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FIVETRAN_API_KEY", "FIVETRAN_API_SECRET", "FIVETRAN_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def _connection(cid: str = "c1") -> dict[str, Any]:
    return {
        "id": cid,
        "group_id": "g1",
        "service": "postgres",
        "schema": f"{cid}_schema",
        "paused": False,
        "pause_after_trial": False,
        "connected_by": "u1",
        "sync_frequency": 360,
        "succeeded_at": "2026-01-01T00:00:00.000000Z",
        "failed_at": None,
        "status": {"sync_state": "scheduled", "setup_state": "connected"},
    }


class FewSleeps:
    """A fake sleep that ends a wait gone wrong, fast, instead of letting it loop forever."""

    def __init__(self, most: int = 20) -> None:
        self.most = most
        self.calls = 0

    def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.calls > self.most:
            raise AssertionError(f"the wait did not end (slept {self.calls} times)")


# ------------------------------------------------------------- a lone id where a list is taken

BULK: dict[str, Callable[[Any, Any], Any]] = {
    "pause_many": lambda c, ids: c.connections.pause_many(ids),
    "resume_many": lambda c, ids: c.connections.resume_many(ids),
    "get_statuses": lambda c, ids: c.connections.get_statuses(ids),
    "get_statuses(strategy='list')": lambda c, ids: c.connections.get_statuses(
        ids, strategy="list"
    ),
    "sync_many_and_wait": lambda c, ids: c.connections.sync_many_and_wait(ids),
}


@pytest.mark.parametrize("value", ["abc", b"abc", bytearray(b"abc")], ids=["str", "bytes", "ba"])
@pytest.mark.parametrize("call", sorted(BULK))
async def test_bulk_helpers_refuse_a_single_id_before_sending(
    mode: str, call: str, value: Any
) -> None:
    # pause_many("abc") used to pause connections 'a', 'b' and 'c'
    recorder = Recorder(ok(_connection()))
    client = make_client(mode, recorder, sleep=FewSleeps())
    with pytest.raises(InvalidArgumentError) as info:
        await resolve(BULK[call](client, value))
    text = str(info.value)
    assert "`connection_ids`" in text
    assert "pass ['abc']" in text
    assert recorder.requests == []


async def test_bulk_helpers_still_take_any_iterable_of_ids(mode: str) -> None:
    recorder = Recorder(lambda r: ok(_connection(r.url.path.rsplit("/", 1)[-1])))
    client = make_client(mode, recorder)
    paused = await resolve(client.connections.pause_many(cid for cid in ("a", "b")))
    assert list(paused.succeeded) == ["a", "b"]
    statuses = await resolve(client.connections.get_statuses(("a",)))
    assert list(statuses.succeeded) == ["a"]
    assert [f"{r.method} {r.url.path}" for r in recorder.requests] == [
        "PATCH /v1/connections/a",
        "PATCH /v1/connections/b",
        "GET /v1/connections/a",
    ]


WEBHOOK_EVENTS: dict[str, Callable[[Any], Any]] = {
    "create_account": lambda c: c.webhooks.create_account(url="https://h.test", events="sync_end"),
    "create_group": lambda c: c.webhooks.create_group(
        "g1", url="https://h.test", events="sync_end"
    ),
    "update": lambda c: c.webhooks.update("w1", events="sync_end"),
}


@pytest.mark.parametrize("call", sorted(WEBHOOK_EVENTS))
async def test_a_single_event_name_is_refused_where_a_list_is_taken(mode: str, call: str) -> None:
    recorder = Recorder(ok({}))
    client = make_client(mode, recorder)
    with pytest.raises(InvalidArgumentError, match=r"`events`.*pass \['sync_end'\]"):
        await resolve(WEBHOOK_EVENTS[call](client))
    assert recorder.requests == []


# ------------------------------------------------------------------------------ wait options

WAITS: dict[str, Callable[..., Any]] = {
    "sync_and_wait": lambda c, **kw: c.connections.sync_and_wait("c1", **kw),
    "wait_for_sync": lambda c, **kw: c.connections.wait_for_sync("c1", after=None, **kw),
    "sync_many_and_wait": lambda c, **kw: c.connections.sync_many_and_wait(["c1"], **kw),
}

BAD_WAIT_OPTIONS = [
    ("timeout", math.nan),
    ("timeout", math.inf),
    ("timeout", -1),
    ("timeout", "60"),
    ("timeout", True),
    ("poll_interval", math.nan),
    ("poll_interval", math.inf),
    ("poll_interval", 0),
    ("poll_interval", -5.0),
    ("max_poll_interval", math.nan),
    ("max_poll_interval", -math.inf),
    ("max_poll_interval", 0.0),
]


@pytest.mark.parametrize(("option", "value"), BAD_WAIT_OPTIONS, ids=repr)
@pytest.mark.parametrize("call", sorted(WAITS))
async def test_bad_wait_options_are_refused_before_anything_is_sent(
    mode: str, call: str, option: str, value: Any
) -> None:
    # sync_and_wait(timeout=nan) used to trigger the sync, then never time out;
    # timeout=-1 used to trigger the sync and only then raise
    recorder = Recorder(ok(_connection()))
    client = make_client(mode, recorder, sleep=FewSleeps())
    with pytest.raises(InvalidArgumentError, match=rf"^{option} must be a finite number"):
        await resolve(WAITS[call](client, **{option: value}))
    assert recorder.requests == []


async def test_zero_timeout_and_integer_intervals_are_fine(mode: str) -> None:
    recorder = Recorder(ok(_connection()))
    client = make_client(mode, recorder)
    status = await resolve(
        client.connections.wait_for_sync(
            "c1", after=None, timeout=0, poll_interval=1, max_poll_interval=2
        )
    )
    assert status.connection_id == "c1"
    assert len(recorder.requests) == 1


# ---------------------------------------------------------------- the wrong kind of http_client


def test_blocking_client_refuses_an_async_http_client() -> None:
    http = httpx.AsyncClient()
    with pytest.raises(ConfigurationError) as info:
        Fivetrex(api_key="k", api_secret="s", http_client=http)  # type: ignore[arg-type]
    text = str(info.value)
    assert "takes an httpx.Client, got httpx.AsyncClient" in text
    assert "use AsyncFivetrex" in text
    assert not http.is_closed  # the caller's client: not ours to close


def test_async_client_refuses_a_blocking_http_client() -> None:
    # it used to send one blocking request, fail with TypeError and leak the socket
    with httpx.Client() as http:
        with pytest.raises(ConfigurationError) as info:
            AsyncFivetrex(api_key="k", api_secret="s", http_client=http)  # type: ignore[arg-type]
        text = str(info.value)
        assert "takes an httpx.AsyncClient, got httpx.Client" in text
        assert "use Fivetrex" in text
        assert not http.is_closed


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
@pytest.mark.parametrize(
    "wrong",
    [httpx.MockTransport(lambda r: httpx.Response(200)), "http://proxy.test", object()],
    ids=["a transport", "a string", "an object"],
)
def test_anything_but_an_httpx_client_is_refused(cls: type, wrong: object) -> None:
    with pytest.raises(ConfigurationError, match=r"http_client=\.\.\.\) takes an httpx\."):
        cls(api_key="k", api_secret="s", http_client=wrong)


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
async def test_with_options_refuses_the_wrong_kind_too(cls: type) -> None:
    other = httpx.AsyncClient() if cls is Fivetrex else httpx.Client()
    client = cls(api_key="k", api_secret="s")
    with pytest.raises(ConfigurationError, match="http_client"):
        client.with_options(http_client=other)
    await resolve(client.close())
    await resolve(other.aclose() if isinstance(other, httpx.AsyncClient) else other.close())


async def test_subclasses_and_the_aiohttp_transport_are_accepted() -> None:
    class Traced(httpx.Client):
        pass

    with Traced() as http:
        assert Fivetrex(api_key="k", api_secret="s", http_client=http).http_client is http
    pytest.importorskip("aiohttp")
    from fivetrex.transports import aiohttp_client

    async with aiohttp_client() as ahttp:
        assert AsyncFivetrex(api_key="k", api_secret="s", http_client=ahttp).http_client is ahttp


# ------------------------------------------------------------------------------------ base_url

BAD_BASE_URLS = [
    ("http://[::1", "is not a valid URL"),
    ("ftp://files.example.com/v1", "must start with http:// or https://"),
    ("api.fivetran.com/v1", "must start with http:// or https://"),
    ("127.0.0.1:8000/v1", "must start with http:// or https://"),
    ("http:/api.fivetran.com/v1", "must start with http:// or https://"),
    ("http:///v1", "has no host"),
    ("http://127.0.0.1:8000/v1?x=1", "must not have a query string"),
    ("http://127.0.0.1:8000/v1?", "must not have a query string"),
    ("https://api.fivetran.com/v1#top", "must not have a fragment"),
    ("http://127.0.0.1:99999/v1", "has a port outside 1-65535"),
    (" https://api.fivetran.com/v1", "must not contain whitespace"),
    ("https://api.fivetran.com/v1\n", "must not contain whitespace"),
    ("https://api.fivetran.com/v1\x00", "must not contain whitespace or control characters"),
]


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
@pytest.mark.parametrize(("url", "problem"), BAD_BASE_URLS, ids=[u for u, _ in BAD_BASE_URLS])
def test_a_bad_base_url_fails_at_construction(cls: type, url: str, problem: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        cls(api_key="k", api_secret="s", base_url=url)
    assert str(info.value).startswith(f"base_url {problem}")
    assert str(info.value).endswith(f"got {url!r}")


def test_a_bad_base_url_from_the_environment_fails_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIVETRAN_BASE_URL", "http://127.0.0.1:8000/v1?x=1")
    with pytest.raises(ConfigurationError, match="base_url must not have a query string"):
        Fivetrex(api_key="k", api_secret="s")


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
def test_credentials_in_the_base_url_are_refused_and_not_repeated(cls: type) -> None:
    # httpx would send them as Basic auth in place of the API key
    with pytest.raises(ConfigurationError) as info:
        cls(api_key="k", api_secret="s", base_url="https://user:hunter2@api.fivetran.com/v1")
    text = str(info.value)
    assert "must not contain credentials" in text
    assert "hunter2" not in text
    assert "user" not in text


def test_a_base_url_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="base_url must be a string, got bytes"):
        Fivetrex(api_key="k", api_secret="s", base_url=b"https://api.fivetran.com/v1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "sent"),
    [
        ("https://api.fivetran.com/v1", "https://api.fivetran.com/v1/groups"),
        ("https://api.fivetran.com/v1/", "https://api.fivetran.com/v1/groups"),
        ("HTTPS://API.FIVETRAN.COM/v1", "https://api.fivetran.com/v1/groups"),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1/groups"),
        ("https://gw.example.com/fivetran/v1", "https://gw.example.com/fivetran/v1/groups"),
    ],
)
async def test_good_base_urls_are_used_as_given(mode: str, url: str, sent: str) -> None:
    recorder = Recorder(ok({"items": [], "next_cursor": None}))
    client = make_client(mode, recorder, base_url=url)
    await resolve(client.groups.list())
    assert str(recorder.last.url) == sent
