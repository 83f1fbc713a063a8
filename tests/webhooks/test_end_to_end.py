"""End to end: the emulator delivers signed sync events to a FastAPI app on loopback.

The emulator (driven through the public client) POSTs ``sync_start`` and ``sync_end``
to a real uvicorn server; the app verifies each delivery with
``fivetrex.webhooks.fastapi.verified_event`` and records it. A webhook registered
with the wrong secret is refused with 401. The same events also end a
``sync_and_wait`` early through ``SyncEvents``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import Depends, FastAPI

from fivetrex import SyncEvents
from fivetrex.emulator import Emulator
from fivetrex.webhooks import WebhookEvent
from fivetrex.webhooks.fastapi import verified_event

SECRET = "e2e-webhook-secret"


def build_app(received: list[WebhookEvent], events: SyncEvents) -> FastAPI:
    app = FastAPI()

    @app.post("/webhooks/fivetran")
    def receive(event: WebhookEvent = Depends(verified_event(secret=SECRET))) -> dict[str, Any]:
        received.append(event)
        events.feed(event)
        return {"ok": True}

    return app


def test_emulator_delivers_signed_sync_events_to_fastapi(servers: dict[str, Any]) -> None:
    received: list[WebhookEvent] = []
    events = SyncEvents()
    emu = Emulator(sync_polls_to_complete=3)  # the wait blocks on events, not on the clock
    with servers["uvicorn"](build_app(received, events)) as url, emu.client() as client:
        group = client.groups.create(name="e2e")
        conn = client.connections.create(
            group_id=group.id, service="postgres", config={"schema_prefix": "app"}
        )
        good = client.webhooks.create_group(
            group.id,
            url=f"{url}/webhooks/fivetran",
            events=["sync_start", "sync_end"],
            secret=SECRET,
        )
        bad = client.webhooks.create_account(
            url=f"{url}/webhooks/fivetran", events=["sync_start", "sync_end"], secret="wrong"
        )
        status = client.connections.sync_and_wait(conn.id, poll_interval=0.01, events=events)
        assert status.succeeded_at is not None

    kinds = [(e.event, e.connector_id, e.group_id) for e in received]
    assert kinds == [("sync_start", conn.id, group.id), ("sync_end", conn.id, group.id)]
    end = received[-1]
    assert end.succeeded
    assert end.connector_type == "postgres"
    assert end.sync_id == received[0].sync_id
    assert end.created.tzinfo is not None

    deliveries = emu.deliveries
    by_hook: dict[str, list[int | None]] = {}
    for delivery in deliveries:
        by_hook.setdefault(delivery["webhook_id"], []).append(delivery.get("status_code"))
    assert by_hook[good.id] == [200, 200]
    assert by_hook[bad.id] == [401, 401]  # the receiver refused the wrong signature
    for delivery in deliveries:
        assert SECRET not in str(delivery)


@pytest.mark.parametrize("secret", [None, "other-secret"])
def test_unsigned_or_wrongly_signed_deliveries_are_refused(
    servers: dict[str, Any], secret: str | None
) -> None:
    received: list[WebhookEvent] = []
    emu = Emulator(sync_polls_to_complete=3)  # the wait blocks on events, not on the clock
    with servers["uvicorn"](build_app(received, SyncEvents())) as url, emu.client() as client:
        group = client.groups.create(name="e2e")
        hook = client.webhooks.create_group(
            group.id, url=f"{url}/webhooks/fivetran", events=["sync_start"], secret=secret
        )
        result = client.webhooks.test(hook.id, event="sync_start")
    assert received == []
    assert result.succeed is False
    assert result.status == (400 if secret is None else 401)
