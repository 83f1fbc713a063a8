"""Webhooks and their test deliveries (events are queued for them by ``BackendBase._emit``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fivetrex.emulator._clock import format_ms
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import UNSET, Page, PendingDelivery, Unset
from fivetrex.emulator._json import MASK
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._state import Doc

__all__ = ["NewWebhook", "WebhooksArea"]


@dataclass(frozen=True)
class NewWebhook:
    """A webhook to create: an http(s) ``url`` and the webhook event names it receives
    (checked and de-duplicated by the route); ``secret`` signs its deliveries."""

    url: str
    events: Sequence[str]
    active: bool = True
    secret: str | None = None


class WebhooksArea(BackendBase):
    """Webhooks of the account and of groups, and their test deliveries."""

    def render_webhook(self, doc: Doc) -> dict[str, Any]:
        """Public form of a webhook (``secret`` masked)."""
        out = _public(doc)
        out["events"] = list(doc["events"])
        if doc.get("secret"):
            out["secret"] = MASK
        else:
            out.pop("secret", None)
        return out

    def list_webhooks(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/webhooks``."""
        return self.page(self.state.values("webhooks"), cursor, limit, self.render_webhook)

    def get_webhook(self, webhook_id: str) -> dict[str, Any]:
        """``GET /v1/webhooks/{webhookId}``."""
        return self.render_webhook(self._webhook(webhook_id))

    def _create_webhook(self, webhook: NewWebhook, group_id: str | None) -> dict[str, Any]:
        webhook_id = self.state.new_id()
        doc: Doc = {"id": webhook_id, "type": "group" if group_id else "account"}
        if group_id:
            doc["group_id"] = group_id
        doc.update(
            {
                "url": webhook.url,
                "events": list(webhook.events),
                "active": webhook.active,
                "secret": webhook.secret,
                "created_at": self.now_iso(),
                "created_by": self.settings.user_id,
            }
        )
        self.state.put("webhooks", webhook_id, doc)
        return self.render_webhook(doc)

    def create_account_webhook(self, webhook: NewWebhook) -> dict[str, Any]:
        """``POST /v1/webhooks/account``."""
        return self._create_webhook(webhook, None)

    def create_group_webhook(self, group_id: str, webhook: NewWebhook) -> dict[str, Any]:
        """``POST /v1/webhooks/group/{groupId}``."""
        self._group(group_id)
        return self._create_webhook(webhook, group_id)

    def update_webhook(
        self,
        webhook_id: str,
        *,
        url: str | None = None,
        events: list[str] | None = None,
        active: bool | None = None,
        secret: str | Unset | None = UNSET,
    ) -> dict[str, Any]:
        """``PATCH /v1/webhooks/{webhookId}``: ``None`` keeps a field; ``secret`` ``None``
        clears the secret, :data:`UNSET` keeps it."""
        doc = self._webhook(webhook_id)
        if url is not None:
            doc["url"] = url
        if events is not None:
            doc["events"] = list(events)
        if active is not None:
            doc["active"] = active
        if not isinstance(secret, Unset):
            doc["secret"] = secret
        self.state.touch("webhooks", webhook_id)
        return self.render_webhook(doc)

    def delete_webhook(self, webhook_id: str) -> None:
        """``DELETE /v1/webhooks/{webhookId}``."""
        self._webhook(webhook_id)
        self.state.delete("webhooks", webhook_id)

    def webhook_test_delivery(self, webhook_id: str, event: str) -> PendingDelivery:
        """Prepare the test ``event`` of ``POST /v1/webhooks/{webhookId}/test``.

        ``event``: a webhook event name (checked by the route).
        """
        doc = self._webhook(webhook_id)
        payload = {
            "event": event,
            "created": format_ms(self.state.stamp()),
            "connector_type": "_connector_type",
            "connector_id": "_connector_1",
            "destination_group_id": "_destination_1",
        }
        return PendingDelivery(doc["id"], doc["url"], doc.get("secret"), event, payload)
