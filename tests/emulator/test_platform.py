"""Connector metadata, SDK packages, transformations, log services, agents, private links,
proxy agents, external secrets managers, HVR, and connection sync history / errors.

Every test runs twice, through ``emu.client()`` (``Fivetrex``) and ``emu.async_client()``
(``AsyncFivetrex``); every JSON response the emulator sends during a test is recorded and
validated against the official OpenAPI document (with the leniency of
:mod:`emulator._spec`); the two endpoints newer than the document are validated against
the field list of the reference (:data:`HISTORY_ITEM`, :data:`ERROR_ITEM`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from _support import collect, resolve
from emulator._platform_scenario import make_zip
from emulator._spec import OpenAPIOracle, load_oracle
from fivetrex.emulator import Emulator
from fivetrex.emulator._api.agents import AGENT_ROUTES
from fivetrex.emulator._api.history import HISTORY_ROUTES
from fivetrex.emulator._api.hvr import HVR_ROUTES
from fivetrex.emulator._api.log_services import LOG_SERVICE_ROUTES
from fivetrex.emulator._api.metadata import METADATA_ROUTES
from fivetrex.emulator._api.private_links import PRIVATE_LINK_ROUTES
from fivetrex.emulator._api.projects import PROJECT_ROUTES
from fivetrex.emulator._api.proxy_agents import PROXY_AGENT_ROUTES
from fivetrex.emulator._api.sdk_packages import SDK_PACKAGE_ROUTES, parse_multipart
from fivetrex.emulator._api.secrets_managers import SECRETS_MANAGER_ROUTES
from fivetrex.emulator._api.transformations import TRANSFORMATION_ROUTES
from fivetrex.emulator._domain import (
    AGENT_ONLINE_AFTER_SECONDS,
    PRIVATE_LINK_DESTROY_SECONDS,
    PRIVATE_LINK_READY_SECONDS,
    TRANSFORMATION_RUN_SECONDS,
)
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._platform_catalog import (
    CONNECTOR_TYPE_CATEGORIES,
    ESM_TYPES,
    HDA_ENV_TYPES,
    LOG_SERVICES,
    PRIVATE_LINK_REGIONS,
    PRIVATE_LINK_SERVICES,
    PROXY_REGIONS,
    TRANSFORMATION_STATUSES,
    connector_types,
)
from fivetrex.emulator._seed_platform import demo_package_zip
from fivetrex.emulator._transport import EmulatorTransport
from fivetrex.errors import (
    BadRequestError,
    ConfirmationRequired,
    ConflictError,
    ForbiddenError,
    NotFoundError,
)

pytestmark = pytest.mark.anyio

Exchange = tuple[str, str, int, Any]

_TS = {"type": ["string", "null"]}
HISTORY_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["sync_id", "status", "started_at", "ended_at"],
    "properties": {
        "sync_id": {"type": "string"},
        "connection_id": {"type": "string"},
        "status": {
            "enum": [
                "RUNNING",
                "SUCCESSFUL",
                "FAILURE",
                "FAILURE_WITH_TASK",
                "RESCHEDULED",
                "CANCELED",
            ]
        },
        "reason": {"type": "string"},
        "started_at": {"type": "string"},
        "ended_at": _TS,
        "historical": {"type": "boolean"},
    },
}
"""A sync history item (reference §5.2: sync id, status, reason, start and end)."""

ERROR_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "reason", "message", "created_at"],
    "properties": {k: {"type": "string"} for k in ("type", "title", "reason", "message")},
}
"""An active connection error (reference §5.2: type, title, reason, message, created_at)."""

_NEWER = {"sync-history": HISTORY_ITEM, "errors": ERROR_ITEM}


class RecordingTransport(EmulatorTransport):
    """The in-process transport, keeping ``(method, path, status, body)`` of each exchange."""

    def __init__(self, emulator: Emulator, log: list[Exchange]) -> None:
        super().__init__(emulator)
        self.log = log

    def _serve(self, request: httpx.Request) -> httpx.Response:
        response = super()._serve(request)
        is_json = "json" in response.headers.get("content-type", "")
        body = json.loads(response.content) if response.content and is_json else None
        self.log.append((request.method, request.url.path, response.status_code, body))
        return response


class Api:
    """One emulator, one client of the test's mode, and the traffic they exchanged."""

    def __init__(self, mode: str, emu: Emulator, log: list[Exchange]) -> None:
        self.mode = mode
        self.emu = emu
        self.log = log
        self.client: Any = emu.client() if mode == "sync" else emu.async_client()

    def validate(self, oracle: OpenAPIOracle | None) -> None:
        """Every recorded JSON body validates (spec, or the reference for newer endpoints)."""
        assert self.log, "no traffic was recorded"
        problems: list[str] = []
        for method, path, status, body in self.log:
            if body is None and status < 300:
                continue  # a file download
            newer = path.rsplit("/", 1)[-1]
            if newer in _NEWER and path.startswith("/v1/connections/"):
                if status < 300:
                    assert body["code"] == "Success"
                    for item in body["data"]["items"]:
                        jsonschema.validate(item, _NEWER[newer])
                else:
                    assert set(body) == {"code", "message"}
                continue
            if oracle is not None:
                problems += oracle.errors(method, path, status, body)
        assert problems == [], "\n".join(problems[:30])

    async def close(self) -> None:
        await resolve(self.client.close())


@pytest.fixture(scope="module")
def oracle() -> OpenAPIOracle | None:
    """The spec oracle (``None`` without the spec: behaviour is still tested)."""
    return load_oracle()


def _api(mode: str, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Api:
    emu = Emulator(deliver=lambda url, body, headers: 200, **options)
    log: list[Exchange] = []
    monkeypatch.setattr(emu, "transport", lambda: RecordingTransport(emu, log))
    return Api(mode, emu, log)


@pytest.fixture
async def api(mode: str, monkeypatch: pytest.MonkeyPatch, oracle: OpenAPIOracle | None) -> Any:
    """An empty emulator whose transport records, and a client of ``mode`` on it."""
    wrapper = _api(mode, monkeypatch)
    yield wrapper
    await wrapper.close()
    wrapper.emu.close()
    wrapper.validate(oracle)


@pytest.fixture
async def demo(mode: str, monkeypatch: pytest.MonkeyPatch, oracle: OpenAPIOracle | None) -> Any:
    """Like ``api``, on the ``demo`` data set."""
    wrapper = _api(mode, monkeypatch, seed="demo")
    yield wrapper
    await wrapper.close()
    wrapper.emu.close()
    wrapper.validate(oracle)


async def _group(client: Any, name: str = "Warehouse") -> str:
    group = await resolve(client.groups.create(name=name))
    await resolve(
        client.destinations.create(
            group_id=group.id, service="snowflake", time_zone_offset="0", config={"host": "h"}
        )
    )
    return str(group.id)


async def _connection(client: Any, group_id: str, service: str = "stripe", **kw: Any) -> str:
    config = kw.pop("config", {"schema": f"{service}_{len(kw)}"})
    conn = await resolve(
        client.connections.create(group_id=group_id, service=service, config=config, **kw)
    )
    return str(conn.id)


async def _project(client: Any, group_id: str, url: str = "git@github.com:acme/dbt.git") -> Any:
    return await resolve(
        client.transformation_projects.create(
            group_id=group_id,
            run_tests=True,
            project_config={
                "dbt_version": "1.8.7",
                "default_schema": "analytics",
                "git_remote_url": url,
            },
        )
    )


# -- catalogues vs the spec ------------------------------------------------------------------


def test_catalogues_match_the_spec(oracle: OpenAPIOracle | None) -> None:
    if oracle is None:
        pytest.skip("spec not available")
    schemas = oracle.spec["components"]["schemas"]

    def enum(component: str, prop: str) -> set[str]:
        return set(oracle.enum_of(component, prop))

    # requests list 4 more regions than responses may carry: the emulator accepts the
    # ones whose responses validate
    assert enum("PrivateLinkResponse", "region") == PRIVATE_LINK_REGIONS
    assert enum("PrivateLinkCreateRequest", "region") > PRIVATE_LINK_REGIONS
    assert enum("PrivateLinkCreateRequest", "service") == set(PRIVATE_LINK_SERVICES)
    assert enum("ProxyParamRequest", "group_region") == PROXY_REGIONS
    assert enum("SecretsManagerCreateRequest", "type") == set(ESM_TYPES)
    assert enum("HybridDeploymentAgentCreateRequest", "env_type") == HDA_ENV_TYPES
    assert enum("TransformationResponse", "status") == TRANSFORMATION_STATUSES
    assert oracle.discriminator_values("AddLogRequest") == set(LOG_SERVICES)
    assert set(schemas["MetadataResponse"]["properties"]["type"]["enum"]) == (
        CONNECTOR_TYPE_CATEGORIES
    )
    assert {t["type"] for t in connector_types()} <= CONNECTOR_TYPE_CATEGORIES
    services = oracle.discriminator_values("ConnectorResponseV1")
    assert {t["id"] for t in connector_types()} <= services
    for service, (_, required) in PRIVATE_LINK_SERVICES.items():
        variant = schemas[f"{service.lower()}_private_link_config_V1"]
        assert set(variant["properties"]["config"].get("required", [])) == set(required)


def test_every_platform_operation_is_implemented() -> None:
    with Emulator() as emu:
        missing = set(emu.coverage()["not_implemented"])
    platform = (
        *HISTORY_ROUTES,
        *METADATA_ROUTES,
        *AGENT_ROUTES,
        *PRIVATE_LINK_ROUTES,
        *PROXY_AGENT_ROUTES,
        *SECRETS_MANAGER_ROUTES,
        *HVR_ROUTES,
        *SDK_PACKAGE_ROUTES,
        *PROJECT_ROUTES,
        *TRANSFORMATION_ROUTES,
        *LOG_SERVICE_ROUTES,
    )
    assert {r.operation for r in platform} & missing == set()
    assert len(platform) == 63  # 61 spec operations + the 2 newer ones


def test_multipart_parser() -> None:
    request = httpx.Request(
        "POST", "http://x", files={"file": ("a.zip", b"\r\nPK\x03\x04\r\n--x\r\n")}
    )
    body = request.read()
    parts = parse_multipart(request.headers["Content-Type"], body)
    assert parts["file"] == ("a.zip", b"\r\nPK\x03\x04\r\n--x\r\n")
    with pytest.raises(InvalidInputError):
        parse_multipart("application/json", b"{}")
    with pytest.raises(InvalidInputError):
        parse_multipart("multipart/form-data", body)


# -- connector metadata ----------------------------------------------------------------------


async def test_connector_types(api: Api) -> None:
    client = api.client
    first = await resolve(client.connector_types.list(limit=10))
    assert len(first.items) == 10
    assert first.next_cursor
    everything = await collect(client.connector_types.stream(limit=25))
    assert [t.id for t in everything] == sorted(t["id"] for t in connector_types())
    ads = await resolve(client.connector_types.get("google_ads"))
    assert (ads.name, ads.type) == ("Google Ads", "Marketing")
    assert "schema" in ads.config["properties"]
    assert "refresh_token" in ads.auth["properties"]
    pg = await resolve(client.connector_types.get("postgres"))
    assert {"host", "port", "password"} <= set(pg.config["required"])
    assert "password" in pg.external_secrets_keys_config
    with pytest.raises(NotFoundError):
        await resolve(client.connector_types.get("nope"))
    public = await resolve(client.connector_types.list_public())
    assert len(public) == len(everything)
    assert all(t.config for t in public)
    # no credentials needed for the public endpoint
    async with httpx.AsyncClient(transport=EmulatorTransport(api.emu)) as raw:
        reply = await raw.get("http://emulator.fivetrex.invalid/public/connector-types")
        assert reply.status_code == 200
        assert (await raw.get("http://emulator.fivetrex.invalid/v1/groups")).status_code == 401


# -- Connector SDK packages ------------------------------------------------------------------


async def test_sdk_package_upload_download_round_trip(api: Api, tmp_path: Path) -> None:
    client = api.client
    code = make_zip("def update(configuration, state):\n    yield\n")
    package = await resolve(client.connector_sdk_packages.create(file=code))
    assert package.file_sha256_hash == hashlib.sha256(code).hexdigest()
    assert package.connection_id is None
    assert await resolve(client.connector_sdk_packages.download(package.id)) == code
    newer = make_zip("v2")
    path = tmp_path / "code.zip"
    path.write_bytes(newer)
    updated = await resolve(client.connector_sdk_packages.update(package.id, file=str(path)))
    assert updated.file_sha256_hash == hashlib.sha256(newer).hexdigest()
    assert updated.updated_at > package.updated_at
    assert await resolve(client.connector_sdk_packages.download(package.id)) == newer
    other = await resolve(client.connector_sdk_packages.create(file=io.BytesIO(code)))
    listed = await resolve(client.connector_sdk_packages.list(limit=1))
    assert [p.id for p in listed.items] == [package.id]
    assert [p.id for p in await collect(client.connector_sdk_packages.stream())] == [
        package.id,
        other.id,
    ]
    with pytest.raises(BadRequestError):
        await resolve(client.connector_sdk_packages.create(file=b"definitely not a zip"))
    with pytest.raises(NotFoundError):
        await resolve(client.connector_sdk_packages.update("missing_pkg", file=code))


async def test_sdk_package_links_one_connection(api: Api) -> None:
    client = api.client
    gid = await _group(client)
    package = await resolve(client.connector_sdk_packages.create(file=make_zip()))
    config = {"schema": "custom", "package_id": package.id}
    cid = await _connection(client, gid, "connector_sdk", config=config)
    assert (await resolve(client.connector_sdk_packages.get(package.id))).connection_id == cid
    with pytest.raises(ConflictError):  # one connection per package
        await _connection(client, gid, "connector_sdk", config={**config, "schema": "custom2"})
    with pytest.raises(BadRequestError):
        await _connection(
            client, gid, "connector_sdk", config={"schema": "c3", "package_id": "nope_pkg"}
        )
    with pytest.raises(ForbiddenError):
        await resolve(client.connector_sdk_packages.delete(package.id))
    await resolve(client.connections.delete(cid))
    await resolve(client.connector_sdk_packages.delete(package.id))
    with pytest.raises(NotFoundError):
        await resolve(client.connector_sdk_packages.download(package.id))


# -- transformation projects and transformations ---------------------------------------------


async def test_transformation_project_lifecycle(api: Api) -> None:
    client = api.client
    gid = await _group(client)
    project = await _project(client, gid)
    assert (project.status, project.errors) == ("READY", [])
    assert {t.status for t in project.setup_tests} == {"PASSED"}
    assert project.project_config["public_key"].startswith("ssh-ed25519 ")
    with pytest.raises(ConflictError):  # one project per group
        await _project(client, gid)
    other = await _group(client, "Other")
    broken = await _project(client, other, url="not a git url")
    assert broken.status == "ERROR"
    assert broken.errors
    listed = await resolve(client.transformation_projects.list())
    assert [p.id for p in listed.items] == [project.id, broken.id]
    updated = await resolve(
        client.transformation_projects.update(project.id, project_config={"threads": 2})
    )
    assert (updated.project_config["threads"], updated.status) == (2, "NOT_READY")
    with pytest.raises(BadRequestError):
        await resolve(
            client.transformation_projects.update(project.id, project_config={"dbt_version": "2"})
        )
    tested = await resolve(client.transformation_projects.test(project.id))
    assert tested.status == "READY"
    await resolve(client.transformation_projects.delete(broken.id))
    with pytest.raises(NotFoundError):
        await resolve(client.transformation_projects.get(broken.id))


async def test_transformation_runs_on_the_virtual_clock(api: Api) -> None:
    client, emu = api.client, api.emu
    gid = await _group(client)
    project = await _project(client, gid)
    created = await resolve(
        client.transformations.create(
            type="DBT_CORE",
            transformation_config={
                "project_id": project.id,
                "name": "nightly",
                "steps": [{"name": "run", "command": "dbt run"}],
            },
            schedule={"schedule_type": "TIME_OF_DAY", "time_of_day": "02:30"},
        )
    )
    tid = created.id
    assert (created.status, created.last_started_at) == ("NEW", None)
    assert created.schedule.time_of_day == "02:30"
    with pytest.raises(ConflictError):  # nothing to cancel
        await resolve(client.transformations.cancel(tid))
    await resolve(client.transformations.run(tid, full_refresh=True))
    running = await resolve(client.transformations.get(tid))
    assert running.status == "RUNNING"
    with pytest.raises(ConflictError):
        await resolve(client.transformations.run(tid))
    emu.advance(TRANSFORMATION_RUN_SECONDS)
    done = await resolve(client.transformations.get(tid))
    assert done.status == "SUCCEEDED"
    took = done.last_ended_at - done.last_started_at
    assert abs(took - timedelta(seconds=TRANSFORMATION_RUN_SECONDS)) < timedelta(milliseconds=1)
    await resolve(client.transformations.run(tid))
    await resolve(client.transformations.cancel(tid))
    canceled = await resolve(client.transformations.get(tid))
    assert canceled.status == "CANCELED"
    emu.advance(TRANSFORMATION_RUN_SECONDS * 2)
    assert (await resolve(client.transformations.get(tid))).status == "CANCELED"
    # a project whose tests fail makes its runs fail
    other = await _group(client, "Other")
    broken = await _project(client, other, url="nope")
    failing = await resolve(
        client.transformations.create(
            type="DBT_CORE",
            transformation_config={
                "project_id": broken.id,
                "name": "x",
                "steps": [{"name": "run", "command": "dbt run"}],
            },
        )
    )
    await resolve(client.transformations.run(failing.id))
    emu.advance(TRANSFORMATION_RUN_SECONDS)
    assert (await resolve(client.transformations.get(failing.id))).status == "FAILED"
    # filters, update, delete
    by_project = await resolve(client.transformations.list(project_id=project.id))
    assert [t.id for t in by_project.items] == [tid]
    by_group = await resolve(client.transformations.list(group_id=other))
    assert [t.id for t in by_group.items] == [failing.id]
    assert (await resolve(client.transformations.list(type="QUICKSTART"))).items == []
    paused = await resolve(
        client.transformations.update(
            tid, paused=True, schedule={"schedule_type": "INTERVAL", "interval": 30}
        )
    )
    assert (paused.paused, paused.schedule.schedule_type, paused.schedule.interval) == (
        True,
        "INTERVAL",
        30,
    )
    with pytest.raises(BadRequestError):
        await resolve(client.transformations.update(tid, schedule={"schedule_type": "CRON"}))
    with pytest.raises(ConflictError):
        await resolve(client.transformation_projects.delete(project.id))
    await resolve(client.transformations.delete(tid))
    with pytest.raises(NotFoundError):
        await resolve(client.transformations.get(tid))
    with pytest.raises(NotFoundError):
        await resolve(client.transformations.run(tid))


async def test_quickstart_transformations_and_package_metadata(api: Api) -> None:
    client = api.client
    gid = await _group(client)
    cid = await _connection(client, gid, "stripe")
    packages = await resolve(client.transformations.list_package_metadata(service="stripe"))
    assert [p.name for p in packages.items] == ["stripe"]
    everything = await collect(client.transformations.stream_package_metadata(limit=3))
    assert len(everything) == 10
    stripe = await resolve(client.transformations.get_package_metadata(packages.items[0].id))
    assert stripe.version
    with pytest.raises(NotFoundError):
        await resolve(client.transformations.get_package_metadata("nope"))
    created = await resolve(
        client.transformations.create(
            type="QUICKSTART", transformation_config={"connection_ids": [cid]}
        )
    )
    config = created.transformation_config
    assert (config["package_name"], config["upgrade_available"]) == ("stripe", False)
    assert created.schedule.schedule_type == "INTEGRATED"
    assert created.schedule.connection_ids == [cid]
    assert set(created.output_model_names) == set(stripe.output_model_names)
    dropped = stripe.output_model_names[0]
    updated = await resolve(
        client.transformations.update(
            created.id, transformation_config={"excluded_models": [dropped]}
        )
    )
    assert dropped not in updated.output_model_names
    await resolve(client.transformations.upgrade(created.id))
    with pytest.raises(BadRequestError):  # hubspot package, stripe connection
        await resolve(
            client.transformations.create(
                type="QUICKSTART",
                transformation_config={"package_name": "hubspot", "connection_ids": [cid]},
            )
        )


async def test_demo_quickstart_upgrade(demo: Api) -> None:
    client = demo.client
    quick = (await resolve(client.transformations.list(type="QUICKSTART"))).items[0]
    assert quick.transformation_config["upgrade_available"] is True
    await resolve(client.transformations.upgrade(quick.id))
    after = await resolve(client.transformations.get(quick.id))
    assert after.transformation_config["upgrade_available"] is False
    dbt = (await resolve(client.transformations.list(type="DBT_CORE"))).items[0]
    with pytest.raises(BadRequestError):
        await resolve(client.transformations.upgrade(dbt.id))


async def test_integrated_transformation_runs_after_a_successful_sync(api: Api) -> None:
    client, emu = api.client, api.emu
    gid = await _group(client)
    cid = await _connection(client, gid, "stripe")
    created = await resolve(
        client.transformations.create(
            type="QUICKSTART", transformation_config={"connection_ids": [cid]}
        )
    )
    emu.set_sync_outcome(cid, "failure", reason="boom")
    await resolve(client.connections.sync(cid))
    emu.complete_sync(cid)
    assert (await resolve(client.transformations.get(created.id))).status == "NEW"
    await resolve(client.connections.sync(cid))
    emu.complete_sync(cid)
    assert (await resolve(client.transformations.get(created.id))).status == "RUNNING"


# -- log services ----------------------------------------------------------------------------


async def test_group_log_services(api: Api) -> None:
    client, emu = api.client, api.emu
    gid = await _group(client)
    log = await resolve(
        client.log_services.create(
            group_id=gid,
            service="datadog_log",
            enabled=True,
            run_setup_tests=True,
            config={"api_key": "dd-secret", "region": "US"},
        )
    )
    assert log.id == gid
    assert log.config == {"api_key": "******", "region": "US"}
    assert (log.status.setup_state, [t.status for t in log.setup_tests]) == (
        "connected",
        ["PASSED", "PASSED"],
    )
    with pytest.raises(ConflictError):
        await resolve(
            client.log_services.create(group_id=gid, service="datadog_log", config={"api_key": "x"})
        )
    with pytest.raises(BadRequestError):
        await resolve(client.log_services.create(group_id=gid, service="cloudwatch", config={}))
    with pytest.raises(BadRequestError):
        await resolve(client.log_services.create(group_id=gid, service="syslog"))
    with pytest.raises(NotFoundError):
        await resolve(
            client.log_services.create(
                group_id="no_group", service="new_relic_log", config={"api_key": "k"}
            )
        )
    updated = await resolve(client.log_services.update(gid, enabled=False, config={"region": "EU"}))
    assert (updated.enabled, updated.config["region"]) == (False, "EU")
    emu.configure(setup_tests_pass=False)
    result = await resolve(client.log_services.test(gid))
    assert result.setup_tests[0].status == "FAILED"
    broken = await resolve(client.log_services.get(gid))
    assert broken.status.setup_state == "broken"
    assert broken.status.tasks[0].code == "reconnect_log"
    listed = await resolve(client.log_services.list())
    assert [s.id for s in listed.items] == [gid]
    await resolve(client.log_services.delete(gid))
    with pytest.raises(NotFoundError):
        await resolve(client.log_services.get(gid))


async def test_account_log_service(api: Api) -> None:
    client = api.client
    with pytest.raises(NotFoundError):
        await resolve(client.log_services.get_account())
    created = await resolve(
        client.log_services.create_account(
            service="splunkLog", config={"host": "splunk.acme", "token": "t", "port": 8088}
        )
    )
    assert created.config["token"] == "******"
    with pytest.raises(ConflictError):
        await resolve(
            client.log_services.create_account(service="new_relic_log", config={"api_key": "k"})
        )
    with pytest.raises(BadRequestError, match=r"config\.api_key required"):  # body before state
        await resolve(client.log_services.create_account(service="new_relic_log"))
    with pytest.raises(NotFoundError):  # not reachable as a group log service
        await resolve(client.log_services.get(created.id))
    updated = await resolve(client.log_services.update_account(enabled=False, run_setup_tests=True))
    assert (updated.enabled, updated.status.setup_state) == (False, "connected")
    assert (await resolve(client.log_services.test_account())).setup_tests
    assert (await resolve(client.log_services.get_account())).id == created.id
    await resolve(client.log_services.delete_account())
    with pytest.raises(NotFoundError):
        await resolve(client.log_services.delete_account())


# -- hybrid deployment agents ----------------------------------------------------------------


async def test_hybrid_deployment_agents(api: Api) -> None:
    client, emu = api.client, api.emu
    gid = await _group(client)
    agent = await resolve(
        client.hybrid_deployment_agents.create(
            display_name="dc1", env_type="KUBERNETES", accept_terms=True, group_id=gid
        )
    )
    auth = json.loads(base64.b64decode(agent.files.auth_json))
    assert auth == {"agent_id": agent.id, "token": agent.token}
    assert agent.online is False
    with pytest.raises(BadRequestError):
        await resolve(
            client.hybrid_deployment_agents.create(
                display_name="x", env_type="DOCKER", accept_terms=False, group_id=gid
            )
        )
    with pytest.raises(NotFoundError):
        await resolve(
            client.hybrid_deployment_agents.create(
                display_name="x", env_type="DOCKER", accept_terms=True, group_id="no_group"
            )
        )
    emu.advance(AGENT_ONLINE_AFTER_SECONDS)
    assert (await resolve(client.hybrid_deployment_agents.get(agent.id))).online is True
    with pytest.raises(ConfirmationRequired):
        await resolve(client.hybrid_deployment_agents.re_auth(agent.id))
    rekeyed = await resolve(
        client.hybrid_deployment_agents.re_auth(agent.id, auth_type="MANUAL", confirm=True)
    )
    assert rekeyed.token != agent.token
    assert rekeyed.online is False
    emu.advance(AGENT_ONLINE_AFTER_SECONDS)
    await resolve(client.hybrid_deployment_agents.reset_credentials(agent.id, confirm=True))
    assert (await resolve(client.hybrid_deployment_agents.get(agent.id))).online is False
    cid = await _connection(client, gid, hybrid_deployment_agent_id=agent.id)
    got = await resolve(client.hybrid_deployment_agents.get(agent.id))
    assert [u.connection_id for u in got.usage] == [cid]
    other = await _group(client, "Other")
    listed = await resolve(client.hybrid_deployment_agents.list(group_id=other))
    assert listed.items == []
    assert len((await resolve(client.hybrid_deployment_agents.list())).items) == 1
    with pytest.raises(ConflictError):
        await resolve(client.hybrid_deployment_agents.delete(agent.id))
    await resolve(client.connections.delete(cid))
    await resolve(client.hybrid_deployment_agents.delete(agent.id))
    with pytest.raises(NotFoundError):
        await resolve(client.hybrid_deployment_agents.get(agent.id))


# -- private links ---------------------------------------------------------------------------


async def test_private_links(api: Api) -> None:
    client, emu = api.client, api.emu
    link = await resolve(
        client.private_links.create(
            name="db_link",
            region="AZURE_EASTUS2",
            service="SOURCE_AZURE",
            config={"connection_service_id": "/subscriptions/x", "sub_resource_name": "sql"},
        )
    )
    assert (link.state, link.cloud_provider) == ("CREATING", "AZURE")
    with pytest.raises(ConflictError):
        await resolve(
            client.private_links.create(
                name="db_link",
                region="AZURE_EASTUS2",
                service="ONELAKE_AZURE",
                config={"connection_service_id": "y"},
            )
        )
    with pytest.raises(BadRequestError):  # SOURCE_AZURE needs sub_resource_name
        await resolve(
            client.private_links.create(
                name="l2",
                region="AZURE_EASTUS2",
                service="SOURCE_AZURE",
                config={"connection_service_id": "x"},
            )
        )
    with pytest.raises(BadRequestError):  # not an enum value for private links
        await resolve(
            client.private_links.create(
                name="l3",
                region="GCP_US_CENTRAL1",
                service="SOURCE_GCP",
                config={"private_connection_service_id": "x"},
            )
        )
    emu.advance(PRIVATE_LINK_READY_SECONDS)
    assert (await resolve(client.private_links.get(link.id))).state == "OK"
    updated = await resolve(
        client.private_links.update(link.id, config={"sub_resource_name": "sqlServer"})
    )
    assert (updated.state, updated.config["sub_resource_name"]) == ("UPDATING", "sqlServer")
    gid = await _group(client)
    with pytest.raises(BadRequestError):
        await _connection(client, gid, private_link_id="no_link")
    cid = await _connection(client, gid, private_link_id=link.id)
    with pytest.raises(ConflictError):
        await resolve(client.private_links.delete(link.id))
    await resolve(client.connections.update(cid, private_link_id=None))
    await resolve(client.private_links.delete(link.id))
    assert (await resolve(client.private_links.get(link.id))).state == "DESTROYING"
    assert [p.id for p in (await resolve(client.private_links.list())).items] == [link.id]
    emu.advance(PRIVATE_LINK_DESTROY_SECONDS)
    with pytest.raises(NotFoundError):
        await resolve(client.private_links.get(link.id))
    assert (await resolve(client.private_links.list())).items == []
    message = [b for m, p, s, b in api.log if m == "DELETE" and s == 200 and "private" in p]
    assert message[-1]["message"] == f"Private link with id '{link.id}' is marked for deletion"


# -- proxy agents ----------------------------------------------------------------------------


async def test_proxy_agents(api: Api) -> None:
    client, emu = api.client, api.emu
    secrets = await resolve(
        client.proxy_agents.create(display_name="corp", group_region="AWS_EU_NORTH_1")
    )
    pid = secrets.agent_id
    assert secrets.client_cert.startswith("-----BEGIN CERTIFICATE-----")
    assert (secrets.orchestrator_host, secrets.orchestrator_port) == (
        "orchestrator.fivetran.com",
        443,
    )
    with pytest.raises(ConflictError):
        await resolve(client.proxy_agents.create(display_name="corp"))
    with pytest.raises(BadRequestError):
        await resolve(client.proxy_agents.create(display_name="x", group_region="MOON_1"))
    agent = await resolve(client.proxy_agents.get(pid))
    assert (agent.status, agent.region, agent.usage) == ("NOT_CONNECTED", "AWS_EU_NORTH_1", [])
    emu.advance(AGENT_ONLINE_AFTER_SECONDS)
    assert (await resolve(client.proxy_agents.get(pid))).status == "CONNECTED"
    gid = await _group(client)
    cid = await _connection(client, gid, proxy_agent_id=pid)
    await resolve(client.destinations.update(gid, proxy_agent_id=pid))
    listed = (await resolve(client.proxy_agents.list())).items[0]
    assert (listed.connector_count, listed.destination_count) == (1, 1)
    assert [u.id for u in (await resolve(client.proxy_agents.get(pid))).usage] == [cid]
    conns = await resolve(client.proxy_agents.list_connections(pid))
    assert [c.connection_id for c in conns.items] == [cid]
    with pytest.raises(ConflictError):
        await resolve(client.proxy_agents.delete(pid))
    with pytest.raises(ConfirmationRequired):
        await resolve(client.proxy_agents.regenerate_secrets(pid))
    renewed = await resolve(client.proxy_agents.regenerate_secrets(pid, confirm=True))
    assert renewed.auth_token != secrets.auth_token
    assert (await resolve(client.proxy_agents.get(pid))).status == "NOT_CONNECTED"
    await resolve(client.connections.update(cid, proxy_agent_id=None))
    await resolve(client.destinations.update(gid, proxy_agent_id=None))
    await resolve(client.proxy_agents.delete(pid))
    with pytest.raises(NotFoundError):
        await resolve(client.proxy_agents.get(pid))
    with pytest.raises(NotFoundError):
        await resolve(client.proxy_agents.list_connections(pid))


# -- external secrets managers ---------------------------------------------------------------


async def test_external_secrets_managers(api: Api) -> None:
    client = api.client
    vault = await resolve(
        client.external_secrets_managers.create(
            type="HASHICORP_VAULT",
            name="vault",
            config={"vault_address": "https://vault", "role_id": "r", "secret_id": "s3cr3t"},
        )
    )
    assert vault.config["secret_id"] == "******"
    aws = await resolve(
        client.external_secrets_managers.create(
            type="AWS_SECRET_MANAGER", name="aws", config={"role_arn": "arn:aws:iam::1:role/x"}
        )
    )
    assert aws.config["external_id"] == api.emu.settings.account_id
    with pytest.raises(BadRequestError) as missing:
        await resolve(
            client.external_secrets_managers.create(type="AZURE_KEY_VAULT", name="az", config={})
        )
    assert missing.value.code == "BadRequest"
    with pytest.raises(BadRequestError):
        await resolve(
            client.external_secrets_managers.create(
                type="AWS_SECRET_MANAGER", name="aws", config={"role_arn": "r"}
            )
        )
    updated = await resolve(
        client.external_secrets_managers.update(aws.id, config={"role_arn": "arn:new"})
    )
    assert updated.config == {"role_arn": "arn:new", "external_id": aws.config["external_id"]}
    gid = await _group(client)
    cid = await _connection(client, gid, external_secrets_manager_id=aws.id)
    await resolve(client.destinations.update(gid, external_secrets_manager_id=aws.id))
    entities = await resolve(client.external_secrets_managers.list_entities(aws.id))
    assert [(e.id, e.type) for e in entities.items] == [(gid, "DESTINATION"), (cid, "SOURCE")]
    sources = await resolve(client.external_secrets_managers.list_entities(aws.id, type="source"))
    assert [e.id for e in sources.items] == [cid]
    everything = await resolve(client.external_secrets_managers.list_all_entities(esm_id=vault.id))
    assert everything.items == []
    with pytest.raises(BadRequestError) as in_use:
        await resolve(client.external_secrets_managers.delete(aws.id))
    assert "used by 1 connection(s) and 1 destination(s)" in str(in_use.value)
    await resolve(client.connections.delete(cid))
    await resolve(client.destinations.update(gid, external_secrets_manager_id=None))
    await resolve(client.external_secrets_managers.delete(aws.id))
    with pytest.raises(NotFoundError):
        await resolve(client.external_secrets_managers.get(aws.id))
    assert [m.id for m in (await resolve(client.external_secrets_managers.list())).items] == [
        vault.id
    ]


# -- HVR -------------------------------------------------------------------------------------


async def test_hvr_hub_registration(api: Api) -> None:
    client = api.client
    first = await resolve(
        client.hvr_registrations.register_hub(
            hub_server_url="https://hub.acme", port=4343, fingerprint="aa:bb"
        )
    )
    again = await resolve(
        client.hvr_registrations.register_hub(
            hub_server_url="https://hub.acme", port=4343, fingerprint="cc:dd"
        )
    )
    assert first.registration_id == again.registration_id
    assert first.access_token != again.access_token
    other = await resolve(
        client.hvr_registrations.register_hub(
            hub_server_url="https://hub.acme", port=4344, fingerprint="aa:bb"
        )
    )
    assert other.registration_id != first.registration_id
    with pytest.raises(BadRequestError):
        await resolve(
            client.hvr_registrations.register_hub(
                hub_server_url="https://hub.acme", port=0, fingerprint="x"
            )
        )


# -- sync history and errors -----------------------------------------------------------------


async def test_sync_history_and_errors_follow_real_syncs(api: Api) -> None:
    client, emu = api.client, api.emu
    gid = await _group(client)
    cid = await _connection(client, gid, "postgres", config={"schema_prefix": "pg"})
    assert (await resolve(client.connections.list_sync_history(cid))).items == []
    emu.set_sync_outcome(cid, "failure", reason="bad credentials", task_code="reconnect")
    await resolve(client.connections.sync(cid))
    running = (await resolve(client.connections.list_sync_history(cid))).items
    assert [(r.status, r.ended_at) for r in running] == [("RUNNING", None)]
    emu.advance(60)
    failed = (await resolve(client.connections.list_sync_history(cid))).items[0]
    assert (failed.status, failed.reason) == ("FAILURE_WITH_TASK", "bad credentials")
    assert abs(failed.ended_at - failed.started_at - timedelta(seconds=60)) < timedelta(
        milliseconds=1
    )
    errors = (await resolve(client.connections.list_errors(cid))).items
    assert [(e.type, e.title, e.reason) for e in errors] == [
        ("TASK", "bad credentials", "bad credentials")
    ]
    assert errors[0].created_at == failed.ended_at
    emu.set_sync_outcome(cid, "rescheduled", reason="rate limit")
    await resolve(client.connections.sync(cid))
    emu.complete_sync(cid)
    await resolve(client.connections.update(cid, paused=True))  # drops the reschedule
    await resolve(client.connections.update(cid, paused=False))
    await resolve(client.connections.sync(cid))
    await resolve(client.connections.sync(cid, force=True))  # cancels the running one
    emu.complete_sync(cid)
    history = (await resolve(client.connections.list_sync_history(cid))).items
    assert [r.status for r in history] == [
        "SUCCESSFUL",
        "CANCELED",
        "RESCHEDULED",
        "FAILURE_WITH_TASK",
    ]
    assert history[2].reason == "rate limit"
    assert len({r.sync_id for r in history}) == 4
    assert (await resolve(client.connections.list_errors(cid))).items == []
    # pagination and windows
    page = await resolve(client.connections.list_sync_history(cid, limit=3))
    assert len(page.items) == 3
    assert page.next_cursor
    walked = await collect(client.connections.stream_sync_history(cid, limit=1))
    assert [r.sync_id for r in walked] == [r.sync_id for r in history]
    now = emu.clock.now()
    later = await resolve(
        client.connections.list_sync_history(
            cid, start_time=(now + timedelta(minutes=1)).isoformat()
        )
    )
    assert later.items == []
    emu.advance(7200)  # out of the default one-hour window
    assert (await resolve(client.connections.list_sync_history(cid))).items == []
    wide = await resolve(client.connections.list_sync_history(cid, duration=180))
    assert len(wide.items) == 4
    with pytest.raises(BadRequestError):
        await resolve(
            client.connections.list_sync_history(
                cid,
                start_time=(now - timedelta(days=8)).isoformat(),
                end_time=now.isoformat(),
            )
        )
    with pytest.raises(BadRequestError):
        await resolve(client.connections.list_sync_history(cid, start_time="yesterday"))
    await resolve(client.connections.delete(cid))
    with pytest.raises(NotFoundError):
        await resolve(client.connections.list_sync_history(cid))
    with pytest.raises(NotFoundError):
        await resolve(client.connections.list_errors(cid))
    assert api.emu.state.get("sync_history", cid) is None


async def test_demo_history_and_errors(demo: Api) -> None:
    client, emu = demo.client, demo.emu
    conns = await collect(client.connections.stream_in_account())
    failed = next(c for c in conns if c.schema_ == "shop_mysql")
    now = emu.clock.now()
    history = await resolve(
        client.connections.list_sync_history(
            failed.id, start_time=(now - timedelta(days=2)).isoformat(), end_time=now.isoformat()
        )
    )
    assert history.items[0].status == "FAILURE_WITH_TASK"
    assert {r.status for r in history.items[1:]} == {"SUCCESSFUL"}
    errors = (await resolve(client.connections.list_errors(failed.id))).items
    assert [e.type for e in errors] == ["TASK"]
    syncing = next(c for c in conns if c.schema_ == "stripe")
    latest = (await resolve(client.connections.list_sync_history(syncing.id))).items[0]
    assert latest.status == "RUNNING"
    sdk = next(c for c in conns if c.service == "connector_sdk")
    package = await resolve(client.connector_sdk_packages.get("pkg_demo"))
    assert package.connection_id == sdk.id
    assert await resolve(client.connector_sdk_packages.download("pkg_demo")) == (demo_package_zip())
    for listing in (
        client.transformation_projects.list(),
        client.log_services.list(),
        client.hybrid_deployment_agents.list(),
        client.private_links.list(),
        client.proxy_agents.list(),
        client.external_secrets_managers.list(),
        client.external_secrets_managers.list_all_entities(),
    ):
        assert (await resolve(listing)).items


# -- persistence -----------------------------------------------------------------------------


def _platform_state(emu: Emulator) -> dict[str, Any]:
    """Everything observable about the platform areas, through the public client."""
    with emu.client() as client:
        return {
            "packages": [p.model_dump() for p in client.connector_sdk_packages.list().items],
            "download": client.connector_sdk_packages.download("pkg_demo"),
            "transformations": [t.model_dump() for t in client.transformations.list().items],
            "projects": [p.model_dump() for p in client.transformation_projects.list().items],
            "logs": [s.model_dump() for s in client.log_services.list().items],
            "agents": [a.model_dump() for a in client.hybrid_deployment_agents.list().items],
            "links": [link.model_dump() for link in client.private_links.list().items],
            "proxies": [p.model_dump() for p in client.proxy_agents.list().items],
            "esms": [m.model_dump() for m in client.external_secrets_managers.list().items],
            "history": {
                c.id: [
                    r.model_dump()
                    for r in client.connections.list_sync_history(
                        c.id, start_time="2026-01-10T00:00:00Z", end_time="2026-01-16T00:00:00Z"
                    ).items
                ]
                for c in client.connections.list_in_account(limit=5).items
            },
        }


def test_platform_state_round_trips_through_snapshot_and_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "emu.sqlite"
    emu = Emulator(seed="demo", db_path=db, start=None)
    with emu.client() as client:
        client.hvr_registrations.register_hub(hub_server_url="https://hub", port=1, fingerprint="f")
        conn = client.connections.list_in_account(limit=1).items[0]
        client.connections.sync(conn.id, force=True)
    emu.advance(120)
    before = _platform_state(emu)
    assert any(before["history"].values())
    kinds = {k: len(v) for k, v in emu.state.tables.items()}
    restored = Emulator.from_snapshot(json.loads(json.dumps(emu.snapshot())))
    assert _platform_state(restored) == before
    restored.close()
    emu.close()
    reopened = Emulator(db_path=db)
    assert {k: len(v) for k, v in reopened.state.tables.items()} == kinds
    assert _platform_state(reopened) == before
    reopened.close()
