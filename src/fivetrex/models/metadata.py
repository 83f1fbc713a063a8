"""Connector type metadata (``/metadata/connector-types`` and ``/public/connector-types``)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel

__all__ = ["ConnectorType", "ConnectorTypeDetails", "SupportedFeature"]


class SupportedFeature(FivetrexModel):
    """A feature a connector type supports."""

    id: str | None = None
    """The feature, e.g. ``CAPTURE_DELETES``, ``RE_SYNC``."""
    notes: str | None = None
    """Details, e.g. ``Column level``."""


class ConnectorType(FivetrexModel):
    """A source type (``service``) connections can be created for."""

    id: str
    """The service id used as a connection's ``service``, e.g. ``google_ads``."""
    name: str | None = None
    """The display name, e.g. ``Google Ads``."""
    type: str | None = None
    """The category, e.g. ``Marketing``."""
    description: str | None = None
    """What the source is."""
    icon_url: str | None = None
    """The icon."""
    icons: list[str] = Field(default_factory=list)
    """More icon URLs."""
    link_to_docs: str | None = None
    """The connector's documentation."""
    link_to_erd: str | None = None
    """The schema diagram (ERD)."""
    connector_class: str | None = None
    """``standard``, ``lite``..."""
    supported_features: list[SupportedFeature] = Field(default_factory=list)
    """The features it supports."""
    service_status: str | None = None
    """``general_availability``, ``beta``..."""
    service_status_updated_at: str | None = None
    """When the status last changed (a date)."""

    def supports(self, feature: str) -> bool:
        """Whether the connector type lists ``feature`` (e.g. ``"RE_SYNC"``)."""
        return any(f.id == feature for f in self.supported_features)


class ConnectorTypeDetails(ConnectorType):
    """A connector type with the schemas of its ``config`` and ``auth`` objects."""

    config: dict[str, Any] = Field(default_factory=dict)
    """JSON-schema-like description of the ``config`` fields."""
    auth: dict[str, Any] = Field(default_factory=dict)
    """JSON-schema-like description of the ``auth`` fields."""
    external_secrets_keys_config: dict[str, Any] = Field(default_factory=dict)
    """Which config fields may come from an external secrets manager."""
