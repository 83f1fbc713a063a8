"""List pages joined from cached per-document JSON: the same bytes, never stale.

The connection list is built from each connection's serialised rendering, kept until the
connection changes (``BackendBase.fragment``). These tests catch a page that differs from
what rendering the documents afresh gives, and a cached rendering that outlives a change
(an update, a pause, a sync ending by the clock, a delete, a reset).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from emulator._emu_support import data, make_connection, make_group
from fivetrex.emulator import Emulator
from fivetrex.emulator._json import MASK


def _fresh(emu: Emulator, group_id: str) -> list[dict[str, Any]]:
    """The group's connections rendered now, without the cache."""
    backend = emu.backend
    docs = [d for d in emu.state.values("connections") if d["group_id"] == group_id]
    return [backend.render_connection(d) for d in docs]


def _listing(http: httpx.Client, group_id: str, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = data(http.get(f"/groups/{group_id}/connections", params=params))
    return result


def test_page_bytes_are_the_compact_json_of_fresh_renderings(
    emu: Emulator, http: httpx.Client
) -> None:
    group_id = make_group(http)
    for service in ("postgres", "mysql", "oracle"):
        make_connection(http, group_id, service)
    for _ in range(2):  # the second listing is served from the cache
        response = http.get(f"/groups/{group_id}/connections")
        body = response.json()
        assert body["data"]["items"] == _fresh(emu, group_id)
        assert "next_cursor" not in body["data"]
        compact = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        assert response.content == compact
        assert all(item["config"]["password"] == MASK for item in body["data"]["items"])


def test_cursor_and_null_last_cursor_are_kept(emu: Emulator, http: httpx.Client) -> None:
    group_id = make_group(http)
    ids = [make_connection(http, group_id, s)["id"] for s in ("postgres", "mysql", "oracle")]
    first = _listing(http, group_id, limit=2)
    assert [i["id"] for i in first["items"]] == ids[:2]
    second = _listing(http, group_id, limit=2, cursor=first["next_cursor"])
    assert [i["id"] for i in second["items"]] == ids[2:]
    assert "next_cursor" not in second
    emu.configure(last_page_cursor="null")
    assert _listing(http, group_id, limit=2, cursor=first["next_cursor"])["next_cursor"] is None
    empty = make_group(http, "Empty")
    assert _listing(http, empty) == {"items": [], "next_cursor": None}


def test_changes_are_seen_by_the_next_listing(emu: Emulator, http: httpx.Client) -> None:
    group_id = make_group(http)
    conn = make_connection(http, group_id, "postgres", paused=True)
    other = make_connection(http, group_id, "mysql")
    _listing(http, group_id)  # cached now

    data(http.patch(f"/connections/{conn['id']}", json={"sync_frequency": 60}))
    assert _listing(http, group_id)["items"] == _fresh(emu, group_id)
    assert _listing(http, group_id)["items"][0]["sync_frequency"] == 60

    data(http.patch(f"/connections/{conn['id']}", json={"paused": False}))
    data(http.post(f"/connections/{conn['id']}/sync", json={}))
    running = _listing(http, group_id)["items"][0]
    assert running["status"]["sync_state"] == "syncing"

    emu.advance(3600)  # the sync ends by the clock, on the next request
    ended = _listing(http, group_id)["items"]
    assert ended == _fresh(emu, group_id)
    assert ended[0]["status"]["sync_state"] != "syncing"
    assert ended[0]["succeeded_at"] is not None

    http.delete(f"/connections/{other['id']}")
    assert [i["id"] for i in _listing(http, group_id)["items"]] == [conn["id"]]

    emu.reset()
    group_id = make_group(http)
    assert _listing(http, group_id)["items"] == []
