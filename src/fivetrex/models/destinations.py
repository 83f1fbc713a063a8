"""Destination models."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel
from .connections import SetupTest

__all__ = ["Destination"]


class Destination(FivetrexModel):
    """A destination (warehouse). Its id is its group's id."""

    id: str
    """The destination id (equal to ``group_id``)."""
    group_id: str
    """The group it belongs to."""
    service: str
    """The destination type, e.g. ``snowflake``."""
    region: str
    """The data processing region, e.g. ``GCP_US_EAST4``."""
    time_zone_offset: str
    """The time zone offset, e.g. ``"-5"``."""
    setup_status: str
    """``connected``, ``incomplete`` or ``broken``."""
    daylight_saving_time_enabled: bool | None = None
    """Whether daylight saving time is applied."""
    networking_method: str | None = None
    """``Directly``, ``SshTunnel``, ``ProxyAgent`` or ``PrivateLink``."""
    private_link_id: str | None = None
    """The private link used, if any."""
    hybrid_deployment_agent_id: str | None = None
    """The hybrid deployment agent used, if any."""
    setup_tests: list[SetupTest] = Field(default_factory=list)
    """Results of the last setup tests."""
    config: dict[str, Any] = Field(default_factory=dict)
    """Service-specific configuration (secrets come back as ``"******"``)."""

    @property
    def is_connected(self) -> bool:
        """Whether setup is complete."""
        return self.setup_status == "connected"
