"""Routes of the emulator's platform areas (see :mod:`fivetrex.emulator._domain`).

Kept apart from the core table (:mod:`._routes_core`) so the areas evolve on their own;
``_app`` appends :data:`PLATFORM_ROUTES` and reads :data:`PUBLIC_PREFIX` (served without
auth). Connector SDK packages, transformation projects, transformations and log services
have their tables in :mod:`fivetrex.emulator._api`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fivetrex.emulator._domain import Page, parse_limit
from fivetrex.emulator._routes import Call, Route

__all__ = ["PLATFORM_ROUTES", "PUBLIC_PREFIX"]

PUBLIC_PREFIX = "/public/"
"""Paths under this prefix need no credentials (``GET /public/connector-types``)."""


def _paged(fn: Callable[[Any, Call, str | None, int], Page]) -> Callable[[Any, Call], Page]:
    def handler(backend: Any, call: Call) -> Page:
        return fn(
            backend, call, call.query.get("cursor") or None, parse_limit(call.query.get("limit"))
        )

    return handler


def _p(call: Call, name: str) -> str:
    return call.params[name]


_C = "/v1/connections/{connectionId}"

PLATFORM_ROUTES: tuple[Route, ...] = (
    # connection sync history and errors (newer than the spec)
    Route("GET", _C + "/sync-history", _paged(lambda b, c, cur, lim: b.list_sync_history(
        _p(c, "connectionId"), c.query, cur, lim)), message="Sync history retrieved successfully"),
    Route("GET", _C + "/errors", _paged(lambda b, c, cur, lim: b.list_connection_errors(
        _p(c, "connectionId"), cur, lim)), message="Connection errors retrieved successfully"),
    # connector metadata
    Route("GET", "/v1/metadata/connector-types",
          _paged(lambda b, c, cur, lim: b.list_connector_types(cur, lim)),
          message="Connectors list retrieved successfully"),
    Route("GET", "/v1/metadata/connector-types/{service}",
          lambda b, c: b.get_connector_type(_p(c, "service")),
          message="Connector configuration retrieved successfully"),
    Route("GET", "/public/connector-types", lambda b, c: b.public_connector_types(),
          message="Connector metadata retrieved successfully"),
)  # fmt: skip
"""Every platform operation the emulator implements (appended to ``_app.ROUTES``)."""
