"""The emulator's layers hold: the domain imports no HTTP, and its operations take typed
arguments, never a raw request body (issue 11: parsing lives in ``emulator/_api/``)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from fivetrex.emulator._domain import Backend

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "fivetrex" / "emulator" / "_domain"

#: What the domain must not import: the HTTP side of the emulator and any HTTP library.
HTTP_SIDE = (
    "fivetrex.emulator._api",
    "fivetrex.emulator._app",
    "fivetrex.emulator._routes",
    "fivetrex.emulator._server",
    "fivetrex.emulator._transport",
    "fivetrex.emulator._control",
    "fivetrex.emulator._validation",
    "http",
    "httpx",
    "email",
)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_the_domain_imports_no_http(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == side or name.startswith(side + ".") for side in HTTP_SIDE)
    }
    assert not bad, f"{path.name} imports the HTTP side: {sorted(bad)}"


def _operations() -> list[str]:
    """Backend's public methods whose docstring names an API operation (``GET /v1/...``)."""
    names = []
    for name, member in inspect.getmembers(Backend, inspect.isfunction):
        if not name.startswith("_") and "/v1/" in (member.__doc__ or ""):
            names.append(name)
    return sorted(names)


def test_there_are_operations_to_check() -> None:
    assert len(_operations()) > 100  # a rename of the docstring convention must not empty it


@pytest.mark.parametrize("name", _operations())
def test_a_domain_operation_takes_typed_arguments(name: str) -> None:
    signature = inspect.signature(getattr(Backend, name))
    for parameter in list(signature.parameters.values())[1:]:
        assert parameter.name != "body", f"Backend.{name} takes a raw body"
        assert parameter.annotation not in ("Any", "object"), (
            f"Backend.{name}({parameter.name}: {parameter.annotation}): say what it is"
        )
