"""Keyset pagination: opaque cursors, limits, stability under concurrent changes."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator._emu_support import BASE, data, error
from fivetrex.emulator import Emulator


def _make_groups(emu: Emulator, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        name = f"g{emu.state.seq}"
        response = emu.request("POST", "/groups", {"name": name})
        assert response.status == 201
        ids.append(response.json()["data"]["id"])
    return ids


def _all_pages(http: httpx.Client, path: str, limit: int) -> list[list[str]]:
    pages = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = data(http.get(path, params=params))
        pages.append([item["id"] for item in page["items"]])
        cursor = page.get("next_cursor")
        if not cursor:
            return pages


def test_pages_cover_everything_in_creation_order(emu: Emulator, http: httpx.Client) -> None:
    ids = _make_groups(emu, 7)
    pages = _all_pages(http, "/groups", 3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == ids


def test_exact_multiple_has_no_empty_trailing_page(emu: Emulator, http: httpx.Client) -> None:
    _make_groups(emu, 4)
    pages = _all_pages(http, "/groups", 2)
    assert [len(p) for p in pages] == [2, 2]


def test_default_limit_is_100_and_max_1000(emu: Emulator, http: httpx.Client) -> None:
    _make_groups(emu, 101)
    first = data(http.get("/groups"))
    assert len(first["items"]) == 100
    assert first["next_cursor"]
    assert len(data(http.get("/groups", params={"limit": 1000}))["items"]) == 101


def test_last_page_cursor_setting(emu: Emulator, http: httpx.Client) -> None:
    _make_groups(emu, 1)
    assert "next_cursor" not in data(http.get("/groups"))
    emu.configure(last_page_cursor="null")
    page = data(http.get("/groups"))
    assert "next_cursor" in page
    assert page["next_cursor"] is None


def test_cursor_is_opaque_not_an_offset(emu: Emulator, http: httpx.Client) -> None:
    _make_groups(emu, 3)
    cursor = data(http.get("/groups", params={"limit": 1}))["next_cursor"]
    assert not cursor.isdigit()
    decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    assert b"skip" not in decoded
    assert b"offset" not in decoded


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "ten", "1.5", ""])
def test_bad_limit_is_400(http: httpx.Client, limit: str) -> None:
    error(http.get("/groups", params={"limit": limit}), 400, "InvalidInput")


@pytest.mark.parametrize(
    "cursor", ["garbage!", "eyJ4IjoxfQ", "e30", "bm90IGpzb24", "eyJhZnRlciI6LTF9"]
)
def test_bad_cursor_is_400(http: httpx.Client, cursor: str) -> None:
    body = error(http.get("/groups", params={"cursor": cursor}), 400, "InvalidInput")
    assert "cursor" in body["message"]


def test_every_list_endpoint_paginates(emu: Emulator, http: httpx.Client) -> None:
    emu.seed("demo")
    group = data(http.get("/groups", params={"limit": 1}))["items"][0]["id"]
    for path in (
        "/groups",
        "/destinations",
        "/connections",
        f"/groups/{group}/connections",
        "/webhooks",
    ):
        pages = _all_pages(http, path, 2)
        flat = [i for p in pages for i in p]
        assert len(flat) == len(set(flat)) > 0, path
        everything = [item["id"] for item in data(http.get(path, params={"limit": 1000}))["items"]]
        assert flat == everything, path


def test_deleting_the_cursor_item_does_not_skip(emu: Emulator, http: httpx.Client) -> None:
    ids = _make_groups(emu, 6)
    first = data(http.get("/groups", params={"limit": 2}))
    assert [g["id"] for g in first["items"]] == ids[:2]
    # Delete the last item of the page the cursor points after, and the next one.
    emu.request("DELETE", f"/groups/{ids[1]}")
    emu.request("DELETE", f"/groups/{ids[2]}")
    rest = data(http.get("/groups", params={"limit": 10, "cursor": first["next_cursor"]}))
    assert [g["id"] for g in rest["items"]] == ids[3:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=st.integers(min_value=0, max_value=25),
    limit=st.integers(min_value=1, max_value=7),
    ops=st.lists(
        st.tuples(st.sampled_from(["create", "delete_new", "delete_seen", "delete_unseen"]),
                  st.integers(min_value=0, max_value=10_000)),
        max_size=20,
    ),
)  # fmt: skip
def test_iteration_is_stable_under_concurrent_changes(
    initial: int, limit: int, ops: list[tuple[str, int]]
) -> None:
    emu = Emulator()
    original = _make_groups(emu, initial)
    deleted: set[str] = set()
    created: list[str] = []
    seen: list[str] = []
    cursor: str | None = None
    pending = list(ops)
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, auth=(emu.api_key, emu.api_secret)
    ) as http:
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            page = data(http.get("/groups", params=params))
            seen.extend(item["id"] for item in page["items"])
            # Between pages, mutate the collection.
            for _ in range(min(2, len(pending))):
                op, n = pending.pop(0)
                if op == "create":
                    created.extend(_make_groups(emu, 1))
                    continue
                if op == "delete_new":
                    pool = [g for g in created if g not in deleted]
                elif op == "delete_seen":
                    pool = [g for g in seen if g not in deleted and g in original]
                else:
                    pool = [g for g in original if g not in deleted and g not in seen]
                if pool:
                    victim = pool[n % len(pool)]
                    assert emu.request("DELETE", f"/groups/{victim}").status == 200
                    deleted.add(victim)
            cursor = page.get("next_cursor")
            if not cursor:
                break
    assert len(seen) == len(set(seen)), "an item was returned twice"
    survivors = [g for g in original if g not in deleted]
    missing = [g for g in survivors if g not in seen]
    assert missing == [], "an item that existed throughout was skipped"
    # Order is creation order.
    assert seen == sorted(seen, key=(original + created).index)
