"""Routes of the access-management operations (see :mod:`fivetrex.emulator._domain`).

Users, teams, roles, memberships, group users and system keys (certificates and
fingerprints: :mod:`._api.certificates`). :data:`ACCESS_ROUTES` joins
:data:`fivetrex.emulator._app.ROUTES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fivetrex.emulator._domain import parse_active, parse_limit
from fivetrex.emulator._routes import Call, Route

__all__ = ["ACCESS_ROUTES"]

Handler = Callable[[Any, Call], Any]


def _p(call: Call, name: str) -> str:
    return call.params[name]


def _paged(fn: Callable[[Any, Call, str | None, int], Any]) -> Handler:
    """Wrap a list handler: parse ``cursor`` and ``limit``."""

    def handler(backend: Any, call: Call) -> Any:
        cursor = call.query.get("cursor") or None
        return fn(backend, call, cursor, parse_limit(call.query.get("limit")))

    return handler


def _active(call: Call) -> bool | None:
    return parse_active(call.query.get("active"))


def _membership_routes(
    base: str, subject: str, kind: str, target: str, messages: dict[str, str]
) -> tuple[Route, ...]:
    """The five routes of one membership kind (list, add, get, update, delete).

    As documented, only updating a user's group membership answers without ``data`` and
    only deleting a user's connection membership answers with it.
    """
    item = f"{base}/{{{target}}}"
    update_data = kind != "user_group"
    delete_data = kind == "user_connection"

    def update(b: Any, c: Call) -> Any:
        data = b.update_membership(kind, _p(c, subject), _p(c, target), c.body)
        return data if update_data else None

    def delete(b: Any, c: Call) -> Any:
        data = b.delete_membership(kind, _p(c, subject), _p(c, target))
        return data if delete_data else None

    return (
        Route("GET", base, _paged(lambda b, c, cur, lim: b.list_memberships(
            kind, _p(c, subject), cur, lim, _active(c) if kind == "team_user" else None)),
            message=messages["list"]),
        Route("POST", base, lambda b, c: b.add_membership(kind, _p(c, subject), c.body), 201,
              messages["add"]),
        Route("GET", item, lambda b, c: b.get_membership(kind, _p(c, subject), _p(c, target)),
              message=messages["get"]),
        Route("PATCH", item, update, message=messages["update"]),
        Route("DELETE", item, delete, message=messages["delete"]),
    )  # fmt: skip


_U = "/v1/users/{userId}"
_T = "/v1/teams/{teamId}"
_K = "/v1/system-keys/{keyId}"


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

ACCESS_ROUTES: tuple[Route, ...] = (
    # roles
    Route("GET", "/v1/roles", _paged(lambda b, c, cur, lim: b.list_roles(cur, lim)),
          message="Roles list retrieved successfully"),
    # users
    Route("GET", "/v1/users", _paged(
        lambda b, c, cur, lim: b.list_users(_active(c), cur, lim)),
        message="Users list retrieved successfully"),
    Route("POST", "/v1/users", lambda b, c: b.create_user(c.body), 201, "User has been created"),
    Route("GET", _U, lambda b, c: b.get_user(_p(c, "userId")),
          message="User details retrieved successfully"),
    Route("PATCH", _U, lambda b, c: b.update_user(_p(c, "userId"), c.body),
          message="User has been updated"),
    Route("DELETE", "/v1/users/{id}", lambda b, c: b.delete_user(_p(c, "id")),
          message="User with id '{id}' has been deleted"),
    Route("DELETE", _U + "/role", lambda b, c: b.remove_user_account_role(_p(c, "userId")),
          message="User role in account has been removed"),
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
    # group users
    Route("GET", "/v1/groups/{groupId}/users", _paged(
        lambda b, c, cur, lim: b.list_group_users(_p(c, "groupId"), _active(c), cur, lim)),
        message="Group users retrieved successfully"),
    Route("POST", "/v1/groups/{groupId}/users",
          lambda b, c: b.add_group_user(_p(c, "groupId"), c.body),
          message="User has been added to the group"),
    Route("DELETE", "/v1/groups/{groupId}/users/{userId}",
          lambda b, c: b.remove_group_user(_p(c, "groupId"), _p(c, "userId")),
          message="User with id '{userId}' has been removed from the group"),
    # teams
    Route("GET", "/v1/teams", _paged(lambda b, c, cur, lim: b.list_teams(cur, lim)),
          message="Teams retrieved successfully"),
    Route("POST", "/v1/teams", lambda b, c: b.create_team(c.body), 201, "Team has been created"),
    Route("GET", _T, lambda b, c: b.get_team(_p(c, "teamId")),
          message="Team details retrieved successfully"),
    Route("PATCH", _T, lambda b, c: b.update_team(_p(c, "teamId"), c.body),
          message="Team has been updated"),
    Route("DELETE", _T, lambda b, c: b.delete_team(_p(c, "teamId")),
          message="Team has been deleted"),
    Route("DELETE", _T + "/role", lambda b, c: b.remove_team_account_role(_p(c, "teamId")),
          message="Team role in account has been removed"),
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
    # system keys
    Route("GET", "/v1/system-keys", _paged(lambda b, c, cur, lim: b.list_system_keys(cur, lim))),
    Route("POST", "/v1/system-keys", lambda b, c: b.create_system_key(c.body), 201,
          "System key has been created"),
    Route("GET", _K, lambda b, c: b.get_system_key(_p(c, "keyId"))),
    Route("PATCH", _K, lambda b, c: b.update_system_key(_p(c, "keyId"), c.body),
          message="System key has been updated"),
    Route("DELETE", _K, lambda b, c: b.delete_system_key(_p(c, "keyId")),
          message="System key with id '{keyId}' has been deleted"),
    Route("POST", _K + "/rotate", lambda b, c: b.rotate_system_key(_p(c, "keyId"), c.body),
          message="System key with id '{keyId}' has been rotated"),
)  # fmt: skip
"""Every access-management operation the emulator implements."""
