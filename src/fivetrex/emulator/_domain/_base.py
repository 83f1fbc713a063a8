"""The base every area builds on: state, settings, events and their outbox, paging, lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_ms, format_us
from fivetrex.emulator._domain._common import Page, PendingDelivery, decode_cursor, encode_cursor
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._json import dumps

if TYPE_CHECKING:
    from fivetrex.emulator._settings import Settings
    from fivetrex.emulator._state import Doc, State

__all__ = ["BackendBase"]


def _window(docs: Iterable[Doc], cursor: str | None, limit: int) -> tuple[list[Doc], str | None]:
    """The documents of one keyset page (those after ``cursor``, at most ``limit``) and the
    next page's cursor (``None`` on the last page)."""
    after = decode_cursor(cursor) if cursor else 0
    window: list[Doc] = []
    for doc in docs:
        if int(doc["_seq"]) <= after:
            continue
        if len(window) == limit:
            return window, encode_cursor(int(window[-1]["_seq"]) if window else 0)
        window.append(doc)
    return window, None


def _event_payload(
    event: str, created: str, conn: Doc, data: dict[str, Any] | None, sync_id: str | None
) -> dict[str, Any]:
    """The webhook payload of a connection's ``event`` (Fivetran's field order)."""
    payload: dict[str, Any] = {
        "event": event,
        "created": created,
        "connector_type": conn["service"],
        "connector_id": conn["id"],
        "connector_name": conn["schema"],
    }
    if sync_id is not None:
        payload["sync_id"] = sync_id
    payload["destination_group_id"] = conn["group_id"]
    if data is not None:
        payload["data"] = data
    return payload


class BackendBase:
    """What every area relies on: the state, the settings, the outbox and shared helpers."""

    if TYPE_CHECKING:
        # ``(event, connection, data, sync_id)``, called for every event ``_emit`` sends:
        # implemented by :class:`~.history.HistoryArea`.
        observe_event: Callable[[str, Doc, dict[str, Any] | None, str | None], None]

    def __init__(self, state: State, settings: Settings) -> None:
        self.state = state
        self.settings = settings
        self.outbox: list[PendingDelivery] = []

    def now_iso(self) -> str:
        """Return a fresh event timestamp (microseconds, ``Z``)."""
        return format_us(self.state.stamp())

    def page(
        self,
        docs: Iterable[Doc],
        cursor: str | None,
        limit: int,
        render: Any,
        *,
        kind: str | None = None,
    ) -> Page:
        """Return one keyset page of ``docs`` (which must be in creation order).

        With ``kind`` (the documents' state kind, keyed by their ``id``), the page is built
        from each document's serialised rendering, cached until the document changes
        (:meth:`fragment`).
        """
        window, next_cursor = _window(docs, cursor, limit)
        if kind is None:
            return Page([render(doc) for doc in window], next_cursor)
        fragment = self.fragment
        fragments = [fragment(kind, doc, render) for doc in window]
        return Page(None, next_cursor, fragments=fragments)

    def fragment(self, kind: str, doc: Doc, render: Any) -> bytes:
        """``render(doc)`` as compact JSON, cached in the state until the document changes.

        The cache entry dies when the state records a change of the document
        (:meth:`State.put`, :meth:`State.touch`, :meth:`State.delete`); a document changed
        since the last commit is never cached, so a change made after its ``touch`` in the
        same request is never missed.
        """
        key = (kind, doc["id"])
        state = self.state
        entry = state.rendered.get(key)
        if entry is not None and entry[0] is doc:
            return entry[1]
        data = dumps(render(doc))
        if key not in state.dirty:
            state.rendered[key] = (doc, data)
        return data

    def _group(self, group_id: str) -> Doc:
        return self.state.require("groups", group_id, "Group")

    def _connection(self, connection_id: str) -> Doc:
        return self.state.require("connections", connection_id, "Connection")

    def _destination(self, destination_id: str) -> Doc:
        return self.state.require("destinations", destination_id, "Destination")

    def _webhook(self, webhook_id: str) -> Doc:
        return self.state.require("webhooks", webhook_id, "Webhook")

    def _connections_in_group(self, group_id: str) -> list[Doc]:
        return [c for c in self.state.values("connections") if c["group_id"] == group_id]

    def _now(self) -> datetime:
        return self.state.clock.now()

    def _secret(self, nbytes: int = 16) -> str:
        """A deterministic random hex string (from the state's RNG)."""
        self.state.meta_dirty = True
        return f"{self.state.rng.getrandbits(nbytes * 8):0{nbytes * 2}x}"

    def _due(self, seconds: float) -> float:
        return (self._now() + timedelta(seconds=seconds)).timestamp()

    def _reached(self, ts: float | None) -> bool:
        return ts is not None and self._now().timestamp() + 1e-6 >= ts

    def _users_of(self, field: str, value: str) -> tuple[list[Doc], list[Doc]]:
        """Connections and destinations whose ``field`` is ``value``."""
        conns = [c for c in self.state.values("connections") if c.get(field) == value]
        dests = [d for d in self.state.values("destinations") if d.get(field) == value]
        return conns, dests

    def _check_name_free(
        self, kind: str, name: str, label: str, *, exclude: str | None = None
    ) -> None:
        """409 ``{label} with name '{name}' already exists`` when a ``kind`` document other
        than ``exclude`` is named ``name``."""
        for other in self.state.values(kind):
            if other["name"] == name and other["id"] != exclude:
                raise ConflictError(f"{label} with name '{name}' already exists")

    def _usage(self, field: str, value: str) -> str | None:
        """``"used by N connection(s) and M destination(s)"`` (those whose ``field`` is
        ``value``), or ``None`` when nothing uses it: what refuses a platform resource's
        deletion."""
        conns, dests = self._users_of(field, value)
        if not conns and not dests:
            return None
        return f"used by {len(conns)} connection(s) and {len(dests)} destination(s)"

    def _setup_test(self, title: str, passed: bool, failure: str) -> dict[str, Any]:
        if passed:
            return {"title": title, "status": "PASSED", "message": ""}
        return {"title": title, "status": "FAILED", "message": failure}

    def _emit(
        self,
        event: str,
        conn: Doc,
        data: dict[str, Any] | None = None,
        *,
        sync_id: str | None = None,
    ) -> None:
        self.observe_event(event, conn, data, sync_id)
        if not self.settings.deliver_webhooks:
            return
        targets = [
            w
            for w in self.state.values("webhooks")
            if w["active"]
            and event in w["events"]
            and (w["type"] == "account" or w.get("group_id") == conn["group_id"])
        ]
        if not targets:
            return
        payload = _event_payload(event, format_ms(self.state.stamp()), conn, data, sync_id)
        for webhook in targets:
            self.outbox.append(
                PendingDelivery(
                    webhook["id"], webhook["url"], webhook.get("secret"), event, payload
                )
            )
