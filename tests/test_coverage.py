"""The declarations cover Fivetran's OpenAPI definition exactly, and docs/coverage.md is current.

Needs the spec (``$FIVETREX_OPENAPI_SPEC`` or ``../shared/fivetran-openapi.json``); every
test here is skipped, saying so, when it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _support import ROOT, load_script

#: scripts/api_coverage.py: the generator of docs/coverage.md (`python3 dev.py coverage`)
api_coverage = load_script("api_coverage")
DOC = ROOT / "docs" / "coverage.md"


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
def decls() -> list[api_coverage.Declaration]:
    return api_coverage.declarations()


def test_the_spec_is_the_expected_snapshot(spec: dict[str, Any]) -> None:
    ops = api_coverage.spec_operations(spec)
    assert len(ops) == 169
    assert len(spec["paths"]) == 97
    assert sum(op.accept_v2 for op in ops) == 17


def test_every_spec_operation_is_declared(
    spec: dict[str, Any], decls: list[api_coverage.Declaration]
) -> None:
    declared = {d.key for d in decls}
    missing = [
        f"{op.method} {op.path} ({op.operation_id})"
        for op in api_coverage.spec_operations(spec)
        if op.key not in declared
    ]
    assert not missing, "spec operations without a declaration:\n" + "\n".join(missing)


def test_every_declaration_is_a_spec_operation(
    spec: dict[str, Any], decls: list[api_coverage.Declaration]
) -> None:
    by_id = {op.operation_id: op for op in api_coverage.spec_operations(spec)}
    non_spec = {
        operation_id: (method, api_coverage.normalize_path(path))
        for (method, path), operation_id in api_coverage.NON_SPEC_OPERATIONS.items()
    }
    problems: list[str] = []
    for decl in decls:
        where = f"{decl.python} ({decl.method} {decl.path}, {decl.operation_id})"
        if decl.operation_id is None:
            problems.append(f"{where}: no operation_id")
        elif decl.operation_id in non_spec:
            if decl.key != non_spec[decl.operation_id]:
                problems.append(f"{where}: method/path differ from the documented endpoint")
        elif decl.operation_id not in by_id:
            problems.append(f"{where}: operationId not in the spec")
        elif decl.key != by_id[decl.operation_id].key:
            op = by_id[decl.operation_id]
            problems.append(f"{where}: the spec has {op.method} {op.path}")
    assert not problems, "\n".join(problems)


def test_the_non_spec_endpoints_are_declared_and_absent_from_the_spec(
    spec: dict[str, Any], decls: list[api_coverage.Declaration]
) -> None:
    spec_keys = {op.key for op in api_coverage.spec_operations(spec)}
    declared = {d.key for d in decls}
    for method, path in api_coverage.NON_SPEC_OPERATIONS:
        key = (method, api_coverage.normalize_path(path))
        assert key not in spec_keys
        assert key in declared


def test_python_and_cli_names(decls: list[api_coverage.Declaration]) -> None:
    names = {d.python: d.cli for d in decls}
    assert names["client.connections.list_in_account"] == "fivetrex connections list-in-account"
    assert (
        names["client.hybrid_deployment_agents.reset_credentials"]
        == "fivetrex hybrid-deployment-agents reset-credentials"
    )
    assert names["client.log_services.create_account"] == "fivetrex log-services create-account"


@pytest.mark.parametrize(
    ("template", "normalized"),
    [
        ("/v1/connections/{connectionId}", "/v1/connections/{}"),
        ("/v1/connections/{connection_id}/", "/v1/connections/{}"),
        ("/v1/users/{id}", "/v1/users/{}"),
        ("/public/connector-types", "/public/connector-types"),
    ],
)
def test_normalize_path(template: str, normalized: str) -> None:
    assert api_coverage.normalize_path(template) == normalized


def test_wire_path() -> None:
    assert api_coverage.wire_path("/groups") == "/v1/groups"
    assert api_coverage.wire_path("/v1/groups") == "/v1/groups"
    assert api_coverage.wire_path("/public/connector-types") == "/public/connector-types"


def test_docs_coverage_is_up_to_date(spec: dict[str, Any]) -> None:
    expected = api_coverage.render(spec)
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    assert current == expected, (
        "docs/coverage.md is stale: regenerate it with `python3 dev.py coverage`"
    )


def test_check_mode_reports_a_stale_file(
    spec: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "coverage.md"
    args = ["--spec", str(api_coverage.find_spec()), "--output", str(out)]
    assert api_coverage.main([*args, "--check"]) == 1
    assert api_coverage.main(args) == 0
    assert api_coverage.main([*args, "--check"]) == 0
    assert "stale" in capsys.readouterr().err


def test_missing_spec_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(api_coverage.SPEC_ENV, str(tmp_path / "nope.json"))
    assert api_coverage.find_spec() is None
    assert api_coverage.main(["--stdout"]) == 2
    assert api_coverage.SPEC_ENV in capsys.readouterr().err


def test_emulator_status_without_an_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> Any:
        raise LookupError("ImportError: no emulator")

    monkeypatch.setattr(api_coverage, "_emulator_class", unavailable)
    status = api_coverage.emulator_status([("GET", "/v1/groups")])
    assert status[("GET", "/v1/groups")].status == "unknown"
    assert "no emulator" in status[("GET", "/v1/groups")].reason


def test_emulator_status_by_probing_when_it_has_no_coverage_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/groups"):
            return httpx.Response(404, json={"code": "NotFound_Group", "message": "nope"})
        return httpx.Response(
            501,
            json={
                "code": "NotImplemented",
                "message": f"{request.method} {request.url.path} is not implemented by the "
                "fivetrex emulator",
            },
        )

    class FakeEmulator:
        api_key = "k"
        api_secret = "s"

        def transport(self) -> httpx.MockTransport:
            return httpx.MockTransport(handler)

    monkeypatch.setattr(api_coverage, "_emulator_class", lambda: FakeEmulator)
    status = api_coverage.emulator_status(
        [("GET", "/v1/groups/{groupId}"), ("POST", "/v1/hvr/register-hub")]
    )
    assert status[("GET", "/v1/groups/{}")].status == "implemented"
    hvr = status[("POST", "/v1/hvr/register-hub")]
    assert hvr.status == "not implemented"
    assert hvr.reason == "HTTP 501 NotImplemented: no route in the emulator yet"
