"""Raw-HTTP traffic over every platform operation (for the conformance recorder).

:func:`platform_scenario` drives connector metadata, Connector SDK packages,
transformation projects and transformations, log services, hybrid deployment agents,
private links, proxy agents, external secrets managers and HVR (and their error paths)
through an authenticated httpx client; the conformance suite records the traffic and
validates every response against the spec. The two endpoints newer than the spec
(sync history, errors) are not in it: ``test_platform.py`` checks them.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx

from emulator._emu_support import data, make_connection, make_group
from fivetrex.emulator import Emulator

__all__ = ["make_zip", "platform_scenario"]


def make_zip(text: str = "print('hello')\n") -> bytes:
    """A small ZIP holding ``connector.py``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("connector.py", text)
    return buffer.getvalue()


def platform_scenario(emu: Emulator, http: httpx.Client) -> dict[str, Any]:
    """Exercise every platform operation at least once successfully; return created ids."""
    gid = make_group(http, "Platform_Scenario")
    conn = make_connection(http, gid, "stripe", config={"schema": "plat_stripe"})["id"]
    # connector metadata
    page = data(http.get("/metadata/connector-types", params={"limit": 5}))
    http.get("/metadata/connector-types", params={"cursor": page["next_cursor"]})
    http.get("/metadata/connector-types/google_ads")
    http.get("/metadata/connector-types/connector_sdk")
    http.get("/metadata/connector-types/no_such_service")
    http.get("http://emulator.fivetrex.invalid/public/connector-types")
    # Connector SDK packages
    pkg = data(http.post("/connector-sdk/packages", files={"file": ("code.zip", make_zip())}), 201)
    http.post("/connector-sdk/packages", files={"file": ("bad.zip", b"not a zip")})
    http.post("/connector-sdk/packages", json={"file": "x"})
    http.get("/connector-sdk/packages")
    http.get(f"/connector-sdk/packages/{pkg['id']}")
    http.patch(f"/connector-sdk/packages/{pkg['id']}", files={"file": ("code.zip", make_zip("v2"))})
    http.get(f"/connector-sdk/packages/{pkg['id']}/download")
    sdk = make_connection(
        http, gid, "connector_sdk", config={"schema": "plat_sdk", "package_id": pkg["id"]}
    )["id"]
    http.delete(f"/connector-sdk/packages/{pkg['id']}")  # 403: linked
    http.get(f"/connector-sdk/packages/{pkg['id']}")
    http.delete(f"/connections/{sdk}")
    http.delete(f"/connector-sdk/packages/{pkg['id']}")
    http.get(f"/connector-sdk/packages/{pkg['id']}")
    # transformation projects
    project = data(
        http.post(
            "/transformation-projects",
            json={
                "group_id": gid,
                "type": "DBT_CORE",
                "run_tests": True,
                "project_config": {
                    "dbt_version": "1.8.7",
                    "default_schema": "analytics",
                    "git_remote_url": "git@github.com:acme/dbt.git",
                },
            },
        ),
        201,
    )
    http.post("/transformation-projects", json={"group_id": gid, "project_config": {}})
    http.get("/transformation-projects")
    http.get(f"/transformation-projects/{project['id']}")
    http.patch(
        f"/transformation-projects/{project['id']}",
        json={"project_config": {"threads": 2}, "run_tests": False},
    )
    http.post(f"/transformation-projects/{project['id']}/test")
    # transformations
    dbt = data(
        http.post(
            "/transformations",
            json={
                "type": "DBT_CORE",
                "paused": False,
                "transformation_config": {
                    "project_id": project["id"],
                    "name": "nightly",
                    "steps": [{"name": "run", "command": "dbt run"}],
                },
                "schedule": {"schedule_type": "INTERVAL", "interval": 60},
            },
        ),
        201,
    )
    quick = data(
        http.post(
            "/transformations",
            json={
                "type": "QUICKSTART",
                "transformation_config": {"connection_ids": [conn]},
                "schedule": {"schedule_type": "CRON", "cron": ["0 */2 * * *"]},
            },
        ),
        201,
    )
    http.post("/transformations", json={"type": "DBT_CORE", "transformation_config": {}})
    http.get("/transformations", params={"type": "QUICKSTART"})
    http.get("/transformations", params={"group_id": gid, "limit": 1})
    http.get(f"/transformations/{dbt['id']}")
    http.patch(f"/transformations/{dbt['id']}", json={"paused": True})
    http.post(f"/transformations/{dbt['id']}/cancel")  # 409: not running
    http.post(f"/transformations/{dbt['id']}/run", json={"full_refresh": True})
    http.get(f"/transformations/{dbt['id']}")
    http.post(f"/transformations/{dbt['id']}/run")  # 409: running
    http.post(f"/transformations/{dbt['id']}/cancel")
    http.post(f"/transformations/{quick['id']}/upgrade")
    http.post(f"/transformations/{dbt['id']}/upgrade")  # 400: dbt Core
    http.get("/transformations/package-metadata", params={"service": "stripe"})
    http.get("/transformations/package-metadata/stripe_quickstart")
    http.get("/transformations/package-metadata/nope")
    http.delete(f"/transformation-projects/{project['id']}")  # 409: has transformations
    http.delete(f"/transformations/{dbt['id']}")
    http.delete(f"/transformations/{quick['id']}")
    http.get(f"/transformations/{dbt['id']}")
    http.delete(f"/transformation-projects/{project['id']}")
    # log services
    http.get("/external-logging/account")  # 404 unless seeded
    http.delete("/external-logging/account")
    http.post(
        "/external-logging/account", json={"service": "new_relic_log", "config": {"api_key": "nr"}}
    )
    http.get("/external-logging/account")
    http.patch("/external-logging/account", json={"enabled": False, "run_setup_tests": True})
    http.post("/external-logging/account/test")
    log = data(
        http.post(
            "/external-logging",
            json={"group_id": gid, "service": "datadog_log", "enabled": True,
                  "run_setup_tests": True, "config": {"api_key": "dd", "region": "US"}},
        ),
        201,
    )  # fmt: skip
    http.post("/external-logging", json={"group_id": gid, "service": "nope"})
    http.get("/external-logging")
    http.get(f"/external-logging/{log['id']}")
    http.patch(f"/external-logging/{log['id']}", json={"config": {"api_key": "dd2"}})
    http.post(f"/external-logging/{log['id']}/test")
    http.delete(f"/external-logging/{log['id']}")
    http.get(f"/external-logging/{log['id']}")
    # hybrid deployment agents
    agent = data(
        http.post(
            "/hybrid-deployment-agents",
            json={"display_name": "dc1", "env_type": "DOCKER", "accept_terms": True,
                  "group_id": gid},
        ),
        201,
    )  # fmt: skip
    http.post("/hybrid-deployment-agents", json={"display_name": "x", "env_type": "DOCKER"})
    http.get("/hybrid-deployment-agents", params={"groupId": gid})
    http.get(f"/hybrid-deployment-agents/{agent['id']}")
    http.patch(f"/hybrid-deployment-agents/{agent['id']}/re-auth", json={"auth_type": "MANUAL"})
    http.post(f"/hybrid-deployment-agents/{agent['id']}/reset-credentials")
    http.delete(f"/hybrid-deployment-agents/{agent['id']}")
    http.get(f"/hybrid-deployment-agents/{agent['id']}")
    # private links
    link = data(
        http.post(
            "/private-links",
            json={"name": "plat_link", "region": "AWS_US_EAST_1", "service": "SOURCE_AWS",
                  "config": {"connection_service_name": "com.amazonaws.vpce.svc-1"}},
        ),
        201,
    )  # fmt: skip
    http.post(
        "/private-links", json={"name": "bad", "region": "GCP_US_EAST4", "service": "SOURCE_AWS"}
    )
    http.get("/private-links")
    emu.advance(600)
    http.get(f"/private-links/{link['id']}")
    http.patch(
        f"/private-links/{link['id']}",
        json={"config": {"connection_service_name": "com.amazonaws.vpce.svc-2"}},
    )
    http.delete(f"/private-links/{link['id']}")
    http.get(f"/private-links/{link['id']}")
    # proxy agents
    secrets = data(
        http.post("/proxy", json={"display_name": "plat-proxy", "group_region": "AWS_US_EAST_1"}),
        201,
    )
    proxy = secrets["agent_id"]
    http.post("/proxy", json={"display_name": "plat-proxy"})  # 409
    http.post("/proxy", json={"display_name": "other", "group_region": "MARS_1"})  # 400
    http.patch(f"/connections/{conn}", json={"proxy_agent_id": proxy})
    http.get("/proxy")
    http.get(f"/proxy/{proxy}")
    http.get(f"/proxy/{proxy}/connections")
    http.delete(f"/proxy/{proxy}")  # 409
    http.post(f"/proxy/{proxy}/regenerate-secrets")
    http.patch(f"/connections/{conn}", json={"proxy_agent_id": None})
    http.delete(f"/proxy/{proxy}")
    http.get(f"/proxy/{proxy}")
    # external secrets managers
    esm = data(
        http.post(
            "/external-secrets-managers",
            json={"type": "AWS_SECRET_MANAGER", "name": "plat-esm",
                  "config": {"role_arn": "arn:aws:iam::1:role/x"}},
        ),
        201,
    )  # fmt: skip
    http.post("/external-secrets-managers", json={"type": "AWS_SECRET_MANAGER", "name": "n"})
    http.get("/external-secrets-managers")
    http.get(f"/external-secrets-managers/{esm['id']}")
    http.patch(
        f"/external-secrets-managers/{esm['id']}",
        json={"config": {"role_arn": "arn:aws:iam::1:role/y"}},
    )
    http.patch(f"/connections/{conn}", json={"external_secrets_manager_id": esm["id"]})
    http.patch(f"/destinations/{gid}", json={"external_secrets_manager_id": esm["id"]})
    http.get("/external-secrets-managers-entities", params={"type": "all"})
    http.get(f"/external-secrets-managers/{esm['id']}/entities", params={"type": "source"})
    http.delete(f"/external-secrets-managers/{esm['id']}")  # 400: in use
    http.patch(f"/connections/{conn}", json={"external_secrets_manager_id": None})
    http.patch(f"/destinations/{gid}", json={"external_secrets_manager_id": None})
    http.delete(f"/external-secrets-managers/{esm['id']}")
    http.get(f"/external-secrets-managers/{esm['id']}")
    # HVR
    http.post(
        "/hvr/register-hub",
        json={"hub_server_url": "https://hub.acme.test", "port": 4343, "fingerprint": "ab:cd"},
    )
    http.post("/hvr/register-hub", json={"hub_server_url": "https://hub.acme.test"})
    return {"group_id": gid, "connection_id": conn}
