"""Webhook models."""

from __future__ import annotations

from ._base import FivetrexModel, Timestamp

__all__ = ["Webhook", "WebhookTestResult"]


class Webhook(FivetrexModel):
    """A webhook: where Fivetran POSTs events."""

    id: str
    """The webhook id."""
    type: str
    """``"account"`` or ``"group"``."""
    group_id: str | None = None
    """The group, for group-level webhooks."""
    url: str
    """Where events are sent."""
    events: list[str]
    """Event names, e.g. ``["sync_start", "sync_end"]``."""
    active: bool
    """Whether events are sent."""
    secret: str | None = None
    """The signing secret (always masked as ``"******"`` by the API)."""
    created_at: Timestamp = None
    """When the webhook was created."""
    created_by: str
    """The id of the user who created it."""

    @property
    def is_account_level(self) -> bool:
        """Whether the webhook receives events of every connection of the account."""
        return self.type == "account"

    @property
    def is_group_level(self) -> bool:
        """Whether the webhook receives events of one group's connections."""
        return self.type == "group"


class WebhookTestResult(FivetrexModel):
    """The outcome of ``webhooks.test()``."""

    succeed: bool
    """Whether the receiver answered with a 2xx."""
    status: int
    """The receiver's HTTP status."""
    message: str | None = None
    """The receiver's answer or the error."""
