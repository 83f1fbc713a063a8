"""Static knowledge behind the emulator's platform areas (connector metadata and friends).

Connector types, Quickstart packages, log-service and private-link services, regions and
secrets-manager types. Nothing is read from the OpenAPI document at run time; the tests
check these tables against it.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._catalog import CONNECTION_SERVICES, REGIONS, ServiceInfo

__all__ = [
    "CONNECTOR_TYPE_CATEGORIES",
    "ESM_TYPES",
    "HDA_ENV_TYPES",
    "LOG_SERVICES",
    "PRIVATE_LINK_REGIONS",
    "PRIVATE_LINK_SERVICES",
    "PROXY_REGIONS",
    "QUICKSTART_PACKAGES",
    "TRANSFORMATION_STATUSES",
    "connector_type",
    "connector_types",
]

CONNECTOR_TYPE_CATEGORIES = frozenset(
    """
    API Dbt Marketing HumanResources Finance Productivity Engineering Support Sales Security
    SuperConnectorTest Free File Database Events Function BITool Warehouse Log Hvr
    """.split()  # noqa: SIM905
)
"""Allowed connector type ``type`` values."""

TRANSFORMATION_STATUSES = frozenset(
    """
    NEW SCHEDULING RUNNING TERMINATING SUCCEEDED FAILED BLOCKED CANCELED PARTIALLY_SUCCEEDED
    """.split()  # noqa: SIM905
)
"""Allowed transformation ``status`` values."""

PRIVATE_LINK_REGIONS = REGIONS - {
    "GCP_US_CENTRAL1",
    "AZURE_EASTUS",
    "AZURE_JAPANEAST",
    "AZURE_CENTRALINDIA",
}
"""Regions a private link can be created in (a subset of destination regions)."""

PROXY_REGIONS = REGIONS | {
    "GCP_ASIA_NORTHEAST3",
    "GCP_ME_CENTRAL2",
    "AWS_AP_NORTHEAST_2",
    "AWS_EU_NORTH_1",
    "AZURE_GERMANYWESTCENTRAL",
    "AZURE_WESTUS3",
    "AZURE_SWITZERLANDNORTH",
    "AZURE_KOREACENTRAL",
}
"""Regions a proxy agent can be created in."""

PRIVATE_LINK_SERVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "DATABRICKS_AWS": ("AWS", ("connection_service_name",)),
    "SNOWFLAKE_AWS": ("AWS", ("account_url", "vpce_id")),
    "REDSHIFT_AWS": ("AWS", ("aws_account_id", "cluster_identifier")),
    "SOURCE_AWS": ("AWS", ("connection_service_name",)),
    "DATABRICKS_AZURE": ("AZURE", ("connection_service_id", "workspace_url")),
    "SNOWFLAKE_AZURE": ("AZURE", ("account_url", "pls_id")),
    "ONELAKE_AZURE": ("AZURE", ("connection_service_id",)),
    "POSTGRES_WAREHOUSE_AZURE": ("AZURE", ("connection_service_id",)),
    "SQL_DATA_WAREHOUSE_AZURE": ("AZURE", ("connection_service_id",)),
    "SOURCE_AZURE": ("AZURE", ("connection_service_id", "sub_resource_name")),
    "SNOWFLAKE_GCP": ("GCP", ("account_url", "pls_id")),
    "SOURCE_GCP": ("GCP", ("private_connection_service_id",)),
    "DATABRICKS_GCP": ("GCP", ("connection_service_id", "workspace_url")),
}
"""Private link services: cloud provider and required ``config`` keys."""

LOG_SERVICES: dict[str, tuple[str, ...]] = {
    "azure_monitor_log": ("workspace_id",),
    "cloudwatch": ("region", "log_group_name"),
    "datadog_log": ("api_key",),
    "dynatrace": ("environment_id", "access_token"),
    "grafana_loki": ("loki_url",),
    "new_relic_log": ("api_key",),
    "splunkLog": ("host", "token"),
    "stackdriver": ("project_id",),
}
"""Log services and the ``config`` keys the emulator requires (its minimal validation)."""

ESM_TYPES: dict[str, tuple[str, ...]] = {
    "AWS_SECRET_MANAGER": ("role_arn",),
    "AZURE_KEY_VAULT": ("vault_url", "tenant_id"),
    "HASHICORP_VAULT": ("vault_address", "role_id", "secret_id"),
}
"""External secrets manager types and their required ``config`` keys."""

HDA_ENV_TYPES = frozenset({"DOCKER", "PODMAN", "KUBERNETES", "SNOWPARK"})
"""Hybrid deployment agent environments."""

# --------------------------------------------------------------------------------------
# connector types
# --------------------------------------------------------------------------------------

# service -> (display name, category)
_NAMES: dict[str, tuple[str, str]] = {
    "postgres": ("PostgreSQL", "Database"),
    "postgres_rds": ("Amazon RDS for PostgreSQL", "Database"),
    "aurora_postgres": ("Aurora PostgreSQL", "Database"),
    "google_cloud_postgresql": ("Google Cloud PostgreSQL", "Database"),
    "azure_postgres": ("Azure Database for PostgreSQL", "Database"),
    "mysql": ("MySQL", "Database"),
    "mysql_rds": ("Amazon RDS for MySQL", "Database"),
    "aurora": ("Aurora MySQL", "Database"),
    "google_cloud_mysql": ("Google Cloud MySQL", "Database"),
    "sql_server": ("SQL Server", "Database"),
    "sql_server_rds": ("Amazon RDS for SQL Server", "Database"),
    "azure_sql_db": ("Azure SQL Database", "Database"),
    "oracle": ("Oracle", "Database"),
    "oracle_rds": ("Amazon RDS for Oracle", "Database"),
    "mongo": ("MongoDB", "Database"),
    "mongo_sharded": ("MongoDB Sharded", "Database"),
    "dynamodb": ("Amazon DynamoDB", "Database"),
    "snowflake_db": ("Snowflake", "Database"),
    "salesforce": ("Salesforce", "Sales"),
    "salesforce_sandbox": ("Salesforce Sandbox", "Sales"),
    "netsuite_suiteanalytics": ("NetSuite SuiteAnalytics", "Finance"),
    "hubspot": ("HubSpot", "Marketing"),
    "stripe": ("Stripe", "Finance"),
    "stripe_test": ("Stripe Test Mode", "Finance"),
    "zendesk": ("Zendesk Support", "Support"),
    "jira": ("Jira", "Engineering"),
    "github": ("GitHub", "Engineering"),
    "gitlab": ("GitLab", "Engineering"),
    "shopify": ("Shopify", "Sales"),
    "google_ads": ("Google Ads", "Marketing"),
    "google_analytics_4": ("Google Analytics 4", "Marketing"),
    "facebook_ads": ("Facebook Ads", "Marketing"),
    "linkedin_ads": ("LinkedIn Ad Analytics", "Marketing"),
    "tiktok_ads": ("TikTok Ads", "Marketing"),
    "snapchat_ads": ("Snapchat Ads", "Marketing"),
    "pinterest_ads": ("Pinterest Ads", "Marketing"),
    "twitter_ads": ("X Ads", "Marketing"),
    "apple_search_ads": ("Apple Search Ads", "Marketing"),
    "criteo": ("Criteo", "Marketing"),
    "marketo": ("Marketo", "Marketing"),
    "intercom": ("Intercom", "Support"),
    "asana": ("Asana", "Productivity"),
    "slack": ("Slack", "Productivity"),
    "notion": ("Notion", "Productivity"),
    "airtable": ("Airtable", "Productivity"),
    "quickbooks": ("QuickBooks", "Finance"),
    "xero": ("Xero", "Finance"),
    "mailchimp": ("Mailchimp", "Marketing"),
    "klaviyo": ("Klaviyo", "Marketing"),
    "segment": ("Segment", "Events"),
    "amplitude": ("Amplitude", "Engineering"),
    "mixpanel": ("Mixpanel", "Engineering"),
    "braze": ("Braze", "Marketing"),
    "iterable": ("Iterable", "Marketing"),
    "zuora": ("Zuora", "Finance"),
    "recurly": ("Recurly", "Finance"),
    "workday": ("Workday RaaS", "HumanResources"),
    "greenhouse": ("Greenhouse", "HumanResources"),
    "lever": ("Lever", "HumanResources"),
    "bamboohr": ("BambooHR", "HumanResources"),
    "pipedrive": ("Pipedrive", "Sales"),
    "freshdesk": ("Freshdesk", "Support"),
    "twilio": ("Twilio", "Engineering"),
    "sendgrid": ("SendGrid", "Marketing"),
    "itunes_connect": ("Apple App Store", "Marketing"),
    "youtube_analytics": ("YouTube Analytics", "Marketing"),
    "pendo": ("Pendo", "Engineering"),
    "heap": ("Heap", "Engineering"),
    "google_sheets": ("Google Sheets", "File"),
    "s3": ("Amazon S3", "File"),
    "gcs": ("Google Cloud Storage", "File"),
    "azure_blob_storage": ("Azure Blob Storage", "File"),
    "sftp": ("SFTP", "File"),
    "ftp": ("FTP", "File"),
    "email": ("Email", "File"),
    "webhooks": ("Webhooks", "Events"),
    "box": ("Box", "File"),
    "dropbox": ("Dropbox", "File"),
    "google_drive": ("Google Drive", "File"),
    "share_point": ("SharePoint", "File"),
    "apache_kafka": ("Apache Kafka", "Events"),
    "confluent_cloud": ("Confluent Cloud", "Events"),
    "kinesis": ("Amazon Kinesis", "Events"),
    "connector_sdk": ("Connector SDK", "Function"),
    "aws_lambda": ("AWS Lambda", "Function"),
    "azure_function": ("Azure Functions", "Function"),
    "google_cloud_function": ("Google Cloud Functions", "Function"),
}

_OAUTH_APPS = frozenset(
    {
        "salesforce",
        "salesforce_sandbox",
        "hubspot",
        "google_ads",
        "google_analytics_4",
        "facebook_ads",
        "linkedin_ads",
        "tiktok_ads",
        "snapchat_ads",
        "pinterest_ads",
        "twitter_ads",
        "youtube_analytics",
        "quickbooks",
        "xero",
        "intercom",
        "slack",
        "notion",
        "shopify",
        "google_sheets",
        "google_drive",
        "box",
        "dropbox",
        "share_point",
    }
)
_LITE = frozenset({"criteo", "apple_search_ads", "pendo", "heap", "notion", "airtable"})
_BETA = frozenset({"notion", "tiktok_ads", "snowflake_db", "heap"})

_FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "database": (
        ("API_CONFIGURABLE", ""),
        ("CAPTURE_DELETES", "All tables"),
        ("COLUMN_HASHING", ""),
        ("DATA_BLOCKING", "Column level, table level, and schema level"),
        ("HISTORY", "All tables"),
        ("PRIORITY_FIRST_SYNC", ""),
        ("PRIVATE_NETWORKING", ""),
        ("RE_SYNC", "Connection level and table level"),
        ("ROW_FILTERING", ""),
    ),
    "app": (
        ("API_CONFIGURABLE", ""),
        ("CAPTURE_DELETES", "All tables"),
        ("COLUMN_HASHING", ""),
        ("DATA_BLOCKING", "Column level"),
        ("RE_SYNC", "Connection level and table level"),
        ("FIVETRAN_DATA_MODELS", ""),
    ),
    "table": (
        ("API_CONFIGURABLE", ""),
        ("COLUMN_HASHING", ""),
        ("RE_SYNC", "Connection level"),
        ("PRIVATE_NETWORKING", ""),
    ),
    "function": (
        ("API_CONFIGURABLE", ""),
        ("CUSTOM_DATA", ""),
        ("CAPTURE_DELETES", "All tables"),
        ("COLUMN_HASHING", ""),
        ("DATA_BLOCKING", "Table level"),
        ("RE_SYNC", "Connection level"),
    ),
}

_DOC_SECTION = {
    "database": "databases",
    "app": "applications",
    "table": "files",
    "function": "functions",
}


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _config_schema(service: str, info: ServiceInfo) -> dict[str, Any]:
    props: dict[str, Any]
    if info.kind == "database":
        props = {
            "schema_prefix": _string("Destination schema prefix (cannot be changed later)"),
            "host": _string("Database host address"),
            "port": {"type": "integer", "description": "Database port"},
            "database": _string("Database name"),
            "user": _string("Database user"),
            "password": _string("Database password", format="password"),
            "update_method": _string(
                "How incremental changes are captured", enum=["XMIN", "WAL", "TELEPORT", "QUERY"]
            ),
        }
        required = ["schema_prefix", "host", "port", "user", "password"]
    elif info.kind == "table":
        props = {
            "schema": _string("Destination schema name"),
            "table": _string("Destination table name"),
            "prefix": _string("Folder path to the files"),
            "pattern": _string("Regular expression the file names must match"),
            "file_type": _string("File format", enum=["infer", "csv", "json", "parquet", "avro"]),
        }
        if service in ("s3", "gcs", "azure_blob_storage"):
            props["bucket"] = _string("Bucket or container name")
        if service == "google_sheets":
            props["sheet_id"] = _string("Spreadsheet URL or id")
            props["named_range"] = _string("Named range to sync")
        required = ["schema", "table"]
    elif info.kind == "function":
        props = {
            "schema": _string("Destination schema name"),
            "secrets_list": {
                "type": "array",
                "description": "Secrets passed to the function",
                "items": {
                    "type": "object",
                    "properties": {"key": _string("Secret name"), "value": _string("Secret")},
                },
            },
        }
        if service == "connector_sdk":
            props["package_id"] = _string("Id of the uploaded Connector SDK package")
        else:
            props["function"] = _string("Function name or trigger URL")
        required = ["schema"]
    else:
        props = {"schema": _string("Destination schema name")}
        if service not in _OAUTH_APPS:
            props["api_key"] = _string("API key", format="password")
        required = ["schema"]
    return {"type": "object", "properties": props, "required": required}


def _auth_schema(service: str) -> dict[str, Any]:
    if service not in _OAUTH_APPS:
        return {}
    return {
        "type": "object",
        "properties": {
            "client_access": {
                "type": "object",
                "properties": {
                    "client_id": _string("OAuth client id"),
                    "client_secret": _string("OAuth client secret", format="password"),
                },
            },
            "refresh_token": _string("OAuth refresh token", format="password"),
            "access_token": _string("OAuth access token", format="password"),
        },
    }


def _summary(service: str) -> dict[str, Any]:
    info = CONNECTION_SERVICES[service]
    name, category = _NAMES[service]
    slug = service.replace("_", "-")
    base = f"https://fivetran.com/integrations/{service}/resources"
    features = [
        {"id": fid, "notes": notes} for fid, notes in _FEATURES.get(info.kind, _FEATURES["app"])
    ]
    if service in _OAUTH_APPS:
        features.append({"id": "AUTHORIZATION_VIA_API", "notes": ""})
    return {
        "id": service,
        "name": name,
        "type": category,
        "description": f"{name} is a {category.lower()} source that Fivetran replicates.",
        "icon_url": f"{base}/{slug}.svg",
        "icons": [f"{base}/{slug}_512.png", f"{base}/{slug}_40.svg"],
        "link_to_docs": f"https://fivetran.com/docs/connectors/{_DOC_SECTION[info.kind]}/{slug}",
        "link_to_erd": f"https://fivetran.com/docs/connectors/{_DOC_SECTION[info.kind]}/"
        f"{slug}#schemainformation",
        "connector_class": "lite" if service in _LITE else "standard",
        "supported_features": features,
        "service_status": "beta" if service in _BETA else "general_availability",
        "service_status_updated_at": "2025-06-01T00:00:00.000000Z",
    }


def connector_types() -> list[dict[str, Any]]:
    """Every connector type (summary form), sorted by id."""
    return [_summary(service) for service in sorted(CONNECTION_SERVICES)]


def connector_type(service: str) -> dict[str, Any] | None:
    """One connector type with its ``config``/``auth`` schemas, or ``None`` if unknown."""
    info = CONNECTION_SERVICES.get(service)
    if info is None:
        return None
    details = _summary(service)
    details["config"] = _config_schema(service, info)
    details["auth"] = _auth_schema(service)
    details["external_secrets_keys_config"] = {
        key: {"type": "string", "description": f"Secret name holding '{key}'"}
        for key, prop in details["config"]["properties"].items()
        if prop.get("format") == "password"
    }
    return details


# --------------------------------------------------------------------------------------
# Quickstart transformation packages
# --------------------------------------------------------------------------------------


def _package(
    ident: str,
    name: str,
    version: str,
    previous: str,
    services: tuple[str, ...],
    models: tuple[str, ...],
    variables: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "version": version,
        "connector_types": list(services),
        "output_model_names": list(models),
        "configurable_variables": variables,
        "_previous_version": previous,
    }


QUICKSTART_PACKAGES: tuple[dict[str, Any], ...] = (
    _package("stripe_quickstart", "stripe", "0.15.1", "0.14.0", ("stripe", "stripe_test"),
             ("stripe__balance_transactions", "stripe__customer_overview",
              "stripe__invoice_details", "stripe__subscription_details"),
             {"stripe__using_invoices": True, "stripe__using_subscriptions": True}),
    _package("hubspot_quickstart", "hubspot", "0.20.0", "0.19.2", ("hubspot",),
             ("hubspot__companies", "hubspot__contacts", "hubspot__deals",
              "hubspot__email_campaigns"),
             {"hubspot_marketing_enabled": True, "hubspot_sales_enabled": True}),
    _package("salesforce_quickstart", "salesforce", "1.1.0", "1.0.2",
             ("salesforce", "salesforce_sandbox"),
             ("salesforce__manager_performance", "salesforce__opportunity_enhanced",
              "salesforce__sales_snapshot", "salesforce__contact_enhanced"),
             {"salesforce__lead_enabled": True}),
    _package("zendesk_quickstart", "zendesk", "0.18.0", "0.17.1", ("zendesk",),
             ("zendesk__ticket_metrics", "zendesk__ticket_summary", "zendesk__ticket_enriched"),
             {"using_schedules": True}),
    _package("shopify_quickstart", "shopify", "0.14.0", "0.13.1", ("shopify",),
             ("shopify__orders", "shopify__customers", "shopify__products"),
             {"shopify_timezone": "UTC"}),
    _package("google_ads_quickstart", "google_ads", "0.11.0", "0.10.1", ("google_ads",),
             ("google_ads__campaign_report", "google_ads__ad_group_report",
              "google_ads__keyword_report"),
             {"google_ads__url_report__using_utms": True}),
    _package("facebook_ads_quickstart", "facebook_ads", "0.8.0", "0.7.3", ("facebook_ads",),
             ("facebook_ads__account_report", "facebook_ads__campaign_report",
              "facebook_ads__ad_report"),
             {"facebook_ads__basic_ad_actions": []}),
    _package("jira_quickstart", "jira", "0.19.0", "0.18.0", ("jira",),
             ("jira__issue_enhanced", "jira__project_enhanced", "jira__user_enhanced"),
             {"jira_using_sprints": True}),
    _package("github_quickstart", "github", "0.9.1", "0.9.0", ("github",),
             ("github__issues", "github__pull_requests", "github__daily_metrics"),
             {"github__using_repo_team": True}),
    _package("netsuite_quickstart", "netsuite", "0.13.0", "0.12.0",
             ("netsuite_suiteanalytics",),
             ("netsuite__balance_sheet", "netsuite__income_statement",
              "netsuite__transaction_details"),
             {"netsuite_data_model": "netsuite2"}),
)  # fmt: skip
"""Quickstart packages (``_previous_version`` is what seeded transformations start at)."""
