"""Routes of the core operations: account, groups, destinations, connections, syncs,
schema config and webhooks (see :mod:`fivetrex.emulator._domain`).

Each row maps a method and a path template to a :class:`~fivetrex.emulator._domain.Backend`
method. :data:`CORE_ROUTES` opens :data:`fivetrex.emulator._app.ROUTES`; the other areas'
tables are :mod:`._routes_access`, :mod:`._routes_platform` and :mod:`._legacy_metadata`.
"""

from __future__ import annotations

from collections.abc import Callable

from fivetrex.emulator._domain import Backend, Page, parse_limit
from fivetrex.emulator._routes import Call, Route

__all__ = ["CORE_ROUTES"]


def _page_args(call: Call) -> tuple[str | None, int]:
    cursor = call.query.get("cursor") or None
    return cursor, parse_limit(call.query.get("limit"))


def _paged(fn: Callable[[Backend, Call, str | None, int], Page]) -> Callable[[Backend, Call], Page]:
    def handler(backend: Backend, call: Call) -> Page:
        cursor, limit = _page_args(call)
        return fn(backend, call, cursor, limit)

    return handler


def _p(call: Call, name: str) -> str:
    return call.params[name]


_C = "/v1/connections/{connectionId}"

CORE_ROUTES: tuple[Route, ...] = (
)  # fmt: skip
"""The core operations' routes."""
