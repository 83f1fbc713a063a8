"""``client.private_links``: private networking to sources and destinations."""

from __future__ import annotations

from typing import Any, Final

from .._operation import Resource, endpoint, stream_of
from ..models import Page, PrivateLink

__all__ = ["PrivateLinks"]


class PrivateLinks(Resource):
    """Private links: ``client.private_links``."""

    @endpoint("GET", "/private-links", operation_id="get_private_links")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[PrivateLink]:
        """List one page of private links.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/private-links/{private_link_id}", operation_id="get_private_link_details")
    def get(self, private_link_id: str) -> PrivateLink:
        """Retrieve a private link."""
        ...

    @endpoint("POST", "/private-links", operation_id="create_private_link")
    def create(
        self,
        /,
        *,
        name: str,
        region: str,
        service: str,
        config: dict[str, Any] | None = None,
        **fields: Any,
    ) -> PrivateLink:
        """Create a private link.

        Args:
            name: The name.
            region: The data processing region, e.g. ``AWS_US_EAST_1``.
            service: ``SOURCE_AWS``, ``SNOWFLAKE_AWS``, ``DATABRICKS_AZURE``...
            config: Service-specific configuration (``connection_service_name``...).
            **fields: Any other field of the API.
        """
        ...

    @endpoint("PATCH", "/private-links/{private_link_id}", operation_id="modify_private_link")
    def update(
        self, /, private_link_id: str, *, config: dict[str, Any] | None = None, **fields: Any
    ) -> PrivateLink:
        """Update a private link's configuration."""
        ...

    @endpoint("DELETE", "/private-links/{private_link_id}", operation_id="delete_private_link")
    def delete(self, private_link_id: str) -> None:
        """Delete a private link (asynchronously: it is marked for deletion)."""
        ...
