"""Webhooks over HTTP: request parsing and the route table (domain: :mod:`.._domain.webhooks`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import UNSET, Unset, body_object, opt_bool, opt_str
from fivetrex.emulator._catalog import WEBHOOK_EVENTS
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.webhooks import NewWebhook
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["WEBHOOK_ROUTES", "webhook_events", "webhook_url"]


def webhook_url(value: Any, *, require_https: bool) -> str:
    """A webhook's ``url``: required, http(s) with a host (https only if ``require_https``)."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError("Field 'url' is required")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInputError(f"Invalid webhook url '{value}'")
    if require_https and parts.scheme != "https":
        raise InvalidInputError(f"Webhook url '{value}' must use https")
    return value


def webhook_events(value: Any) -> list[str]:
    """A webhook's ``events``: a non-empty array of event names, duplicates dropped."""
    if not isinstance(value, list) or not value:
        raise InvalidInputError("Field 'events' is required and must be a non-empty array")
    for event in value:
        if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
            raise InvalidInputError(f"Unsupported webhook event '{event}'")
    return list(dict.fromkeys(value))


def _new_webhook(b: Backend, c: Call) -> NewWebhook:
    body = body_object(c.body)
    return NewWebhook(
        url=webhook_url(body.get("url"), require_https=b.settings.require_https),
        events=webhook_events(body.get("events")),
        active=bool(opt_bool(body, "active", True)),
        secret=opt_str(body, "secret"),
    )


def _update(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    url = events = None
    if "url" in body:
        url = webhook_url(body["url"], require_https=b.settings.require_https)
    if "events" in body:
        events = webhook_events(body["events"])
    active = opt_bool(body, "active", True) if "active" in body else None
    secret: str | Unset | None = opt_str(body, "secret") if "secret" in body else UNSET
    return b.update_webhook(
        param(c, "webhookId"), url=url, events=events, active=active, secret=secret
    )


def _test(b: Backend, c: Call) -> Any:
    event = body_object(c.body).get("event")
    if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
        raise InvalidInputError("Field 'event' is required and must be a webhook event name")
    return b.webhook_test_delivery(param(c, "webhookId"), event)


WEBHOOK_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/webhooks", paged(lambda b, c, cur, lim: b.list_webhooks(cur, lim))),
    Route("POST", "/v1/webhooks/account", lambda b, c: b.create_account_webhook(_new_webhook(b, c)),
          message="Account webhook has been created"),
    Route("POST", "/v1/webhooks/group/{groupId}",
          lambda b, c: b.create_group_webhook(param(c, "groupId"), _new_webhook(b, c)),
          message="Group webhook has been created"),
    Route("GET", "/v1/webhooks/{webhookId}", lambda b, c: b.get_webhook(param(c, "webhookId")),
          message="Webhook details retrieved successfully"),
    Route("PATCH", "/v1/webhooks/{webhookId}", _update, message="Webhook has been updated"),
    Route("DELETE", "/v1/webhooks/{webhookId}",
          lambda b, c: b.delete_webhook(param(c, "webhookId")),
          message="Webhook with id '{webhookId}' has been deleted"),
    Route("POST", "/v1/webhooks/{webhookId}/test", _test,
          message="Webhook test completed successfully"),
)  # fmt: skip
"""The webhooks' routes."""
