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
    # account
    Route("GET", "/v1/account/info", lambda b, c: b.account_info_for(c.system_key_id),
          message="Account information retrieved successfully"),
    # destinations
    Route("GET", "/v1/destinations", _paged(lambda b, c, cur, lim: b.list_destinations(cur, lim))),
    Route("POST", "/v1/destinations", lambda b, c: b.create_destination(c.body), 201,
          "Destination has been created"),
    Route("GET", "/v1/destinations/{destinationId}",
          lambda b, c: b.get_destination(_p(c, "destinationId")),
          message="Destination details retrieved successfully"),
    Route("PATCH", "/v1/destinations/{destinationId}",
          lambda b, c: b.update_destination(_p(c, "destinationId"), c.body),
          message="Destination has been updated"),
    Route("DELETE", "/v1/destinations/{destinationId}",
          lambda b, c: b.delete_destination(_p(c, "destinationId")),
          message="Destination with id '{destinationId}' has been deleted"),
    Route("POST", "/v1/destinations/{destinationId}/test",
          lambda b, c: b.test_destination(_p(c, "destinationId"), c.body),
          message="Setup tests have been completed"),
    # connections
    Route("GET", "/v1/connections", _paged(lambda b, c, cur, lim: b.list_connections(
        c.query.get("group_id"), c.query.get("schema"), cur, lim))),
    Route("POST", "/v1/connections", lambda b, c: b.create_connection(c.body), 201,
          "Connection has been created"),
    Route("GET", _C, lambda b, c: b.get_connection(_p(c, "connectionId")),
          message="Connection details retrieved successfully"),
    Route("PATCH", _C, lambda b, c: b.update_connection(_p(c, "connectionId"), c.body),
          message="Connection has been updated"),
    Route("DELETE", _C, lambda b, c: b.delete_connection(_p(c, "connectionId")),
          message="Connection with id '{connectionId}' has been deleted"),
    Route("POST", _C + "/sync", lambda b, c: b.sync_connection(_p(c, "connectionId"), c.body),
          message="Sync has been successfully triggered for connection with id '{connectionId}'"),
    Route("POST", _C + "/force",
          lambda b, c: b.sync_connection(_p(c, "connectionId"), c.body, forced=True),
          message="Sync has been successfully triggered for connection with id '{connectionId}'",
          legacy=True),
    Route("POST", _C + "/resync", lambda b, c: b.resync_connection(_p(c, "connectionId"), c.body),
          message="Sync has been successfully triggered for connection with id '{connectionId}'"),
    Route("POST", _C + "/test",
          lambda b, c: b.run_connection_setup_tests(_p(c, "connectionId"), c.body),
          message="Setup tests have been completed"),
    Route("POST", _C + "/connect-card",
          lambda b, c: b.create_connect_card(_p(c, "connectionId"), c.body),
          message="Connection Connect Card has been created"),
    Route("GET", _C + "/state", lambda b, c: b.get_connection_state(_p(c, "connectionId")),
          message="Connection state retrieved successfully"),
    Route("PATCH", _C + "/state",
          lambda b, c: b.update_connection_state(_p(c, "connectionId"), c.body),
          message="Connection state has been updated"),
)  # fmt: skip
"""The core operations' routes."""
