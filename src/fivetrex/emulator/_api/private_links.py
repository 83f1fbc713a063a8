"""Private links over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.private_links`.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import (
    IDENTIFIER_RE,
    UNSET,
    body_object,
    given,
    require_enum,
    required_str,
)
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.private_links import check_link_config
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._platform_catalog import PRIVATE_LINK_REGIONS, PRIVATE_LINK_SERVICES
from fivetrex.emulator._routes import Call, Route

__all__ = ["PRIVATE_LINK_ROUTES"]

_FIXED = ("name", "region", "service")
"""Fields a private link is created with and that cannot be changed."""


def _config(body: dict[str, Any]) -> dict[str, Any] | None:
    """The ``config`` object, ``None`` when absent or ``null``."""
    value = body.get("config")
    return None if value is None else body_object(value, "field 'config'")


def _create(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    name = required_str(body, "name")
    if not IDENTIFIER_RE.match(name):
        raise InvalidInputError(
            f"Invalid private link name '{name}': letters, digits and underscores, "
            "starting with a letter or underscore"
        )
    region = require_enum(body.get("region"), "region", PRIVATE_LINK_REGIONS)
    service = require_enum(body.get("service"), "service", PRIVATE_LINK_SERVICES)
    cloud = PRIVATE_LINK_SERVICES[service][0]
    if not region.startswith(cloud):
        raise InvalidInputError(
            f"Region '{region}' is not a {cloud} region, as service '{service}' requires"
        )
    config = _config(body) or {}
    check_link_config(service, config)
    return b.create_private_link(name, region, service, config)


def _restated(body: dict[str, Any]) -> dict[str, str]:
    """The fixed fields the request sent; anything but a string can only differ (400)."""
    restated: dict[str, str] = {}
    for key in _FIXED:
        value = given(body, key)
        if value is UNSET:
            continue
        if not isinstance(value, str):
            raise InvalidInputError(f"Field '{key}' of a private link cannot be changed")
        restated[key] = value
    return restated


def _update(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    restated = _restated(body)
    return b.update_private_link(param(c, "privateLinkId"), config=_config(body), restated=restated)


_PL = "/v1/private-links"

PRIVATE_LINK_ROUTES: tuple[Route, ...] = (
    Route("GET", _PL, paged(lambda b, c, cur, lim: b.list_private_links(cur, lim)),
          message="Private links retrieved successfully"),
    Route("POST", _PL, _create, 201, "Private link has been created"),
    Route("GET", _PL + "/{privateLinkId}",
          lambda b, c: b.get_private_link(param(c, "privateLinkId")),
          message="Private link details retrieved successfully"),
    Route("PATCH", _PL + "/{privateLinkId}", _update, message="Private link has been updated"),
    Route("DELETE", _PL + "/{privateLinkId}",
          lambda b, c: b.delete_private_link(param(c, "privateLinkId")),
          message="Private link with id '{privateLinkId}' is marked for deletion"),
)  # fmt: skip
"""The private links' routes."""
