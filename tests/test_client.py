"""Client options, environment fallback, lifecycle, and secret hygiene."""

from __future__ import annotations

import inspect
import logging

import httpx
import pytest

from _support import SECRET, Recorder, fail, make_client, ok, resolve
from fivetrex import AsyncFivetrex, ConfigurationError, Fivetrex, InvalidArgumentError, ServerError

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FIVETRAN_API_KEY", "FIVETRAN_API_SECRET", "FIVETRAN_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
def test_missing_credentials_name_both_ways_to_supply_them(cls: type) -> None:
    with pytest.raises(ConfigurationError) as info:
        cls()
    text = str(info.value)
    assert "api_key=" in text
    assert "api_secret=" in text
    assert "FIVETRAN_API_KEY" in text
    assert "FIVETRAN_API_SECRET" in text
    with pytest.raises(ConfigurationError, match="api_secret") as info2:
        cls(api_key="k")
    assert "FIVETRAN_API_KEY" not in str(info2.value)


@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
def test_environment_fallback(cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIVETRAN_API_KEY", "env-key")
    monkeypatch.setenv("FIVETRAN_API_SECRET", "env-secret")
    monkeypatch.setenv("FIVETRAN_BASE_URL", "http://localhost:9999/v1/")
    client = cls()
    assert client.api_key == "env-key"
    assert client.base_url == "http://localhost:9999/v1"
    explicit = cls(api_key="k", api_secret="s", base_url="https://example.test/v1")
    assert explicit.api_key == "k"
    assert explicit.base_url == "https://example.test/v1"


def test_defaults() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    assert client.base_url == "https://api.fivetran.com/v1"
    assert client.max_retries == 3
    assert client.timeout == 60.0
    assert isinstance(client.http_client, httpx.Client)
    client.close()


def test_bad_base_url() -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        Fivetrex(api_key="k", api_secret="s", base_url="api.fivetran.com")


def test_options_are_keyword_only() -> None:
    for cls in (Fivetrex, AsyncFivetrex):
        params = inspect.signature(cls).parameters.values()
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)


async def test_secret_never_in_repr_str_logs_or_errors(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    rec = Recorder(fail(503, "E", "down"), fail(500, "E", "still down"))
    client = make_client(mode, rec, max_retries=1)
    with caplog.at_level(logging.DEBUG, logger="fivetrex"), pytest.raises(ServerError) as info:
        await resolve(client.groups.get("g"))
    assert SECRET not in repr(client)
    assert SECRET not in str(client)
    assert SECRET not in repr(client._core)
    assert SECRET not in caplog.text
    assert "Authorization" not in caplog.text
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value)
    assert caplog.records, "the client logs at DEBUG"


async def test_default_headers_and_per_client_timeout(mode: str) -> None:
    rec = Recorder(ok({}))
    client = make_client(mode, rec, default_headers={"X-Team": "data"}, timeout=5)
    await resolve(client.groups.list())
    assert rec.last.headers["x-team"] == "data"
    assert rec.last.extensions["timeout"] == {"connect": 5, "read": 5, "write": 5, "pool": 5}


async def test_default_headers_cannot_replace_authorization(mode: str) -> None:
    rec = Recorder(ok({}))
    client = make_client(mode, rec, default_headers={"Authorization": "Bearer nope"})
    await resolve(client.groups.list())
    assert rec.last.headers["authorization"].startswith("Basic ")


async def test_with_options_shares_the_pool_and_overrides(mode: str) -> None:
    rec = Recorder(fail(503, "E", "x"))
    client = make_client(mode, rec)
    fast = client.with_options(max_retries=0, timeout=2)
    assert type(fast) is type(client)
    assert fast.http_client is client.http_client
    assert fast.max_retries == 0
    assert fast.timeout == 2
    assert client.max_retries == 3
    assert fast.api_key == client.api_key
    with pytest.raises(ServerError):
        await resolve(fast.groups.list())
    assert len(rec.requests) == 1
    with pytest.raises(TypeError, match="nope"):
        client.with_options(nope=1)


def test_with_options_accepts_every_init_option() -> None:
    init = set(inspect.signature(Fivetrex).parameters)
    client = Fivetrex(api_key="k", api_secret="s")
    for name in init:
        if name in ("api_key", "api_secret", "base_url"):
            continue
        value = {
            "timeout": 1.0,
            "max_retries": 1,
            "retry_policy": None,
            "http_client": None,
            "default_headers": {},
            "sleep": None,
            "clock": None,
            "rate_limit": None,
            "max_response_bytes": 1024,
            "total_timeout": 30.0,
        }[name]
        client.with_options(**{name: value})
    client.close()


def test_sync_context_manager_closes_owned_pool() -> None:
    with Fivetrex(api_key="k", api_secret="s") as client:
        pool = client.http_client
        copy = client.with_options(timeout=1)
    assert pool.is_closed
    assert copy.http_client is pool


def test_user_supplied_http_client_is_not_closed() -> None:
    http = httpx.Client()
    with Fivetrex(api_key="k", api_secret="s", http_client=http):
        pass
    assert not http.is_closed
    http.close()


async def test_async_context_manager() -> None:
    async with AsyncFivetrex(api_key="k", api_secret="s") as client:
        pool = client.http_client
        assert isinstance(pool, httpx.AsyncClient)
    assert pool.is_closed


def test_copy_closing_does_not_close_shared_pool() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    copy = client.with_options(timeout=1)
    copy.close()
    assert not client.http_client.is_closed
    client.close()
    assert client.http_client.is_closed


async def test_raw_path_rejects_absolute_urls(mode: str) -> None:
    rec = Recorder(ok({}))
    client = make_client(mode, rec)
    with pytest.raises(ValueError, match="relative"):
        await resolve(client.get("https://evil.example/v1/groups"))
    assert rec.requests == []


def test_fivetrex_log_env_enables_debug_logging_without_secrets(tmp_path: object) -> None:
    import subprocess
    import sys

    code = (
        "import httpx, fivetrex\n"
        "body = {'code': 'Success', 'data': {'items': []}}\n"
        "t = httpx.MockTransport(lambda r: httpx.Response(200, json=body))\n"
        "c = fivetrex.Fivetrex(api_key='k', api_secret='very-secret-value',"
        " http_client=httpx.Client(transport=t))\n"
        "c.groups.list()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"FIVETREX_LOG": "debug", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "request GET /v1/groups" in result.stderr
    assert "response GET /v1/groups -> 200" in result.stderr
    assert "very-secret-value" not in result.stderr


def test_with_options_never_takes_ownership_of_a_pool_it_did_not_create() -> None:
    mine = httpx.Client()
    client = Fivetrex(api_key="k", api_secret="s")
    copy = client.with_options(http_client=mine)
    copy.close()
    assert not mine.is_closed  # the caller's client stays the caller's
    fresh = Fivetrex(api_key="k", api_secret="s", http_client=mine).with_options(http_client=None)
    assert fresh.http_client is not mine
    fresh.close()
    assert fresh.http_client.is_closed  # a new pool made for the copy is owned by it
    assert not mine.is_closed
    client.close()
    mine.close()


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/connections", "application/json;version=2"),
        ("/v1/connections/c1", "application/json;version=2"),
        ("/connections/c1/sync", "application/json;version=2"),
        ("/destinations/d1/test", "application/json;version=2"),
        ("/connections/c1/schemas", "application/json"),
        ("/connections/c1/certificates", "application/json"),
        ("/groups/g/connections", "application/json"),
        ("/groups", "application/json"),
    ],
)
async def test_raw_calls_send_version_2_exactly_where_the_spec_does(
    mode: str, path: str, accept: str
) -> None:
    rec = Recorder(ok({}))
    client = make_client(mode, rec)
    await resolve(client.get(path))
    assert rec.last.headers["accept"] == accept


async def test_invalid_arguments_are_fivetrex_errors_and_value_errors(mode: str) -> None:
    from fivetrex import FivetrexError, InvalidArgumentError

    client = make_client(mode, Recorder())
    with pytest.raises(InvalidArgumentError) as info:
        await resolve(client.groups.get(""))
    assert isinstance(info.value, FivetrexError)
    assert isinstance(info.value, ValueError)


def test_the_console_script_explains_a_missing_cli_extra() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['click'] = None\n"
        "from fivetrex._cli_entry import main\n"
        "sys.exit(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "pip install 'fivetrex[cli]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "options",
    [
        {"max_response_bytes": 0},
        {"max_response_bytes": -1},
        {"max_response_bytes": 1.5},
        {"total_timeout": 0},
        {"total_timeout": -3},
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": True},
        {"timeout": "5"},
        {"max_retries": -1},
        {"max_retries": 1.5},
    ],
)
@pytest.mark.parametrize("cls", [Fivetrex, AsyncFivetrex])
def test_bounds_are_validated(cls: type[Fivetrex], options: dict[str, object]) -> None:
    # a bad bound is refused when the client is made, as a FivetrexError (and a
    # ValueError), never later as httpx's bare ValueError or a tight retry loop
    with pytest.raises(InvalidArgumentError, match=next(iter(options))) as caught:
        cls(api_key="k", api_secret="s", **options)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


def test_valid_bounds_are_kept() -> None:
    client = Fivetrex(api_key="k", api_secret="s", timeout=2.5, max_retries=0)
    assert (client.timeout, client.max_retries) == (2.5, 0)
    assert Fivetrex(api_key="k", api_secret="s", timeout=None).timeout is None


@pytest.mark.parametrize("path", ["../../etc", "/groups/../../etc", "./groups", "/groups/.."])
async def test_a_raw_call_may_not_climb_out_of_the_base_url(mode: str, path: str) -> None:
    rec = Recorder(ok({}))
    client = make_client(mode, rec)
    for call in (
        lambda: client.get(path),
        lambda: client.post(path, json={}),
        lambda: client.patch(path, json={}),
        lambda: client.delete(path),
    ):
        with pytest.raises(InvalidArgumentError, match=r"'\.' or '\.\.' segment"):
            await resolve(call())
    assert rec.requests == []


async def test_a_raw_call_keeps_its_path_under_the_base_url(mode: str) -> None:
    rec = Recorder(ok({"id": "g1"}))
    client = make_client(mode, rec, base_url="https://api.example.test/v1")
    assert await resolve(client.get("/groups/g1..x")) == {"id": "g1"}  # dots inside a name
    assert await resolve(client.get("groups", params={"limit": 2})) == {"id": "g1"}
    assert [str(r.url) for r in rec.requests] == [
        "https://api.example.test/v1/groups/g1..x",
        "https://api.example.test/v1/groups?limit=2",
    ]
