"""Group models."""

from __future__ import annotations

from ._base import FivetrexModel, Timestamp

__all__ = ["Group"]


class Group(FivetrexModel):
    """A group: a destination and the connections that load into it."""

    id: str
    """The group id (the same as its destination's id)."""
    name: str
    """The group name."""
    created_at: Timestamp = None
    """When the group was created."""
