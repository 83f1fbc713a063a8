"""The request table of metadata, SDK packages, transformations, logging, agents, links, keys,
ESM and HVR.

``CASES`` and ``STREAMS``, run on both clients by ``test_api_platform.py``; ``test_api_spec.py``
checks that every declared method and stream is in a table.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

import httpx

from _api_support import Case, Stream, page
from fivetrex import (
    ConnectorSdkPackage,
    ConnectorType,
    ConnectorTypeDetails,
    ExternalSecretsManager,
    HvrHubRegistration,
    HybridDeploymentAgent,
    LogService,
    LogServiceTestResult,
    PackageMetadata,
    Page,
    PrivateLink,
    ProxyAgent,
    ProxyAgentConnection,
    ProxyAgentSecrets,
    SecretsManagerEntity,
    SystemKey,
    Transformation,
    TransformationProject,
)

CONNECTOR_TYPE: dict[str, Any] = {
    "id": "15five",
    "name": "15Five",
    "type": "HumanResources",
    "description": "15Five is an employee performance management platform.",
    "icon_url": "https://fivetran.com/integrations/coil_connectors/resources/15five/15five.svg",
    "icons": ["https://fivetran.com/integrations/15five_512.png"],
    "link_to_docs": "https://fivetran.com/docs/connectors/applications/15five",
    "connector_class": "lite",
    "supported_features": [
        {"id": "API_CONFIGURABLE", "notes": ""},
        {"id": "RE_SYNC", "notes": "Connection level and table level."},
    ],
    "link_to_erd": "https://fivetran.com/docs/connectors/applications/15five#schemainformation",
    "service_status": "general_availability",
    "service_status_updated_at": "2023-10-11",
}
CONNECTOR_TYPE_DETAILS = {
    **CONNECTOR_TYPE,
    "config": {"properties": {"api_key": {"type": "string"}}},
    "auth": {},
    "external_secrets_keys_config": {},
}
PACKAGE = {
    "id": "package_id",
    "connection_id": "connection_id",
    "created_by": "user_id",
    "last_updated_by": "user_id",
    "created_at": "2024-01-14T19:30:00Z",
    "updated_at": "2024-01-14T20:15:00Z",
    "file_sha256_hash": "a1b2c3d4e5f6",
}
SETUP_TESTS = [
    {
        "title": "Validate Login",
        "status": "FAILED",
        "message": "Invalid login credentials.",
        "details": "Authentication failed (401 Unauthorized).",
    }
]
PROJECT = {
    "id": "string",
    "type": "DBT_CORE",
    "status": "NOT_READY",
    "errors": ["string"],
    "created_at": "string",
    "created_by_id": "string",
    "group_id": "string",
    "setup_tests": SETUP_TESTS,
}
SCHEDULE = {
    "cron": ["0 */1 * * *"],
    "interval": 60,
    "schedule_type": "TIME_OF_DAY",
    "days_of_week": ["MONDAY", "FRIDAY"],
    "time_of_day": "14:00",
    "connection_ids": ["connection_id"],
    "transformation_ids": ["transformation_id"],
    "smart_syncing": False,
}
TRANSFORMATION = {
    "id": "transformation_id",
    "status": "RUNNING",
    "schedule": SCHEDULE,
    "type": "DBT_CORE",
    "paused": True,
    "created_at": "2024-01-02T00:00:00.743708Z",
    "created_by_id": "user_id",
    "last_started_at": "2024-01-02T00:00:00.000001Z",
    "last_ended_at": "2024-01-02T00:00:00.000001Z",
    "output_model_names": ["string"],
}
PACKAGE_METADATA = {
    "id": "package_definition_id",
    "name": "package_definition_name",
    "version": "version",
    "connector_types": ["string"],
    "output_model_names": ["string"],
    "configurable_variables": {},
}
LOG_SERVICE = {
    "id": "log_id",
    "service": "datadog_log",
    "enabled": True,
    "status": {
        "tasks": [
            {
                "code": "reconnect_log",
                "message": "Reconnect Logging Service",
                "details": "Please provide required permissions",
            }
        ],
        "setup_state": "connected",
    },
    "setup_tests": SETUP_TESTS,
}
AGENT = {
    "id": "agent_id",
    "version": "version",
    "enabled": True,
    "online": True,
    "usage": [{"schema": "schema_name", "service": "service", "connection_id": "connection_id"}],
    "display_name": "display_name",
    "group_id": "group_id",
    "registered_at": "2024-12-01T15:43:29.013729Z",
    "created_by": "created_by",
    "deployment_type": "DOCKER",
    "updated_at": "2024-12-01T15:43:29.013729Z",
    "last_used_at": "2024-12-01T15:43:29.013729Z",
}
AGENT_CREATED = {
    **{k: v for k, v in AGENT.items() if k != "usage"},
    "files": {
        "config_json": "Base64 {... config.json contents ...}",
        "auth_json": "Base64 {... auth.json contents ...}",
        "docker_compose_yaml": "Base64 {... docker-compose.yaml contents ...}",
    },
    "token": "token_value",
}
PRIVATE_LINK = {
    "id": "private_link_id",
    "name": "PrivateLinkName",
    "region": "AWS_US_EAST_1",
    "service": "SOURCE_AWS",
    "state": "OK",
    "host": "example.host.com",
    "account_id": "string",
    "cloud_provider": "AWS",
    "created_at": "2023-12-01T15:43:29.013729Z",
    "created_by": "user_id",
    "state_summary": "...",
    "resource_upstream_status": "IDLE",
}
PROXY = {
    "id": "id",
    "account_id": "account_id",
    "registered_at": "2018-12-01T15:43:29.013729Z",
    "region": "GCP_US_EAST4",
    "created_by": "created_by",
    "display_name": "display_name",
    "version": "1.0.0",
    "status": "CONNECTED",
    "connector_count": 3,
    "destination_count": 1,
}
PROXY_DETAILS = {
    **{k: v for k, v in PROXY.items() if not k.endswith("_count")},
    "usage": [{"id": "connection_id", "schema": "schema", "service": "postgres"}],
}
PROXY_SECRETS = {
    "agent_id": "id",
    "auth_token": "auth_token",
    "client_cert": "client_cert",
    "client_private_key": "client_private_key",
    "orchestrator_host": "orchestrator.fivetran.com",
    "orchestrator_port": 443,
}
PERMISSIONS = [
    {"resource_type": "USER", "access_level": "READ"},
    {
        "resource_type": "TRANSFORMATION",
        "access_level": "MANAGE",
        "resource_filter": {"group_ids": ["group_id_1", "group_id_2"]},
    },
]
SYSTEM_KEY = {
    "id": "sod_determine",
    "name": "prod_key",
    "key": "<key_value>",
    "secret": "<secret_value>",
    "created_at": "2023-11-10T19:32:58.646Z",
    "expired_at": "2024-02-10T19:32:58.646Z",
    "permissions": PERMISSIONS,
}
ESM = {
    "id": "lucky_tiger",
    "type": "AWS_SECRET_MANAGER",
    "name": "My AWS Secrets Manager",
    "is_hybrid_deployment": False,
    "created_at": "2024-01-01T00:00:00.000000Z",
    "updated_at": "2024-06-01T00:00:00.000000Z",
    "config": {"role_arn": "arn:aws:iam::123456789012:role/FivetranRole"},
}
ESM_ENTITY = {
    "id": "connection_id",
    "type": "SOURCE",
    "name": "my_schema",
    "enabled": True,
    "secret_manager_id": "lucky_tiger",
    "created_at": "2024-01-01T00:00:00.000000Z",
}
ZIP = b"PK\x03\x04fake-zip-bytes\x00\xff"


def _message(text: str) -> httpx.Response:
    return httpx.Response(200, json={"code": "Success", "message": text})


CASES = [
    # ------------------------------------------------------------------ connector types
    Case(
        "connector_types.list",
        lambda c: c.connector_types.list(limit=1),
        "GET",
        "/v1/metadata/connector-types",
        page(CONNECTOR_TYPE),
        Page[ConnectorType],
        query={"limit": "1"},
        check=lambda p: p.items[0].supports("RE_SYNC") and not p.items[0].supports("X"),
    ),
    Case(
        "connector_types.get",
        lambda c: c.connector_types.get("15five"),
        "GET",
        "/v1/metadata/connector-types/15five",
        CONNECTOR_TYPE_DETAILS,
        ConnectorTypeDetails,
        check=lambda t: "api_key" in t.config["properties"],
    ),
    Case(
        "connector_types.list_public",
        lambda c: c.connector_types.list_public(),
        "GET",
        "/public/connector-types",
        page(CONNECTOR_TYPE_DETAILS, CONNECTOR_TYPE, next_cursor=None),
        list[ConnectorTypeDetails],
        check=lambda items: [t.id for t in items] == ["15five", "15five"],
    ),
    Case(
        "connector_types.list_public(single object, as in the spec)",
        lambda c: c.connector_types.list_public(),
        "GET",
        "/public/connector-types",
        CONNECTOR_TYPE_DETAILS,
        list[ConnectorTypeDetails],
    ),
    Case(
        "connector_types.list_public(bare list)",
        lambda c: c.connector_types.list_public(),
        "GET",
        "/public/connector-types",
        [CONNECTOR_TYPE],
        list[ConnectorTypeDetails],
    ),
    # ------------------------------------------------------------------ SDK packages
    Case(
        "connector_sdk_packages.list",
        lambda c: c.connector_sdk_packages.list(),
        "GET",
        "/v1/connector-sdk/packages",
        page(PACKAGE),
        Page[ConnectorSdkPackage],
    ),
    Case(
        "connector_sdk_packages.get",
        lambda c: c.connector_sdk_packages.get("package_id"),
        "GET",
        "/v1/connector-sdk/packages/package_id",
        PACKAGE,
        ConnectorSdkPackage,
        check=lambda p: p.updated_at == datetime(2024, 1, 14, 20, 15, tzinfo=timezone.utc),
    ),
    Case(
        "connector_sdk_packages.create(bytes)",
        lambda c: c.connector_sdk_packages.create(ZIP),
        "POST",
        "/v1/connector-sdk/packages",
        PACKAGE,
        ConnectorSdkPackage,
        files=("upload.bin", ZIP),
    ),
    Case(
        "connector_sdk_packages.create(file object)",
        lambda c: c.connector_sdk_packages.create(_named_file("code.zip")),
        "POST",
        "/v1/connector-sdk/packages",
        PACKAGE,
        ConnectorSdkPackage,
        files=("code.zip", ZIP),
    ),
    Case(
        "connector_sdk_packages.update",
        lambda c: c.connector_sdk_packages.update("package_id", _named_file("v2.zip")),
        "PATCH",
        "/v1/connector-sdk/packages/package_id",
        PACKAGE,
        ConnectorSdkPackage,
        files=("v2.zip", ZIP),
    ),
    Case(
        "connector_sdk_packages.delete",
        lambda c: c.connector_sdk_packages.delete("package_id"),
        "DELETE",
        "/v1/connector-sdk/packages/package_id",
        reply=_message("Package deleted successfully"),
    ),
    Case(
        "connector_sdk_packages.download",
        lambda c: c.connector_sdk_packages.download("package_id"),
        "GET",
        "/v1/connector-sdk/packages/package_id/download",
        reply=httpx.Response(200, content=ZIP, headers={"content-type": "application/zip"}),
        returns=bytes,
        check=lambda data: data == ZIP,
    ),
    # ------------------------------------------------------------------ transformation projects
    Case(
        "transformation_projects.list",
        lambda c: c.transformation_projects.list(),
        "GET",
        "/v1/transformation-projects",
        page({k: PROJECT[k] for k in ("id", "type", "created_at", "created_by_id", "group_id")}),
        Page[TransformationProject],
    ),
    Case(
        "transformation_projects.get",
        lambda c: c.transformation_projects.get("p"),
        "GET",
        "/v1/transformation-projects/p",
        PROJECT,
        TransformationProject,
        check=lambda p: p.status == "NOT_READY" and p.setup_tests[0].status == "FAILED",
    ),
    Case(
        "transformation_projects.create",
        lambda c: c.transformation_projects.create(
            group_id="g",
            project_config={"git_remote_url": "git@github.com:acme/dbt.git", "threads": 4},
            run_tests=False,
        ),
        "POST",
        "/v1/transformation-projects",
        PROJECT,
        TransformationProject,
        body={
            "group_id": "g",
            "type": "DBT_CORE",
            "project_config": {"git_remote_url": "git@github.com:acme/dbt.git", "threads": 4},
            "run_tests": False,
        },
    ),
    Case(
        "transformation_projects.update",
        lambda c: c.transformation_projects.update("p", project_config={"threads": 8}),
        "PATCH",
        "/v1/transformation-projects/p",
        PROJECT,
        TransformationProject,
        body={"project_config": {"threads": 8}},
    ),
    Case(
        "transformation_projects.delete",
        lambda c: c.transformation_projects.delete("p"),
        "DELETE",
        "/v1/transformation-projects/p",
    ),
    Case(
        "transformation_projects.test",
        lambda c: c.transformation_projects.test("p"),
        "POST",
        "/v1/transformation-projects/p/test",
        PROJECT,
        TransformationProject,
        body={},
    ),
    # ------------------------------------------------------------------ transformations
    Case(
        "transformations.list",
        lambda c: c.transformations.list(group_id="g", project_id="p", type="DBT_CORE"),
        "GET",
        "/v1/transformations",
        page(TRANSFORMATION),
        Page[Transformation],
        query={"group_id": "g", "project_id": "p", "type": "DBT_CORE"},
        check=lambda p: (
            p.items[0].schedule is not None
            and p.items[0].schedule.days_of_week == ["MONDAY", "FRIDAY"]
        ),
    ),
    Case(
        "transformations.get",
        lambda c: c.transformations.get("transformation_id"),
        "GET",
        "/v1/transformations/transformation_id",
        {**TRANSFORMATION, "transformation_config": {"project_id": "p", "name": "n"}},
        Transformation,
        check=lambda t: (
            t.is_running and t.transformation_config == {"project_id": "p", "name": "n"}
        ),
    ),
    Case(
        "transformations.create",
        lambda c: c.transformations.create(
            type="QUICKSTART",
            transformation_config={"package_name": "hubspot", "connection_ids": ["c"]},
            schedule={"schedule_type": "INTEGRATED"},
            paused=False,
        ),
        "POST",
        "/v1/transformations",
        TRANSFORMATION,
        Transformation,
        body={
            "type": "QUICKSTART",
            "transformation_config": {"package_name": "hubspot", "connection_ids": ["c"]},
            "schedule": {"schedule_type": "INTEGRATED"},
            "paused": False,
        },
    ),
    Case(
        "transformations.update",
        lambda c: c.transformations.update("t", paused=True),
        "PATCH",
        "/v1/transformations/t",
        TRANSFORMATION,
        Transformation,
        body={"paused": True},
    ),
    Case(
        "transformations.delete",
        lambda c: c.transformations.delete("t"),
        "DELETE",
        "/v1/transformations/t",
    ),
    Case(
        "transformations.run",
        lambda c: c.transformations.run("t", full_refresh=True),
        "POST",
        "/v1/transformations/t/run",
        reply=_message("Transformation with id 't' has been started"),
        body={"full_refresh": True},
    ),
    Case(
        "transformations.cancel",
        lambda c: c.transformations.cancel("t"),
        "POST",
        "/v1/transformations/t/cancel",
        reply=_message("Transformation with id 't' has been canceled"),
        body={},
    ),
    Case(
        "transformations.upgrade",
        lambda c: c.transformations.upgrade("t"),
        "POST",
        "/v1/transformations/t/upgrade",
        reply=_message("Transformation package has been upgraded"),
        body={},
    ),
    Case(
        "transformations.list_package_metadata",
        lambda c: c.transformations.list_package_metadata(service="hubspot", name="hubspot"),
        "GET",
        "/v1/transformations/package-metadata",
        page(PACKAGE_METADATA),
        Page[PackageMetadata],
        query={"service": "hubspot", "name": "hubspot"},
    ),
    Case(
        "transformations.get_package_metadata",
        lambda c: c.transformations.get_package_metadata("package_definition_id"),
        "GET",
        "/v1/transformations/package-metadata/package_definition_id",
        PACKAGE_METADATA,
        PackageMetadata,
        check=lambda p: p.output_model_names == ["string"],
    ),
    # ------------------------------------------------------------------ log services
    Case(
        "log_services.list",
        lambda c: c.log_services.list(),
        "GET",
        "/v1/external-logging",
        page(LOG_SERVICE),
        Page[LogService],
        check=lambda p: p.items[0].status.tasks[0].code == "reconnect_log",
    ),
    Case(
        "log_services.get",
        lambda c: c.log_services.get("log_id"),
        "GET",
        "/v1/external-logging/log_id",
        LOG_SERVICE,
        LogService,
    ),
    Case(
        "log_services.create",
        lambda c: c.log_services.create(
            group_id="g",
            service="datadog_log",
            config={"api_key": "k", "region": "US"},
            enabled=True,
            run_setup_tests=False,
        ),
        "POST",
        "/v1/external-logging",
        LOG_SERVICE,
        LogService,
        body={
            "group_id": "g",
            "service": "datadog_log",
            "config": {"api_key": "k", "region": "US"},
            "enabled": True,
            "run_setup_tests": False,
        },
    ),
    Case(
        "log_services.update",
        lambda c: c.log_services.update("log_id", enabled=False),
        "PATCH",
        "/v1/external-logging/log_id",
        LOG_SERVICE,
        LogService,
        body={"enabled": False},
    ),
    Case(
        "log_services.delete",
        lambda c: c.log_services.delete("log_id"),
        "DELETE",
        "/v1/external-logging/log_id",
    ),
    Case(
        "log_services.test",
        lambda c: c.log_services.test("log_id"),
        "POST",
        "/v1/external-logging/log_id/test",
        {"setup_tests": SETUP_TESTS},
        LogServiceTestResult,
        body={},
        check=lambda r: not r.passed,
    ),
    Case(
        "log_services.get_account",
        lambda c: c.log_services.get_account(),
        "GET",
        "/v1/external-logging/account",
        LOG_SERVICE,
        LogService,
    ),
    Case(
        "log_services.create_account",
        lambda c: c.log_services.create_account(
            service="cloudwatch", config={"region": "us-east-1"}, enabled=True
        ),
        "POST",
        "/v1/external-logging/account",
        LOG_SERVICE,
        LogService,
        body={"service": "cloudwatch", "config": {"region": "us-east-1"}, "enabled": True},
    ),
    Case(
        "log_services.update_account",
        lambda c: c.log_services.update_account(run_setup_tests=True),
        "PATCH",
        "/v1/external-logging/account",
        LOG_SERVICE,
        LogService,
        body={"run_setup_tests": True},
    ),
    Case(
        "log_services.delete_account",
        lambda c: c.log_services.delete_account(),
        "DELETE",
        "/v1/external-logging/account",
    ),
    Case(
        "log_services.test_account",
        lambda c: c.log_services.test_account(),
        "POST",
        "/v1/external-logging/account/test",
        {"setup_tests": [{**SETUP_TESTS[0], "status": "PASSED"}]},
        LogServiceTestResult,
        body={},
        check=lambda r: r.passed,
    ),
    # ------------------------------------------------------------------ hybrid deployment agents
    Case(
        "hybrid_deployment_agents.list",
        lambda c: c.hybrid_deployment_agents.list(group_id="g", limit=10),
        "GET",
        "/v1/hybrid-deployment-agents",
        page(AGENT),
        Page[HybridDeploymentAgent],
        query={"groupId": "g", "limit": "10"},
        check=lambda p: p.items[0].usage[0].schema_ == "schema_name",
    ),
    Case(
        "hybrid_deployment_agents.get",
        lambda c: c.hybrid_deployment_agents.get("agent_id"),
        "GET",
        "/v1/hybrid-deployment-agents/agent_id",
        AGENT,
        HybridDeploymentAgent,
        check=lambda a: a.online and a.files is None,
    ),
    Case(
        "hybrid_deployment_agents.create",
        lambda c: c.hybrid_deployment_agents.create(
            display_name="display_name",
            env_type="DOCKER",
            accept_terms=True,
            group_id="group_id",
            auth_type="AUTO",
        ),
        "POST",
        "/v1/hybrid-deployment-agents",
        AGENT_CREATED,
        HybridDeploymentAgent,
        body={
            "display_name": "display_name",
            "env_type": "DOCKER",
            "accept_terms": True,
            "group_id": "group_id",
            "auth_type": "AUTO",
        },
        check=lambda a: (
            a.token == "token_value"
            and a.files is not None
            and a.files.docker_compose_yaml is not None
        ),
    ),
    Case(
        "hybrid_deployment_agents.delete",
        lambda c: c.hybrid_deployment_agents.delete("agent_id"),
        "DELETE",
        "/v1/hybrid-deployment-agents/agent_id",
    ),
    Case(
        "hybrid_deployment_agents.re_auth",
        lambda c: c.hybrid_deployment_agents.re_auth("agent_id", auth_type="MANUAL", confirm=True),
        "PATCH",
        "/v1/hybrid-deployment-agents/agent_id/re-auth",
        AGENT_CREATED,
        HybridDeploymentAgent,
        body={"auth_type": "MANUAL"},
        check=lambda a: a.token == "token_value",
    ),
    Case(
        "hybrid_deployment_agents.reset_credentials",
        lambda c: c.hybrid_deployment_agents.reset_credentials("agent_id", confirm=True),
        "POST",
        "/v1/hybrid-deployment-agents/agent_id/reset-credentials",
        reply=_message("Successfully reset credentials the agent with id = agent_id"),
        body={},
    ),
    # ------------------------------------------------------------------ private links
    Case(
        "private_links.list",
        lambda c: c.private_links.list(),
        "GET",
        "/v1/private-links",
        page(PRIVATE_LINK),
        Page[PrivateLink],
    ),
    Case(
        "private_links.get",
        lambda c: c.private_links.get("private_link_id"),
        "GET",
        "/v1/private-links/private_link_id",
        PRIVATE_LINK,
        PrivateLink,
        check=lambda p: p.cloud_provider == "AWS" and p.host == "example.host.com",
    ),
    Case(
        "private_links.create",
        lambda c: c.private_links.create(
            name="PrivateLinkName",
            region="AWS_US_EAST_1",
            service="SOURCE_AWS",
            config={"connection_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1"},
        ),
        "POST",
        "/v1/private-links",
        PRIVATE_LINK,
        PrivateLink,
        body={
            "name": "PrivateLinkName",
            "region": "AWS_US_EAST_1",
            "service": "SOURCE_AWS",
            "config": {"connection_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1"},
        },
    ),
    Case(
        "private_links.update",
        lambda c: c.private_links.update("private_link_id", config={"aws_account_id": "1"}),
        "PATCH",
        "/v1/private-links/private_link_id",
        PRIVATE_LINK,
        PrivateLink,
        body={"config": {"aws_account_id": "1"}},
    ),
    Case(
        "private_links.delete",
        lambda c: c.private_links.delete("private_link_id"),
        "DELETE",
        "/v1/private-links/private_link_id",
        reply=_message("Private link with id 'private_link_id' is marked for deletion"),
    ),
    # ------------------------------------------------------------------ proxy agents
    Case(
        "proxy_agents.list",
        lambda c: c.proxy_agents.list(),
        "GET",
        "/v1/proxy",
        page(PROXY),
        Page[ProxyAgent],
        check=lambda p: p.items[0].connector_count == 3,
    ),
    Case(
        "proxy_agents.get",
        lambda c: c.proxy_agents.get("id"),
        "GET",
        "/v1/proxy/id",
        PROXY_DETAILS,
        ProxyAgent,
        check=lambda p: p.usage[0].id == "connection_id" and p.usage[0].service == "postgres",
    ),
    Case(
        "proxy_agents.get(bare body, as in the spec)",
        lambda c: c.proxy_agents.get("id"),
        "GET",
        "/v1/proxy/id",
        reply=httpx.Response(200, json=PROXY_DETAILS),
        returns=ProxyAgent,
        check=lambda p: p.display_name == "display_name",
    ),
    Case(
        "proxy_agents.create",
        lambda c: c.proxy_agents.create(display_name="display_name", group_region="GCP_US_EAST4"),
        "POST",
        "/v1/proxy",
        reply=httpx.Response(
            201,
            json={
                "code": "Created",
                "message": "Proxy agent has been created",
                "data": PROXY_SECRETS,
            },
        ),
        returns=ProxyAgentSecrets,
        body={"display_name": "display_name", "group_region": "GCP_US_EAST4"},
        check=lambda s: s.auth_token == "auth_token" and s.orchestrator_port == 443,
    ),
    Case(
        "proxy_agents.delete",
        lambda c: c.proxy_agents.delete("id"),
        "DELETE",
        "/v1/proxy/id",
        reply=_message("Agent <proxy> successfully deleted."),
    ),
    Case(
        "proxy_agents.list_connections",
        lambda c: c.proxy_agents.list_connections("id"),
        "GET",
        "/v1/proxy/id/connections",
        page({"connection_id": "connection_id"}),
        Page[ProxyAgentConnection],
    ),
    Case(
        "proxy_agents.regenerate_secrets",
        lambda c: c.proxy_agents.regenerate_secrets("id", confirm=True),
        "POST",
        "/v1/proxy/id/regenerate-secrets",
        PROXY_SECRETS,
        ProxyAgentSecrets,
        body={},
        check=lambda s: s.client_private_key == "client_private_key",
    ),
    # ------------------------------------------------------------------ system keys
    Case(
        "system_keys.list",
        lambda c: c.system_keys.list(),
        "GET",
        "/v1/system-keys",
        page({k: v for k, v in SYSTEM_KEY.items() if k != "secret"}, next_cursor=None),
        Page[SystemKey],
        check=lambda p: p.items[0].secret is None,
    ),
    Case(
        "system_keys.get",
        lambda c: c.system_keys.get("sod_determine"),
        "GET",
        "/v1/system-keys/sod_determine",
        SYSTEM_KEY,
        SystemKey,
        check=lambda k: (
            k.permissions[1].resource_filter is not None
            and k.permissions[1].resource_filter.group_ids == ["group_id_1", "group_id_2"]
        ),
    ),
    Case(
        "system_keys.create",
        lambda c: c.system_keys.create(
            name="prod_key", permissions=PERMISSIONS, expiration_period="THREE_MONTHS"
        ),
        "POST",
        "/v1/system-keys",
        SYSTEM_KEY,
        SystemKey,
        body={"name": "prod_key", "permissions": PERMISSIONS, "expiration_period": "THREE_MONTHS"},
        check=lambda k: k.secret == "<secret_value>",
    ),
    Case(
        "system_keys.update",
        lambda c: c.system_keys.update("sod_determine", name="renamed"),
        "PATCH",
        "/v1/system-keys/sod_determine",
        SYSTEM_KEY,
        SystemKey,
        body={"name": "renamed"},
    ),
    Case(
        "system_keys.delete",
        lambda c: c.system_keys.delete("sod_determine"),
        "DELETE",
        "/v1/system-keys/sod_determine",
    ),
    Case(
        "system_keys.rotate",
        lambda c: c.system_keys.rotate(
            "sod_determine", expiration_period="SIX_MONTHS", confirm=True
        ),
        "POST",
        "/v1/system-keys/sod_determine/rotate",
        SYSTEM_KEY,
        SystemKey,
        body={"expiration_period": "SIX_MONTHS"},
        check=lambda k: (
            k.expired_at == datetime(2024, 2, 10, 19, 32, 58, 646000, tzinfo=timezone.utc)
        ),
    ),
    # ------------------------------------------------------------------ external secrets managers
    Case(
        "external_secrets_managers.list",
        lambda c: c.external_secrets_managers.list(),
        "GET",
        "/v1/external-secrets-managers",
        page(ESM),
        Page[ExternalSecretsManager],
    ),
    Case(
        "external_secrets_managers.get",
        lambda c: c.external_secrets_managers.get("lucky_tiger"),
        "GET",
        "/v1/external-secrets-managers/lucky_tiger",
        ESM,
        ExternalSecretsManager,
        check=lambda e: e.config["role_arn"].startswith("arn:aws:iam::"),
    ),
    Case(
        "external_secrets_managers.create",
        lambda c: c.external_secrets_managers.create(
            type="AWS_SECRET_MANAGER",
            name="My AWS Secrets Manager",
            config={"role_arn": "arn:aws:iam::123456789012:role/FivetranRole"},
            is_hybrid_deployment=False,
        ),
        "POST",
        "/v1/external-secrets-managers",
        ESM,
        ExternalSecretsManager,
        body={
            "type": "AWS_SECRET_MANAGER",
            "name": "My AWS Secrets Manager",
            "config": {"role_arn": "arn:aws:iam::123456789012:role/FivetranRole"},
            "is_hybrid_deployment": False,
        },
    ),
    Case(
        "external_secrets_managers.update",
        lambda c: c.external_secrets_managers.update("lucky_tiger", config={"role_arn": "arn:x"}),
        "PATCH",
        "/v1/external-secrets-managers/lucky_tiger",
        ESM,
        ExternalSecretsManager,
        body={"config": {"role_arn": "arn:x"}},
    ),
    Case(
        "external_secrets_managers.delete",
        lambda c: c.external_secrets_managers.delete("lucky_tiger"),
        "DELETE",
        "/v1/external-secrets-managers/lucky_tiger",
        reply=_message("External Secrets Manager 'lucky_tiger' has been deleted."),
    ),
    Case(
        "external_secrets_managers.list_entities",
        lambda c: c.external_secrets_managers.list_entities("lucky_tiger", type="source"),
        "GET",
        "/v1/external-secrets-managers/lucky_tiger/entities",
        page(ESM_ENTITY),
        Page[SecretsManagerEntity],
        query={"type": "source"},
        check=lambda p: p.items[0].secret_manager_id == "lucky_tiger",
    ),
    Case(
        "external_secrets_managers.list_all_entities",
        lambda c: c.external_secrets_managers.list_all_entities(esm_id="lucky_tiger", type="all"),
        "GET",
        "/v1/external-secrets-managers-entities",
        page(ESM_ENTITY),
        Page[SecretsManagerEntity],
        query={"esm_id": "lucky_tiger", "type": "all"},
    ),
    # ------------------------------------------------------------------ HVR, certificates
    Case(
        "hvr_registrations.register_hub",
        lambda c: c.hvr_registrations.register_hub(
            hub_server_url="https://hub.example.com", port=4343, fingerprint="fingerprint_value"
        ),
        "POST",
        "/v1/hvr/register-hub",
        {"access_token": "access_token_value", "registration_id": "registration_id"},
        HvrHubRegistration,
        body={
            "hub_server_url": "https://hub.example.com",
            "port": 4343,
            "fingerprint": "fingerprint_value",
        },
        check=lambda r: r.access_token == "access_token_value",
    ),
    Case(
        "certificates.approve",
        lambda c: c.certificates.approve(
            hash="jhg5UI7fgrI6yy...", encoded_cert="MIID9DCC", connection_id="conn"
        ),
        "POST",
        "/v1/certificates",
        reply=_message("The certificate has been approved."),
        body={"hash": "jhg5UI7fgrI6yy...", "encoded_cert": "MIID9DCC", "connection_id": "conn"},
    ),
]


def _named_file(name: str) -> io.BytesIO:
    handle = io.BytesIO(ZIP)
    handle.name = name
    return handle


STREAMS = [
    Stream(
        "connector_types.stream",
        lambda c: c.connector_types.stream(),
        "/v1/metadata/connector-types",
        CONNECTOR_TYPE,
        ConnectorType,
    ),
    Stream(
        "connector_sdk_packages.stream",
        lambda c: c.connector_sdk_packages.stream(),
        "/v1/connector-sdk/packages",
        PACKAGE,
        ConnectorSdkPackage,
    ),
    Stream(
        "transformation_projects.stream",
        lambda c: c.transformation_projects.stream(),
        "/v1/transformation-projects",
        PROJECT,
        TransformationProject,
    ),
    Stream(
        "transformations.stream",
        lambda c: c.transformations.stream(type="QUICKSTART"),
        "/v1/transformations",
        TRANSFORMATION,
        Transformation,
        query={"type": "QUICKSTART"},
    ),
    Stream(
        "transformations.stream_package_metadata",
        lambda c: c.transformations.stream_package_metadata(service="hubspot"),
        "/v1/transformations/package-metadata",
        PACKAGE_METADATA,
        PackageMetadata,
        query={"service": "hubspot"},
    ),
    Stream(
        "log_services.stream",
        lambda c: c.log_services.stream(),
        "/v1/external-logging",
        LOG_SERVICE,
        LogService,
    ),
    Stream(
        "hybrid_deployment_agents.stream",
        lambda c: c.hybrid_deployment_agents.stream(group_id="g"),
        "/v1/hybrid-deployment-agents",
        AGENT,
        HybridDeploymentAgent,
        query={"groupId": "g"},
    ),
    Stream(
        "private_links.stream",
        lambda c: c.private_links.stream(),
        "/v1/private-links",
        PRIVATE_LINK,
        PrivateLink,
    ),
    Stream(
        "proxy_agents.stream", lambda c: c.proxy_agents.stream(), "/v1/proxy", PROXY, ProxyAgent
    ),
    Stream(
        "proxy_agents.stream_connections",
        lambda c: c.proxy_agents.stream_connections("id"),
        "/v1/proxy/id/connections",
        {"connection_id": "c"},
        ProxyAgentConnection,
    ),
    Stream(
        "system_keys.stream",
        lambda c: c.system_keys.stream(),
        "/v1/system-keys",
        SYSTEM_KEY,
        SystemKey,
    ),
    Stream(
        "external_secrets_managers.stream",
        lambda c: c.external_secrets_managers.stream(),
        "/v1/external-secrets-managers",
        ESM,
        ExternalSecretsManager,
    ),
]
