"""``client.connector_types``: the source types connections can be created for."""

from __future__ import annotations

import builtins
from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import ConnectorType, ConnectorTypeDetails, Page
from ._parsers import item_list

__all__ = ["ConnectorTypes"]


class ConnectorTypes(Resource):
    """Connector types (the API's "connector metadata"): ``client.connector_types``."""

    @endpoint("GET", "/metadata/connector-types", operation_id="metadata_connectors")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[ConnectorType]:
        """List one page of the source types available to the account.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET", "/metadata/connector-types/{service}", operation_id="metadata_connector_config"
    )
    def get(self, service: str) -> ConnectorTypeDetails:
        """Retrieve a source type with the schemas of its ``config`` and ``auth`` fields.

        Args:
            service: The service id, e.g. ``google_ads``.
        """
        ...

    @endpoint(
        "GET",
        "/public/connector-types",
        operation_id="metadata_public_connectors",
        parse=item_list(ConnectorTypeDetails),
    )
    def list_public(self) -> builtins.list[ConnectorTypeDetails]:
        """Every source type, from the public endpoint (outside ``/v1``; no account needed)."""
        ...
