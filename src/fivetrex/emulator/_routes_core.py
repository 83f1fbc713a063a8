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
_S = _C + "/schemas"

CORE_ROUTES: tuple[Route, ...] = (
    # schema config
    Route("GET", _S, lambda b, c: b.get_schema_config(_p(c, "connectionId")),
          message="Schema configuration retrieved successfully"),
    Route("POST", _S, lambda b, c: b.pre_create_schema_config(_p(c, "connectionId"), c.body),
          message="Schema configuration pre-created successfully"),
    Route("PATCH", _S, lambda b, c: b.update_schema_config(_p(c, "connectionId"), c.body),
          message="Schema configuration has been modified"),
    Route("POST", _S + "/reload",
          lambda b, c: b.reload_schema_config(_p(c, "connectionId"), c.body),
          message="Schema configuration has been reloaded"),
    Route("POST", _S + "/tables/resync",
          lambda b, c: b.resync_tables(_p(c, "connectionId"), c.body),
          message="Re-sync has been triggered successfully"),
    Route("POST", _S + "/drop-columns",
          lambda b, c: b.drop_columns(_p(c, "connectionId"), c.body),
          message="Column(s) successfully marked for deletion"),
    Route("PATCH", _S + "/{schemaName}",
          lambda b, c: b.update_schema(_p(c, "connectionId"), _p(c, "schemaName"), c.body),
          message="Database schema configuration has been modified"),
    Route("PATCH", _S + "/{schemaName}/tables/{tableName}",
          lambda b, c: b.update_table(
              _p(c, "connectionId"), _p(c, "schemaName"), _p(c, "tableName"), c.body),
          message="Table configuration has been modified"),
    Route("PATCH", _S + "/{schemaName}/tables/{tableName}/columns/{columnName}",
          lambda b, c: b.update_column(
              _p(c, "connectionId"), _p(c, "schemaName"), _p(c, "tableName"),
              _p(c, "columnName"), c.body),
          message="Column configuration has been modified"),
    Route("DELETE", _S + "/{schemaName}/tables/{tableName}/columns/{columnName}",
          lambda b, c: b.drop_column(
              _p(c, "connectionId"), _p(c, "schemaName"), _p(c, "tableName"),
              _p(c, "columnName")),
          message="Column successfully marked for deletion"),
    Route("GET", _S + "/{schema}/tables/{table}/columns",
          lambda b, c: b.get_table_columns(_p(c, "connectionId"), _p(c, "schema"), _p(c, "table")),
          message="Column configuration retrieved successfully"),
    # webhooks
    Route("GET", "/v1/webhooks", _paged(lambda b, c, cur, lim: b.list_webhooks(cur, lim))),
    Route("POST", "/v1/webhooks/account", lambda b, c: b.create_account_webhook(c.body),
          message="Account webhook has been created"),
    Route("POST", "/v1/webhooks/group/{groupId}",
          lambda b, c: b.create_group_webhook(_p(c, "groupId"), c.body),
          message="Group webhook has been created"),
    Route("GET", "/v1/webhooks/{webhookId}", lambda b, c: b.get_webhook(_p(c, "webhookId")),
          message="Webhook details retrieved successfully"),
    Route("PATCH", "/v1/webhooks/{webhookId}",
          lambda b, c: b.update_webhook(_p(c, "webhookId"), c.body),
          message="Webhook has been updated"),
    Route("DELETE", "/v1/webhooks/{webhookId}", lambda b, c: b.delete_webhook(_p(c, "webhookId")),
          message="Webhook with id '{webhookId}' has been deleted"),
    Route("POST", "/v1/webhooks/{webhookId}/test",
          lambda b, c: b.webhook_test_delivery(_p(c, "webhookId"), c.body),
          message="Webhook test completed successfully"),
)  # fmt: skip
"""The core operations' routes."""
