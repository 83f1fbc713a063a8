"""SQLite persistence: one JSON document per row, committed before a 2xx is sent."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from fivetrex.emulator._state import KINDS, Doc, State

__all__ = ["SQLiteStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    doc  TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


_Statement = tuple[str, tuple[Any, ...]]
"""One SQL statement and its arguments."""


def _row(kind: str, ident: str, doc: Doc) -> tuple[Any, ...]:
    return (kind, ident, int(doc.get("_seq", 0)), json.dumps(doc))


def _changed_rows(state: State) -> Iterator[_Statement]:
    """The statements that write what changed in ``state`` (a deleted document's row goes)."""
    for kind, ident in state.dirty:
        doc = state.tables[kind].get(ident)
        if doc is None:
            yield "DELETE FROM docs WHERE kind = ? AND id = ?", (kind, ident)
        else:
            yield (
                "INSERT OR REPLACE INTO docs (kind, id, seq, doc) VALUES (?, ?, ?, ?)",
                _row(kind, ident, doc),
            )


class SQLiteStore:
    """Keeps an emulator's state in a SQLite file (WAL, ``synchronous=FULL``).

    Every mutating request is written in one transaction before its response is
    sent, so a process killed with SIGKILL loses nothing it acknowledged.

    Args:
        path: The database file (created if missing).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def load(self) -> tuple[State, dict[str, Any]] | None:
        """Return the stored state and stored settings, or ``None`` for an empty store."""
        rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        meta = {key: json.loads(value) for key, value in rows}
        if "state" not in meta:
            return None
        state = State()
        for kind, ident, doc in self._db.execute("SELECT kind, id, doc FROM docs ORDER BY seq"):
            if kind in state.tables:
                state.tables[kind][ident] = json.loads(doc)
        state.load_meta(meta["state"])
        return state, dict(meta.get("settings", {}))

    def commit(self, state: State, settings: dict[str, Any]) -> None:
        """Write what changed in ``state`` (and the settings) in one transaction."""
        if not state.dirty and not state.meta_dirty:
            return
        self._transaction(state, settings, _changed_rows(state))

    def replace(self, state: State, settings: dict[str, Any]) -> None:
        """Replace everything stored with ``state``."""
        rows = (
            ("INSERT INTO docs (kind, id, seq, doc) VALUES (?, ?, ?, ?)", _row(kind, ident, doc))
            for kind in KINDS
            for ident, doc in state.tables[kind].items()
        )
        self._transaction(state, settings, itertools.chain([("DELETE FROM docs", ())], rows))

    def _transaction(
        self, state: State, settings: dict[str, Any], statements: Iterable[_Statement]
    ) -> None:
        """Run ``statements`` and write the meta row in one transaction; ``state`` is then
        clean (on any error the transaction is rolled back and ``state`` stays dirty)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for sql, args in statements:
                db.execute(sql, args)
            self._write_meta(state, settings)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        state.dirty.clear()
        state.meta_dirty = False

    def _write_meta(self, state: State, settings: dict[str, Any]) -> None:
        meta = state.meta(include_ids=False)  # ids are rebuilt from the documents on load
        for key, value in (("state", meta), ("settings", settings)):
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()
