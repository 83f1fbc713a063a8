"""Users over HTTP: request parsing and the route table (domain: :mod:`.._domain.users`).

A user's memberships (``/v1/users/{userId}/groups``, ``.../connections``) are routed by
:mod:`.memberships`.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import UNSET, Unset, body_object, opt_str, req_str
from fivetrex.emulator._api.roles import ACCOUNT_SCOPE, role_for_scope
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.users import NewUser, UserChanges
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["USER_ROUTES", "active_filter", "new_user", "parse_active", "user_changes"]


def parse_active(raw: str | None) -> bool | None:
    """Parse the ``active`` query parameter (``true``/``false``, absent = both)."""
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise InvalidInputError(f"Invalid value '{raw}' for parameter 'active': use true or false")
    return lowered == "true"


def active_filter(call: Call) -> bool | None:
    """The ``active`` query parameter of a list of users."""
    return parse_active(call.query.get("active"))


def _account_role(value: Any) -> str | None:
    """An account role, or ``None`` for ``null`` (no account role)."""
    return None if value is None else role_for_scope(value, ACCOUNT_SCOPE)


def new_user(body: dict[str, Any]) -> NewUser:
    """``POST /v1/users``: ``email`` (with an ``@``), ``given_name`` and ``family_name``
    required; ``phone``, ``picture`` and an account ``role`` optional."""
    email = req_str(body, "email")
    if "@" not in email.strip("@"):
        raise InvalidInputError(f"Invalid email address '{email}'")
    given_name = req_str(body, "given_name")
    family_name = req_str(body, "family_name")
    phone = opt_str(body, "phone")
    picture = opt_str(body, "picture")
    role = _account_role(body.get("role"))
    return NewUser(email, given_name, family_name, phone, picture, role)


def user_changes(body: dict[str, Any]) -> UserChanges:
    """``PATCH /v1/users/{userId}``: absent fields are kept; names cannot be cleared,
    ``null`` clears ``phone``, ``picture`` or ``role``."""
    given_name: str | Unset = req_str(body, "given_name") if "given_name" in body else UNSET
    family_name: str | Unset = req_str(body, "family_name") if "family_name" in body else UNSET
    phone: str | Unset | None = opt_str(body, "phone") if "phone" in body else UNSET
    picture: str | Unset | None = opt_str(body, "picture") if "picture" in body else UNSET
    role: str | Unset | None = _account_role(body["role"]) if "role" in body else UNSET
    return UserChanges(given_name, family_name, phone, picture, role)


def _list(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_users(active_filter(c), cursor, limit)


def _create(b: Backend, c: Call) -> Any:
    return b.create_user(new_user(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    return b.update_user(param(c, "userId"), user_changes(body_object(c.body)))


_U = "/v1/users/{userId}"

USER_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/users", paged(_list), message="Users list retrieved successfully"),
    Route("POST", "/v1/users", _create, 201, "User has been created"),
    Route("GET", _U, lambda b, c: b.get_user(param(c, "userId")),
          message="User details retrieved successfully"),
    Route("PATCH", _U, _update, message="User has been updated"),
    Route("DELETE", "/v1/users/{id}", lambda b, c: b.delete_user(param(c, "id")),
          message="User with id '{id}' has been deleted"),
    Route("DELETE", _U + "/role", lambda b, c: b.remove_user_account_role(param(c, "userId")),
          message="User role in account has been removed"),
)  # fmt: skip
"""The users' routes."""
