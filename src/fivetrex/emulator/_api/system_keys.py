"""System keys over HTTP: request parsing and the route table (domain:
:mod:`.._domain.system_keys`)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, req_str
from fivetrex.emulator._domain import (
    EXPIRATION_PERIODS,
    PERMISSION_ACCESS_LEVELS,
    PERMISSION_RESOURCE_TYPES,
    Backend,
)
from fivetrex.emulator._domain.system_keys import Permission
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["SYSTEM_KEY_ROUTES", "expiration_period", "permissions"]


def expiration_period(body: dict[str, Any]) -> str | None:
    """The ``expiration_period``, one of :data:`EXPIRATION_PERIODS`; ``None`` when absent."""
    value = body.get("expiration_period")
    if value is None:
        return None
    if not isinstance(value, str) or value not in EXPIRATION_PERIODS:
        allowed = ", ".join(EXPIRATION_PERIODS)
        raise InvalidInputError(
            f"Invalid value '{value}' for field 'expiration_period'. Allowed: {allowed}"
        )
    return value


def _one_of(value: Any, field: str, allowed: frozenset[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError(
            f"Invalid value '{value}' for field '{field}'. Allowed: " + ", ".join(sorted(allowed))
        )
    return value


def _resource_filter(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise InvalidInputError(f"Field '{where}' must be an object")
    kept: dict[str, list[str]] = {}
    for key in ("ids", "group_ids"):
        ids = value.get(key)
        if ids is None:
            continue
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise InvalidInputError(f"Field '{where}.{key}' must be an array of strings")
        kept[key] = list(ids)
    return kept


def _permission(item: Any, where: str) -> Permission:
    if not isinstance(item, dict):
        raise InvalidInputError(f"Field '{where}' must be an object")
    resource = _one_of(
        item.get("resource_type"), f"{where}.resource_type", PERMISSION_RESOURCE_TYPES
    )
    level = _one_of(item.get("access_level"), f"{where}.access_level", PERMISSION_ACCESS_LEVELS)
    rfilter = item.get("resource_filter")
    return Permission(
        resource,
        level,
        None if rfilter is None else _resource_filter(rfilter, f"{where}.resource_filter"),
    )


def permissions(value: Any) -> list[Permission]:
    """The ``permissions`` array (``null`` reads as none): each a ``resource_type``, an
    ``access_level`` and an optional ``resource_filter`` of ``ids`` / ``group_ids``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInputError("Field 'permissions' must be an array")
    return [_permission(item, f"permissions[{index}]") for index, item in enumerate(value)]


def _create(b: Backend, c: Call) -> Any:
    """``POST /v1/system-keys``: ``name`` required; ``expiration_period`` (never expires
    when absent) and ``permissions``."""
    body = body_object(c.body)
    name = req_str(body, "name")
    period = expiration_period(body) or "INFINITE"
    return b.create_system_key(name, permissions(body.get("permissions")), period)


def _update(b: Backend, c: Call) -> Any:
    """``PATCH /v1/system-keys/{keyId}``: absent fields are kept; ``permissions: null``
    clears them."""
    body = body_object(c.body)
    name = req_str(body, "name") if "name" in body else None
    perms = permissions(body["permissions"]) if "permissions" in body else None
    return b.update_system_key(param(c, "keyId"), name=name, permissions=perms)


def _rotate(b: Backend, c: Call) -> Any:
    """``POST /v1/system-keys/{keyId}/rotate``: the body is optional; without an
    ``expiration_period`` the key keeps its own."""
    body = {} if c.body is None else body_object(c.body)
    return b.rotate_system_key(param(c, "keyId"), expiration_period(body))


_K = "/v1/system-keys/{keyId}"

SYSTEM_KEY_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/system-keys", paged(lambda b, c, cur, lim: b.list_system_keys(cur, lim))),
    Route("POST", "/v1/system-keys", _create, 201, "System key has been created"),
    Route("GET", _K, lambda b, c: b.get_system_key(param(c, "keyId"))),
    Route("PATCH", _K, _update, message="System key has been updated"),
    Route("DELETE", _K, lambda b, c: b.delete_system_key(param(c, "keyId")),
          message="System key with id '{keyId}' has been deleted"),
    Route("POST", _K + "/rotate", _rotate,
          message="System key with id '{keyId}' has been rotated"),
)  # fmt: skip
"""The system keys' routes."""
