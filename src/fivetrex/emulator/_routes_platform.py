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


_HDA = "/v1/hybrid-deployment-agents"
_PL = "/v1/private-links"
_ESM = "/v1/external-secrets-managers"
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
    # hybrid deployment agents
    Route("GET", _HDA, _paged(lambda b, c, cur, lim: b.list_agents(
        c.query.get("groupId"), cur, lim)),
          message="Hybrid deployment agents retrieved successfully"),
    Route("POST", _HDA, lambda b, c: b.create_agent(c.body), 201,
          "Hybrid deployment agent has been created"),
    Route("GET", _HDA + "/{agentId}", lambda b, c: b.get_agent(_p(c, "agentId")),
          message="Hybrid deployment agent details retrieved successfully"),
    Route("DELETE", _HDA + "/{agentId}", lambda b, c: b.delete_agent(_p(c, "agentId")),
          message="Hybrid deployment agent with id = {agentId} has been deleted."),
    Route("PATCH", _HDA + "/{agentId}/re-auth",
          lambda b, c: b.reauth_agent(_p(c, "agentId"), c.body),
          message="Hybrid deployment agent re-authentication successful"),
    Route("POST", _HDA + "/{agentId}/reset-credentials",
          lambda b, c: b.reset_agent_credentials(_p(c, "agentId")),
          message="Successfully reset credentials the agent with id = {agentId}"),
    # private links
    Route("GET", _PL, _paged(lambda b, c, cur, lim: b.list_private_links(cur, lim)),
          message="Private links retrieved successfully"),
    Route("POST", _PL, lambda b, c: b.create_private_link(c.body), 201,
          "Private link has been created"),
    Route("GET", _PL + "/{privateLinkId}",
          lambda b, c: b.get_private_link(_p(c, "privateLinkId")),
          message="Private link details retrieved successfully"),
    Route("PATCH", _PL + "/{privateLinkId}",
          lambda b, c: b.update_private_link(_p(c, "privateLinkId"), c.body),
          message="Private link has been updated"),
    Route("DELETE", _PL + "/{privateLinkId}",
          lambda b, c: b.delete_private_link(_p(c, "privateLinkId")),
          message="Private link with id '{privateLinkId}' is marked for deletion"),
    # proxy agents
    Route("GET", "/v1/proxy", _paged(lambda b, c, cur, lim: b.list_proxies(cur, lim)),
          message="Proxy agents retrieved successfully"),
    Route("POST", "/v1/proxy", lambda b, c: b.create_proxy(c.body), 201,
          "Proxy agent has been created"),
    Route("GET", "/v1/proxy/{agentId}", lambda b, c: b.get_proxy(_p(c, "agentId")),
          message="Proxy agent details retrieved successfully"),
    Route("DELETE", "/v1/proxy/{agentId}", lambda b, c: b.delete_proxy(_p(c, "agentId")),
          message="Agent {agentId} successfully deleted."),
    Route("GET", "/v1/proxy/{agentId}/connections", _paged(
        lambda b, c, cur, lim: b.list_proxy_connections(_p(c, "agentId"), cur, lim)),
          message="Proxy agent connections retrieved successfully"),
    Route("POST", "/v1/proxy/{agentId}/regenerate-secrets",
          lambda b, c: b.regenerate_proxy_secrets(_p(c, "agentId")),
          message="Proxy agent secrets have been regenerated"),
    # external secrets managers
    Route("GET", _ESM, _paged(lambda b, c, cur, lim: b.list_esms(cur, lim)),
          message="External Secrets Managers retrieved successfully"),
    Route("POST", _ESM, lambda b, c: b.create_esm(c.body), 201,
          "External Secrets Manager has been created"),
    Route("GET", _ESM + "-entities", _paged(lambda b, c, cur, lim: b.list_esm_entities(
        c.query.get("esm_id") or None, c.query.get("type"), cur, lim)),
          message="External Secrets Manager entities retrieved successfully"),
    Route("GET", _ESM + "/{esmId}", lambda b, c: b.get_esm(_p(c, "esmId")),
          message="External Secrets Manager details retrieved successfully"),
    Route("PATCH", _ESM + "/{esmId}", lambda b, c: b.update_esm(_p(c, "esmId"), c.body),
          message="External Secrets Manager has been updated"),
    Route("DELETE", _ESM + "/{esmId}", lambda b, c: b.delete_esm(_p(c, "esmId")),
          message="External Secrets Manager '{esmId}' has been deleted."),
    Route("GET", _ESM + "/{esmId}/entities", _paged(lambda b, c, cur, lim: b.get_esm_entities(
        _p(c, "esmId"), c.query.get("type"), cur, lim)),
          message="External Secrets Manager entities retrieved successfully"),
    # HVR
    Route("POST", "/v1/hvr/register-hub", lambda b, c: b.register_hvr_hub(c.body),
          message="HVR hub has been registered"),
)  # fmt: skip
"""Every platform operation the emulator implements (appended to ``_app.ROUTES``)."""
