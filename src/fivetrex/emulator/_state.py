"""The emulator's state: plain JSON documents grouped by kind, plus RNG and clock.

Everything an emulator knows lives in one :class:`State` instance; there is no
module-level state. Documents are ``dict``s whose keys starting with ``_`` are
private bookkeeping (never rendered). Every mutation goes through :meth:`State.put`,
:meth:`State.touch` or :meth:`State.delete` so the SQLite store knows what to write.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from fivetrex.emulator._clock import VirtualClock
from fivetrex.emulator._errors import NotFoundError
from fivetrex.emulator._ids import new_slug, new_uuid

__all__ = ["ACCESS_KINDS", "KINDS", "PLATFORM_KINDS", "SNAPSHOT_VERSION", "Doc", "State"]

Doc = dict[str, Any]
"""A stored JSON document."""

ACCESS_KINDS: tuple[str, ...] = (
    "users",
    "teams",
    "memberships",
    "system_keys",
    "certificates",
    "fingerprints",
)
"""Document kinds of access management (users, teams, roles, memberships, keys, trust)."""

PLATFORM_KINDS: tuple[str, ...] = (
    "sdk_packages",
    "tf_projects",
    "transformations",
    "log_services",
    "hd_agents",
    "private_links",
    "proxy_agents",
    "esms",
    "hvr_hubs",
    "sync_history",
)
"""Document kinds of the platform areas."""


KINDS: tuple[str, ...] = (
    "groups",
    "destinations",
    "connections",
    "webhooks",
    "schemas",
    "sources",
    "conn_states",
    "syncs",
    "outcomes",
    *ACCESS_KINDS,
    *PLATFORM_KINDS,
)
"""Document kinds, in dependency order."""

SNAPSHOT_VERSION = 1
"""Version number written into snapshots."""


class State:
    """All mutable emulator data.

    Args:
        rng_seed: Seed of the random source used for ids and sync ids.
        clock: The virtual clock (a fresh default clock if omitted).
    """

    def __init__(self, rng_seed: int | str = 0, clock: VirtualClock | None = None) -> None:
        self.tables: dict[str, dict[str, Doc]] = {kind: {} for kind in KINDS}
        self.rng: random.Random = random.Random(rng_seed)
        self.clock: VirtualClock = clock or VirtualClock()
        self.seq: int = 0
        self.dirty: set[tuple[str, str]] = set()
        #: Serialised renderings of documents (see ``BackendBase.fragment``), dropped when
        #: the document is put, touched or deleted.
        self.rendered: dict[tuple[str, str], tuple[Doc, bytes]] = {}
        self.meta_dirty: bool = False
        self._ids: set[str] = set()

    # -- documents -------------------------------------------------------------------------

    def get(self, kind: str, ident: str) -> Doc | None:
        """Return the document ``ident`` of ``kind`` (or ``None``)."""
        return self.tables[kind].get(ident)

    def require(self, kind: str, ident: str, entity: str, *, message: str | None = None) -> Doc:
        """Return the document ``ident`` of ``kind``, or raise ``NotFound_<entity>``."""
        doc = self.tables[kind].get(ident)
        if doc is None:
            raise NotFoundError(entity, ident, message=message)
        return doc

    def values(self, kind: str) -> Iterator[Doc]:
        """Iterate over the documents of ``kind`` in creation order."""
        return iter(self.tables[kind].values())

    def put(self, kind: str, ident: str, doc: Doc) -> Doc:
        """Insert or replace a document, giving new documents a creation sequence number."""
        table = self.tables[kind]
        if "_seq" not in doc:
            old = table.get(ident)
            doc["_seq"] = old["_seq"] if old is not None and "_seq" in old else self.next_seq()
        table[ident] = doc
        self._ids.add(ident)
        self.dirty.add((kind, ident))
        self.rendered.pop((kind, ident), None)
        return doc

    def touch(self, kind: str, ident: str) -> None:
        """Record that a document was changed in place."""
        self.dirty.add((kind, ident))
        self.rendered.pop((kind, ident), None)

    def delete(self, kind: str, ident: str) -> Doc | None:
        """Remove a document; return it (or ``None`` if it did not exist)."""
        doc = self.tables[kind].pop(ident, None)
        self.dirty.add((kind, ident))
        self.rendered.pop((kind, ident), None)
        return doc

    # -- identity --------------------------------------------------------------------------

    def next_seq(self) -> int:
        """Return the next creation sequence number."""
        self.seq += 1
        self.meta_dirty = True
        return self.seq

    def new_id(self) -> str:
        """Return a fresh two-word id, unique in this emulator."""
        self.meta_dirty = True
        slug = new_slug(self.rng, self._ids)
        self._ids.add(slug)
        return slug

    def new_uuid(self) -> str:
        """Return a deterministic UUID (sync ids)."""
        self.meta_dirty = True
        return new_uuid(self.rng)

    def stamp(self, at: datetime | None = None) -> datetime:
        """Return a fresh, strictly increasing event timestamp (``at``: see the clock)."""
        self.meta_dirty = True
        return self.clock.stamp(at)

    # -- persistence helpers ---------------------------------------------------------------

    def meta(self, *, include_ids: bool = True) -> dict[str, Any]:
        """Return the non-document part of the state (JSON-able).

        ``include_ids`` adds every id ever issued (so a restored emulator never re-issues
        the id of a deleted resource); without it, ids are rebuilt from live documents.
        """
        version, internal, gauss = self.rng.getstate()
        meta: dict[str, Any] = {
            "seq": self.seq,
            "clock": self.clock.to_dict(),
            "rng": [version, list(internal), gauss],
        }
        if include_ids:
            meta["ids"] = sorted(self._ids)
        return meta

    def load_meta(self, meta: dict[str, Any]) -> None:
        """Restore what :meth:`meta` returned."""
        self.seq = int(meta.get("seq", 0))
        if "clock" in meta:
            self.clock = VirtualClock.from_dict(meta["clock"])
        if "rng" in meta:
            version, internal, gauss = meta["rng"]
            self.rng.setstate((int(version), tuple(int(x) for x in internal), gauss))
        self._ids = set(meta.get("ids", []))
        for table in self.tables.values():
            self._ids.update(table)

    def snapshot(self) -> dict[str, Any]:
        """Return a deep, JSON-able copy of the whole state."""
        return {
            "version": SNAPSHOT_VERSION,
            "meta": self.meta(),
            "tables": {
                kind: [copy.deepcopy(doc) | {"_id": ident} for ident, doc in table.items()]
                for kind, table in self.tables.items()
            },
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> State:
        """Build a state from :meth:`snapshot` output."""
        if data.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"unsupported emulator snapshot version {data.get('version')!r}")
        state = cls()
        tables = data.get("tables", {})
        for kind in KINDS:
            rows = sorted(tables.get(kind, []), key=lambda d: int(d.get("_seq", 0)))
            for row in rows:
                doc = copy.deepcopy(row)
                ident = str(doc.pop("_id"))
                state.tables[kind][ident] = doc
        state.load_meta(data.get("meta", {}))
        return state
