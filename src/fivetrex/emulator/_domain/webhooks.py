"""Webhooks and their test deliveries (events are queued for them by ``BackendBase._emit``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fivetrex.emulator._catalog import WEBHOOK_EVENTS
from fivetrex.emulator._clock import format_ms
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import (
    Page,
    PendingDelivery,
    _bool,
    _require_object,
    _str,
)
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._json import MASK
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._state import Doc

__all__ = ["WebhooksArea"]


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

    def _webhook_url(self, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise InvalidInputError("Field 'url' is required")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInputError(f"Invalid webhook url '{value}'")
        if self.settings.require_https and parts.scheme != "https":
            raise InvalidInputError(f"Webhook url '{value}' must use https")
        return value

    @staticmethod
    def _webhook_events(value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            raise InvalidInputError("Field 'events' is required and must be a non-empty array")
        for event in value:
            if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
                raise InvalidInputError(f"Unsupported webhook event '{event}'")
        return list(dict.fromkeys(value))

    def _create_webhook(self, body: Any, group_id: str | None) -> dict[str, Any]:
        body = _require_object(body)
        url = self._webhook_url(body.get("url"))
        events = self._webhook_events(body.get("events"))
        active = _bool(body, "active", True)
        secret = _str(body, "secret")
        webhook_id = self.state.new_id()
        doc: Doc = {"id": webhook_id, "type": "group" if group_id else "account"}
        if group_id:
            doc["group_id"] = group_id
        doc.update(
            {
                "url": url,
                "events": events,
                "active": active,
                "secret": secret,
                "created_at": self.now_iso(),
                "created_by": self.settings.user_id,
            }
        )
        self.state.put("webhooks", webhook_id, doc)
        return self.render_webhook(doc)

    def create_account_webhook(self, body: Any) -> dict[str, Any]:
        """``POST /v1/webhooks/account``."""
        return self._create_webhook(body, None)

    def create_group_webhook(self, group_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/webhooks/group/{groupId}``."""
        self._group(group_id)
        return self._create_webhook(body, group_id)

    def update_webhook(self, webhook_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/webhooks/{webhookId}``."""
        doc = self._webhook(webhook_id)
        body = _require_object(body)
        staged = dict(doc)
        if "url" in body:
            staged["url"] = self._webhook_url(body["url"])
        if "events" in body:
            staged["events"] = self._webhook_events(body["events"])
        if "active" in body:
            staged["active"] = _bool(body, "active", True)
        if "secret" in body:
            staged["secret"] = _str(body, "secret")
        doc.update(staged)
        self.state.touch("webhooks", webhook_id)
        return self.render_webhook(doc)

    def delete_webhook(self, webhook_id: str) -> None:
        """``DELETE /v1/webhooks/{webhookId}``."""
        self._webhook(webhook_id)
        self.state.delete("webhooks", webhook_id)

    def webhook_test_delivery(self, webhook_id: str, body: Any) -> PendingDelivery:
        """Prepare the test event of ``POST /v1/webhooks/{webhookId}/test``."""
        doc = self._webhook(webhook_id)
        body = _require_object(body)
        event = body.get("event")
        if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
            raise InvalidInputError("Field 'event' is required and must be a webhook event name")
        payload = {
            "event": event,
            "created": format_ms(self.state.stamp()),
            "connector_type": "_connector_type",
            "connector_id": "_connector_1",
            "destination_group_id": "_destination_1",
        }
        return PendingDelivery(doc["id"], doc["url"], doc.get("secret"), event, payload)
