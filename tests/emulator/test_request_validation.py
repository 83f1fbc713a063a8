"""Request bodies are validated as the API validates them (shape first, then references)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group
from emulator._request_shapes import shapes_from_spec
from emulator._spec import MISSING_SPEC_MESSAGE, load_oracle
from fivetrex.emulator import Emulator
from fivetrex.emulator._request_shapes import BODY_SHAPES, OVERRIDES

_WRONG: dict[str, Any] = {"object": "text", "array": {"a": 1}, "any": None}


def _wrong_value(kind: str) -> Any:
    if kind.startswith("array"):
        return _WRONG["array"]
    return _WRONG.get(kind, {"an": "object"})


def test_the_emulators_shapes_are_the_specs() -> None:
    """The table that ships is the spec's, except where the reference overrides it."""
    oracle = load_oracle()
    if oracle is None:
        pytest.skip(MISSING_SPEC_MESSAGE)
    derived = {op: fields for op, (_, fields) in shapes_from_spec(oracle.spec).items()}
    assert set(BODY_SHAPES) == set(derived)
    for operation, fields in derived.items():
        if operation in OVERRIDES:
            continue
        assert BODY_SHAPES[operation] == fields, operation


def _implemented(emu: Emulator) -> set[str]:
    return set(emu.coverage()["implemented"])


CASES = [
    (operation, name, kind)
    for operation, fields in sorted(BODY_SHAPES.items())
    if operation not in OVERRIDES
    for name, kind in sorted(fields.items())
    if kind != "any"
]


@pytest.mark.parametrize(
    ("operation", "name", "kind"), CASES, ids=[f"{o}:{n}" for o, n, _ in CASES]
)
def test_a_wrong_shape_is_400_naming_the_field(operation: str, name: str, kind: str) -> None:
    emu = Emulator()
    if operation not in _implemented(emu):
        pytest.skip(f"{operation} is not implemented (501)")
    method, template = operation.split(" ", 1)
    path = re.sub(r"\{[^}]+\}", "no_such_id", template)
    response = emu.request(method, path, {name: _wrong_value(kind)})
    assert response.status == 400, (operation, response.body)
    body = response.json()
    assert body["code"] == "InvalidInput"
    assert f"'{name}'" in body["message"]


def test_array_items_are_checked(http: httpx.Client) -> None:
    body = {"url": "https://h.example", "events": ["sync_end", 7], "active": False}
    problem = error(http.post("/webhooks/account", json=body), 400, "InvalidInput")
    assert "'events[1]'" in problem["message"]


def test_a_body_that_is_not_an_object_is_400(http: httpx.Client) -> None:
    problem = error(http.post("/groups", json=["name"]), 400, "InvalidInput")
    assert "object" in problem["message"]


def test_null_fields_and_unknown_fields_are_accepted_by_default(
    emu: Emulator, http: httpx.Client
) -> None:
    created = data(http.post("/groups", json={"name": "g1", "surprise": 1}), 201)
    assert created["name"] == "g1"
    emu.configure(reject_unknown_fields=True)
    problem = error(http.post("/groups", json={"name": "g2", "surprise": 1}), 400)
    assert "'surprise'" in problem["message"]
    data(http.post("/groups", json={"name": "g3"}), 201)


@pytest.fixture
def stripe(http: httpx.Client) -> str:
    cid: str = make_connection(http, make_group(http), "stripe")["id"]
    return cid


@pytest.mark.parametrize(
    ("body", "status", "named"),
    [
        ({"schema": ["hubspot.contacts"]}, 404, "'schema'"),  # the spec's placeholder key
        ({"nope": ["no_such_table"]}, 404, "'nope'"),
        ({"stripe": ["no_such_table"]}, 404, "'no_such_table'"),
        ({"stripe": "charge"}, 400, "'stripe'"),
        ({"stripe": []}, 400, "'stripe'"),
        ({"stripe": [7]}, 400, "'stripe[0]'"),
        (["stripe.charge"], 400, "map"),
        ({}, 400, "map"),
    ],
)
def test_table_resync_needs_a_map_of_existing_schemas_and_tables(
    http: httpx.Client, stripe: str, body: Any, status: int, named: str
) -> None:
    path = f"/connections/{stripe}/schemas/tables/resync"
    problem = error(http.post(path, json=body), status)
    assert named in problem["message"]


def test_table_resync_of_existing_tables_is_accepted(http: httpx.Client, stripe: str) -> None:
    path = f"/connections/{stripe}/schemas/tables/resync"
    response = data(http.post(path, json={"stripe": ["charge", "customer"]}))
    assert response is None


def test_connection_resync_scope_is_checked_the_same_way(http: httpx.Client, stripe: str) -> None:
    path = f"/connections/{stripe}/resync"
    error(http.post(path, json={"scope": {"public": ["orders"]}}), 404, "NotFound_Schema")
    problem = error(http.post(path, json={"scope": {"stripe": "charge"}}), 400)
    assert "'scope.stripe'" in problem["message"]
    problem = error(http.post(path, json={"scope": ["stripe"]}), 400)
    assert "'scope'" in problem["message"]
    data(http.post(path, json={"scope": {"stripe": ["charge"]}}))
