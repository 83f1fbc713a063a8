"""``client.webhooks``: where Fivetran sends events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from .._operation import Resource, endpoint, stream_of
from ..models import Page, Webhook
from ..models.webhooks import WebhookTestResult

__all__ = ["Webhooks"]


class Webhooks(Resource):
    """Webhooks: ``client.webhooks``."""

    @endpoint("GET", "/webhooks", operation_id="list_all_webhooks")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Webhook]:
        """List one page of webhooks."""
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/webhooks/{webhook_id}", operation_id="webhook_details")
    def get(self, webhook_id: str) -> Webhook:
        """Retrieve a webhook."""
        ...

    @endpoint("POST", "/webhooks/account", operation_id="create_account_webhook")
    def create_account(
        self,
        *,
        url: str,
        events: Sequence[str],
        active: bool = True,
        secret: str | None = None,
    ) -> Webhook:
        """Create an account-level webhook (events of every connection).

        Args:
            url: Where to POST events (the API requires https).
            events: Event names, e.g. ``["sync_start", "sync_end"]``.
            active: Whether to send events (an active webhook is pinged on creation).
            secret: Signs payloads (``X-Fivetran-Signature-256``).
        """
        ...

    @endpoint("POST", "/webhooks/group/{group_id}", operation_id="create_group_webhook")
    def create_group(
        self,
        group_id: str,
        *,
        url: str,
        events: Sequence[str],
        active: bool = True,
        secret: str | None = None,
    ) -> Webhook:
        """Create a group-level webhook (events of the group's connections)."""
        ...

    @endpoint("PATCH", "/webhooks/{webhook_id}", operation_id="modify_webhook")
    def update(
        self,
        /,
        webhook_id: str,
        *,
        url: str | None = None,
        events: Sequence[str] | None = None,
        active: bool | None = None,
        secret: str | None = None,
        **fields: Any,
    ) -> Webhook:
        """Update a webhook."""
        ...

    @endpoint("DELETE", "/webhooks/{webhook_id}", operation_id="delete_webhook")
    def delete(self, webhook_id: str) -> None:
        """Delete a webhook."""
        ...

    @endpoint(
        "POST",
        "/webhooks/{webhook_id}/test",
        operation_id="test_webhook",
        idempotent=True,
        defaults={"event": "sync_start"},
    )
    def test(self, webhook_id: str, *, event: str | None = None) -> WebhookTestResult:
        """Send a test event to the webhook's URL.

        Args:
            event: The event name to send (default ``sync_start``).
        """
        ...
