"""Connector SDK packages (custom connector code uploaded as a ZIP file)."""

from __future__ import annotations

from ._base import FivetrexModel, Timestamp

__all__ = ["ConnectorSdkPackage"]


class ConnectorSdkPackage(FivetrexModel):
    """An uploaded Connector SDK package (use its ``id`` as ``config.package_id``)."""

    id: str
    """The package id."""
    connection_id: str | None = None
    """The connection using it, if any (one at a time)."""
    created_by: str | None = None
    """The id of the user who uploaded it."""
    last_updated_by: str | None = None
    """The id of the user who last replaced it."""
    created_at: Timestamp = None
    """When it was uploaded."""
    updated_at: Timestamp = None
    """When it was last replaced."""
    file_sha256_hash: str | None = None
    """SHA-256 of the ZIP file."""
