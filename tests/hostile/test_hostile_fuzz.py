"""Any JSON a server may send: a call returns a well-formed result or raises a FivetrexError.

Hypothesis writes the bodies (as the whole body, as ``data``, as a page); the client
meets them through an in-process transport, on both clients and through ``stream()``.
Never a raw pydantic, ``KeyError``, ``TypeError`` or JSON error; never an object without
its ``id``; never ``Page.items`` that is not a list.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import KEY, SECRET, FakeSleep
from fivetrex import AsyncFivetrex, Fivetrex, FivetrexError, Group, Page

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "name", "items", "next_cursor", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)
bodies = st.one_of(
    json_values,
    st.builds(lambda d: {"code": "Success", "data": d}, json_values),
    st.builds(
        lambda items, cursor: {"code": "Success", "data": {"items": items, "next_cursor": cursor}},
        st.lists(json_values, max_size=3),
        st.none() | st.just("") | st.text(max_size=3) | st.integers(),
    ),
)


def _transport(body: Any) -> httpx.MockTransport:
    content = json.dumps(body).encode()
    return httpx.MockTransport(lambda request: httpx.Response(200, content=content))


def _check_get(result: Any) -> None:
    assert isinstance(result, Group)
    assert isinstance(result.id, str)
    assert result.id


def _check_page(result: Any) -> None:
    assert isinstance(result, Page)
    assert isinstance(result.items, list)
    for item in result.items:
        _check_get(item)
    assert result.next_cursor is None or isinstance(result.next_cursor, str)


def _blocking(body: Any) -> None:
    options = {"api_key": KEY, "api_secret": SECRET, "max_retries": 0, "sleep": FakeSleep()}
    with Fivetrex(http_client=httpx.Client(transport=_transport(body)), **options) as client:
        for call in (
            lambda: _check_get(client.groups.get("g1")),
            lambda: _check_page(client.groups.list()),
            lambda: [_check_get(g) for g in client.groups.stream(max_pages=3)],
        ):
            with contextlib.suppress(FivetrexError):
                call()
        client.http_client.close()


async def _asyncio(body: Any) -> None:
    options = {"api_key": KEY, "api_secret": SECRET, "max_retries": 0, "sleep": FakeSleep()}
    http = httpx.AsyncClient(transport=_transport(body))
    async with AsyncFivetrex(http_client=http, **options) as client:
        with contextlib.suppress(FivetrexError):
            _check_get(await client.groups.get("g1"))
        with contextlib.suppress(FivetrexError):
            _check_page(await client.groups.list())
        try:
            async for group in client.groups.stream(max_pages=3):
                _check_get(group)
        except FivetrexError:
            pass
    await http.aclose()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_any_json_is_a_result_or_a_typed_error(body: Any) -> None:
    _blocking(body)
    asyncio.run(_asyncio(body))
