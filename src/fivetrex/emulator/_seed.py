"""Named data sets for :meth:`Emulator.seed` (all credentials are fake)."""

# ruff: noqa: S106

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fivetrex.emulator._clock import format_us
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.connections import ConnectionOptions, NewConnection
from fivetrex.emulator._domain.destinations import NewDestination
from fivetrex.emulator._domain.webhooks import NewWebhook
from fivetrex.emulator._seed_access import seed_access
from fivetrex.emulator._seed_platform import seed_platform, seed_platform_packages

__all__ = ["SEEDS", "seed_demo"]

_GROUPS: tuple[tuple[str, str, str, str, dict[str, Any]], ...] = (
    ("Production", "snowflake", "AWS_US_EAST_1", "-5",
     {"host": "acme.snowflakecomputing.com", "port": 443, "database": "ANALYTICS",
      "auth": "PASSWORD", "user": "FIVETRAN_USER", "password": "demo-password",
      "role": "FIVETRAN_ROLE"}),
    ("Staging", "big_query", "GCP_US_EAST4", "0",
     {"project_id": "acme-staging", "data_set_location": "US",
      "secret_key": '{"type": "service_account"}'}),
    ("Marketing_Analytics", "redshift", "AWS_US_WEST_2", "-8",
     {"host": "marketing.abc123.us-west-2.redshift.amazonaws.com", "port": 5439,
      "database": "marketing", "user": "fivetran", "password": "demo-password"}),
    ("Finance", "databricks", "AZURE_EASTUS2", "+1",
     {"server_host_name": "adb-1234.azuredatabricks.net", "port": 443,
      "http_path": "/sql/1.0/warehouses/abc", "personal_access_token": "dapi-demo"}),
    ("EU_Operations", "postgres_warehouse", "GCP_EUROPE_WEST3", "+1",
     {"host": "eu-warehouse.acme.internal", "port": 5432, "database": "warehouse",
      "user": "fivetran", "password": "demo-password"}),
)  # fmt: skip


def _db(prefix: str, host: str, port: int = 5432) -> dict[str, Any]:
    return {
        "schema_prefix": prefix,
        "host": host,
        "port": port,
        "database": "app",
        "user": "fivetran",
        "password": "demo-password",
        "update_method": "XMIN",
    }


def _app(schema: str, **extra: Any) -> dict[str, Any]:
    return {"schema": schema, **extra}


# (group index, service, config, condition)
_CONNECTIONS: tuple[tuple[int, str, dict[str, Any], str], ...] = (
    (0, "postgres", _db("prod_pg", "db.acme.internal"), "healthy"),
    (0, "salesforce", _app("salesforce", is_sandbox=False), "healthy"),
    (0, "stripe", _app("stripe", api_key="sk_live_demo"), "syncing"),
    (0, "hubspot", _app("hubspot", api_key="pat-demo"), "healthy"),
    (0, "mysql", _db("shop_mysql", "mysql.acme.internal", 3306), "failed"),
    (0, "zendesk", _app("zendesk", subdomain="acme", api_token="zd-demo"), "paused"),
    (0, "google_sheets", _app("sheets", table="budget_2026", sheet_id="1AbCdEf",
                              named_range="budget", auth_type="ServiceAccount"), "healthy"),
    (0, "shopify", _app("shopify", shop="acme-store", access_token="shpat-demo"), "syncing"),
    (0, "jira", _app("jira", host="acme.atlassian.net", password="demo-token"), "never"),
    (0, "connector_sdk", _app("custom_api", package_id="pkg_demo",
                              secrets_list=[{"key": "api_token", "value": "demo"}]), "healthy"),
    (1, "postgres", _db("staging_pg", "staging-db.acme.internal"), "healthy"),
    (1, "github", _app("github", organization="acme", access_token="ghp-demo"), "paused"),
    (1, "stripe_test", _app("stripe_test", api_key="sk_test_demo"), "never"),
    (1, "s3", _app("s3_landing", table="events", bucket="acme-landing", prefix="events/",
                   role_arn="arn:aws:iam::123456789012:role/fivetran"), "failed"),
    (1, "aws_lambda", _app("lambda_feed", function="acme-feed",
                           role_arn="arn:aws:iam::123456789012:role/lambda"), "rescheduled"),
    (2, "google_ads", _app("google_ads", customer_id="123-456-7890"), "healthy"),
    (2, "facebook_ads", _app("facebook_ads", account_id="act_123"), "healthy"),
    (2, "linkedin_ads", _app("linkedin_ads"), "paused"),
    (2, "hubspot", _app("hubspot_marketing", api_key="pat-demo-2"), "syncing"),
    (2, "google_analytics_4", _app("ga4", property_id="123456789"), "healthy"),
    (2, "klaviyo", _app("klaviyo", api_key="pk-demo"), "failed"),
    (2, "mailchimp", _app("mailchimp", api_key="mc-demo"), "never"),
    (3, "netsuite_suiteanalytics", _app("netsuite", account="1234567", password="demo"),
     "healthy"),
    (3, "quickbooks", _app("quickbooks"), "healthy"),
    (3, "xero", _app("xero"), "paused"),
    (3, "stripe", _app("stripe_finance", api_key="sk_live_finance"), "rescheduled"),
    (3, "sql_server", _db("erp_mssql", "erp.acme.internal", 1433), "syncing"),
    (3, "oracle", _db("ledger_oracle", "ledger.acme.internal", 1521), "failed"),
    (4, "mysql", _db("eu_mysql", "mysql.eu.acme.internal", 3306), "healthy"),
    (4, "salesforce", _app("salesforce_eu"), "never"),
    (4, "workday", _app("workday", tenant="acme_eu", password="demo"), "healthy"),
    (4, "google_sheets", _app("eu_sheets", table="headcount", sheet_id="1XyZ",
                              named_range="headcount"), "paused"),
)  # fmt: skip


SEEDED_SYNC_POLLS = 3
"""The demo's running syncs also end on this many-th detail GET of their connection."""


def seed_demo(backend: Backend) -> None:
    """A realistic account: 5 groups with destinations, 32 connections, 2 webhooks, users,
    teams and memberships."""
    state = backend.state
    now = state.clock.now()
    groups: list[str] = []
    for index, (name, service, region, tz, config) in enumerate(_GROUPS):
        group = backend.create_group(name)
        backend.create_destination(
            NewDestination(
                group_id=group["id"],
                service=service,
                region=region,
                time_zone_offset=tz,
                config=config,
            )
        )
        doc = state.tables["groups"][group["id"]]
        doc["created_at"] = format_us(now - timedelta(days=400 - 30 * index))
        groups.append(group["id"])
    seed_platform_packages(backend)
    for index, (gindex, service, config, condition) in enumerate(_CONNECTIONS):
        created = now - timedelta(days=200 - 5 * index, hours=index)
        conn = backend.create_connection(
            NewConnection(
                group_id=groups[gindex],
                service=service,
                config=config,
                run_setup_tests=condition != "never",
                options=ConnectionOptions(sync_frequency=(60, 360, 1440, 15)[index % 4]),
            )
        )
        cid = conn["id"]
        doc = state.tables["connections"][cid]
        doc["created_at"] = format_us(created)
        status = doc["status"]
        if condition == "never":
            continue
        backend.reload_schema_config(cid, "PRESERVE")
        last_success = now - timedelta(hours=1 + index % 7, minutes=7 * index % 60)
        doc["succeeded_at"] = format_us(last_success)
        status["is_historical_sync"] = False
        if condition == "paused":
            doc["paused"] = True
            status["sync_state"] = "paused"
        elif condition == "failed":
            failed = last_success + timedelta(minutes=45)
            doc["failed_at"] = format_us(failed)
            status["setup_state"] = "broken"
            status["update_state"] = "delayed"
            status["tasks"] = [
                {
                    "code": "reconnect",
                    "message": "Reconnect",
                    "details": "The credentials are no longer valid; reconnect the source",
                }
            ]
        elif condition == "syncing":
            backend._start_sync(doc, historical=False)
            # ends by time, or on the third detail GET even on a frozen virtual clock
            state.tables["syncs"][cid]["polls_to_complete"] = SEEDED_SYNC_POLLS
        elif condition == "rescheduled":
            when = now + timedelta(minutes=30 + index)
            status["sync_state"] = "rescheduled"
            status["rescheduled_for"] = format_us(when)
            state.put(
                "syncs",
                cid,
                {
                    "active": False,
                    "sync_id": state.new_uuid(),
                    "rescheduled_for": format_us(when),
                    "due_ts": when.timestamp(),
                    "historical": False,
                },
            )
        state.touch("connections", cid)
    backend.create_account_webhook(
        NewWebhook(
            url="https://hooks.example.com/fivetran",
            events=["sync_start", "sync_end"],
            active=False,
            secret="demo-webhook-secret",
        )
    )
    backend.create_group_webhook(
        groups[0],
        NewWebhook(
            url="https://hooks.example.com/fivetran/production",
            events=["sync_end", "connection_failure"],
            active=False,
            secret="demo-group-secret",
        ),
    )
    seed_access(backend)
    seed_platform(backend)


SEEDS: dict[str, Callable[[Backend], None]] = {"demo": seed_demo}
"""Data sets by name."""
