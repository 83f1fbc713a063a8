"""System keys (account-level API keys with explicit permissions)."""

from __future__ import annotations

from pydantic import Field

from ._base import FivetrexModel, Timestamp

__all__ = ["ResourceFilter", "SystemKey", "SystemKeyPermission"]


class ResourceFilter(FivetrexModel):
    """Which resources a permission applies to."""

    ids: list[str] = Field(default_factory=list)
    """Resource ids."""
    group_ids: list[str] = Field(default_factory=list)
    """Group ids (their resources)."""


class SystemKeyPermission(FivetrexModel):
    """One permission of a system key."""

    resource_type: str | None = None
    """``ACCOUNT``, ``USER``, ``WEBHOOK``, ``TEAM``, ``ROLES``, ``DESTINATION``, ``CONNECTOR``..."""
    access_level: str | None = None
    """``NONE``, ``READ`` or ``MANAGE``."""
    resource_filter: ResourceFilter | None = None
    """Restricts the permission to some resources."""


class SystemKey(FivetrexModel):
    """A system key. Its ``secret`` is only returned on create and rotate."""

    id: str
    """The system key id."""
    name: str | None = None
    """The name."""
    key: str | None = None
    """The API key (HTTP Basic user)."""
    secret: str | None = None
    """The API secret (only on create and rotate)."""
    permissions: list[SystemKeyPermission] = Field(default_factory=list)
    """What the key may do."""
    created_at: Timestamp = None
    """When it was created."""
    updated_at: Timestamp = None
    """When it was last updated."""
    expired_at: Timestamp = None
    """When it expires."""
    last_used_at: Timestamp = None
    """When it was last used."""
