"""Teams over HTTP: request parsing and the route table (domain: :mod:`.._domain.teams`).

A team's memberships (``/v1/teams/{teamId}/users``, ``.../groups``, ``.../connections``)
are routed by :mod:`.memberships`.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import UNSET, Unset, body_object, opt_str, req_str
from fivetrex.emulator._api.roles import ACCOUNT_SCOPE, role_for_scope
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._routes import Call, Route

__all__ = ["TEAM_ROUTES"]


def _create(b: Backend, c: Call) -> Any:
    """``POST /v1/teams``: ``name`` and an account ``role`` required, ``description``."""
    body = body_object(c.body)
    name = req_str(body, "name")
    description = opt_str(body, "description")
    role = role_for_scope(body.get("role"), ACCOUNT_SCOPE)
    return b.create_team(name, role, description)


def _update(b: Backend, c: Call) -> Any:
    """``PATCH /v1/teams/{teamId}``: absent fields are kept; ``null`` clears ``description``."""
    body = body_object(c.body)
    name = req_str(body, "name") if "name" in body else None
    description: str | Unset | None = (
        opt_str(body, "description") if "description" in body else UNSET
    )
    role = role_for_scope(body["role"], ACCOUNT_SCOPE) if "role" in body else None
    return b.update_team(param(c, "teamId"), name=name, description=description, role=role)


_T = "/v1/teams/{teamId}"

TEAM_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/teams", paged(lambda b, c, cur, lim: b.list_teams(cur, lim)),
          message="Teams retrieved successfully"),
    Route("POST", "/v1/teams", _create, 201, "Team has been created"),
    Route("GET", _T, lambda b, c: b.get_team(param(c, "teamId")),
          message="Team details retrieved successfully"),
    Route("PATCH", _T, _update, message="Team has been updated"),
    Route("DELETE", _T, lambda b, c: b.delete_team(param(c, "teamId")),
          message="Team has been deleted"),
    Route("DELETE", _T + "/role", lambda b, c: b.remove_team_account_role(param(c, "teamId")),
          message="Team role in account has been removed"),
)  # fmt: skip
"""The teams' routes."""
