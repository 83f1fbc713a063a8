"""Groups over HTTP: request parsing and the route table (domain: :mod:`.._domain.groups`)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import IDENTIFIER_RE, body_object, req_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["GROUP_ROUTES"]


def group_name(body: dict[str, Any]) -> str:
    """The required ``name``: a letter or underscore, then letters, digits, underscores."""
    name = req_str(body, "name")
    if not IDENTIFIER_RE.match(name):
        raise InvalidInputError(
            f"Invalid group name '{name}': it must start with a letter or underscore "
            "and contain only letters, digits and underscores"
        )
    return name


def _create(b: Backend, c: Call) -> Any:
    return b.create_group(group_name(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    name = group_name(body) if "name" in body else None
    return b.update_group(param(c, "groupId"), name=name)


def _connections(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_group_connections(param(c, "groupId"), c.query.get("schema"), cursor, limit)


GROUP_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/groups", paged(lambda b, c, cur, lim: b.list_groups(cur, lim))),
    Route("POST", "/v1/groups", _create, 201, "Group has been created"),
    Route("GET", "/v1/groups/{groupId}", lambda b, c: b.get_group(param(c, "groupId")),
          message="Group details retrieved successfully"),
    Route("PATCH", "/v1/groups/{groupId}", _update, message="Group has been updated"),
    Route("DELETE", "/v1/groups/{groupId}", lambda b, c: b.delete_group(param(c, "groupId")),
          message="Group with id '{groupId}' has been deleted"),
    Route("GET", "/v1/groups/{groupId}/connections", paged(_connections)),
    Route("GET", "/v1/groups/{groupId}/connectors", paged(_connections), legacy=True),
    Route("GET", "/v1/groups/{groupId}/public-key",
          lambda b, c: b.group_public_key(param(c, "groupId")),
          message="Group public key retrieved successfully"),
    Route("GET", "/v1/groups/{groupId}/service-account",
          lambda b, c: b.group_service_account(param(c, "groupId")),
          message="Group service account retrieved successfully"),
)  # fmt: skip
"""The groups' routes."""
