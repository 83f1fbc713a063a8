"""Connections beyond the seed, destinations, certificates and fingerprints: the request table.

``CASES`` and ``STREAMS``, run on both clients by ``test_api_connections.py``; ``test_api_spec.py``
checks that every declared method and stream is in a table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx

from _api_support import V2, Case, Stream, page
from _support import connection_reply, fixture
from fivetrex import (
    Certificate,
    ConnectCard,
    Connection,
    ConnectionErrorRecord,
    Destination,
    Fingerprint,
    Page,
    SchemaConfig,
    SyncHistoryRecord,
)

# Payloads: the spec's examples (reference appendix) and go-fivetran fixtures.
CONNECTION_LIST_ITEM: dict[str, Any] = {
    "id": "connection_id",
    "service": "string",
    "schema": "gsheets.table",
    "paused": False,
    "status": {
        "tasks": [{"code": "resync_table_warning", "message": "Resync Table Warning"}],
        "warnings": [],
        "schema_status": "ready",
        "update_state": "delayed",
        "setup_state": "connected",
        "sync_state": "scheduled",
        "is_historical_sync": False,
        "rescheduled_for": "2024-12-01T15:43:29.013729Z",
    },
    "config": {"property1": {}, "property2": {}},
    "daily_sync_time": "14:00",
    "succeeded_at": "2024-12-01T15:43:29.013729Z",
    "sync_frequency": 360,
    "group_id": "group_id",
    "connected_by": "user_id",
    "setup_tests": [{"title": "Test Title", "status": "FAILED", "message": "Error message"}],
    "service_version": 0,
    "created_at": "2024-12-01T15:43:29.013729Z",
    "failed_at": "2024-12-01T15:43:29.013729Z",
    "networking_method": "Directly",
    "pause_after_trial": False,
    "data_delay_threshold": 0,
    "data_delay_sensitivity": "LOW",
    "schedule_type": "auto",
}
SETUP_TESTS_RESULT: dict[str, Any] = connection_reply() | {
    "status": {"setup_state": "incomplete", "sync_state": "scheduled", "tasks": []},
    "setup_tests": [
        {
            "title": "Validate Login",
            "status": "FAILED",
            "message": "Invalid login credentials",
            "details": "Some details about the failure",
        },
        {
            "title": "Connecting to database",
            "status": "FAILED",
            "message": "TLS verification failed",
            "details": [{"name": "some name", "hash": "abc123="}],
        },
    ],
    "config": {"username": "newuser", "password": "******"},
}
CONNECT_CARD: dict[str, Any] = {
    "connector_id": "connectorId",
    "connect_card": {"token": "token", "uri": "uri"},
    "connect_card_config": {"redirect_uri": "http://test_domain.com", "hide_setup_guide": False},
}
SYNC_HISTORY_ITEM: dict[str, Any] = {
    "sync_id": "b4703f73-6315-4e22-8d7a-3bfb18b2fed2",
    "status": "SUCCESSFUL",
    "started_at": "2026-01-01T00:00:00Z",
    "ended_at": "2026-01-01T00:05:00Z",
}
ERROR_ITEM: dict[str, Any] = {
    "type": "SYNC_ERROR",
    "title": "Authentication failed",
    "reason": "invalid_credentials",
    "message": "Reconnect the source",
    "created_at": "2026-11-01T10:00:00Z",
}
CERTIFICATE: dict[str, Any] = {
    "id": "Y29ubmVjdG9yIGNlcnRpZmljYXRlIGhhc2g",
    "name": "Certificate Name",
    "hash": "jhg5UI7fgrI6yy...",
    "type": "TLS",
    "sha1": "c8de1d13vtu435ilj435lj345796d8jh7hk8hgk",
    "sha256": "5vt6rt6jtr654eef94ec3f91122a623b389f4d331ff330026e43af21013vb45f",
    "public_key": "Sun RSA public key, 2048 bits",
    "validated_date": "2023-08-20T10:15:20.677566Z",
    "validated_by": "user_id",
}
FINGERPRINT: dict[str, Any] = {
    "id": "Y29ubmVjdG9yIGZpbmdlcnByaW50IGhhc2g",
    "hash": "eUtPirI6yy...",
    "public_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 ... fivetran user key",
    "validated_date": "2024-01-01T00:00:00Z",
    "validated_by": "user_id",
}
DESTINATION_LIST_ITEM: dict[str, Any] = {
    "id": "destination_id",
    "service": "snowflake",
    "region": "GCP_US_EAST4",
    "group_id": "group_id",
    "time_zone_offset": "+3",
    "setup_status": "CONNECTED",
    "daylight_saving_time_enabled": True,
    "networking_method": "Directly",
    "proxy_agent_id": "proxy_agent_id",
}
SCHEMA_CONFIG = fixture("schema_config.json")["data"]

CERT_BODY = {"hash": "jhg5UI7fgrI6yy...", "encoded_cert": "MIID9DCCAtygAwIBAgIBQjANBgkqhkiG9w0"}
FP_BODY = {"hash": "eUtPirI6yy...", "public_key": "ssh-rsa AAAAB3Nza"}


def _cert_check(result: Certificate) -> bool:
    return result.sha1 == CERTIFICATE["sha1"] and result.validated_date == datetime(
        2023, 8, 20, 10, 15, 20, 677566, tzinfo=timezone.utc
    )


CASES = [
    # ------------------------------------------------------------------ every connection
    Case(
        "connections.list_in_account",
        lambda c: c.connections.list_in_account(
            group_id="g", schema="gsheets.table", limit=5, cursor="a"
        ),
        "GET",
        "/v1/connections",
        page(CONNECTION_LIST_ITEM),
        Page[Connection],
        accept=V2,
        query={"group_id": "g", "schema": "gsheets.table", "limit": "5", "cursor": "a"},
        check=lambda p: p.next_cursor == "cursor_value" and p.items[0].schema_ == "gsheets.table",
    ),
    Case(
        "connections.list_in_account(no filter)",
        lambda c: c.connections.list_in_account(),
        "GET",
        "/v1/connections",
        page(CONNECTION_LIST_ITEM, next_cursor=None),
        Page[Connection],
        accept=V2,
        check=lambda p: (
            not p.has_next and p.items[0].status.tasks[0].code == "resync_table_warning"
        ),
    ),
    Case(
        "connections.list_all(the deprecated name of list_in_account)",
        lambda c: c.connections.list_all(group_id="g"),
        "GET",
        "/v1/connections",
        page(CONNECTION_LIST_ITEM, next_cursor=None),
        Page[Connection],
        accept=V2,
        query={"group_id": "g"},
    ),
    # ------------------------------------------------------------------ setup
    Case(
        "connections.test",
        lambda c: c.connections.test("speak_inexpensive", trust_certificates=True),
        "POST",
        "/v1/connections/speak_inexpensive/test",
        SETUP_TESTS_RESULT,
        Connection,
        accept=V2,
        body={"trust_certificates": True},
        check=lambda r: r.setup_tests[1].details[0]["hash"] == "abc123=",
    ),
    Case(
        "connections.test(empty body)",
        lambda c: c.connections.test("x"),
        "POST",
        "/v1/connections/x/test",
        SETUP_TESTS_RESULT,
        Connection,
        accept=V2,
        body={},
    ),
    Case(
        "connections.create_connect_card",
        lambda c: c.connections.create_connect_card(
            "x",
            connect_card_config={
                "redirect_uri": "http://test_domain.com",
                "hide_setup_guide": False,
            },
        ),
        "POST",
        "/v1/connections/x/connect-card",
        CONNECT_CARD,
        ConnectCard,
        accept=V2,
        body={
            "connect_card_config": {
                "redirect_uri": "http://test_domain.com",
                "hide_setup_guide": False,
            }
        },
        check=lambda r: r.uri == "uri" and r.token == "token" and r.connector_id == "connectorId",
    ),
    Case(
        "connections.update_state",
        lambda c: c.connections.update_state("x", {"cursor": "2024-02-01T00:00:00Z"}),
        "PATCH",
        "/v1/connections/x/state",
        {"state": {"cursor": "2024-02-01T00:00:00Z"}},
        dict,
        accept=V2,
        body={"state": {"cursor": "2024-02-01T00:00:00Z"}},
        check=lambda r: r == {"cursor": "2024-02-01T00:00:00Z"},
    ),
    Case(
        "connections.list_sync_history",
        lambda c: c.connections.list_sync_history(
            "x", start_time="2026-01-01T00:00:00Z", end_time="2026-01-02T00:00:00Z", limit=10
        ),
        "GET",
        "/v1/connections/x/sync-history",
        page(SYNC_HISTORY_ITEM),
        Page[SyncHistoryRecord],
        accept=V2,
        query={
            "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2026-01-02T00:00:00Z",
            "limit": "10",
        },
        check=lambda p: (
            p.items[0].status == "SUCCESSFUL"
            and p.items[0].ended_at == datetime(2026, 1, 1, 0, 5, tzinfo=timezone.utc)
        ),
    ),
    Case(
        "connections.list_errors",
        lambda c: c.connections.list_errors("x"),
        "GET",
        "/v1/connections/x/errors",
        page(ERROR_ITEM, next_cursor=None),
        Page[ConnectionErrorRecord],
        accept=V2,
        check=lambda p: p.items[0].title == "Authentication failed",
    ),
    # ------------------------------------------------------------------ schema config
    Case(
        "connections.create_schema_config",
        lambda c: c.connections.create_schema_config(
            "x",
            schemas={"schema_1": {"enabled": True, "tables": {"table_1": {"enabled": True}}}},
            schema_change_handling="BLOCK_ALL",
        ),
        "POST",
        "/v1/connections/x/schemas",
        SCHEMA_CONFIG,
        SchemaConfig,
        body={
            "schemas": {"schema_1": {"enabled": True, "tables": {"table_1": {"enabled": True}}}},
            "schema_change_handling": "BLOCK_ALL",
        },
        check=lambda s: "schema_1" in s.schemas,
    ),
    Case(
        "connections.update_schema",
        lambda c: c.connections.update_schema(
            "x", "schema_1", enabled=True, tables={"table_2": {"enabled": False}}
        ),
        "PATCH",
        "/v1/connections/x/schemas/schema_1",
        SCHEMA_CONFIG,
        SchemaConfig,
        body={"enabled": True, "tables": {"table_2": {"enabled": False}}},
    ),
    Case(
        "connections.update_table",
        lambda c: c.connections.update_table(
            "x", "schema_1", "table_1", enabled=True, sync_mode="HISTORY"
        ),
        "PATCH",
        "/v1/connections/x/schemas/schema_1/tables/table_1",
        SCHEMA_CONFIG,
        SchemaConfig,
        body={"enabled": True, "sync_mode": "HISTORY"},
    ),
    Case(
        "connections.update_column",
        lambda c: c.connections.update_column("x", "schema_1", "table_2", "column_3", hashed=True),
        "PATCH",
        "/v1/connections/x/schemas/schema_1/tables/table_2/columns/column_3",
        SCHEMA_CONFIG,
        SchemaConfig,
        body={"hashed": True},
        check=lambda s: s.schemas["schema_1"].tables["table_2"].columns["column_3"].hashed,
    ),
    Case(
        "connections.drop_column",
        lambda c: c.connections.drop_column("x", "schema_1", "table_2", "column_3", confirm=True),
        "DELETE",
        "/v1/connections/x/schemas/schema_1/tables/table_2/columns/column_3",
        reply=httpx.Response(
            200, json={"code": "Success", "message": "Column successfully marked for deletion"}
        ),
    ),
    Case(
        "connections.drop_columns",
        lambda c: c.connections.drop_columns(
            "x",
            schemas={"schema_1": {"tables": {"table_2": {"columns": ["column_2", "column_3"]}}}},
            confirm=True,
        ),
        "POST",
        "/v1/connections/x/schemas/drop-columns",
        body={
            "schemas": {"schema_1": {"tables": {"table_2": {"columns": ["column_2", "column_3"]}}}}
        },
    ),
    Case(
        "connections.resync_tables",
        lambda c: c.connections.resync_tables(
            "x", {"public": ["orders", "customers"]}, confirm=True
        ),
        "POST",
        "/v1/connections/x/schemas/tables/resync",
        reply=httpx.Response(
            200, json={"code": "Success", "message": "Re-sync has been triggered successfully"}
        ),
        body={"public": ["orders", "customers"]},
    ),
    # ------------------------------------------------------------------ certificates
    Case(
        "connections.list_certificates",
        lambda c: c.connections.list_certificates("x", limit=1),
        "GET",
        "/v1/connections/x/certificates",
        page(CERTIFICATE),
        Page[Certificate],
        query={"limit": "1"},
        check=lambda p: _cert_check(p.items[0]),
    ),
    Case(
        "connections.approve_certificate",
        lambda c: c.connections.approve_certificate("x", **CERT_BODY),
        "POST",
        "/v1/connections/x/certificates",
        CERTIFICATE,
        Certificate,
        body=CERT_BODY,
        check=_cert_check,
    ),
    Case(
        "connections.get_certificate",
        lambda c: c.connections.get_certificate("x", "jhg5UI7f/+="),
        "GET",
        "/v1/connections/x/certificates/jhg5UI7f%2F%2B%3D",
        CERTIFICATE,
        Certificate,
        check=lambda r: r.type == "TLS",
    ),
    Case(
        "connections.revoke_certificate",
        lambda c: c.connections.revoke_certificate("x", "h", confirm=True),
        "DELETE",
        "/v1/connections/x/certificates/h",
    ),
    Case(
        "connections.list_fingerprints",
        lambda c: c.connections.list_fingerprints("x"),
        "GET",
        "/v1/connections/x/fingerprints",
        page(FINGERPRINT),
        Page[Fingerprint],
    ),
    Case(
        "connections.approve_fingerprint",
        lambda c: c.connections.approve_fingerprint("x", **FP_BODY),
        "POST",
        "/v1/connections/x/fingerprints",
        FINGERPRINT,
        Fingerprint,
        body=FP_BODY,
        check=lambda r: r.hash == "eUtPirI6yy...",
    ),
    Case(
        "connections.approve_fingerprint(bare 201 body)",
        lambda c: c.connections.approve_fingerprint("x", **FP_BODY),
        "POST",
        "/v1/connections/x/fingerprints",
        reply=httpx.Response(201, json=FINGERPRINT),
        returns=Fingerprint,
        body=FP_BODY,
        check=lambda r: r.id == FINGERPRINT["id"] and r.validated_by == "user_id",
    ),
    Case(
        "connections.get_fingerprint",
        lambda c: c.connections.get_fingerprint("x", "eUtPirI6yy"),
        "GET",
        "/v1/connections/x/fingerprints/eUtPirI6yy",
        FINGERPRINT,
        Fingerprint,
    ),
    Case(
        "connections.revoke_fingerprint",
        lambda c: c.connections.revoke_fingerprint("x", "h", confirm=True),
        "DELETE",
        "/v1/connections/x/fingerprints/h",
    ),
    # ------------------------------------------------------------------ destinations
    Case(
        "destinations.list",
        lambda c: c.destinations.list(limit=100),
        "GET",
        "/v1/destinations",
        page(DESTINATION_LIST_ITEM),
        Page[Destination],
        accept=V2,
        query={"limit": "100"},
        check=lambda p: p.items[0].service == "snowflake" and p.items[0].config == {},
    ),
    Case(
        "destinations.list_certificates",
        lambda c: c.destinations.list_certificates("d"),
        "GET",
        "/v1/destinations/d/certificates",
        page(CERTIFICATE),
        Page[Certificate],
    ),
    Case(
        "destinations.approve_certificate",
        lambda c: c.destinations.approve_certificate("d", **CERT_BODY),
        "POST",
        "/v1/destinations/d/certificates",
        CERTIFICATE,
        Certificate,
        body=CERT_BODY,
        check=_cert_check,
    ),
    Case(
        "destinations.get_certificate",
        lambda c: c.destinations.get_certificate("d", "h"),
        "GET",
        "/v1/destinations/d/certificates/h",
        CERTIFICATE,
        Certificate,
    ),
    Case(
        "destinations.revoke_certificate",
        lambda c: c.destinations.revoke_certificate("d", "h", confirm=True),
        "DELETE",
        "/v1/destinations/d/certificates/h",
    ),
    Case(
        "destinations.list_fingerprints",
        lambda c: c.destinations.list_fingerprints("d", cursor="n"),
        "GET",
        "/v1/destinations/d/fingerprints",
        page(FINGERPRINT),
        Page[Fingerprint],
        query={"cursor": "n"},
    ),
    Case(
        "destinations.approve_fingerprint",
        lambda c: c.destinations.approve_fingerprint("d", **FP_BODY),
        "POST",
        "/v1/destinations/d/fingerprints",
        reply=httpx.Response(201, json=FINGERPRINT),
        returns=Fingerprint,
        body=FP_BODY,
        check=lambda r: r.public_key == FINGERPRINT["public_key"],
    ),
    Case(
        "destinations.get_fingerprint",
        lambda c: c.destinations.get_fingerprint("d", "h"),
        "GET",
        "/v1/destinations/d/fingerprints/h",
        FINGERPRINT,
        Fingerprint,
    ),
    Case(
        "destinations.revoke_fingerprint",
        lambda c: c.destinations.revoke_fingerprint("d", "h", confirm=True),
        "DELETE",
        "/v1/destinations/d/fingerprints/h",
    ),
]

STREAMS = [
    Stream(
        "connections.stream_all",  # the deprecated name of stream_in_account
        lambda c: c.connections.stream_all(),
        "/v1/connections",
        CONNECTION_LIST_ITEM,
        Connection,
        accept=V2,
    ),
    Stream(
        "connections.stream_in_account",
        lambda c: c.connections.stream_in_account(group_id="g"),
        "/v1/connections",
        CONNECTION_LIST_ITEM,
        Connection,
        accept=V2,
        query={"group_id": "g"},
    ),
    Stream(
        "connections.stream_sync_history",
        lambda c: c.connections.stream_sync_history("x", start_time="2026-01-01T00:00:00Z"),
        "/v1/connections/x/sync-history",
        SYNC_HISTORY_ITEM,
        SyncHistoryRecord,
        accept=V2,
        query={"start_time": "2026-01-01T00:00:00Z"},
    ),
    Stream(
        "connections.stream_errors",
        lambda c: c.connections.stream_errors("x"),
        "/v1/connections/x/errors",
        ERROR_ITEM,
        ConnectionErrorRecord,
        accept=V2,
    ),
    Stream(
        "connections.stream_certificates",
        lambda c: c.connections.stream_certificates("x", limit=1),
        "/v1/connections/x/certificates",
        CERTIFICATE,
        Certificate,
        query={"limit": "1"},
    ),
    Stream(
        "connections.stream_fingerprints",
        lambda c: c.connections.stream_fingerprints("x"),
        "/v1/connections/x/fingerprints",
        FINGERPRINT,
        Fingerprint,
    ),
    Stream(
        "destinations.stream",
        lambda c: c.destinations.stream(),
        "/v1/destinations",
        DESTINATION_LIST_ITEM,
        Destination,
        accept=V2,
    ),
    Stream(
        "destinations.stream_certificates",
        lambda c: c.destinations.stream_certificates("d"),
        "/v1/destinations/d/certificates",
        CERTIFICATE,
        Certificate,
    ),
    Stream(
        "destinations.stream_fingerprints",
        lambda c: c.destinations.stream_fingerprints("d"),
        "/v1/destinations/d/fingerprints",
        FINGERPRINT,
        Fingerprint,
    ),
]
