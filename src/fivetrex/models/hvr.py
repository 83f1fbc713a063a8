"""HVR hub registrations."""

from __future__ import annotations

from ._base import FivetrexModel

__all__ = ["HvrHubRegistration"]


class HvrHubRegistration(FivetrexModel):
    """A registered HVR hub."""

    registration_id: str | None = None
    """The registration id."""
    access_token: str | None = None
    """The hub's access token."""
