"""Connector metadata (connector types and their config schemas)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import NotFoundError
from fivetrex.emulator._platform_catalog import (
    connector_type,
    connector_types,
)

__all__ = ["MetadataArea"]


class MetadataArea(BackendBase):
    """Connector types."""

    def list_connector_types(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/metadata/connector-types``."""
        rows = [{**item, "_seq": index + 1} for index, item in enumerate(connector_types())]
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})

    def get_connector_type(self, service: str) -> dict[str, Any]:
        """``GET /v1/metadata/connector-types/{service}``."""
        details = connector_type(service)
        if details is None:
            raise NotFoundError(
                "ConnectorType", service, message=f"Connector type '{service}' does not exist"
            )
        return details

    def public_connector_types(self) -> dict[str, Any]:
        """``GET /public/connector-types``: every type with its schemas (no pagination)."""
        items = []
        for item in connector_types():
            details = connector_type(str(item["id"]))
            if details is not None:
                items.append(details)
        return {"items": items}
