"""Connector metadata over HTTP (domain: :mod:`.._domain.metadata`)."""

from __future__ import annotations

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._routes import Route

__all__ = ["METADATA_ROUTES", "PUBLIC_PREFIX"]

PUBLIC_PREFIX = "/public/"
"""Paths under this prefix need no credentials (``GET /public/connector-types``)."""

METADATA_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/metadata/connector-types",
          paged(lambda b, c, cur, lim: b.list_connector_types(cur, lim)),
          message="Connectors list retrieved successfully"),
    Route("GET", "/v1/metadata/connector-types/{service}",
          lambda b, c: b.get_connector_type(param(c, "service")),
          message="Connector configuration retrieved successfully"),
    Route("GET", PUBLIC_PREFIX + "connector-types", lambda b, c: b.public_connector_types(),
          message="Connector metadata retrieved successfully"),
)  # fmt: skip
"""Connector types: the account's metadata and the public list."""
