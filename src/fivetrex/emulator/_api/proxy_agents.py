"""Proxy agents over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.proxy_agents`.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, require_enum, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.proxy_agents import DEFAULT_PROXY_REGION
from fivetrex.emulator._platform_catalog import PROXY_REGIONS
from fivetrex.emulator._routes import Call, Route

__all__ = ["PROXY_AGENT_ROUTES"]


def _create(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    name = required_str(body, "display_name")
    sent = body.get("group_region")
    region = require_enum(
        DEFAULT_PROXY_REGION if sent is None else sent,
        "group_region",
        PROXY_REGIONS,
        "Group region not supported.",
    )
    return b.create_proxy(name, region)


def _connections(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_proxy_connections(param(c, "agentId"), cursor, limit)


PROXY_AGENT_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/proxy", paged(lambda b, c, cur, lim: b.list_proxies(cur, lim)),
          message="Proxy agents retrieved successfully"),
    Route("POST", "/v1/proxy", _create, 201, "Proxy agent has been created"),
    Route("GET", "/v1/proxy/{agentId}", lambda b, c: b.get_proxy(param(c, "agentId")),
          message="Proxy agent details retrieved successfully"),
    Route("DELETE", "/v1/proxy/{agentId}", lambda b, c: b.delete_proxy(param(c, "agentId")),
          message="Agent {agentId} successfully deleted."),
    Route("GET", "/v1/proxy/{agentId}/connections", paged(_connections),
          message="Proxy agent connections retrieved successfully"),
    Route("POST", "/v1/proxy/{agentId}/regenerate-secrets",
          lambda b, c: b.regenerate_proxy_secrets(param(c, "agentId")),
          message="Proxy agent secrets have been regenerated"),
)  # fmt: skip
"""The proxy agents' routes."""
