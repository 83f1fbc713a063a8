"""Private links."""

from __future__ import annotations

from typing import Any

from ._base import FivetrexModel, Timestamp

__all__ = ["PrivateLink"]


class PrivateLink(FivetrexModel):
    """A private link (private networking to a source or destination)."""

    id: str
    """The private link id."""
    name: str
    """The name."""
    region: str
    """The data processing region, e.g. ``AWS_US_EAST_1``."""
    service: str
    """``SNOWFLAKE_AWS``, ``SOURCE_AZURE``..."""
    cloud_provider: str
    """``AWS``, ``AZURE`` or ``GCP``."""
    account_id: str | None = None
    """The account id."""
    state: str
    """Provisioning state, e.g. ``OK``."""
    state_summary: str | None = None
    """Details about the state."""
    host: str | None = None
    """The host to connect to through the link."""
    resource_upstream_status: str | None = None
    """The upstream resource's status."""
    created_at: Timestamp = None
    """When it was created."""
    created_by: str | None = None
    """The id of the user who created it."""
    config: dict[str, Any] | None = None
    """Service-specific configuration, when returned."""
