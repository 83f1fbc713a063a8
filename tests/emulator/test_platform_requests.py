"""Request parsing of the platform areas over raw HTTP: agents, private links, proxy
agents, external secrets managers, HVR, certificates and fingerprints.

Each case sends one body the route must read (or refuse) and asserts the status, the
error code and the exact message: the parsers in ``emulator/_api`` own these rules, and a
body that is malformed is refused with 400 before the resource is looked up.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group

CERT = base64.b64encode(b"-----fake DER bytes-----").decode()


@dataclass(frozen=True)
class Ids:
    """The resources a case's path or body may name."""

    group: str
    connection: str
    agent: str
    link: str
    esm: str


@pytest.fixture
def ids(http: httpx.Client) -> Ids:
    group = make_group(http)
    connection = make_connection(http, group)["id"]
    agent = data(
        http.post(
            "/hybrid-deployment-agents",
            json={
                "display_name": "dc1",
                "env_type": "DOCKER",
                "accept_terms": True,
                "group_id": group,
                "auth_type": "MANUAL",
            },
        ),
        201,
    )["id"]
    link = data(
        http.post(
            "/private-links",
            json={
                "name": "db_link",
                "region": "AWS_US_EAST_1",
                "service": "SOURCE_AWS",
                "config": {"connection_service_name": "svc"},
            },
        ),
        201,
    )["id"]
    esm = data(
        http.post(
            "/external-secrets-managers",
            json={"type": "AWS_SECRET_MANAGER", "name": "aws", "config": {"role_arn": "arn:1"}},
        ),
        201,
    )["id"]
    return Ids(group, connection, agent, link, esm)


def _agent(group: str, **fields: Any) -> dict[str, Any]:
    body = {"display_name": "x", "env_type": "DOCKER", "accept_terms": True, "group_id": group}
    return {**body, **fields}


def _link(**fields: Any) -> dict[str, Any]:
    body = {
        "name": "l2",
        "region": "AWS_US_EAST_1",
        "service": "SOURCE_AWS",
        "config": {"connection_service_name": "svc"},
    }
    return {k: v for k, v in {**body, **fields}.items() if v is not ...}


def _esm(**fields: Any) -> dict[str, Any]:
    body = {"type": "HASHICORP_VAULT", "name": "v", "config": {}}
    body["config"] = {"vault_address": "https://vault", "role_id": "r", "secret_id": "s"}
    return {k: v for k, v in {**body, **fields}.items() if v is not ...}


REFUSED: list[tuple[str, str, str, Any, int, str, str]] = [
    # (id, method, path, body, status, code, message); {group} etc. filled from Ids
    ("agent-name-not-string", "POST", "/hybrid-deployment-agents", "agent:display_name=5",
     400, "InvalidInput", "Field 'display_name' is required"),
    ("agent-env-type", "POST", "/hybrid-deployment-agents", "agent:env_type=VM",
     400, "InvalidInput",
     "Invalid value 'VM' for field 'env_type'. Allowed: DOCKER, KUBERNETES, PODMAN, SNOWPARK"),
    ("agent-auth-type", "POST", "/hybrid-deployment-agents", "agent:auth_type=TOKEN",
     400, "InvalidInput", "Invalid value 'TOKEN' for field 'auth_type'. Allowed: AUTO, MANUAL"),
    ("agent-terms-not-true", "POST", "/hybrid-deployment-agents", "agent:accept_terms=true",
     400, "InvalidInput", "Field 'accept_terms' must be true: accept the Fivetran On-Prem "
     "Software License Addendum"),
    ("agent-unknown-group", "POST", "/hybrid-deployment-agents", "agent:group_id=nope",
     404, "NotFound_Group", ""),
    ("reauth-auth-type", "PATCH", "/hybrid-deployment-agents/{agent}/re-auth",
     {"auth_type": "TOKEN"}, 400, "InvalidInput",
     "Invalid value 'TOKEN' for field 'auth_type'. Allowed: AUTO, MANUAL"),
    ("reauth-unknown-agent-bad-body", "PATCH", "/hybrid-deployment-agents/nope/re-auth",
     {"auth_type": "TOKEN"}, 400, "InvalidInput",
     "Invalid value 'TOKEN' for field 'auth_type'. Allowed: AUTO, MANUAL"),
    ("link-name-form", "POST", "/private-links", _link(name="1st"), 400, "InvalidInput",
     "Invalid private link name '1st': letters, digits and underscores, starting with a "
     "letter or underscore"),
    ("link-region-of-other-cloud", "POST", "/private-links",
     _link(service="SOURCE_AZURE"), 400, "InvalidInput",
     "Region 'AWS_US_EAST_1' is not a AZURE region, as service 'SOURCE_AZURE' requires"),
    ("link-config-absent", "POST", "/private-links", _link(config=...), 400, "InvalidInput",
     "Field(s) config.connection_service_name required for private link service "
     "'SOURCE_AWS'"),
    ("link-name-taken", "POST", "/private-links", _link(name="db_link"), 409, "Conflict",
     "Private link with name 'db_link' already exists"),
    ("link-region-changed", "PATCH", "/private-links/{link}", {"region": "AWS_US_WEST_2"},
     400, "InvalidInput", "Field 'region' of a private link cannot be changed"),
    ("link-name-null", "PATCH", "/private-links/{link}", {"name": None},
     400, "InvalidInput", "Field 'name' of a private link cannot be changed"),
    ("link-unknown-bad-body", "PATCH", "/private-links/nope", {"service": 5},
     400, "InvalidInput", "Field 'service' of a private link cannot be changed"),
    ("link-merged-config-incomplete", "PATCH", "/private-links/{link}",
     {"config": {"connection_service_name": ""}}, 400, "InvalidInput",
     "Field(s) config.connection_service_name required for private link service "
     "'SOURCE_AWS'"),
    ("proxy-region", "POST", "/proxy", {"display_name": "p", "group_region": "MOON_1"},
     400, "InvalidInput", "Group region not supported."),
    ("proxy-name-empty", "POST", "/proxy", {"display_name": ""},
     400, "InvalidInput", "Field 'display_name' is required"),
    ("esm-no-body", "POST", "/external-secrets-managers", None,
     400, "BadRequest", "The request body must be a JSON object"),
    ("esm-type", "POST", "/external-secrets-managers", _esm(type="GCP"), 400, "BadRequest",
     "Unsupported External Secrets Manager type 'GCP'. Supported: AWS_SECRET_MANAGER, "
     "AZURE_KEY_VAULT, HASHICORP_VAULT"),
    ("esm-name-not-string", "POST", "/external-secrets-managers", _esm(name=7),
     400, "BadRequest", "Field 'name' is required"),
    ("esm-config-absent", "POST", "/external-secrets-managers", _esm(config=...),
     400, "BadRequest", "ESM config is required."),
    ("esm-config-key", "POST", "/external-secrets-managers", _esm(config={"role_id": "r"}),
     400, "BadRequest", "Field 'config.vault_address' is required for HASHICORP_VAULT."),
    ("esm-hybrid-not-bool", "POST", "/external-secrets-managers",
     _esm(is_hybrid_deployment="yes"), 400, "BadRequest",
     "Field 'is_hybrid_deployment' must be a boolean."),
    ("esm-name-taken", "POST", "/external-secrets-managers", _esm(name="aws"),
     400, "BadRequest", "External Secrets Manager with name 'aws' already exists."),
    ("esm-update-config-absent", "PATCH", "/external-secrets-managers/{esm}", {},
     400, "BadRequest", "ESM config is required."),
    ("esm-update-key-of-its-type", "PATCH", "/external-secrets-managers/{esm}",
     {"config": {"vault_address": "https://v"}}, 400, "BadRequest",
     "Field 'config.role_arn' is required for AWS_SECRET_MANAGER."),
    ("esm-update-unknown-bad-body", "PATCH", "/external-secrets-managers/nope", {},
     400, "BadRequest", "ESM config is required."),
    ("hvr-port-bool", "POST", "/hvr/register-hub",
     {"hub_server_url": "https://hub", "fingerprint": "f", "port": True},
     400, "InvalidInput", "Field 'port' is required and must be a port number"),
    ("hvr-port-range", "POST", "/hvr/register-hub",
     {"hub_server_url": "https://hub", "fingerprint": "f", "port": 65536},
     400, "InvalidInput", "Field 'port' is required and must be a port number"),
    ("hvr-url-empty", "POST", "/hvr/register-hub",
     {"hub_server_url": "", "fingerprint": "f", "port": 1},
     400, "InvalidInput", "Field 'hub_server_url' is required"),
    ("cert-hash-not-string", "POST", "/connections/{connection}/certificates",
     {"hash": 5, "encoded_cert": CERT}, 400, "InvalidInput", "Field 'hash' must be a string"),
    ("cert-not-base64", "POST", "/destinations/{group}/certificates",
     {"hash": "h", "encoded_cert": "%%%"}, 400, "InvalidInput",
     "Field 'encoded_cert' must be a base64-encoded certificate"),
    ("cert-unknown-owner-bad-cert", "POST", "/connections/nope/certificates",
     {"hash": "h", "encoded_cert": "%%%"}, 400, "InvalidInput",
     "Field 'encoded_cert' must be a base64-encoded certificate"),
    ("cert-unknown-owner", "POST", "/connections/nope/certificates",
     {"hash": "h", "encoded_cert": CERT}, 404, "NotFound_Connection", ""),
    ("fingerprint-key-absent", "POST", "/connections/{connection}/fingerprints",
     {"hash": "h"}, 400, "InvalidInput", "Field 'public_key' is required"),
    ("legacy-cert-no-owner", "POST", "/certificates", {"hash": "h", "encoded_cert": CERT},
     400, "InvalidInput", "Field 'connection_id' or 'destination_id' is required"),
    ("legacy-cert-owner-not-string", "POST", "/certificates",
     {"hash": "h", "encoded_cert": CERT, "connection_id": 1},
     400, "InvalidInput", "Field 'connection_id' must be a string"),
    ("legacy-cert-unknown-owner-bad-cert", "POST", "/certificates",
     {"hash": "h", "encoded_cert": "%%%", "destination_id": "nope"},
     400, "InvalidInput", "Field 'encoded_cert' must be a base64-encoded certificate"),
]  # fmt: skip


def _body(spec: Any, ids: Ids) -> Any:
    """A case's body: ``"agent:field=value"`` is an agent body with one field replaced
    (``value`` as JSON when it parses, else a string)."""
    if isinstance(spec, str) and spec.startswith("agent:"):
        field, _, raw = spec.removeprefix("agent:").partition("=")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        if field == "accept_terms":
            value = raw  # the string "true", not the boolean
        return _agent(ids.group, **{field: value})
    return spec


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused(
    http: httpx.Client,
    ids: Ids,
    method: str,
    path: str,
    body: Any,
    status: int,
    code: str,
    message: str,
) -> None:
    url = path.format(**vars(ids))
    payload = _body(body, ids)
    content = None if payload is None else json.dumps(payload)
    response = http.request(
        method, url, content=content, headers={"Content-Type": "application/json"}
    )
    answered = error(response, status, code)
    if message:
        assert answered["message"] == message


def _auth_type(agent: dict[str, Any]) -> str:
    config = json.loads(base64.b64decode(agent["files"]["config_json"]))
    auth: str = config["auth_type"]
    return auth


def test_agent_auth_type_defaults_to_auto_and_reauth_keeps_it(http: httpx.Client, ids: Ids) -> None:
    created = data(http.post("/hybrid-deployment-agents", json=_agent(ids.group)), 201)
    assert _auth_type(created) == "AUTO"
    path = f"/hybrid-deployment-agents/{ids.agent}/re-auth"
    assert _auth_type(data(http.patch(path))) == "MANUAL"  # no body at all
    assert _auth_type(data(http.patch(path, json={"auth_type": None}))) == "MANUAL"
    assert _auth_type(data(http.patch(path, json={}))) == "MANUAL"
    assert _auth_type(data(http.patch(path, json={"auth_type": "AUTO"}))) == "AUTO"


def test_private_link_update_restating_fixed_fields(http: httpx.Client, ids: Ids) -> None:
    path = f"/private-links/{ids.link}"
    same = {"name": "db_link", "region": "AWS_US_EAST_1", "service": "SOURCE_AWS"}
    untouched = data(http.patch(path, json=same))
    assert untouched["state"] == "CREATING"  # no config: nothing to re-provision
    assert untouched["config"] == {"connection_service_name": "svc"}
    updated = data(http.patch(path, json={**same, "config": {"extra": "x"}}))
    assert updated["state"] == "UPDATING"
    assert updated["config"] == {"connection_service_name": "svc", "extra": "x"}


def test_proxy_region_null_is_the_default(http: httpx.Client) -> None:
    created = data(http.post("/proxy", json={"display_name": "p", "group_region": None}), 201)
    agent = data(http.get(f"/proxy/{created['agent_id']}"))
    assert agent["region"] == "GCP_US_EAST4"


def test_esm_entity_type_filter(http: httpx.Client, ids: Ids) -> None:
    data(
        http.patch(f"/connections/{ids.connection}", json={"external_secrets_manager_id": ids.esm})
    )
    path = f"/external-secrets-managers/{ids.esm}/entities"
    sources = data(http.get(path, params={"type": "SOURCE"}))["items"]  # any case
    assert [e["id"] for e in sources] == [ids.connection]
    assert data(http.get(path, params={"type": "destination"}))["items"] == []
    for url in (
        path,
        "/external-secrets-managers-entities",
        "/external-secrets-managers/x/entities",
    ):
        answered = error(http.get(url, params={"type": "vault"}), 400, "InvalidInput")
        assert answered["message"] == (
            "Invalid value 'vault' for field 'type'. Allowed: all, destination, source"
        )


def test_legacy_certificate_approves_for_both_owners(http: httpx.Client, ids: Ids) -> None:
    body = {
        "hash": "h1",
        "encoded_cert": CERT,
        "connection_id": ids.connection,
        "destination_id": ids.group,
    }
    assert data(http.post("/certificates", json=body)) is None
    for owner in (f"/connections/{ids.connection}", f"/destinations/{ids.group}"):
        listed = data(http.get(f"{owner}/certificates"))["items"]
        assert [c["hash"] for c in listed] == ["h1"]
        assert listed[0]["sha256"] == hashlib.sha256(base64.b64decode(CERT)).hexdigest()
