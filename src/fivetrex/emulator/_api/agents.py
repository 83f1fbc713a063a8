"""Hybrid deployment agents over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.agents`.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import UNSET, body_object, given, require_enum, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.agents import AGENT_AUTH_TYPES
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._platform_catalog import HDA_ENV_TYPES
from fivetrex.emulator._routes import Call, Route

__all__ = ["AGENT_ROUTES"]


def _create(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    name = required_str(body, "display_name")
    env = require_enum(body.get("env_type"), "env_type", HDA_ENV_TYPES)
    auth = given(body, "auth_type")  # absent: AUTO; null is no allowed value (400)
    auth = "AUTO" if auth is UNSET else require_enum(auth, "auth_type", AGENT_AUTH_TYPES)
    if body.get("accept_terms") is not True:
        raise InvalidInputError(
            "Field 'accept_terms' must be true: accept the Fivetran On-Prem Software "
            "License Addendum"
        )
    group_id = required_str(body, "group_id")
    return b.create_agent(group_id, name, env, auth_type=auth)


def _reauth(b: Backend, c: Call) -> Any:
    auth: str | None = None
    if c.body is not None:  # the body is optional
        value = body_object(c.body).get("auth_type")
        auth = None if value is None else require_enum(value, "auth_type", AGENT_AUTH_TYPES)
    return b.reauth_agent(param(c, "agentId"), auth_type=auth)


def _list(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_agents(c.query.get("groupId"), cursor, limit)


_HDA = "/v1/hybrid-deployment-agents"

AGENT_ROUTES: tuple[Route, ...] = (
    Route("GET", _HDA, paged(_list), message="Hybrid deployment agents retrieved successfully"),
    Route("POST", _HDA, _create, 201, "Hybrid deployment agent has been created"),
    Route("GET", _HDA + "/{agentId}", lambda b, c: b.get_agent(param(c, "agentId")),
          message="Hybrid deployment agent details retrieved successfully"),
    Route("DELETE", _HDA + "/{agentId}", lambda b, c: b.delete_agent(param(c, "agentId")),
          message="Hybrid deployment agent with id = {agentId} has been deleted."),
    Route("PATCH", _HDA + "/{agentId}/re-auth", _reauth,
          message="Hybrid deployment agent re-authentication successful"),
    Route("POST", _HDA + "/{agentId}/reset-credentials",
          lambda b, c: b.reset_agent_credentials(param(c, "agentId")),
          message="Successfully reset credentials the agent with id = {agentId}"),
)  # fmt: skip
"""The hybrid deployment agents' routes."""
