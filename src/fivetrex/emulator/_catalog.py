"""Static knowledge the emulator needs: services, enums, event names, known operations.

Nothing here is read from the OpenAPI document at run time; the conformance tests
check these tables against it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

__all__ = [
    "CONNECTION_SERVICES",
    "DESTINATION_SERVICES",
    "KNOWN_OPERATIONS",
    "REGIONS",
    "STATE_SERVICES",
    "SYNC_FREQUENCIES",
    "TIME_ZONE_OFFSETS",
    "WEBHOOK_EVENTS",
    "ServiceInfo",
    "is_secret_key",
]

SYNC_FREQUENCIES = frozenset({1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440})
"""Allowed ``sync_frequency`` values (minutes)."""

TIME_ZONE_OFFSETS = frozenset(
    ["-11", "-10", "-9", "-8", "-7", "-6", "-5", "-4", "-3", "-2", "-1", "0"]
    + [f"+{n}" for n in range(1, 13)]
)
"""Allowed destination ``time_zone_offset`` values."""

REGIONS = frozenset(
    """
    GCP_US_EAST4 GCP_US_WEST1 GCP_US_CENTRAL1 GCP_EUROPE_WEST3 GCP_AUSTRALIA_SOUTHEAST1
    GCP_NORTHAMERICA_NORTHEAST1 GCP_EUROPE_WEST2 GCP_ASIA_SOUTHEAST1 GCP_ASIA_SOUTHEAST2
    GCP_ASIA_SOUTH1 GCP_ASIA_NORTHEAST1 AWS_US_EAST_1 AWS_US_EAST_2 AWS_US_WEST_2
    AWS_AP_NORTHEAST_1 AWS_AP_SOUTHEAST_1 AWS_AP_SOUTHEAST_2 AWS_EU_CENTRAL_1 AWS_EU_WEST_1
    AWS_EU_WEST_2 AWS_AP_SOUTH_1 AWS_CA_CENTRAL_1 AWS_US_GOV_WEST_1 AZURE_EASTUS2
    AZURE_AUSTRALIAEAST AZURE_UKSOUTH AZURE_WESTEUROPE AZURE_CENTRALUS AZURE_CANADACENTRAL
    AZURE_UAENORTH AZURE_SOUTHEASTASIA AZURE_EASTUS AZURE_JAPANEAST AZURE_CENTRALINDIA
    """.split()  # noqa: SIM905
)
"""Allowed destination ``region`` values."""

NETWORKING_METHODS = frozenset({"Directly", "PrivateLink", "SshTunnel", "ProxyAgent"})
"""``networking_method`` values accepted on input."""

DATA_DELAY_SENSITIVITIES = frozenset({"LOW", "NORMAL", "HIGH", "CUSTOM", "SYNC_FREQUENCY"})
"""Allowed ``data_delay_sensitivity`` values."""

SCHEDULE_TYPES = frozenset({"auto", "manual"})
"""Allowed ``schedule_type`` values."""

DESTINATION_SCHEMA_NAMES = frozenset({"FIVETRAN_NAMING", "SOURCE_NAMING"})
"""Allowed ``destination_schema_names`` values."""

SCHEMA_CHANGE_HANDLING = frozenset({"ALLOW_ALL", "ALLOW_COLUMNS", "BLOCK_ALL"})
"""Allowed ``schema_change_handling`` values."""

SYNC_MODES = frozenset({"SOFT_DELETE", "HISTORY", "LIVE"})
"""Allowed table ``sync_mode`` values."""

WEBHOOK_EVENTS = frozenset(
    """
    sync_start sync_end status dbt_run_start dbt_run_succeeded dbt_run_failed
    transformation_run_start transformation_run_succeeded transformation_run_failed
    transformation_start transformation_succeeded transformation_failed
    connection_successful connection_failure create_connector pause_connector
    resume_connector edit_connector delete_connector force_update_connector
    resync_connector resync_table
    """.split()  # noqa: SIM905
)
"""Webhook event names accepted in ``events``."""

STATE_SERVICES = frozenset(
    {"connector_sdk", "aws_lambda", "azure_function", "google_cloud_function"}
)
"""Services (Connector SDK and Function connectors) that support ``/state``."""

_SECRET_FRAGMENTS = (
    "password",
    "secret",
    "token",
    "private_key",
    "api_key",
    "apikey",
    "passphrase",
    "access_key",
    "credentials",
    "client_key",
)
_NOT_SECRET = frozenset({"is_private_key_encrypted", "token_type", "secret_name"})


@functools.lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    """Return whether a config key holds a secret that Fivetran returns masked."""
    lowered = key.lower()
    if lowered in _NOT_SECRET:
        return False
    return any(fragment in lowered for fragment in _SECRET_FRAGMENTS)


@dataclass(frozen=True)
class ServiceInfo:
    """What the emulator knows about one connection service.

    Attributes:
        kind: ``"database"`` (schema from ``config.schema_prefix``; one destination
            schema per source schema), ``"app"`` (``config.schema``), ``"table"``
            (``config.schema`` + ``config.table``) or ``"function"`` (``config.schema``;
            supports ``/state``).
        tables: Source tables the emulator invents on schema reload (for ``database``
            services, per source schema).
        single_schema_key: Fixed schema-config key (Salesforce and NetSuite use the
            service name); ``None`` means the connection's schema name.
    """

    kind: str
    tables: tuple[str, ...] = ()
    single_schema_key: str | None = None
    source_schemas: tuple[str, ...] = field(default=("public",))


_DB_TABLES = ("customers", "orders", "order_items", "products", "invoices", "events")


def _db(*schemas: str) -> ServiceInfo:
    return ServiceInfo("database", _DB_TABLES, None, schemas or ("public",))


def _app(*tables: str, key: str | None = None) -> ServiceInfo:
    return ServiceInfo("app", tables, key)


_TABLE = ServiceInfo("table", ())
_FUNCTION = ServiceInfo("function", ("records", "checkpoints"))

CONNECTION_SERVICES: dict[str, ServiceInfo] = {
    # Databases
    "postgres": _db("public", "sales", "inventory"),
    "postgres_rds": _db("public", "billing"),
    "aurora_postgres": _db("public", "app"),
    "google_cloud_postgresql": _db("public", "analytics"),
    "azure_postgres": _db("public"),
    "mysql": _db("shop", "crm"),
    "mysql_rds": _db("app"),
    "aurora": _db("app", "reporting"),
    "google_cloud_mysql": _db("app"),
    "sql_server": _db("dbo", "sales"),
    "sql_server_rds": _db("dbo"),
    "azure_sql_db": _db("dbo"),
    "oracle": _db("HR", "SALES"),
    "oracle_rds": _db("APP"),
    "mongo": _db("app", "events"),
    "mongo_sharded": _db("app"),
    "dynamodb": _db("default"),
    "snowflake_db": _db("PUBLIC", "RAW"),
    # Applications
    "salesforce": _app(
        "account", "contact", "opportunity", "lead", "user", "campaign", key="salesforce"
    ),
    "salesforce_sandbox": _app("account", "contact", "opportunity", "lead", key="salesforce"),
    "netsuite_suiteanalytics": _app("transaction", "customer", "item", "vendor", key="netsuite"),
    "hubspot": _app("company", "contact", "deal", "owner", "engagement", "ticket"),
    "stripe": _app("charge", "customer", "invoice", "subscription", "payment_intent", "refund"),
    "stripe_test": _app("charge", "customer", "invoice"),
    "zendesk": _app("ticket", "user", "organization", "ticket_comment", "group"),
    "jira": _app("issue", "project", "sprint", "comment", "user"),
    "github": _app("repository", "issue", "pull_request", "commit", "user"),
    "gitlab": _app("project", "issue", "merge_request", "commit"),
    "shopify": _app("order", "customer", "product", "fulfillment", "refund"),
    "google_ads": _app("campaign_stats", "ad_group_stats", "keyword_stats", "account"),
    "google_analytics_4": _app("traffic_acquisition", "events_report", "pages_report"),
    "facebook_ads": _app("basic_ad", "basic_campaign", "ad_set_history", "account_history"),
    "linkedin_ads": _app("campaign", "creative", "ad_analytics_by_campaign"),
    "tiktok_ads": _app("campaign", "ad_group", "ad_report_daily"),
    "snapchat_ads": _app("campaign", "ad_squad", "ad_hourly_report"),
    "pinterest_ads": _app("campaign", "ad_group", "pin_promotion_report"),
    "twitter_ads": _app("campaign", "line_item", "promoted_tweet_report"),
    "apple_search_ads": _app("campaign", "ad_group", "keyword_report"),
    "criteo": _app("campaign", "daily_report"),
    "marketo": _app("lead", "activity", "campaign", "program"),
    "intercom": _app("conversation", "contact", "company", "admin"),
    "asana": _app("task", "project", "workspace", "user"),
    "slack": _app("channel", "message", "user"),
    "notion": _app("page", "database", "user"),
    "airtable": _app("base", "table_records"),
    "quickbooks": _app("invoice", "customer", "account", "payment", "bill"),
    "xero": _app("invoice", "contact", "account", "journal"),
    "mailchimp": _app("campaign", "list", "member", "automation"),
    "klaviyo": _app("event", "person", "campaign", "flow"),
    "segment": _app("tracks", "identifies", "pages"),
    "amplitude": _app("event", "user", "cohort"),
    "mixpanel": _app("event", "people"),
    "braze": _app("campaign", "canvas", "user_event"),
    "iterable": _app("campaign", "event", "user"),
    "zuora": _app("account", "invoice", "subscription", "payment"),
    "recurly": _app("account", "subscription", "invoice", "transaction"),
    "workday": _app("worker", "position", "organization"),
    "greenhouse": _app("application", "candidate", "job", "scorecard"),
    "lever": _app("opportunity", "posting", "interview"),
    "bamboohr": _app("employee", "time_off_request", "job_info"),
    "pipedrive": _app("deal", "person", "organization", "activity"),
    "freshdesk": _app("ticket", "contact", "company", "agent"),
    "twilio": _app("message", "call", "account"),
    "sendgrid": _app("campaign", "contact", "event"),
    "itunes_connect": _app("sales_report", "app"),
    "youtube_analytics": _app("channel_basic", "video_report"),
    "pendo": _app("account", "visitor", "feature", "page"),
    "heap": _app("users", "sessions", "pageviews"),
    # Files and table-level connectors
    "google_sheets": _TABLE,
    "s3": _TABLE,
    "gcs": _TABLE,
    "azure_blob_storage": _TABLE,
    "sftp": _TABLE,
    "ftp": _TABLE,
    "email": _TABLE,
    "webhooks": _TABLE,
    "box": _TABLE,
    "dropbox": _TABLE,
    "google_drive": _TABLE,
    "share_point": _TABLE,
    # Event streams
    "apache_kafka": _app("topic_events"),
    "confluent_cloud": _app("topic_events"),
    "kinesis": _app("stream_records"),
    # Connector SDK and function connectors (support /state)
    "connector_sdk": _FUNCTION,
    "aws_lambda": _FUNCTION,
    "azure_function": _FUNCTION,
    "google_cloud_function": _FUNCTION,
}
"""Connection services the emulator accepts, with how their schema is derived."""

DESTINATION_SERVICES = frozenset(
    """
    snowflake big_query managed_big_query redshift databricks managed_data_lake
    postgres_warehouse postgres_rds_warehouse postgres_gcp_warehouse aurora_postgres_warehouse
    azure_postgres_warehouse mysql_warehouse mysql_rds_warehouse aurora_warehouse
    maria_warehouse maria_rds_warehouse sql_server_warehouse sql_server_rds_warehouse
    azure_sql_data_warehouse azure_sql_database azure_sql_managed_db_warehouse clickhouse
    motherduck singlestore oracle_warehouse oracle_rds_warehouse
    """.split()  # noqa: SIM905
)
"""Destination services the emulator accepts."""

KNOWN_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("GET", "/v1/account/info"),
    ("GET", "/v1/connections"),
    ("POST", "/v1/connections"),
    ("GET", "/v1/connections/{connectionId}"),
    ("DELETE", "/v1/connections/{connectionId}"),
    ("PATCH", "/v1/connections/{connectionId}"),
    ("POST", "/v1/connections/{connectionId}/connect-card"),
    ("POST", "/v1/connections/{connectionId}/resync"),
    ("GET", "/v1/connections/{connectionId}/state"),
    ("PATCH", "/v1/connections/{connectionId}/state"),
    ("POST", "/v1/connections/{connectionId}/sync"),
    ("POST", "/v1/connections/{connectionId}/test"),
    ("GET", "/v1/connections/{connectionId}/schemas"),
    ("POST", "/v1/connections/{connectionId}/schemas"),
    ("PATCH", "/v1/connections/{connectionId}/schemas"),
    ("POST", "/v1/connections/{connectionId}/schemas/drop-columns"),
    ("POST", "/v1/connections/{connectionId}/schemas/reload"),
    ("POST", "/v1/connections/{connectionId}/schemas/tables/resync"),
    ("PATCH", "/v1/connections/{connectionId}/schemas/{schemaName}"),
    ("PATCH", "/v1/connections/{connectionId}/schemas/{schemaName}/tables/{tableName}"),
    (
        "DELETE",
        "/v1/connections/{connectionId}/schemas/{schemaName}/tables/{tableName}/columns/{columnName}",
    ),
    (
        "PATCH",
        "/v1/connections/{connectionId}/schemas/{schemaName}/tables/{tableName}/columns/{columnName}",
    ),
    ("GET", "/v1/connections/{connectionId}/schemas/{schema}/tables/{table}/columns"),
    ("POST", "/v1/certificates"),
    ("GET", "/v1/connections/{connectionId}/certificates"),
    ("POST", "/v1/connections/{connectionId}/certificates"),
    ("GET", "/v1/connections/{connectionId}/certificates/{hash}"),
    ("DELETE", "/v1/connections/{connectionId}/certificates/{hash}"),
    ("GET", "/v1/connections/{connectionId}/fingerprints"),
    ("POST", "/v1/connections/{connectionId}/fingerprints"),
    ("GET", "/v1/connections/{connectionId}/fingerprints/{hash}"),
    ("DELETE", "/v1/connections/{connectionId}/fingerprints/{hash}"),
    ("GET", "/v1/destinations/{destinationId}/certificates"),
    ("POST", "/v1/destinations/{destinationId}/certificates"),
    ("GET", "/v1/destinations/{destinationId}/certificates/{hash}"),
    ("DELETE", "/v1/destinations/{destinationId}/certificates/{hash}"),
    ("GET", "/v1/destinations/{destinationId}/fingerprints"),
    ("POST", "/v1/destinations/{destinationId}/fingerprints"),
    ("GET", "/v1/destinations/{destinationId}/fingerprints/{hash}"),
    ("DELETE", "/v1/destinations/{destinationId}/fingerprints/{hash}"),
    ("GET", "/v1/metadata/connector-types"),
    ("GET", "/v1/metadata/connector-types/{service}"),
    ("GET", "/public/connector-types"),
    ("GET", "/v1/connector-sdk/packages"),
    ("POST", "/v1/connector-sdk/packages"),
    ("GET", "/v1/connector-sdk/packages/{package_id}"),
    ("DELETE", "/v1/connector-sdk/packages/{package_id}"),
    ("PATCH", "/v1/connector-sdk/packages/{package_id}"),
    ("GET", "/v1/connector-sdk/packages/{package_id}/download"),
    ("GET", "/v1/destinations"),
    ("POST", "/v1/destinations"),
    ("GET", "/v1/destinations/{destinationId}"),
    ("DELETE", "/v1/destinations/{destinationId}"),
    ("PATCH", "/v1/destinations/{destinationId}"),
    ("POST", "/v1/destinations/{destinationId}/test"),
    ("GET", "/v1/groups"),
    ("POST", "/v1/groups"),
    ("GET", "/v1/groups/{groupId}"),
    ("DELETE", "/v1/groups/{groupId}"),
    ("PATCH", "/v1/groups/{groupId}"),
    ("GET", "/v1/groups/{groupId}/connections"),
    ("GET", "/v1/groups/{groupId}/public-key"),
    ("GET", "/v1/groups/{groupId}/service-account"),
    ("GET", "/v1/groups/{groupId}/users"),
    ("POST", "/v1/groups/{groupId}/users"),
    ("DELETE", "/v1/groups/{groupId}/users/{userId}"),
    ("GET", "/v1/users"),
    ("POST", "/v1/users"),
    ("DELETE", "/v1/users/{id}"),
    ("GET", "/v1/users/{userId}"),
    ("PATCH", "/v1/users/{userId}"),
    ("GET", "/v1/users/{userId}/connections"),
    ("POST", "/v1/users/{userId}/connections"),
    ("GET", "/v1/users/{userId}/connections/{connectionId}"),
    ("DELETE", "/v1/users/{userId}/connections/{connectionId}"),
    ("PATCH", "/v1/users/{userId}/connections/{connectionId}"),
    ("GET", "/v1/users/{userId}/groups"),
    ("POST", "/v1/users/{userId}/groups"),
    ("GET", "/v1/users/{userId}/groups/{groupId}"),
    ("DELETE", "/v1/users/{userId}/groups/{groupId}"),
    ("PATCH", "/v1/users/{userId}/groups/{groupId}"),
    ("DELETE", "/v1/users/{userId}/role"),
    ("GET", "/v1/teams"),
    ("POST", "/v1/teams"),
    ("GET", "/v1/teams/{teamId}"),
    ("DELETE", "/v1/teams/{teamId}"),
    ("PATCH", "/v1/teams/{teamId}"),
    ("GET", "/v1/teams/{teamId}/connections"),
    ("POST", "/v1/teams/{teamId}/connections"),
    ("GET", "/v1/teams/{teamId}/connections/{connectionId}"),
    ("DELETE", "/v1/teams/{teamId}/connections/{connectionId}"),
    ("PATCH", "/v1/teams/{teamId}/connections/{connectionId}"),
    ("GET", "/v1/teams/{teamId}/groups"),
    ("POST", "/v1/teams/{teamId}/groups"),
    ("GET", "/v1/teams/{teamId}/groups/{groupId}"),
    ("DELETE", "/v1/teams/{teamId}/groups/{groupId}"),
    ("PATCH", "/v1/teams/{teamId}/groups/{groupId}"),
    ("DELETE", "/v1/teams/{teamId}/role"),
    ("GET", "/v1/teams/{teamId}/users"),
    ("POST", "/v1/teams/{teamId}/users"),
    ("GET", "/v1/teams/{teamId}/users/{userId}"),
    ("DELETE", "/v1/teams/{teamId}/users/{userId}"),
    ("PATCH", "/v1/teams/{teamId}/users/{userId}"),
    ("GET", "/v1/roles"),
    ("GET", "/v1/webhooks"),
    ("POST", "/v1/webhooks/account"),
    ("POST", "/v1/webhooks/group/{groupId}"),
    ("GET", "/v1/webhooks/{webhookId}"),
    ("DELETE", "/v1/webhooks/{webhookId}"),
    ("PATCH", "/v1/webhooks/{webhookId}"),
    ("POST", "/v1/webhooks/{webhookId}/test"),
    ("GET", "/v1/transformation-projects"),
    ("POST", "/v1/transformation-projects"),
    ("GET", "/v1/transformation-projects/{projectId}"),
    ("DELETE", "/v1/transformation-projects/{projectId}"),
    ("PATCH", "/v1/transformation-projects/{projectId}"),
    ("POST", "/v1/transformation-projects/{projectId}/test"),
    ("GET", "/v1/transformations"),
    ("POST", "/v1/transformations"),
    ("GET", "/v1/transformations/package-metadata"),
    ("GET", "/v1/transformations/package-metadata/{package_definition_id}"),
    ("GET", "/v1/transformations/{transformationId}"),
    ("DELETE", "/v1/transformations/{transformationId}"),
    ("PATCH", "/v1/transformations/{transformationId}"),
    ("POST", "/v1/transformations/{transformationId}/cancel"),
    ("POST", "/v1/transformations/{transformationId}/run"),
    ("POST", "/v1/transformations/{transformationId}/upgrade"),
    ("GET", "/v1/external-logging"),
    ("POST", "/v1/external-logging"),
    ("GET", "/v1/external-logging/account"),
    ("POST", "/v1/external-logging/account"),
    ("DELETE", "/v1/external-logging/account"),
    ("PATCH", "/v1/external-logging/account"),
    ("POST", "/v1/external-logging/account/test"),
    ("GET", "/v1/external-logging/{logId}"),
    ("DELETE", "/v1/external-logging/{logId}"),
    ("PATCH", "/v1/external-logging/{logId}"),
    ("POST", "/v1/external-logging/{logId}/test"),
    ("GET", "/v1/hybrid-deployment-agents"),
    ("POST", "/v1/hybrid-deployment-agents"),
    ("GET", "/v1/hybrid-deployment-agents/{agentId}"),
    ("DELETE", "/v1/hybrid-deployment-agents/{agentId}"),
    ("PATCH", "/v1/hybrid-deployment-agents/{agentId}/re-auth"),
    ("POST", "/v1/hybrid-deployment-agents/{agentId}/reset-credentials"),
    ("GET", "/v1/private-links"),
    ("POST", "/v1/private-links"),
    ("GET", "/v1/private-links/{privateLinkId}"),
    ("DELETE", "/v1/private-links/{privateLinkId}"),
    ("PATCH", "/v1/private-links/{privateLinkId}"),
    ("GET", "/v1/proxy"),
    ("POST", "/v1/proxy"),
    ("GET", "/v1/proxy/{agentId}"),
    ("DELETE", "/v1/proxy/{agentId}"),
    ("GET", "/v1/proxy/{agentId}/connections"),
    ("POST", "/v1/proxy/{agentId}/regenerate-secrets"),
    ("GET", "/v1/system-keys"),
    ("POST", "/v1/system-keys"),
    ("GET", "/v1/system-keys/{keyId}"),
    ("DELETE", "/v1/system-keys/{keyId}"),
    ("PATCH", "/v1/system-keys/{keyId}"),
    ("POST", "/v1/system-keys/{keyId}/rotate"),
    ("GET", "/v1/external-secrets-managers"),
    ("POST", "/v1/external-secrets-managers"),
    ("GET", "/v1/external-secrets-managers-entities"),
    ("GET", "/v1/external-secrets-managers/{esmId}"),
    ("DELETE", "/v1/external-secrets-managers/{esmId}"),
    ("PATCH", "/v1/external-secrets-managers/{esmId}"),
    ("GET", "/v1/external-secrets-managers/{esmId}/entities"),
    ("POST", "/v1/hvr/register-hub"),
    ("GET", "/v1/connections/{connectionId}/sync-history"),
    ("GET", "/v1/connections/{connectionId}/errors"),
)
"""Every documented Fivetran API operation (method, path template).

The emulator answers 501 naming the operation for the ones it does not implement.
"""
