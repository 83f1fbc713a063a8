"""Every seed method: the request table.

``CASES``, run on both clients by ``test_resources.py``; ``test_api_spec.py`` checks that
every declared method is in a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx

from _support import fixture, ok
from fivetrex import (
    Column,
    Connection,
    Destination,
    Group,
    Page,
    SchemaConfig,
    SyncResult,
    SyncStatus,
    Webhook,
)

V2 = "application/json;version=2"
V1 = "application/json"


@dataclass
class Case:
    """One method call and what must go over the wire."""

    id: str
    call: Callable[[Any], Any]
    method: str
    path: str
    reply: httpx.Response
    accept: str = V1
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    check: Callable[[Any], Any] = lambda result: True


def _page_check(result: Any) -> bool:
    assert isinstance(result, Page)
    assert [g.id for g in result.items] == ["projected_sickle", "schoolmaster_heedless"]
    assert isinstance(result.items[0], Group)
    assert result.next_cursor == "eyJza2lwIjoyfQ"
    assert result.has_next
    return True


def _conn_check(result: Any) -> bool:
    assert isinstance(result, Connection)
    assert result.id == "speak_inexpensive"
    assert result.schema_ == "criteo"
    assert result.is_paused
    assert result.sync_state == "scheduled"
    assert result.config["fake_field"] == "unmapped-value"
    assert result.created_at == datetime(2018, 12, 1, 15, 43, 29, 13729, tzinfo=timezone.utc)
    return True


CASES = [
    Case(
        "groups.list",
        lambda c: c.groups.list(limit=2, cursor="eyJza2lwIjoxfQ"),
        "GET",
        "/v1/groups",
        ok(fixture("groups_list.json")["data"]),
        query={"limit": "2", "cursor": "eyJza2lwIjoxfQ"},
        check=_page_check,
    ),
    Case(
        "groups.get",
        lambda c: c.groups.get("group_id"),
        "GET",
        "/v1/groups/group_id",
        ok(fixture("group_details.json")["data"]),
        check=lambda g: isinstance(g, Group) and g.name == "Group_Name",
    ),
    Case(
        "groups.create",
        lambda c: c.groups.create(name="Primary_Snowflake"),
        "POST",
        "/v1/groups",
        ok(fixture("group_create.json")["data"], status=201),
        body={"name": "Primary_Snowflake"},
        check=lambda g: g.id == "decent_dropsy",
    ),
    Case(
        "groups.update",
        lambda c: c.groups.update("decent_dropsy", name="Renamed"),
        "PATCH",
        "/v1/groups/decent_dropsy",
        ok({"id": "decent_dropsy", "name": "Renamed"}),
        body={"name": "Renamed"},
        check=lambda g: g.name == "Renamed",
    ),
    Case(
        "groups.delete",
        lambda c: c.groups.delete("decent_dropsy"),
        "DELETE",
        "/v1/groups/decent_dropsy",
        httpx.Response(200, json=fixture("group_delete.json")),
        check=lambda r: r is None,
    ),
    Case(
        "connections.list",
        lambda c: c.connections.list("projected_sickle", limit=10),
        "GET",
        "/v1/groups/projected_sickle/connections",
        ok({"items": [fixture("connection_details.json")["data"]], "next_cursor": None}),
        accept=V2,
        query={"limit": "10"},
        check=lambda p: p.items[0].id == "speak_inexpensive" and not p.has_next,
    ),
    Case(
        "connections.get",
        lambda c: c.connections.get("speak_inexpensive"),
        "GET",
        "/v1/connections/speak_inexpensive",
        ok(fixture("connection_details.json")["data"]),
        accept=V2,
        check=_conn_check,
    ),
    Case(
        "connections.create",
        lambda c: c.connections.create(
            group_id="projected_sickle",
            service="postgres",
            config={"schema_prefix": "pg", "port": 5432},
            paused=True,
            sync_frequency=60,
            run_setup_tests=False,
        ),
        "POST",
        "/v1/connections",
        ok(fixture("connection_details.json")["data"], status=201),
        accept=V2,
        body={
            "group_id": "projected_sickle",
            "service": "postgres",
            "config": {"schema_prefix": "pg", "port": 5432},
            "paused": True,
            "sync_frequency": 60,
            "run_setup_tests": False,
        },
        check=_conn_check,
    ),
    Case(
        "connections.update",
        lambda c: c.connections.update(
            "speak_inexpensive", sync_frequency=1440, daily_sync_time="03:00"
        ),
        "PATCH",
        "/v1/connections/speak_inexpensive",
        ok(fixture("connection_details.json")["data"]),
        accept=V2,
        body={"sync_frequency": 1440, "daily_sync_time": "03:00"},
        check=_conn_check,
    ),
    Case(
        "connections.delete",
        lambda c: c.connections.delete("speak_inexpensive"),
        "DELETE",
        "/v1/connections/speak_inexpensive",
        ok(message="Connection with id 'speak_inexpensive' has been deleted"),
        accept=V2,
        check=lambda r: r is None,
    ),
    Case(
        "connections.sync",
        lambda c: c.connections.sync("speak_inexpensive"),
        "POST",
        "/v1/connections/speak_inexpensive/sync",
        httpx.Response(200, json=fixture("sync_triggered.json")),
        accept=V2,
        body={"force": False},
        check=lambda r: (
            isinstance(r, SyncResult) and r.success and "speak_inexpensive" in (r.message or "")
        ),
    ),
    Case(
        "connections.sync(force)",
        lambda c: c.connections.sync("x", force=True),
        "POST",
        "/v1/connections/x/sync",
        ok(message="Sync triggered"),
        accept=V2,
        body={"force": True},
    ),
    Case(
        "connections.resync",
        lambda c: c.connections.resync("x", confirm=True, scope={"public": ["users"]}),
        "POST",
        "/v1/connections/x/resync",
        ok(message="Sync triggered"),
        accept=V2,
        body={"scope": {"public": ["users"]}},
        check=lambda r: r.success,
    ),
    Case(
        "connections.pause",
        lambda c: c.connections.pause("x"),
        "PATCH",
        "/v1/connections/x",
        ok(fixture("connection_details.json")["data"]),
        accept=V2,
        body={"paused": True},
    ),
    Case(
        "connections.resume",
        lambda c: c.connections.resume("x"),
        "PATCH",
        "/v1/connections/x",
        ok(fixture("connection_details.json")["data"]),
        accept=V2,
        body={"paused": False},
    ),
    Case(
        "connections.get_state",
        lambda c: c.connections.get_state("x"),
        "GET",
        "/v1/connections/x/state",
        ok(fixture("connection_state.json")["data"]),
        accept=V2,
        check=lambda s: s == {"cursor": "2024-01-01T00:00:00Z"},
    ),
    Case(
        "connections.get_sync_status",
        lambda c: c.connections.get_sync_status("x"),
        "GET",
        "/v1/connections/x",
        ok(fixture("connection_details_full.json")["data"]),
        accept=V2,
        check=lambda s: (
            isinstance(s, SyncStatus)
            and s.is_scheduled
            and s.succeeded_at == datetime(2024, 3, 17, 12, 31, 40, 870504, tzinfo=timezone.utc)
            and s.rescheduled_for is not None
        ),
    ),
    Case(
        "connections.get_schema_config",
        lambda c: c.connections.get_schema_config("x"),
        "GET",
        "/v1/connections/x/schemas",
        ok(fixture("schema_config.json")["data"]),
        check=lambda s: (
            isinstance(s, SchemaConfig)
            and s.schema_change_handling == "ALLOW_ALL"
            and "schema_1" in s.schemas
        ),
    ),
    Case(
        "connections.update_schema_config",
        lambda c: c.connections.update_schema_config(
            "x", {"schemas": {"schema_1": {"enabled": False}}}
        ),
        "PATCH",
        "/v1/connections/x/schemas",
        ok(fixture("schema_config.json")["data"]),
        body={"schemas": {"schema_1": {"enabled": False}}},
        check=lambda s: isinstance(s, SchemaConfig),
    ),
    Case(
        "connections.reload_schema_config",
        lambda c: c.connections.reload_schema_config("x", exclude_mode="EXCLUDE"),
        "POST",
        "/v1/connections/x/schemas/reload",
        ok(fixture("schema_config.json")["data"]),
        body={"exclude_mode": "EXCLUDE"},
    ),
    Case(
        "connections.reload_schema_config(default)",
        lambda c: c.connections.reload_schema_config("x"),
        "POST",
        "/v1/connections/x/schemas/reload",
        ok(fixture("schema_config.json")["data"]),
        body={"exclude_mode": "PRESERVE"},
    ),
    Case(
        "connections.get_table_columns",
        lambda c: c.connections.get_table_columns("x", "public", "users"),
        "GET",
        "/v1/connections/x/schemas/public/tables/users/columns",
        ok(fixture("table_columns.json")["data"]),
        check=lambda cols: isinstance(cols["column_1"], Column) and cols["column_1"].is_primary_key,
    ),
    Case(
        "connections.set_sync_frequency",
        lambda c: c.connections.set_sync_frequency("x", 1440, daily_sync_time="03:00"),
        "PATCH",
        "/v1/connections/x",
        ok(fixture("connection_details.json")["data"]),
        accept=V2,
        body={"sync_frequency": 1440, "daily_sync_time": "03:00"},
    ),
    Case(
        "destinations.get",
        lambda c: c.destinations.get("destination_id"),
        "GET",
        "/v1/destinations/destination_id",
        ok(fixture("destination_details.json")["data"]),
        accept=V2,
        check=lambda d: isinstance(d, Destination) and d.service == "snowflake",
    ),
    Case(
        "destinations.create",
        lambda c: c.destinations.create(
            group_id="g",
            service="snowflake",
            region="GCP_US_EAST4",
            time_zone_offset="-5",
            config={"host": "h", "port": 443},
            run_setup_tests=False,
        ),
        "POST",
        "/v1/destinations",
        ok(fixture("destination_details.json")["data"], status=201),
        accept=V2,
        body={
            "group_id": "g",
            "service": "snowflake",
            "region": "GCP_US_EAST4",
            "time_zone_offset": "-5",
            "config": {"host": "h", "port": 443},
            "run_setup_tests": False,
        },
    ),
    Case(
        "destinations.update",
        lambda c: c.destinations.update("g", time_zone_offset="+3"),
        "PATCH",
        "/v1/destinations/g",
        ok(fixture("destination_details.json")["data"]),
        accept=V2,
        body={"time_zone_offset": "+3"},
    ),
    Case(
        "destinations.delete",
        lambda c: c.destinations.delete("g"),
        "DELETE",
        "/v1/destinations/g",
        ok(message="Destination with id 'g' has been deleted"),
        accept=V2,
    ),
    Case(
        "destinations.test",
        lambda c: c.destinations.test("g", trust_certificates=True),
        "POST",
        "/v1/destinations/g/test",
        ok(fixture("destination_details.json")["data"]),
        accept=V2,
        body={"trust_certificates": True},
    ),
    Case(
        "webhooks.list",
        lambda c: c.webhooks.list(),
        "GET",
        "/v1/webhooks",
        ok({"items": [fixture("webhook_details.json")["data"]]}),
        check=lambda p: p.items[0].is_group_level and not p.has_next,
    ),
    Case(
        "webhooks.get",
        lambda c: c.webhooks.get("webhook_id"),
        "GET",
        "/v1/webhooks/webhook_id",
        ok(fixture("webhook_details.json")["data"]),
        check=lambda w: isinstance(w, Webhook) and w.events == ["sync_start", "sync_end"],
    ),
    Case(
        "webhooks.create_account",
        lambda c: c.webhooks.create_account(
            url="https://your-host.your-domain/webhook",
            events=["sync_start", "sync_end"],
            secret="my_secret",
        ),
        "POST",
        "/v1/webhooks/account",
        ok(fixture("webhook_account_create.json")["data"]),
        body={
            "url": "https://your-host.your-domain/webhook",
            "events": ["sync_start", "sync_end"],
            "active": True,
            "secret": "my_secret",
        },
        check=lambda w: w.is_account_level and w.secret == "******",
    ),
    Case(
        "webhooks.create_group",
        lambda c: c.webhooks.create_group(
            "g", url="https://h/x", events=("sync_end",), active=False
        ),
        "POST",
        "/v1/webhooks/group/g",
        ok(fixture("webhook_details.json")["data"]),
        body={"url": "https://h/x", "events": ["sync_end"], "active": False},
    ),
    Case(
        "webhooks.update",
        lambda c: c.webhooks.update("w", active=False),
        "PATCH",
        "/v1/webhooks/w",
        ok(fixture("webhook_details.json")["data"]),
        body={"active": False},
    ),
    Case(
        "webhooks.delete",
        lambda c: c.webhooks.delete("w"),
        "DELETE",
        "/v1/webhooks/w",
        ok(message="Webhook with id 'w' has been deleted"),
    ),
    Case(
        "webhooks.test",
        lambda c: c.webhooks.test("w", event="sync_end"),
        "POST",
        "/v1/webhooks/w/test",
        ok(fixture("webhook_test.json")["data"]),
        body={"event": "sync_end"},
        check=lambda r: r.succeed is True and r.status == 200,
    ),
    Case(
        "webhooks.test(default event)",
        lambda c: c.webhooks.test("w"),
        "POST",
        "/v1/webhooks/w/test",
        ok(fixture("webhook_test.json")["data"]),
        body={"event": "sync_start"},
    ),
    Case(
        "raw get",
        lambda c: c.get("/groups", params={"limit": 1}),
        "GET",
        "/v1/groups",
        ok({"items": []}),
        query={"limit": "1"},
        check=lambda d: d == {"items": []},
    ),
    Case(
        "raw get v2",
        lambda c: c.get("/v1/connections/x"),
        "GET",
        "/v1/connections/x",
        ok({"id": "x"}),
        accept=V2,
        check=lambda d: d == {"id": "x"},
    ),
    Case(
        "raw post",
        lambda c: c.post("/groups", json={"name": "n"}),
        "POST",
        "/v1/groups",
        ok({"id": "g"}),
        body={"name": "n"},
    ),
    Case(
        "raw patch",
        lambda c: c.patch("groups/g", json={"name": "n"}),
        "PATCH",
        "/v1/groups/g",
        ok({"id": "g"}),
        body={"name": "n"},
    ),
    Case(
        "raw delete",
        lambda c: c.delete("/groups/g"),
        "DELETE",
        "/v1/groups/g",
        ok(message="deleted"),
        check=lambda d: d is None,
    ),
]
