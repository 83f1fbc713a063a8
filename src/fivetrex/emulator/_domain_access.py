"""Access management in the emulator: users, teams, roles, memberships, system keys, trust.

:class:`AccessBackend` is a mixin of :class:`~fivetrex.emulator._domain.Backend`. It keeps
its documents in these :class:`~fivetrex.emulator._state.State` kinds:

- ``users`` and ``teams`` (public fields only, plus ``_seq``);
- ``memberships``: one document per role assignment, keyed ``"<kind>:<subject>:<target>"``
  where ``kind`` is ``user_group``, ``user_connection``, ``team_group``,
  ``team_connection`` or ``team_user``;
- ``system_keys``: the public fields plus ``_secret_sha256`` (the secret itself is only
  returned by create and rotate, never stored);
- ``certificates`` and ``fingerprints``: keyed ``"<connection|destination>:<id>:<hash>"``.

Memberships, certificates and fingerprints of a deleted group, connection or destination
are never shown (their target is checked on every read) and ids are never reused, so
they cannot come back.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import hmac
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us, parse_ts
from fivetrex.emulator._errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from fivetrex.emulator._domain import Page
    from fivetrex.emulator._settings import Settings
    from fivetrex.emulator._state import Doc, State

__all__ = [
    "ACCESS_KINDS",
    "EXPIRATION_PERIODS",
    "PERMISSION_ACCESS_LEVELS",
    "PERMISSION_RESOURCE_TYPES",
    "ROLES",
    "AccessBackend",
    "RoleInfo",
]

ACCESS_KINDS: tuple[str, ...] = (
    "users",
    "teams",
    "memberships",
    "system_keys",
    "certificates",
    "fingerprints",
)
"""The state kinds this module stores."""


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

_ROLES_BY_NAME = {role.name: role for role in ROLES}
_OWNER_ROLE = "Account Administrator"
_DEFAULT_TEAM_USER_ROLE = "Team Member"

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
_SCOPE_OF = {
    "user_group": _DESTINATION,
    "user_connection": _CONNECTOR,
    "team_group": _DESTINATION,
    "team_connection": _CONNECTOR,
    "team_user": _TEAM,
}


# -- validation helpers (kept local: _domain imports this module) ------------------------


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInputError("The request body must be a JSON object")
    return body


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInputError(f"Field '{key}' must be a string")
    return value


def _required_str(body: dict[str, Any], key: str) -> str:
    value = _optional_str(body, key)
    if not value:
        raise InvalidInputError(f"Field '{key}' is required")
    return value


def parse_active(raw: str | None) -> bool | None:
    """Parse the ``active`` query parameter (``true``/``false``, absent = both)."""
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise InvalidInputError(f"Invalid value '{raw}' for parameter 'active': use true or false")
    return lowered == "true"


def role_for_scope(name: Any, scope: str, field: str = "role") -> str:
    """Return ``name`` if it is a known role of ``scope``; raise 400 otherwise."""
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


def _expiration(body: dict[str, Any], default: str) -> str:
    value = body.get("expiration_period")
    if value is None:
        return default
    if not isinstance(value, str) or value not in EXPIRATION_PERIODS:
        allowed = ", ".join(EXPIRATION_PERIODS)
        raise InvalidInputError(
            f"Invalid value '{value}' for field 'expiration_period'. Allowed: {allowed}"
        )
    return value


def _permissions(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInputError("Field 'permissions' must be an array")
    out: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        where = f"permissions[{index}]"
        if not isinstance(item, dict):
            raise InvalidInputError(f"Field '{where}' must be an object")
        resource = item.get("resource_type")
        if not isinstance(resource, str) or resource not in PERMISSION_RESOURCE_TYPES:
            raise InvalidInputError(
                f"Invalid value '{resource}' for field '{where}.resource_type'. Allowed: "
                + ", ".join(sorted(PERMISSION_RESOURCE_TYPES))
            )
        level = item.get("access_level")
        if not isinstance(level, str) or level not in PERMISSION_ACCESS_LEVELS:
            raise InvalidInputError(
                f"Invalid value '{level}' for field '{where}.access_level'. Allowed: "
                + ", ".join(sorted(PERMISSION_ACCESS_LEVELS))
            )
        clean: dict[str, Any] = {"resource_type": resource, "access_level": level}
        rfilter = item.get("resource_filter")
        if rfilter is not None:
            if not isinstance(rfilter, dict):
                raise InvalidInputError(f"Field '{where}.resource_filter' must be an object")
            kept: dict[str, Any] = {}
            for key in ("ids", "group_ids"):
                ids = rfilter.get(key)
                if ids is None:
                    continue
                if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                    raise InvalidInputError(
                        f"Field '{where}.resource_filter.{key}' must be an array of strings"
                    )
                kept[key] = list(ids)
            clean["resource_filter"] = kept
        out.append(clean)
    return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class AccessBackend:
    """Users, teams, roles, memberships, system keys, certificates and fingerprints.

    A mixin of :class:`~fivetrex.emulator._domain.Backend`: it relies on the backend's
    ``state``, ``settings``, ``page``, ``now_iso`` and resource lookups.
    """

    state: State
    settings: Settings

    if TYPE_CHECKING:

        def now_iso(self) -> str: ...

        def page(
            self, docs: Iterable[Doc], cursor: str | None, limit: int, render: Any
        ) -> Page: ...

        def _group(self, group_id: str) -> Doc: ...

        def _connection(self, connection_id: str) -> Doc: ...

        def _destination(self, destination_id: str) -> Doc: ...

    # ------------------------------------------------------------------------------------
    # account info
    # ------------------------------------------------------------------------------------

    def account_info_for(self, system_key_id: str | None) -> dict[str, Any]:
        """``GET /v1/account/info`` for the caller (a system key or the main credentials)."""
        info: dict[str, Any] = {
            "account_id": self.settings.account_id,
            "account_name": self.settings.account_name,
        }
        if system_key_id is None:
            info["user_id"] = self.settings.user_id
        else:
            info["user_id"] = None
            info["system_key_id"] = system_key_id
        return info

    # ------------------------------------------------------------------------------------
    # roles
    # ------------------------------------------------------------------------------------

    def list_roles(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/roles`` (the fixed catalogue of :data:`ROLES`)."""
        docs = [{"_seq": index + 1, "_role": role} for index, role in enumerate(ROLES)]
        return self.page(docs, cursor, limit, lambda d: d["_role"].render())

    # ------------------------------------------------------------------------------------
    # users
    # ------------------------------------------------------------------------------------

    def add_account_owner(self) -> dict[str, Any]:
        """Create the API user (id ``settings.user_id``) as a logged-in Account Administrator.

        Seeds call it; an empty emulator has no users (the API user of
        ``/v1/account/info`` then has no user record).
        """
        owner_id = self.settings.user_id
        if self.state.get("users", owner_id) is not None:
            raise ConflictError(f"User with id '{owner_id}' already exists")
        stamp = self.now_iso()
        doc: Doc = {
            "id": owner_id,
            "email": f"{owner_id}@fivetrex.invalid",
            "given_name": "Emulator",
            "family_name": "Owner",
            "verified": True,
            "invited": False,
            "picture": None,
            "phone": None,
            "role": _OWNER_ROLE,
            "active": True,
            "logged_in_at": stamp,
            "created_at": stamp,
        }
        self.state.put("users", owner_id, doc)
        return self.render_user(doc)

    def _user(self, user_id: str) -> Doc:
        return self.state.require("users", user_id, "User")

    @staticmethod
    def render_user(doc: Doc) -> dict[str, Any]:
        """Public form of a user."""
        return {key: doc.get(key) for key in _USER_FIELDS}

    def _users(self, active: bool | None) -> Iterator[Doc]:
        for doc in self.state.values("users"):
            if active is None or doc["active"] is active:
                yield doc

    def list_users(self, active: bool | None, cursor: str | None, limit: int) -> Page:
        """``GET /v1/users`` (``active`` filter)."""
        return self.page(self._users(active), cursor, limit, self.render_user)

    def get_user(self, user_id: str) -> dict[str, Any]:
        """``GET /v1/users/{userId}``."""
        return self.render_user(self._user(user_id))

    def create_user(self, body: Any) -> dict[str, Any]:
        """``POST /v1/users``: invite a user (``invited``, not ``verified``, never logged in)."""
        body = _object(body)
        email = _required_str(body, "email")
        if "@" not in email.strip("@"):
            raise InvalidInputError(f"Invalid email address '{email}'")
        given = _required_str(body, "given_name")
        family = _required_str(body, "family_name")
        phone = _optional_str(body, "phone")
        picture = _optional_str(body, "picture")
        role = body.get("role")
        if role is not None:
            role = role_for_scope(role, _ACCOUNT)
        lowered = email.lower()
        for other in self.state.values("users"):
            if str(other["email"]).lower() == lowered:
                raise ConflictError(f"User with email '{email}' already exists")
        user_id = self.state.new_id()
        doc: Doc = {
            "id": user_id,
            "email": email,
            "given_name": given,
            "family_name": family,
            "verified": False,
            "invited": True,
            "picture": picture,
            "phone": phone,
            "role": role,
            "active": True,
            "logged_in_at": None,
            "created_at": self.now_iso(),
        }
        self.state.put("users", user_id, doc)
        return self.render_user(doc)

    def _admins(self) -> list[Doc]:
        return [u for u in self.state.values("users") if u.get("role") == _OWNER_ROLE]

    def _guard_last_admin(self, doc: Doc, action: str) -> None:
        if doc.get("role") == _OWNER_ROLE and len(self._admins()) <= 1:
            raise ConflictError(
                f"Cannot {action} user with id '{doc['id']}': it is the last account owner "
                f"({_OWNER_ROLE})"
            )

    def update_user(self, user_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/users/{userId}`` (you cannot change your own role)."""
        doc = self._user(user_id)
        body = _object(body)
        staged: dict[str, Any] = {}
        for key in ("given_name", "family_name"):
            if key in body:
                staged[key] = _required_str(body, key)
        for key in ("phone", "picture"):
            if key in body:
                staged[key] = _optional_str(body, key)
        if "role" in body and body["role"] != doc.get("role"):
            if user_id == self.settings.user_id:
                raise InvalidInputError("You cannot change your own role")
            staged["role"] = (
                None if body["role"] is None else role_for_scope(body["role"], _ACCOUNT)
            )
            self._guard_last_admin(doc, "change the role of")
        doc.update(staged)
        self.state.touch("users", user_id)
        return self.render_user(doc)

    def delete_user(self, user_id: str) -> None:
        """``DELETE /v1/users/{id}`` (409 for the last account owner); drops memberships."""
        doc = self._user(user_id)
        self._guard_last_admin(doc, "delete")
        for key, membership in list(self.state.tables["memberships"].items()):
            subject_is_user = membership["kind"].startswith("user_")
            if (subject_is_user and membership["subject"] == user_id) or (
                membership["kind"] == "team_user" and membership["target"] == user_id
            ):
                self.state.delete("memberships", key)
        self.state.delete("users", user_id)

    def remove_user_account_role(self, user_id: str) -> None:
        """``DELETE /v1/users/{userId}/role``: the user stays, without an account role."""
        doc = self._user(user_id)
        if doc.get("role") is None:
            return
        self._guard_last_admin(doc, "remove the account role of")
        doc["role"] = None
        self.state.touch("users", user_id)

    # ------------------------------------------------------------------------------------
    # teams
    # ------------------------------------------------------------------------------------

    def _team(self, team_id: str) -> Doc:
        return self.state.require("teams", team_id, "Team")

    @staticmethod
    def render_team(doc: Doc) -> dict[str, Any]:
        """Public form of a team."""
        return {key: doc.get(key) for key in _TEAM_FIELDS}

    def list_teams(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/teams``."""
        return self.page(self.state.values("teams"), cursor, limit, self.render_team)

    def get_team(self, team_id: str) -> dict[str, Any]:
        """``GET /v1/teams/{teamId}``."""
        return self.render_team(self._team(team_id))

    def _team_name(self, body: dict[str, Any], exclude: str | None = None) -> str:
        name = _required_str(body, "name")
        for other in self.state.values("teams"):
            if other["name"] == name and other["id"] != exclude:
                raise ConflictError(f"Team with name '{name}' already exists")
        return name

    def create_team(self, body: Any) -> dict[str, Any]:
        """``POST /v1/teams`` (``name`` and an account ``role`` are required)."""
        body = _object(body)
        name = self._team_name(body)
        description = _optional_str(body, "description")
        role = role_for_scope(body.get("role"), _ACCOUNT)
        team_id = self.state.new_id()
        doc: Doc = {"id": team_id, "name": name, "description": description, "role": role}
        self.state.put("teams", team_id, doc)
        return self.render_team(doc)

    def update_team(self, team_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/teams/{teamId}``."""
        doc = self._team(team_id)
        body = _object(body)
        staged: dict[str, Any] = {}
        if "name" in body:
            staged["name"] = self._team_name(body, exclude=team_id)
        if "description" in body:
            staged["description"] = _optional_str(body, "description")
        if "role" in body:
            staged["role"] = role_for_scope(body["role"], _ACCOUNT)
        doc.update(staged)
        self.state.touch("teams", team_id)
        return self.render_team(doc)

    def delete_team(self, team_id: str) -> None:
        """``DELETE /v1/teams/{teamId}`` (its memberships go with it)."""
        self._team(team_id)
        for key, membership in list(self.state.tables["memberships"].items()):
            if membership["kind"].startswith("team_") and membership["subject"] == team_id:
                self.state.delete("memberships", key)
        self.state.delete("teams", team_id)

    def remove_team_account_role(self, team_id: str) -> None:
        """``DELETE /v1/teams/{teamId}/role``: the team keeps existing without an account role."""
        doc = self._team(team_id)
        doc["role"] = None
        self.state.touch("teams", team_id)

    # ------------------------------------------------------------------------------------
    # memberships
    # ------------------------------------------------------------------------------------

    def _subject(self, kind: str, subject_id: str) -> Doc:
        return self._user(subject_id) if kind.startswith("user_") else self._team(subject_id)

    def _target(self, kind: str, target_id: str) -> Doc:
        entity = _SUBJECT_TARGET[kind][1]
        if entity == "Group":
            return self._group(target_id)
        if entity == "Connection":
            return self._connection(target_id)
        return self._user(target_id)

    def _target_exists(self, kind: str, target_id: str) -> bool:
        table = {"Group": "groups", "Connection": "connections", "User": "users"}
        return self.state.get(table[_SUBJECT_TARGET[kind][1]], target_id) is not None

    @staticmethod
    def _membership_key(kind: str, subject_id: str, target_id: str) -> str:
        return f"{kind}:{subject_id}:{target_id}"

    @staticmethod
    def render_membership(doc: Doc) -> dict[str, Any]:
        """Public form of a membership (``user_id`` for team users, else ``id``)."""
        key = "user_id" if doc["kind"] == "team_user" else "id"
        return {key: doc["target"], "role": doc["role"], "created_at": doc["created_at"]}

    def _membership(self, kind: str, subject_id: str, target_id: str) -> Doc:
        self._subject(kind, subject_id)
        self._target(kind, target_id)
        doc = self.state.get("memberships", self._membership_key(kind, subject_id, target_id))
        if doc is None:
            subject, target = _SUBJECT_TARGET[kind]
            raise NotFoundError(
                "Membership",
                target_id,
                message=f"{subject} with id '{subject_id}' has no membership in "
                f"{target.lower()} with id '{target_id}'",
            )
        return doc

    def _memberships(self, kind: str, subject_id: str) -> Iterator[Doc]:
        for doc in self.state.values("memberships"):
            if (
                doc["kind"] == kind
                and doc["subject"] == subject_id
                and self._target_exists(kind, doc["target"])
            ):
                yield doc

    def list_memberships(
        self,
        kind: str,
        subject_id: str,
        cursor: str | None,
        limit: int,
        active: bool | None = None,
    ) -> Page:
        """List a user's or team's memberships of one ``kind`` (``active`` for team users)."""
        self._subject(kind, subject_id)
        docs: Iterable[Doc] = self._memberships(kind, subject_id)
        if active is not None:
            users = self.state.tables["users"]
            docs = (d for d in docs if users[d["target"]]["active"] is active)
        return self.page(docs, cursor, limit, self.render_membership)

    def get_membership(self, kind: str, subject_id: str, target_id: str) -> dict[str, Any]:
        """Retrieve one membership (404 for an unknown subject, target or membership)."""
        return self.render_membership(self._membership(kind, subject_id, target_id))

    def add_membership(self, kind: str, subject_id: str, body: Any) -> dict[str, Any]:
        """Create a membership from ``{"id"|"user_id": ..., "role": ...}`` (409 if it exists)."""
        body = _object(body)
        id_field = "user_id" if kind == "team_user" else "id"
        target_id = _required_str(body, id_field)
        raw_role = body.get("role")
        if kind == "team_user" and raw_role is None:
            raw_role = _DEFAULT_TEAM_USER_ROLE
        role = role_for_scope(raw_role, _SCOPE_OF[kind])
        self._subject(kind, subject_id)
        self._target(kind, target_id)
        return self.render_membership(self._put_membership(kind, subject_id, target_id, role))

    def _put_membership(self, kind: str, subject_id: str, target_id: str, role: str) -> Doc:
        key = self._membership_key(kind, subject_id, target_id)
        if self.state.get("memberships", key) is not None:
            subject, target = _SUBJECT_TARGET[kind]
            raise ConflictError(
                f"{subject} with id '{subject_id}' already has a membership in "
                f"{target.lower()} with id '{target_id}'"
            )
        doc: Doc = {
            "kind": kind,
            "subject": subject_id,
            "target": target_id,
            "role": role,
            "created_at": self.now_iso(),
        }
        return self.state.put("memberships", key, doc)

    def update_membership(
        self, kind: str, subject_id: str, target_id: str, body: Any
    ) -> dict[str, Any]:
        """Change the role of a membership."""
        body = _object(body)
        role = role_for_scope(body.get("role"), _SCOPE_OF[kind])
        doc = self._membership(kind, subject_id, target_id)
        doc["role"] = role
        self.state.touch("memberships", self._membership_key(kind, subject_id, target_id))
        return self.render_membership(doc)

    def delete_membership(self, kind: str, subject_id: str, target_id: str) -> dict[str, Any]:
        """Remove a membership; return what it was."""
        doc = self._membership(kind, subject_id, target_id)
        self.state.delete("memberships", self._membership_key(kind, subject_id, target_id))
        return self.render_membership(doc)

    # -- group users ---------------------------------------------------------------------

    def list_group_users(
        self, group_id: str, active: bool | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/groups/{groupId}/users``: users with a membership in the group.

        Users are listed in the order they were added to the group.
        """
        self._group(group_id)
        users = self.state.tables["users"]
        docs = (
            {**users[m["subject"]], "_seq": m["_seq"]}
            for m in self.state.values("memberships")
            if m["kind"] == "user_group" and m["target"] == group_id and m["subject"] in users
        )
        if active is not None:
            docs = (u for u in docs if u["active"] is active)
        return self.page(docs, cursor, limit, self.render_user)

    def add_group_user(self, group_id: str, body: Any) -> None:
        """``POST /v1/groups/{groupId}/users`` ``{"email", "role"}`` (an existing user)."""
        body = _object(body)
        email = _required_str(body, "email")
        role = role_for_scope(body.get("role"), _DESTINATION)
        self._group(group_id)
        lowered = email.lower()
        user = next(
            (u for u in self.state.values("users") if str(u["email"]).lower() == lowered), None
        )
        if user is None:
            raise NotFoundError("User", email, message=f"User with email '{email}' does not exist")
        self._put_membership("user_group", user["id"], group_id, role)

    def remove_group_user(self, group_id: str, user_id: str) -> None:
        """``DELETE /v1/groups/{groupId}/users/{userId}``."""
        self.delete_membership("user_group", user_id, group_id)

    # ------------------------------------------------------------------------------------
    # system keys
    # ------------------------------------------------------------------------------------

    def _system_key(self, key_id: str) -> Doc:
        return self.state.require("system_keys", key_id, "SystemKey")

    @staticmethod
    def render_system_key(doc: Doc, secret: str | None = None) -> dict[str, Any]:
        """Public form of a system key (``secret`` only right after create or rotate)."""
        out = {key: doc.get(key) for key in _KEY_FIELDS}
        out["permissions"] = [
            {**p, "resource_filter": dict(p["resource_filter"])}
            if "resource_filter" in p
            else dict(p)
            for p in doc["permissions"]
        ]
        if secret is not None:
            out["secret"] = secret
        return out

    def _token(self, length: int) -> str:
        self.state.meta_dirty = True
        rng = self.state.rng
        return "".join(rng.choice(_TOKEN_ALPHABET) for _ in range(length))

    def _expires(self, period: str) -> str | None:
        when = _add_period(self.state.clock.now(), period)
        return None if when is None else format_us(when)

    def list_system_keys(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/system-keys`` (no secrets)."""
        return self.page(self.state.values("system_keys"), cursor, limit, self.render_system_key)

    def get_system_key(self, key_id: str) -> dict[str, Any]:
        """``GET /v1/system-keys/{keyId}`` (no secret)."""
        return self.render_system_key(self._system_key(key_id))

    def create_system_key(self, body: Any) -> dict[str, Any]:
        """``POST /v1/system-keys``: the response is the only one carrying the secret."""
        body = _object(body)
        name = _required_str(body, "name")
        period = _expiration(body, "INFINITE")
        permissions = _permissions(body.get("permissions"))
        for other in self.state.values("system_keys"):
            if other["name"] == name:
                raise ConflictError(f"System key with name '{name}' already exists")
        key_id = self.state.new_id()
        secret = self._token(32)
        created = self.now_iso()
        doc: Doc = {
            "id": key_id,
            "name": name,
            "key": self._token(16),
            "permissions": permissions,
            "created_at": created,
            "updated_at": created,
            "expired_at": self._expires(period),
            "last_used_at": None,
            "_period": period,
            "_secret_sha256": _sha256(secret),
        }
        self.state.put("system_keys", key_id, doc)
        return self.render_system_key(doc, secret)

    def update_system_key(self, key_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/system-keys/{keyId}`` (``name``, ``permissions``)."""
        doc = self._system_key(key_id)
        body = _object(body)
        staged: dict[str, Any] = {}
        if "name" in body:
            name = _required_str(body, "name")
            for other in self.state.values("system_keys"):
                if other["name"] == name and other["id"] != key_id:
                    raise ConflictError(f"System key with name '{name}' already exists")
            staged["name"] = name
        if "permissions" in body:
            staged["permissions"] = _permissions(body["permissions"])
        staged["updated_at"] = self.now_iso()
        doc.update(staged)
        self.state.touch("system_keys", key_id)
        return self.render_system_key(doc)

    def delete_system_key(self, key_id: str) -> None:
        """``DELETE /v1/system-keys/{keyId}``: the key stops authenticating at once."""
        self._system_key(key_id)
        self.state.delete("system_keys", key_id)

    def rotate_system_key(self, key_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/system-keys/{keyId}/rotate``: new secret (returned) and ``expired_at``.

        The old secret stops authenticating at once; the key (HTTP Basic user) stays.
        """
        doc = self._system_key(key_id)
        body = _object(body) if body is not None else {}
        period = _expiration(body, str(doc.get("_period", "INFINITE")))
        secret = self._token(32)
        doc["_secret_sha256"] = _sha256(secret)
        doc["_period"] = period
        doc["expired_at"] = self._expires(period)
        doc["updated_at"] = self.now_iso()
        self.state.touch("system_keys", key_id)
        return self.render_system_key(doc, secret)

    def authenticate_system_key(self, key: str, secret: str) -> str | None:
        """Return the id of the live system key with this key/secret pair, or ``None``.

        Expired keys (``expired_at`` in the virtual past) do not authenticate. A
        successful use sets ``last_used_at``.
        """
        digest = _sha256(secret)
        now = self.state.clock.now()
        for doc in self.state.values("system_keys"):
            if not hmac.compare_digest(str(doc["key"]).encode(), key.encode()):
                continue
            if not hmac.compare_digest(str(doc["_secret_sha256"]), digest):
                return None
            expired = doc.get("expired_at")
            if expired is not None and parse_ts(expired) <= now:
                return None
            doc["last_used_at"] = format_us(now)
            self.state.touch("system_keys", doc["id"])
            return str(doc["id"])
        return None

    # ------------------------------------------------------------------------------------
    # certificates and fingerprints
    # ------------------------------------------------------------------------------------

    def _owner(self, owner: str, owner_id: str) -> None:
        if owner == "connection":
            self._connection(owner_id)
        else:
            self._destination(owner_id)

    @staticmethod
    def _trust_key(owner: str, owner_id: str, hash_: str) -> str:
        return f"{owner}:{owner_id}:{hash_}"

    def _trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> Doc:
        self._owner(owner, owner_id)
        doc = self.state.get(kind, self._trust_key(owner, owner_id, hash_))
        if doc is None:
            entity = "Certificate" if kind == "certificates" else "Fingerprint"
            raise NotFoundError(
                entity,
                hash_,
                message=f"{entity} with hash '{hash_}' is not approved for {owner} "
                f"with id '{owner_id}'",
            )
        return doc

    @staticmethod
    def render_trusted(doc: Doc) -> dict[str, Any]:
        """Public form of an approved certificate or fingerprint."""
        return {k: v for k, v in doc.items() if not k.startswith("_")}

    def list_trusted(
        self, kind: str, owner: str, owner_id: str, cursor: str | None, limit: int
    ) -> Page:
        """List the certificates or fingerprints approved for a connection or destination."""
        self._owner(owner, owner_id)
        docs = (
            d
            for d in self.state.values(kind)
            if d["_owner"] == owner and d["_owner_id"] == owner_id
        )
        return self.page(docs, cursor, limit, self.render_trusted)

    def get_trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> dict[str, Any]:
        """Retrieve one approved certificate or fingerprint (404 for an unknown hash)."""
        return self.render_trusted(self._trusted(kind, owner, owner_id, hash_))

    def revoke_trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> None:
        """Revoke an approved certificate or fingerprint."""
        self._trusted(kind, owner, owner_id, hash_)
        self.state.delete(kind, self._trust_key(owner, owner_id, hash_))

    def _store_trusted(self, kind: str, owner: str, owner_id: str, doc: Doc) -> Doc:
        key = self._trust_key(owner, owner_id, doc["hash"])
        old = self.state.get(kind, key)
        if old is not None:  # approving again is idempotent: same id, fresh validation
            doc["_seq"] = old["_seq"]
        doc["_owner"] = owner
        doc["_owner_id"] = owner_id
        return self.state.put(kind, key, doc)

    def approve_certificate(self, owner: str, owner_id: str, body: Any) -> dict[str, Any]:
        """Approve a TLS certificate ``{"hash", "encoded_cert"}`` for a connection/destination."""
        body = _object(body)
        hash_ = _required_str(body, "hash")
        encoded = _required_str(body, "encoded_cert")
        self._owner(owner, owner_id)
        return self.render_trusted(self._certificate(owner, owner_id, hash_, encoded))

    def _certificate(self, owner: str, owner_id: str, hash_: str, encoded: str) -> Doc:
        try:
            raw = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInputError(
                "Field 'encoded_cert' must be a base64-encoded certificate"
            ) from exc
        if not raw:
            raise InvalidInputError("Field 'encoded_cert' must be a base64-encoded certificate")
        sha256 = hashlib.sha256(raw).hexdigest()
        modulus = int(sha256, 16)
        doc: Doc = {
            "id": base64.urlsafe_b64encode(f"{owner} certificate {hash_}".encode())
            .decode()
            .rstrip("="),
            "name": f"CN={owner_id}.certificate.fivetrex.invalid",
            "hash": hash_,
            "type": "TLS",
            "sha1": hashlib.sha1(raw, usedforsecurity=False).hexdigest(),
            "sha256": sha256,
            "public_key": f"Sun RSA public key, 2048 bits params: null modulus: {modulus} "
            "public exponent: 65537",
            "validated_date": self.now_iso(),
            "validated_by": self.settings.user_id,
            "_encoded_cert": encoded,
        }
        return self._store_trusted("certificates", owner, owner_id, doc)

    def approve_fingerprint(self, owner: str, owner_id: str, body: Any) -> dict[str, Any]:
        """Approve an SSH fingerprint ``{"hash", "public_key"}`` for a connection/destination."""
        body = _object(body)
        hash_ = _required_str(body, "hash")
        public_key = _required_str(body, "public_key")
        self._owner(owner, owner_id)
        doc: Doc = {
            "id": base64.urlsafe_b64encode(f"{owner} fingerprint {hash_}".encode())
            .decode()
            .rstrip("="),
            "hash": hash_,
            "public_key": public_key,
            "validated_date": self.now_iso(),
            "validated_by": self.settings.user_id,
        }
        return self.render_trusted(self._store_trusted("fingerprints", owner, owner_id, doc))

    def approve_certificate_legacy(self, body: Any) -> None:
        """Deprecated ``POST /v1/certificates`` (``connection_id`` and/or ``destination_id``)."""
        body = _object(body)
        hash_ = _required_str(body, "hash")
        encoded = _required_str(body, "encoded_cert")
        connection_id = _optional_str(body, "connection_id")
        destination_id = _optional_str(body, "destination_id")
        if not connection_id and not destination_id:
            raise InvalidInputError("Field 'connection_id' or 'destination_id' is required")
        owners: list[tuple[str, str]] = []
        if connection_id:
            self._connection(connection_id)
            owners.append(("connection", connection_id))
        if destination_id:
            self._destination(destination_id)
            owners.append(("destination", destination_id))
        for owner, owner_id in owners:
            self._certificate(owner, owner_id, hash_, encoded)
