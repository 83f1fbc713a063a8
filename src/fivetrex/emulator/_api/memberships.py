"""Memberships over HTTP: request parsing and the route tables (domain:
:mod:`.._domain.memberships`).

A membership gives a user or a team (the subject) a role on a group, a connection or — for
a team — a user (the target). Each kind has the same five routes (list, add, get, update,
delete) under its subject; a group's users have their own three.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, req_str
from fivetrex.emulator._api.roles import (
    CONNECTOR_SCOPE,
    DESTINATION_SCOPE,
    TEAM_SCOPE,
    role_for_scope,
)
from fivetrex.emulator._api.users import active_filter
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.memberships import MembershipKind
from fivetrex.emulator._routes import Call, Route

__all__ = ["MEMBERSHIP_ROUTES", "membership_role", "new_membership"]

_SCOPE_OF: dict[MembershipKind, str] = {
    "user_group": DESTINATION_SCOPE,
    "user_connection": CONNECTOR_SCOPE,
    "team_group": DESTINATION_SCOPE,
    "team_connection": CONNECTOR_SCOPE,
    "team_user": TEAM_SCOPE,
}
_DEFAULT_TEAM_USER_ROLE = "Team Member"


def membership_role(body: dict[str, Any], kind: MembershipKind) -> str:
    """The required ``role``, a role of the kind's scope."""
    return role_for_scope(body.get("role"), _SCOPE_OF[kind])


def new_membership(body: dict[str, Any], kind: MembershipKind) -> tuple[str, str]:
    """``(target_id, role)`` of an added membership: the target is ``user_id`` for a team's
    user (whose ``role`` defaults to ``Team Member``), ``id`` otherwise."""
    target_id = req_str(body, "user_id" if kind == "team_user" else "id")
    raw_role = body.get("role")
    if kind == "team_user" and raw_role is None:
        raw_role = _DEFAULT_TEAM_USER_ROLE
    return target_id, role_for_scope(raw_role, _SCOPE_OF[kind])


def _membership_routes(
    base: str, subject: str, kind: MembershipKind, target: str, messages: dict[str, str]
) -> tuple[Route, ...]:
    """The five routes of one membership kind (list, add, get, update, delete).

    As documented, only updating a user's group membership answers without ``data`` and
    only deleting a user's connection membership answers with it.
    """
    item = f"{base}/{{{target}}}"
    update_data = kind != "user_group"
    delete_data = kind == "user_connection"

    def listing(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
        active = active_filter(c) if kind == "team_user" else None
        return b.list_memberships(kind, param(c, subject), cursor, limit, active)

    def add(b: Backend, c: Call) -> Any:
        target_id, role = new_membership(body_object(c.body), kind)
        return b.add_membership(kind, param(c, subject), target_id, role)

    def update(b: Backend, c: Call) -> Any:
        role = membership_role(body_object(c.body), kind)
        data = b.update_membership(kind, param(c, subject), param(c, target), role)
        return data if update_data else None

    def delete(b: Backend, c: Call) -> Any:
        data = b.delete_membership(kind, param(c, subject), param(c, target))
        return data if delete_data else None

    return (
        Route("GET", base, paged(listing), message=messages["list"]),
        Route("POST", base, add, 201, messages["add"]),
        Route("GET", item, lambda b, c: b.get_membership(kind, param(c, subject), param(c, target)),
              message=messages["get"]),
        Route("PATCH", item, update, message=messages["update"]),
        Route("DELETE", item, delete, message=messages["delete"]),
    )  # fmt: skip


def _add_group_user(b: Backend, c: Call) -> Any:
    """``POST /v1/groups/{groupId}/users``: ``email`` and a destination ``role`` required."""
    body = body_object(c.body)
    email = req_str(body, "email")
    role = role_for_scope(body.get("role"), DESTINATION_SCOPE)
    return b.add_group_user(param(c, "groupId"), email, role)


def _group_users(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_group_users(param(c, "groupId"), active_filter(c), cursor, limit)


_U = "/v1/users/{userId}"
_T = "/v1/teams/{teamId}"
_MEMBERSHIP_GROUP = {
    "add": "Group membership has been created",
    "update": "Group membership has been updated",
    "delete": "Group membership has been deleted",
}
_MEMBERSHIP_CONNECTION = {
    "add": "Connection membership has been created",
    "update": "Connection membership has been updated",
    "delete": "Connection membership has been deleted",
}

MEMBERSHIP_ROUTES: tuple[Route, ...] = (
    *_membership_routes(_U + "/groups", "userId", "user_group", "groupId", {
        **_MEMBERSHIP_GROUP,
        "list": "User memberships in groups retrieved successfully",
        "get": "User membership in group retrieved successfully",
    }),
    *_membership_routes(_U + "/connections", "userId", "user_connection", "connectionId", {
        **_MEMBERSHIP_CONNECTION,
        "list": "User memberships in connections retrieved successfully",
        "get": "User membership in connection retrieved successfully",
    }),
    Route("GET", "/v1/groups/{groupId}/users", paged(_group_users),
          message="Group users retrieved successfully"),
    Route("POST", "/v1/groups/{groupId}/users", _add_group_user,
          message="User has been added to the group"),
    Route("DELETE", "/v1/groups/{groupId}/users/{userId}",
          lambda b, c: b.remove_group_user(param(c, "groupId"), param(c, "userId")),
          message="User with id '{userId}' has been removed from the group"),
    *_membership_routes(_T + "/users", "teamId", "team_user", "userId", {
        "list": "Team users retrieved successfully",
        "get": "Team user details retrieved successfully",
        "add": "User has been added to the team",
        "update": "User role has been updated",
        "delete": "User has been removed from the team",
    }),
    *_membership_routes(_T + "/groups", "teamId", "team_group", "groupId", {
        **_MEMBERSHIP_GROUP,
        "list": "Team group memberships retrieved successfully",
        "get": "Team group membership retrieved successfully",
    }),
    *_membership_routes(_T + "/connections", "teamId", "team_connection", "connectionId", {
        **_MEMBERSHIP_CONNECTION,
        "list": "Team connection memberships retrieved successfully",
        "get": "Team connection membership retrieved successfully",
    }),
)  # fmt: skip
"""The memberships' routes: of users, of teams, and a group's users."""
