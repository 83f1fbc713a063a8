"""Every declaration agrees with Fivetran's OpenAPI definition, and every one is tested.

* the body and query fields a method can send exist in the spec operation (typos);
* ``Literal`` choices equal the spec's enum where it has one;
* ``Accept: version=2`` exactly where the spec defaults to it;
* creates are never retried as idempotent;
* every declared method and stream appears in a request table (``tests/_cases_*.py``).

The spec-based tests are skipped (saying so) when the spec file is absent.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import _api_support
import _cases_access
import _cases_connections
import _cases_platform
import _cases_resources
from _support import load_script
from fivetrex._operation import StreamOperation, _literal_choices

#: scripts/api_coverage.py: the declarations and the spec's operations
api_coverage = load_script("api_coverage")

_BODY_METHODS = {"POST", "PATCH", "PUT"}

#: The seed declares ``Accept: version=2`` on the group-connections list (spec: v1); kept
#: as is (the API accepts both) so the seed's behaviour does not change.
VERSIONED_EXCEPTIONS = {"connections.list", "groups.list_connections"}

#: Query parameters of the endpoints newer than the spec (from Fivetran's docs).
NON_SPEC_QUERY = {
    "connection_sync_history": {"start_time", "end_time", "duration", "cursor", "limit"},
    "connection_errors": {"cursor", "limit"},
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    found = api_coverage.find_spec()
    if found is None:
        pytest.skip(
            f"OpenAPI spec not found: set ${api_coverage.SPEC_ENV} or put it at "
            "../shared/fivetran-openapi.json (relative to the repository)"
        )
    return api_coverage.load_spec(found)


@pytest.fixture(scope="module")
def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId → the raw operation object."""
    found: dict[str, dict[str, Any]] = {}
    for item in spec["paths"].values():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found[op["operationId"]] = op
    return found


DECLS = api_coverage.declarations()


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _properties(spec: dict[str, Any], schema: Any, seen: frozenset[str] = frozenset()) -> dict:
    """Top-level properties of a schema, through allOf/oneOf/anyOf and discriminator variants."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if ref in seen:
        return {}
    seen = seen | {ref} if ref else seen
    schema = _resolve(spec, schema)
    found: dict[str, Any] = {}
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            found.update(_properties(spec, sub, seen))
    for target in schema.get("discriminator", {}).get("mapping", {}).values():
        found.update(_properties(spec, {"$ref": target}, seen))
    for name, prop in schema.get("properties", {}).items():
        found[name] = _resolve(spec, prop)
    return found


def _spec_fields(
    spec: dict[str, Any], op: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(query params, JSON body properties, multipart properties) → their schemas."""
    query = {
        p["name"]: _resolve(spec, p.get("schema", {}))
        for p in (_resolve(spec, p) for p in op.get("parameters", []))
        if p.get("in") == "query"
    }
    content = _resolve(spec, op.get("requestBody", {})).get("content", {})
    body = _properties(spec, content.get("application/json", {}).get("schema", {}))
    multipart = _properties(spec, content.get("multipart/form-data", {}).get("schema", {}))
    return query, body, multipart


def _wire_fields(decl: api_coverage.Declaration) -> tuple[dict[str, str], dict[str, str]]:
    """(query, body) fields a declaration can send: wire name → Python parameter."""
    ep = decl.endpoint
    query: dict[str, str] = {}
    body: dict[str, str] = {}
    for name, param in ep.signature.parameters.items():
        if param.kind is inspect.Parameter.VAR_KEYWORD or name in ep.path_params:
            continue
        if (ep.spec.confirm and name == "confirm") or name in (ep.spec.body, ep.spec.upload):
            continue
        wire = ep.spec.rename.get(name, name)
        query_params = ep.spec.query
        in_query = (
            name in query_params if query_params is not None else ep.method not in _BODY_METHODS
        )
        (query if in_query else body)[wire] = name
    body.update({key: key for key in ep.spec.fixed})
    return query, body


def _enum(schema: dict[str, Any]) -> set[str] | None:
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    values = schema.get("enum")
    return {str(v) for v in values} if values else None


def _id(decl: api_coverage.Declaration) -> str:
    return f"{decl.resource}.{decl.name}"


@pytest.mark.parametrize("decl", DECLS, ids=[_id(d) for d in DECLS])
def test_sent_fields_exist_in_the_spec(
    decl: api_coverage.Declaration, spec: dict[str, Any], operations: dict[str, dict[str, Any]]
) -> None:
    query, body = _wire_fields(decl)
    if decl.operation_id in NON_SPEC_QUERY:
        assert set(query) <= NON_SPEC_QUERY[decl.operation_id]
        assert not body
        return
    op = operations[str(decl.operation_id)]
    spec_query, spec_body, spec_multipart = _spec_fields(spec, op)
    assert set(query) <= set(spec_query), f"unknown query fields {set(query) - set(spec_query)}"
    assert set(body) <= set(spec_body), f"unknown body fields {set(body) - set(spec_body)}"
    if decl.endpoint.spec.upload:
        assert "file" in spec_multipart
    if decl.endpoint.spec.body is not None:
        assert "requestBody" in op


@pytest.mark.parametrize("decl", DECLS, ids=[_id(d) for d in DECLS])
def test_literal_choices_match_the_spec_enum(
    decl: api_coverage.Declaration, spec: dict[str, Any], operations: dict[str, dict[str, Any]]
) -> None:
    if decl.operation_id in NON_SPEC_QUERY:
        return
    spec_query, spec_body, _ = _spec_fields(spec, operations[str(decl.operation_id)])
    query, body = _wire_fields(decl)
    for fields, schemas in ((query, spec_query), (body, spec_body)):
        for wire, name in fields.items():
            choices = _literal_choices(decl.endpoint.hints.get(name))
            if choices is None:
                continue
            expected = _enum(schemas[wire])
            if expected is not None:
                assert {str(c) for c in choices} == expected, wire


def test_literals_are_checked_where_the_spec_has_enums(
    spec: dict[str, Any], operations: dict[str, dict[str, Any]]
) -> None:
    """At least these typed parameters are validated against a spec enum."""
    checked = set()
    for decl in DECLS:
        if decl.operation_id in NON_SPEC_QUERY:
            continue
        spec_query, spec_body, _ = _spec_fields(spec, operations[str(decl.operation_id)])
        query, body = _wire_fields(decl)
        for fields, schemas in ((query, spec_query), (body, spec_body)):
            for wire, name in fields.items():
                if _literal_choices(decl.endpoint.hints.get(name)) and _enum(schemas[wire]):
                    checked.add(f"{_id(decl)}:{wire}")
    assert {
        "connections.update_table:sync_mode",
        "connections.create_schema_config:schema_change_handling",
        "hybrid_deployment_agents.create:env_type",
        "hybrid_deployment_agents.re_auth:auth_type",
        "system_keys.rotate:expiration_period",
        "transformations.list:type",
        "external_secrets_managers.create:type",
        "connections.create:sync_frequency",
    } <= checked


@pytest.mark.parametrize("decl", DECLS, ids=[_id(d) for d in DECLS])
def test_accept_version_2_exactly_where_the_spec_defaults_to_it(
    decl: api_coverage.Declaration, spec: dict[str, Any]
) -> None:
    by_id = {op.operation_id: op for op in api_coverage.spec_operations(spec)}
    if decl.operation_id in NON_SPEC_QUERY:
        assert decl.endpoint.spec.versioned  # connection endpoints; the docs send version=2
    elif _id(decl) in VERSIONED_EXCEPTIONS:
        assert decl.endpoint.spec.versioned
    else:
        assert decl.endpoint.spec.versioned == by_id[str(decl.operation_id)].accept_v2


def test_seventeen_spec_operations_are_versioned(spec: dict[str, Any]) -> None:
    versioned = {
        d.operation_id
        for d in DECLS
        if d.endpoint.spec.versioned
        and _id(d) not in VERSIONED_EXCEPTIONS
        and d.operation_id not in NON_SPEC_QUERY
    }
    assert versioned == {
        op.operation_id for op in api_coverage.spec_operations(spec) if op.accept_v2
    }
    assert len(versioned) == 17


@pytest.mark.parametrize("decl", DECLS, ids=[_id(d) for d in DECLS])
def test_only_harmless_posts_are_idempotent(decl: api_coverage.Declaration) -> None:
    ep = decl.endpoint
    if ep.method != "POST":
        assert ep.spec.idempotent
        return
    creates = decl.name.startswith(("create", "add", "register")) or str(
        decl.operation_id
    ).startswith(("create", "add"))
    if creates:
        assert not ep.spec.idempotent, "a create must not be retried after an ambiguous failure"
    if ep.spec.confirm:
        assert not ep.spec.idempotent or decl.name in {"resync"}, "destructive actions: no retries"


# --------------------------------------------------------------------------- test tables

_CASE_MODULES = (_cases_connections, _cases_access, _cases_platform)
#: Streams of the seed, walked in test_pagination / test_client.
_SEED_STREAMS = {
    "groups.stream",
    "groups.stream_connections",
    "connections.stream",
    "webhooks.stream",
}


def _tested(ids: list[str]) -> set[str]:
    return {i.split("(")[0].strip() for i in ids}


def test_every_declared_method_has_a_request_test() -> None:
    ids = [c.id for c in _cases_resources.CASES]
    for module in _CASE_MODULES:
        ids += [c.id for c in module.CASES]
    missing = {_id(d) for d in DECLS} - _tested(ids)
    assert not missing, f"declared but not in any test table: {sorted(missing)}"


def test_every_stream_has_a_paging_test() -> None:
    streams = {
        f"{resource}.{attr}"
        for resource, cls in api_coverage._resources()
        for attr, value in vars(cls).items()
        if isinstance(value, StreamOperation)
    }
    assert {"connections.stream_in_account", "teams.stream_users"} <= streams
    tested = set()
    for module in _CASE_MODULES:
        tested |= {s.id for s in module.STREAMS}
    missing = streams - tested - _SEED_STREAMS
    assert not missing, f"streams without a paging test: {sorted(missing)}"


def test_base_tables_are_importable() -> None:
    assert _api_support.CONFIRM_CALLS
