"""The platform part of the ``demo`` data set (all credentials are fake).

:func:`seed_platform_packages` runs before the demo connections are created (the demo's
Connector SDK connection uses package ``pkg_demo``); :func:`seed_platform` runs at the
end and adds transformations, log services, agents, a private link, a proxy agent, an
external secrets manager and some sync history.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us, parse_ts
from fivetrex.emulator._domain.log_services import NewLogService
from fivetrex.emulator._domain.projects import NewProject, ProjectSettings
from fivetrex.emulator._domain.sdk_packages import package_document
from fivetrex.emulator._domain.transformations import (
    DbtConfig,
    NewTransformation,
    QuickstartConfig,
    Schedule,
)

if TYPE_CHECKING:
    from fivetrex.emulator._domain import Backend

__all__ = ["demo_package_zip", "seed_platform", "seed_platform_packages"]

_CONNECTOR_PY = b'''"""A demo Connector SDK connector."""
from fivetran_connector_sdk import Connector, Operations as op


def update(configuration, state):
    yield op.upsert("records", {"id": 1, "value": "demo"})
    yield op.checkpoint({"cursor": "2026-01-01T00:00:00Z"})


connector = Connector(update=update)
'''


def demo_package_zip() -> bytes:
    """A small, byte-for-byte reproducible Connector SDK package (a ZIP)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("connector.py", _CONNECTOR_PY),
            ("requirements.txt", b"requests==2.32.3\n"),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def seed_platform_packages(backend: Backend) -> None:
    """Upload the demo Connector SDK package (id ``pkg_demo``)."""
    content = demo_package_zip()
    created = format_us(backend.state.clock.now() - timedelta(days=60))
    doc = package_document("pkg_demo", content, user_id=backend.settings.user_id, stamp=created)
    backend.state.put("sdk_packages", "pkg_demo", doc)


def _sync_id(connection_id: str, index: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fivetrex-demo/{connection_id}/{index}"))


def _past_syncs(conn: dict[str, Any], end: datetime) -> list[dict[str, Any]]:
    """Four syncs of ``conn``, eight hours apart, the last ending at ``end`` (failed if the
    connection is failing)."""
    records: list[dict[str, Any]] = []
    for index in range(3, -1, -1):
        ended: datetime = end - timedelta(hours=8 * index)
        failed = index == 0 and conn.get("failed_at") is not None
        record: dict[str, Any] = {
            "sync_id": _sync_id(conn["id"], index),
            "status": "FAILURE_WITH_TASK" if failed else "SUCCESSFUL",
            "started_at": format_us(ended - timedelta(minutes=6 + index)),
            "ended_at": format_us(ended),
            "historical": False,
        }
        if failed:
            tasks = conn["status"].get("tasks") or [{}]
            record["reason"] = tasks[0].get("details", "The sync failed")
            record["task_type"] = tasks[0].get("code", "reconnect")
        records.append(record)
    return records


def _history(backend: Backend) -> None:
    """Past syncs of the demo connections: three a day, the last one ending in their state."""
    state = backend.state
    for conn in state.values("connections"):
        last = conn.get("failed_at") or conn.get("succeeded_at")
        if not last:
            continue
        records = _past_syncs(conn, parse_ts(str(last)))
        errors = {}
        if conn.get("failed_at"):
            for task in conn["status"].get("tasks", []):
                errors[task["code"]] = conn["failed_at"]
        current = state.get("sync_history", conn["id"])
        if current is not None:  # syncing connections already record their running sync
            records.extend(current["records"])
        state.put("sync_history", conn["id"], {"records": records, "errors": errors})


def seed_platform(backend: Backend) -> None:
    """Transformations, log services, agents, networking and ESM for the demo account."""
    state = backend.state
    groups = [g["id"] for g in state.values("groups")]
    connections = list(state.values("connections"))
    if len(groups) < 5:
        return
    by_schema = {c["schema"]: c for c in connections}
    _history(backend)
    project = backend.create_project(
        NewProject(
            group_id=groups[0],
            dbt_version="1.8.7",
            default_schema="analytics",
            git_remote_url="git@github.com:acme/dbt-analytics.git",
            settings=ProjectSettings(git_branch="main", threads=8),
            run_tests=True,
        )
    )
    pg = by_schema.get("prod_pg")
    dbt = backend.create_transformation(
        NewTransformation(
            DbtConfig(
                project_id=project["id"],
                name="daily_models",
                steps=(("build", "dbt build"), ("docs", "dbt docs generate")),
            ),
            Schedule("INTEGRATED", connection_ids=(pg["id"],) if pg else ()),
        )
    )
    dbt_doc = state.tables["transformations"][dbt["id"]]
    finished = state.clock.now() - timedelta(hours=2)
    dbt_doc["status"] = "SUCCEEDED"
    dbt_doc["last_started_at"] = format_us(finished - timedelta(minutes=4))
    dbt_doc["last_ended_at"] = format_us(finished)
    stripe = by_schema.get("stripe")
    if stripe is not None:
        quick = backend.create_transformation(
            NewTransformation(
                QuickstartConfig(connection_ids=(stripe["id"],)),
                Schedule("TIME_OF_DAY", time_of_day="06:00"),
                paused=True,
            )
        )
        quick_doc = state.tables["transformations"][quick["id"]]
        quick_doc["_package_version"] = "0.14.0"  # an upgrade is available
    backend.create_account_log_service(
        NewLogService(
            "datadog_log",
            {"api_key": "dd-demo-key", "region": "US5"},
            enabled=True,
            run_setup_tests=True,
        )
    )
    backend.create_log_service(
        groups[1],
        NewLogService(
            "cloudwatch",
            {
                "region": "us-east-1",
                "log_group_name": "/fivetran/staging",
                "role_arn": "arn:aws:iam::123456789012:role/fivetran-logs",
            },
            enabled=False,
        ),
    )
    backend.create_agent(groups[3], "finance-dc-agent", "DOCKER")
    link = backend.create_private_link(
        "prod_db_link",
        "AWS_US_EAST_1",
        "SOURCE_AWS",
        {"connection_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0demo"},
    )
    link_doc = state.tables["private_links"][link["id"]]
    link_doc.update(
        state="OK", state_summary="The private link is ready", resource_upstream_status="ACTIVE"
    )
    link_doc.pop("_ready_ts", None)
    backend.create_proxy("corp-proxy", "GCP_US_EAST4")
    proxy_doc = list(state.values("proxy_agents"))[-1]
    proxy_doc["_online_ts"] = 0.0
    esm = backend.create_esm(
        "AWS_SECRET_MANAGER",
        "acme-secrets",
        {"role_arn": "arn:aws:iam::123456789012:role/fivetran-secrets"},
    )
    eu = by_schema.get("eu_mysql")
    if eu is not None:
        eu["external_secrets_manager_id"] = esm["id"]
        state.touch("connections", eu["id"])
