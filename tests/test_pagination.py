"""Lazy, loop-safe pagination on both clients, and the seed's ``paginate`` helper."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from _support import (
    Recorder,
    collect,
    connection_reply,
    fail,
    make_client,
    ok,
    resolve,
    webhook_reply,
)
from fivetrex import NotFoundError, Page, PaginationError, ServerError, apaginate, paginate
from fivetrex.pagination import MAX_EMPTY_PAGES

pytestmark = pytest.mark.anyio


def _pages(n_pages: int, per_page: int, last_cursor: object = None) -> list[httpx.Response]:
    replies = []
    for p in range(n_pages):
        items = [{"id": f"g{p}_{i}", "name": f"n{p}_{i}"} for i in range(per_page)]
        data: dict[str, object] = {"items": items}
        if p < n_pages - 1:
            data["next_cursor"] = f"c{p + 1}"
        elif last_cursor is not ...:
            data["next_cursor"] = last_cursor
        replies.append(ok(data))
    return replies


async def test_stream_walks_every_page(mode: str) -> None:
    rec = Recorder(*_pages(3, 2))
    client = make_client(mode, rec)
    groups = await collect(client.groups.stream(limit=2))
    assert [g.id for g in groups] == ["g0_0", "g0_1", "g1_0", "g1_1", "g2_0", "g2_1"]
    assert [dict(r.url.params) for r in rec.requests] == [
        {"limit": "2"},
        {"limit": "2", "cursor": "c1"},
        {"limit": "2", "cursor": "c2"},
    ]


async def test_stream_is_lazy(mode: str) -> None:
    rec = Recorder(*_pages(3, 10))
    client = make_client(mode, rec)
    stream = client.groups.stream()
    assert rec.requests == []  # nothing until iterated
    first5 = await collect(stream, limit=5)
    assert len(first5) == 5
    assert len(rec.requests) == 1  # five items cost one request
    more = await collect(stream, limit=6)  # page 1 is used up after 5 more
    assert len(more) == 6
    assert len(rec.requests) == 2


@pytest.mark.parametrize("last", [None, "", ...], ids=["null", "empty", "missing"])
async def test_stream_ends_on_null_empty_or_missing_cursor(mode: str, last: object) -> None:
    rec = Recorder(*_pages(2, 1, last_cursor=last), fail(500, "E", "should not be fetched"))
    client = make_client(mode, rec)
    assert len(await collect(client.groups.stream())) == 2
    assert len(rec.requests) == 2


async def test_repeated_cursor_raises_instead_of_looping(mode: str) -> None:
    looping = ok({"items": [{"id": "a", "name": "a"}], "next_cursor": "same"})
    rec = Recorder(looping)
    client = make_client(mode, rec)
    with pytest.raises(PaginationError, match="repeated the cursor 'same'"):
        await collect(client.groups.stream())
    assert len(rec.requests) == 2


async def test_api_error_mid_stream_raises(mode: str) -> None:
    rec = Recorder(
        ok({"items": [{"id": "a", "name": "a"}], "next_cursor": "c1"}),
        fail(404, "NotFound_Group", "gone"),
    )
    client = make_client(mode, rec, max_retries=0)
    stream = client.groups.stream()
    first = await collect(stream, limit=1)
    assert [g.id for g in first] == ["a"]
    with pytest.raises(NotFoundError, match="gone"):
        await collect(stream)


async def test_stream_retries_transient_errors_between_pages(mode: str) -> None:
    rec = Recorder(
        ok({"items": [{"id": "a", "name": "a"}], "next_cursor": "c1"}),
        fail(503, "E", "x"),
        ok({"items": [{"id": "b", "name": "b"}]}),
    )
    client = make_client(mode, rec)
    assert [g.id for g in await collect(client.groups.stream())] == ["a", "b"]


@pytest.mark.parametrize("limit", [0, 1001, -1, True, 2.5, "10"])
async def test_stream_limit_is_validated_before_any_request(mode: str, limit: object) -> None:
    rec = Recorder()
    client = make_client(mode, rec)
    with pytest.raises(ValueError, match="limit"):
        await collect(client.groups.stream(limit=limit))  # type: ignore[arg-type]
    assert rec.requests == []


async def test_connections_stream_takes_group_id(mode: str) -> None:
    rec = Recorder(ok({"items": [connection_reply(id="c1", schema="s")], "next_cursor": None}))
    client = make_client(mode, rec)
    conns = await collect(client.connections.stream("grp", limit=1000))
    assert conns[0].id == "c1"
    assert rec.last.url.path == "/v1/groups/grp/connections"
    assert rec.last.headers["accept"] == "application/json;version=2"


async def test_stream_can_resume_from_a_cursor(mode: str) -> None:
    rec = Recorder(ok({"items": [webhook_reply(id="z")]}))
    client = make_client(mode, rec)
    assert [w.id for w in await collect(client.webhooks.stream(cursor="c9"))] == ["z"]
    assert dict(rec.last.url.params) == {"cursor": "c9"}


def test_paginate_helper_is_lazy_and_stops() -> None:
    calls: list[object] = []
    pages = {None: Page(items=[1, 2], next_cursor="b"), "b": Page(items=[3], next_cursor=None)}

    def fetch(cursor: str | None) -> Page[int]:
        calls.append(cursor)
        return pages[cursor]

    it = paginate(fetch)
    assert calls == []
    assert next(it) == 1
    assert calls == [None]
    assert list(it) == [2, 3]
    assert calls == [None, "b"]


def test_paginate_accepts_dict_pages_and_detects_loops() -> None:
    assert list(paginate(lambda c: {"items": ["x"], "next_cursor": ""})) == ["x"]  # type: ignore[arg-type,return-value]
    with pytest.raises(PaginationError):
        list(paginate(lambda c: Page(items=[1], next_cursor="again")))


def test_paginate_propagates_errors() -> None:
    def fetch(cursor: str | None) -> Page[int]:
        if cursor is None:
            return Page(items=[1], next_cursor="n")
        raise ServerError("boom", status=500)

    it = paginate(fetch)
    assert next(it) == 1
    with pytest.raises(ServerError):
        next(it)


async def test_apaginate() -> None:
    async def fetch(cursor: str | None) -> Page[str]:
        return Page(items=[cursor or "first"], next_cursor=None if cursor else "second")

    assert [x async for x in apaginate(fetch)] == ["first", "second"]


async def test_list_pages_can_be_iterated(mode: str) -> None:
    client = make_client(
        mode, Recorder(ok({"items": [{"id": "a", "name": "a"}, {"id": "b", "name": "b"}]}))
    )
    page = await resolve(client.groups.list())
    assert [g.id for g in page] == ["a", "b"]
    assert len(page) == 2


def _cursor_script(script: dict[str | None, dict[str, object]]) -> Recorder:
    """Answer each list request by its cursor."""

    def reply(request: httpx.Request) -> httpx.Response:
        return ok(script[request.url.params.get("cursor")])

    return Recorder(reply)


async def test_a_cursor_cycle_raises(mode: str) -> None:
    rec = _cursor_script(
        {
            None: {"items": [{"id": "a", "name": "a"}], "next_cursor": "A"},
            "A": {"items": [{"id": "b", "name": "b"}], "next_cursor": "B"},
            "B": {"items": [{"id": "c", "name": "c"}], "next_cursor": "A"},
        }
    )
    client = make_client(mode, rec)
    seen: list[str] = []
    with pytest.raises(PaginationError, match="repeated the cursor 'A'"):
        await _drain(client.groups.stream(), seen)
    assert seen == ["a", "b", "c"]  # every item served once, none twice
    assert len(rec.requests) == 3


async def test_a_cycle_back_to_the_starting_cursor_raises(mode: str) -> None:
    rec = _cursor_script(
        {
            "S": {"items": [{"id": "a", "name": "a"}], "next_cursor": "T"},
            "T": {"items": [{"id": "b", "name": "b"}], "next_cursor": "S"},
        }
    )
    client = make_client(mode, rec)
    with pytest.raises(PaginationError):
        await collect(client.groups.stream(cursor="S"))
    assert len(rec.requests) == 2


async def test_endless_empty_pages_raise_after_a_documented_run(mode: str) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("cursor", "0"))
        return ok({"items": [], "next_cursor": str(number + 1)})

    rec = Recorder(reply)
    client = make_client(mode, rec)
    with pytest.raises(PaginationError, match="empty pages in a row"):
        await collect(client.groups.stream())
    assert len(rec.requests) == MAX_EMPTY_PAGES


async def test_an_empty_page_between_full_ones_is_fine(mode: str) -> None:
    rec = _cursor_script(
        {
            None: {"items": [{"id": "a", "name": "a"}], "next_cursor": "A"},
            "A": {"items": [], "next_cursor": "B"},
            "B": {"items": [{"id": "b", "name": "b"}], "next_cursor": None},
        }
    )
    client = make_client(mode, rec)
    assert [g.id for g in await collect(client.groups.stream())] == ["a", "b"]


@pytest.mark.parametrize("max_pages", [1, 2, 5])
async def test_max_pages_caps_a_walk(mode: str, max_pages: int) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("cursor", "0"))
        return ok(
            {"items": [{"id": f"g{number}", "name": f"g{number}"}], "next_cursor": str(number + 1)}
        )

    rec = Recorder(reply)
    client = make_client(mode, rec)
    groups = await collect(client.groups.stream(max_pages=max_pages))
    assert [g.id for g in groups] == [f"g{n}" for n in range(max_pages)]
    assert len(rec.requests) == max_pages


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
async def test_max_pages_is_validated(mode: str, bad: object) -> None:
    rec = Recorder(ok({"items": []}))
    client = make_client(mode, rec)
    with pytest.raises(ValueError, match="max_pages"):
        await collect(client.groups.stream(max_pages=bad))
    assert rec.requests == []


def test_stream_signature_shows_max_pages() -> None:
    import inspect

    from fivetrex import AsyncFivetrex, Fivetrex

    for cls in (Fivetrex, AsyncFivetrex):
        client = cls(api_key="k", api_secret="s")
        for method in (client.groups.stream, client.connections.stream_in_account):
            param = inspect.signature(method).parameters["max_pages"]
            assert param.kind is inspect.Parameter.KEYWORD_ONLY
            assert param.default is None


async def _drain(iterator: Any, into: list[str]) -> None:
    """Consume a blocking or async stream, keeping each item's id as it arrives."""
    if hasattr(iterator, "__aiter__"):
        async for item in iterator:
            into.append(item.id)
        return
    for item in iterator:
        into.append(item.id)
