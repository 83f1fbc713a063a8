"""Roles over HTTP: the catalogue route and the reader of a role name in a request body.

The catalogue is :data:`~fivetrex.emulator._domain.ROLES` (domain: :mod:`.._domain.account`).
Users, teams and memberships name a role by its ``name``; :func:`role_for_scope` checks the
name against the catalogue and the scope the field takes.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged
from fivetrex.emulator._domain import ROLES
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Route

__all__ = [
    "ACCOUNT_SCOPE",
    "CONNECTOR_SCOPE",
    "DESTINATION_SCOPE",
    "ROLE_ROUTES",
    "TEAM_SCOPE",
    "role_for_scope",
]

ACCOUNT_SCOPE = "ACCOUNT"
"""Roles of the account (users' and teams' ``role``)."""
DESTINATION_SCOPE = "DESTINATION"
"""Roles in a group (group memberships)."""
CONNECTOR_SCOPE = "CONNECTOR"
"""Roles on a connection (connection memberships)."""
TEAM_SCOPE = "TEAM"
"""Roles in a team (a team's users)."""

_ROLES_BY_NAME = {role.name: role for role in ROLES}


def role_for_scope(name: Any, scope: str, field: str = "role") -> str:
    """``name`` if it is a role of ``scope``; 400 when missing, unknown or of another scope."""
    if not isinstance(name, str) or not name:
        raise InvalidInputError(f"Field '{field}' is required")
    role = _ROLES_BY_NAME.get(name)
    if role is None:
        raise InvalidInputError(f"Role '{name}' does not exist")
    if role.scope != scope:
        allowed = ", ".join(r.name for r in ROLES if r.scope == scope and r.replacement is None)
        raise InvalidInputError(
            f"Role '{name}' cannot be used here: it is a {role.scope} role. Use one of: {allowed}"
        )
    return name


ROLE_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/roles", paged(lambda b, c, cur, lim: b.list_roles(cur, lim)),
          message="Roles list retrieved successfully"),
)  # fmt: skip
"""The roles' route."""
