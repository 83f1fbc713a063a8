"""Shared pieces of access management: the predefined roles, expirations, permissions.

Requests are parsed by the route layer (:mod:`fivetrex.emulator._api`): nothing here
reads a request body.

Access management keeps its documents in these :class:`~fivetrex.emulator._state.State`
kinds:

- ``users`` and ``teams`` (public fields only, plus ``_seq``);
- ``memberships``: one document per role assignment, keyed ``"<kind>:<subject>:<target>"``
  where ``kind`` is ``user_group``, ``user_connection``, ``team_group``,
  ``team_connection`` or ``team_user``;
- ``system_keys``: the public fields plus ``_secret_sha256`` (the secret itself is only
  returned by create and rotate, never stored);
- ``certificates`` and ``fingerprints``: keyed ``"<connection|destination>:<id>:<hash>"``.

Memberships, certificates and fingerprints of a deleted group, connection or destination
are never shown (their target is checked on every read) and ids are never reused, so
they cannot come back."""

from __future__ import annotations

import calendar
import hashlib
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class RoleInfo:
    """One predefined role of ``GET /v1/roles``."""

    name: str
    scope: str
    description: str
    replacement: str | None = None

    def render(self) -> dict[str, Any]:
        """The public form of the role."""
        return {
            "name": self.name,
            "description": self.description,
            "scope": [self.scope],
            "is_custom": False,
            "is_deprecated": self.replacement is not None,
            "replacement_role_name": self.replacement,
        }


_ACCOUNT = "ACCOUNT"
_DESTINATION = "DESTINATION"
_CONNECTOR = "CONNECTOR"
_TEAM = "TEAM"

ROLES: tuple[RoleInfo, ...] = (
    RoleInfo("Account Administrator", _ACCOUNT,
             "Can view and change account information, including billing, users, roles, API "
             "access and security settings. Can create, manage and delete destinations and "
             "connections. Can manage transformations and logs."),
    RoleInfo("Account Billing", _ACCOUNT,
             "Can view and change billing information. Cannot access destinations or "
             "connections."),
    RoleInfo("Account Analyst", _ACCOUNT,
             "Can view account information and every destination and connection, and manage "
             "transformations. Cannot change account settings."),
    RoleInfo("Account Reviewer", _ACCOUNT,
             "Can view account information and every destination and connection. Cannot "
             "change anything."),
    RoleInfo("Manage Destination", _DESTINATION,
             "Can manage the destination, its connections and transformations."),
    RoleInfo("Edit Destination", _DESTINATION,
             "Can edit the destination and its connections; cannot delete the destination."),
    RoleInfo("View Destination", _DESTINATION,
             "Can view the destination and its connections."),
    RoleInfo("Create Connection", _DESTINATION,
             "Can create connections in the destination and manage the ones they created."),
    RoleInfo("Destination Administrator", _DESTINATION,
             "Can create, manage and delete the destinations they are invited to and their "
             "connections.", "Manage Destination"),
    RoleInfo("Destination Analyst", _DESTINATION,
             "Can view the destinations they are invited to and manage their transformations.",
             "Edit Destination"),
    RoleInfo("Destination Reviewer", _DESTINATION,
             "Can view the destinations they are invited to and their connections.",
             "View Destination"),
    RoleInfo("Manage Connection", _CONNECTOR, "Can manage and delete the connection."),
    RoleInfo("Edit Connection", _CONNECTOR, "Can edit and sync the connection."),
    RoleInfo("View Connection", _CONNECTOR, "Can view the connection."),
    RoleInfo("Connector Administrator", _CONNECTOR,
             "Can manage and delete the connections they are invited to.", "Manage Connection"),
    RoleInfo("Connector Reviewer", _CONNECTOR,
             "Can view the connections they are invited to.", "View Connection"),
    RoleInfo("Team Manager", _TEAM, "Can manage the team's users and memberships."),
    RoleInfo("Team Member", _TEAM, "Belongs to the team and gets its roles."),
)  # fmt: skip
"""The fixed role catalogue (no custom roles)."""

_OWNER_ROLE = "Account Administrator"

EXPIRATION_PERIODS: dict[str, tuple[int, int] | None] = {
    "ONE_WEEK": (0, 7),
    "ONE_MONTH": (1, 0),
    "THREE_MONTHS": (3, 0),
    "SIX_MONTHS": (6, 0),
    "INFINITE": None,
}
"""System key lifetimes as ``(months, days)``; ``None`` never expires."""

PERMISSION_RESOURCE_TYPES = frozenset(
    {
        "ACCOUNT",
        "USER",
        "WEBHOOK",
        "TEAM",
        "ROLES",
        "DESTINATION",
        "TRANSFORMATION",
        "REMOTE_EXECUTION_AGENT",
        "CONNECTOR",
    }
)
"""``permissions[].resource_type`` values."""

PERMISSION_ACCESS_LEVELS = frozenset({"NONE", "READ", "MANAGE"})
"""``permissions[].access_level`` values."""

_USER_FIELDS = (
    "id",
    "email",
    "given_name",
    "family_name",
    "verified",
    "invited",
    "picture",
    "phone",
    "role",
    "active",
    "logged_in_at",
    "created_at",
)
_TEAM_FIELDS = ("id", "name", "description", "role")
_KEY_FIELDS = (
    "id",
    "name",
    "key",
    "permissions",
    "created_at",
    "updated_at",
    "expired_at",
    "last_used_at",
)
_TOKEN_ALPHABET = string.ascii_letters + string.digits
_SUBJECT_TARGET = {
    "user_group": ("User", "Group"),
    "user_connection": ("User", "Connection"),
    "team_group": ("Team", "Group"),
    "team_connection": ("Team", "Connection"),
    "team_user": ("Team", "User"),
}


def _add_period(start: datetime, period: str) -> datetime | None:
    spec = EXPIRATION_PERIODS[period]
    if spec is None:
        return None
    months, days = spec
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day) + timedelta(days=days)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
