"""What every operation shares: /public/ paths, ``confirm=True`` guards, input validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from _api_support import CONFIRM_CALLS
from _support import Recorder, load_script, make_client, ok, resolve
from fivetrex import ConfirmationRequired

pytestmark = pytest.mark.anyio

api_coverage = load_script("api_coverage")


# --------------------------------------------------------------------------- /public/


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.fivetran.com/v1", "https://api.fivetran.com/public/connector-types"),
        ("https://api.fivetran.com/v1/", "https://api.fivetran.com/public/connector-types"),
        ("http://localhost:8080/v1", "http://localhost:8080/public/connector-types"),
        ("https://gw.example.com/fivetran/v1", "https://gw.example.com/public/connector-types"),
    ],
)
async def test_public_paths_resolve_against_the_origin(
    mode: str, base_url: str, expected: str
) -> None:
    recorder = Recorder(ok([{"id": "google_ads"}]))
    client = make_client(mode, recorder, base_url=base_url)
    result = await resolve(client.connector_types.list_public())
    assert str(recorder.last.url) == expected
    assert [t.id for t in result] == ["google_ads"]


async def test_other_paths_still_resolve_under_the_base_url(mode: str) -> None:
    recorder = Recorder(ok({"account_id": "a"}))
    client = make_client(mode, recorder, base_url="https://gw.example.com/fivetran/v1")
    await resolve(client.account.get_info())
    assert str(recorder.last.url) == "https://gw.example.com/fivetran/v1/account/info"


# --------------------------------------------------------------------------- confirm=True


def test_every_confirm_guarded_operation_is_listed() -> None:
    guarded = {
        f"{d.resource}.{d.name}" for d in api_coverage.declarations() if d.endpoint.spec.confirm
    }
    assert guarded == set(CONFIRM_CALLS)


@pytest.mark.parametrize("name", sorted(CONFIRM_CALLS))
async def test_confirm_guarded_operations_send_nothing_without_confirm(
    mode: str, name: str
) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ConfirmationRequired, match="confirm=True"):
        await resolve(CONFIRM_CALLS[name](client))
    assert recorder.requests == []


@pytest.mark.parametrize("name", sorted(CONFIRM_CALLS))
async def test_confirm_false_is_refused_too(mode: str, name: str) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    resource, method = name.split(".")
    bound = getattr(getattr(client, resource), method)
    args = {
        "connections.resync_tables": ("x", {"s": ["t"]}),
        "connections.drop_column": ("x", "s", "t", "col"),
        "connections.revoke_certificate": ("x", "h"),
        "connections.revoke_fingerprint": ("x", "h"),
        "destinations.revoke_certificate": ("d", "h"),
        "destinations.revoke_fingerprint": ("d", "h"),
    }.get(name, ("x",))
    kwargs: dict[str, Any] = {"confirm": False}
    if name == "connections.drop_columns":
        kwargs["schemas"] = {}
    with pytest.raises(ConfirmationRequired):
        await resolve(bound(*args, **kwargs))
    assert recorder.requests == []


# --------------------------------------------------------------------------- validation

INVALID_CALLS: list[tuple[str, Callable[[Any], Any], str]] = [
    (
        "sync_mode",
        lambda c: c.connections.update_table("x", "s", "t", sync_mode="FULL"),
        "sync_mode",
    ),
    (
        "schema_change_handling",
        lambda c: c.connections.create_schema_config(
            "x", schemas={}, schema_change_handling="ALLOW"
        ),
        "schema_change_handling",
    ),
    (
        "env_type",
        lambda c: c.hybrid_deployment_agents.create(
            display_name="a", env_type="VM", accept_terms=True
        ),
        "env_type",
    ),
    (
        "auth_type",
        lambda c: c.hybrid_deployment_agents.re_auth("a", auth_type="x", confirm=True),
        "auth_type",
    ),
    (
        "expiration_period",
        lambda c: c.system_keys.create(name="k", permissions=[], expiration_period="ONE_YEAR"),
        "expiration_period",
    ),
    ("transformations.type", lambda c: c.transformations.list(type="DBT"), "type"),
    (
        "esm.type",
        lambda c: c.external_secrets_managers.create(type="GCP", name="n", config={}),
        "type",
    ),
    ("esm.entities", lambda c: c.external_secrets_managers.list_entities("e", type="x"), "type"),
    ("limit", lambda c: c.users.list(limit=0), "limit"),
    ("limit-stream", lambda c: c.teams.list_users("t", limit=5000), "limit"),
    ("empty id", lambda c: c.users.get(""), "user_id"),
    ("non-str id", lambda c: c.connections.get_certificate("x", 3), "hash"),
]


@pytest.mark.parametrize(
    ("call", "message"), [(c, m) for _, c, m in INVALID_CALLS], ids=[i for i, _, _ in INVALID_CALLS]
)
async def test_invalid_input_is_rejected_before_sending(
    mode: str, call: Callable[[Any], Any], message: str
) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(ValueError, match=message):
        await resolve(call(client))
    assert recorder.requests == []


async def test_path_segments_are_encoded(mode: str) -> None:
    recorder = Recorder(ok({"schemas": {}}))
    client = make_client(mode, recorder)
    await resolve(client.connections.update_column("c", "my schema", "a/b", "..", hashed=True))
    assert recorder.last.url.raw_path.decode() == (
        "/v1/connections/c/schemas/my%20schema/tables/a%2Fb/columns/%2E%2E"
    )
