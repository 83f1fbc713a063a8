"""Shared pieces of the core areas: pages, cursors, pending deliveries, body checks."""

from __future__ import annotations

import base64
import enum
import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from fivetrex.emulator._errors import InvalidInputError

SYNC_OUTCOMES = frozenset({"success", "failure", "rescheduled"})
"""Outcomes a sync can be scheduled to end with."""

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_MAX_LIMIT = 1000
_DEFAULT_LIMIT = 100


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset.UNSET
"""A field the request did not send (as opposed to one sent as ``null``): PATCH semantics."""


@dataclass
class PendingDelivery:
    """A webhook event waiting to be delivered to one webhook."""

    webhook_id: str
    url: str
    secret: str | None
    event: str
    payload: dict[str, Any]


class Page:
    """One page of a list operation.

    ``fragments``, when set, are the items already serialised (compact JSON, in order): the
    app joins them into the response without rendering or encoding them again, and
    :attr:`items` decodes them only if someone asks.
    """

    __slots__ = ("_items", "fragments", "next_cursor")

    def __init__(
        self,
        items: list[dict[str, Any]] | None,
        next_cursor: str | None,
        *,
        fragments: list[bytes] | None = None,
    ) -> None:
        self._items = items
        self.next_cursor: str | None = next_cursor
        self.fragments: list[bytes] | None = fragments

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (decoded from :attr:`fragments` when built from them)."""
        if self._items is None:
            self._items = [json.loads(f) for f in self.fragments or ()]
        return self._items

    def __repr__(self) -> str:
        return f"Page(items={self.items!r}, next_cursor={self.next_cursor!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return (self.items, self.next_cursor) == (other.items, other.next_cursor)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]


def encode_cursor(seq: int) -> str:
    """Encode a keyset position as an opaque cursor."""
    raw = json.dumps({"after": seq}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Decode :func:`encode_cursor` output; raise ``InvalidInputError`` on garbage."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        after = data["after"]
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError(after)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"Invalid cursor value '{cursor}'") from exc
    return after


def parse_limit(raw: str | None) -> int:
    """Parse the ``limit`` query parameter (1..1000, default 100)."""
    if raw is None:
        return _DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise InvalidInputError(
            f"Invalid value '{raw}' for parameter 'limit': must be an integer in 1..1000"
        ) from None
    if not 1 <= limit <= _MAX_LIMIT:
        raise InvalidInputError(
            f"Invalid value '{raw}' for parameter 'limit': must be an integer in 1..1000"
        )
    return limit
