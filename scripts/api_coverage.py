#!/usr/bin/env python3
"""Coverage of the Fivetran API: spec operations → Python methods → CLI commands → emulator.

``python3 dev.py coverage`` (this script) writes ``docs/coverage.md``: one row per operation of
Fivetran's OpenAPI definition (method, path, operationId), the client methods and CLI
commands declared for it, and whether the in-process emulator implements it. The two
endpoints documented after the spec snapshot are listed in their own table.

The spec is read from ``$FIVETREX_OPENAPI_SPEC`` or ``<repo>/../shared/fivetran-openapi.json``
(it is never copied into the repository)::

    python3 dev.py coverage            # write docs/coverage.md
    python3 dev.py coverage --check    # exit 1 if docs/coverage.md is stale
    python3 dev.py coverage --stdout   # print instead of writing

Development tooling: it lives in ``scripts/``, not in the package (the wheel does not ship it).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import pkgutil
import re
import sys
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fivetrex import resources
from fivetrex._operation import Endpoint, Resource, StreamOperation
from fivetrex._resources import ResourceNamespaces

__all__ = [
    "NON_SPEC_OPERATIONS",
    "SPEC_ENV",
    "Declaration",
    "EmulatorStatus",
    "SpecOperation",
    "declarations",
    "emulator_status",
    "find_spec",
    "load_spec",
    "main",
    "normalize_path",
    "render",
    "spec_operations",
    "wire_path",
]

#: Environment variable naming the OpenAPI file.
SPEC_ENV = "FIVETREX_OPENAPI_SPEC"

_REPO = Path(__file__).resolve().parents[1]
_DEFAULT_SPEC = _REPO.parent / "shared" / "fivetran-openapi.json"
_DEFAULT_DOC = _REPO / "docs" / "coverage.md"
_METHODS = ("get", "post", "put", "patch", "delete")
_PLACEHOLDER = re.compile(r"\{[^}/]+\}")
_V2 = "application/json;version=2"

#: Operations documented after the spec snapshot: (method, path) → operationId we gave them.
NON_SPEC_OPERATIONS: Mapping[tuple[str, str], str] = {
    ("GET", "/v1/connections/{connectionId}/sync-history"): "connection_sync_history",
    ("GET", "/v1/connections/{connectionId}/errors"): "connection_errors",
}
_NON_SPEC_NOTES = {
    "connection_sync_history": "Retrieve Connection Sync History (docs, 2026)",
    "connection_errors": "List a connection's active errors (REST API changelog, Nov 2026)",
}


# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class SpecOperation:
    """One operation of the OpenAPI definition."""

    method: str
    path: str
    operation_id: str
    summary: str = ""
    tag: str = ""
    deprecated: bool = False
    accept_v2: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """``(METHOD, normalized path)``."""
        return (self.method, normalize_path(self.path))


def find_spec() -> Path | None:
    """The OpenAPI file: ``$FIVETREX_OPENAPI_SPEC`` or ``<repo>/../shared/...``, if present."""
    configured = os.environ.get(SPEC_ENV)
    path = Path(configured) if configured else _DEFAULT_SPEC
    return path if path.is_file() else None


def load_spec(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Load the OpenAPI definition (raises ``FileNotFoundError`` naming where it looked)."""
    found = Path(path) if path is not None else find_spec()
    if found is None or not found.is_file():
        where = os.environ.get(SPEC_ENV) or str(_DEFAULT_SPEC)
        raise FileNotFoundError(f"OpenAPI spec not found at {where} (set ${SPEC_ENV})")
    data = json.loads(found.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{found}: not an OpenAPI document")
    return data


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def spec_operations(spec: Mapping[str, Any]) -> list[SpecOperation]:
    """Every operation of the definition, in its order."""
    found: list[SpecOperation] = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            accept = ""
            for param in op.get("parameters", []):
                param = _resolve(spec, param)
                if param.get("in") == "header" and param.get("name") == "Accept":
                    accept = str(_resolve(spec, param.get("schema", {})).get("default", ""))
            tags = op.get("tags") or [""]
            found.append(
                SpecOperation(
                    method=method.upper(),
                    path=path,
                    operation_id=str(op.get("operationId", "")),
                    summary=str(op.get("summary", "")).strip(),
                    tag=str(tags[0]),
                    deprecated=bool(op.get("deprecated")),
                    accept_v2=accept == _V2,
                )
            )
    return found


def normalize_path(path: str) -> str:
    """A path template with every placeholder as ``{}`` (``{connectionId}`` ≡ ``{id}``)."""
    return _PLACEHOLDER.sub("{}", path.rstrip("/") or "/")


def wire_path(declared_path: str) -> str:
    """The spec's form of a declared path: ``/groups`` → ``/v1/groups``; ``/public/...`` kept."""
    if declared_path.startswith(("/public/", "/v1/")):
        return declared_path
    return "/v1" + declared_path


# --------------------------------------------------------------------------- declarations


def _kebab(name: str) -> str:
    # the CLI's rule (``fivetrex.cli._discover.kebab``)
    return name.strip("_").replace("_", "-")


@dataclass(frozen=True)
class Declaration:
    """One declared endpoint of a resource."""

    resource: str
    name: str
    endpoint: Any = field(compare=False, repr=False)

    @property
    def method(self) -> str:
        """HTTP method."""
        return str(self.endpoint.method)

    @property
    def path(self) -> str:
        """The path as the spec writes it (with ``/v1``)."""
        return wire_path(str(self.endpoint.path))

    @property
    def key(self) -> tuple[str, str]:
        """``(METHOD, normalized path)``."""
        return (self.method, normalize_path(self.path))

    @property
    def operation_id(self) -> str | None:
        """The declared operationId."""
        value = self.endpoint.operation_id
        return str(value) if value else None

    @property
    def python(self) -> str:
        """``client.<resource>.<method>``."""
        return f"client.{self.resource}.{self.name}"

    @property
    def cli(self) -> str:
        """``fivetrex <resource> <command>`` as the CLI derives it."""
        command = self.endpoint.cli.get("name") or _kebab(self.name)
        return f"fivetrex {_kebab(self.resource)} {command}"


@functools.lru_cache(maxsize=1)
def _resource_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(resources.__path__, resources.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Resource) and value is not Resource:
                found.setdefault(value.__name__, value)
    return found


def _resources() -> list[tuple[str, type]]:
    """``(attribute, resource class)`` of every resource namespace of the client."""
    namespace = _resource_classes()
    found: list[tuple[str, type]] = []
    for name, value in vars(ResourceNamespaces).items():
        if name.startswith("_") or not isinstance(value, functools.cached_property):
            continue
        globalns = {**getattr(value.func, "__globals__", {}), **namespace}
        hint = typing.get_type_hints(value.func, globalns=globalns).get("return")
        cls = typing.get_origin(hint) or hint
        if isinstance(cls, type):
            found.append((name, cls))
    return found


def declarations() -> list[Declaration]:
    """Every declared endpoint, by resource, in declaration order."""
    found: list[Declaration] = []
    for resource, cls in _resources():
        seen: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if not name.startswith("_") and isinstance(value, Endpoint):
                    seen[name] = value
        found.extend(Declaration(resource, name, value) for name, value in seen.items())
    return found


# --------------------------------------------------------------------------- emulator


@dataclass(frozen=True)
class EmulatorStatus:
    """Whether the emulator implements an operation."""

    status: str
    reason: str = ""


def _emulator_class() -> Any:
    try:
        module = importlib.import_module("fivetrex.emulator")
        found = getattr(module, "Emulator", None)
        if found is None:  # not exported yet: the class's own module
            found = importlib.import_module("fivetrex.emulator._emulator").Emulator
    except Exception as exc:  # the emulator is optional here
        raise LookupError(f"{type(exc).__name__}: {exc}") from exc
    return found


def _probe_path(path: str) -> str:
    return _PLACEHOLDER.sub("coverage_probe", path)


def emulator_status(operations: Iterable[tuple[str, str]]) -> dict[tuple[str, str], EmulatorStatus]:
    """Ask an in-process emulator which of ``(METHOD, path)`` it implements.

    Uses the emulator's ``coverage()`` when it has one; otherwise (and for the reason
    of a 501) sends each request through its transport with dummy ids: HTTP 501 means
    "not implemented", anything else "implemented".
    """
    ops = list(operations)
    try:
        emulator = _emulator_class()()
    except Exception as exc:
        reason = f"emulator unavailable ({exc})"
        return {(m, normalize_path(p)): EmulatorStatus("unknown", reason) for m, p in ops}

    declared: dict[tuple[str, str], str] = {}
    coverage = getattr(emulator, "coverage", None)
    if callable(coverage):
        try:
            report = coverage()
            for state in ("implemented", "not_implemented"):
                for entry in report.get(state, []):
                    method, _, path = str(entry).partition(" ")
                    declared[(method.upper(), normalize_path(path))] = state
        except Exception:
            declared = {}

    try:
        return _probe(emulator, ops, declared)
    finally:
        close = getattr(emulator, "close", None)
        if callable(close):
            close()


def _probe(
    emulator: Any, ops: list[tuple[str, str]], declared: Mapping[tuple[str, str], str]
) -> dict[tuple[str, str], EmulatorStatus]:
    import httpx

    transport = emulator.transport()
    auth = (str(emulator.api_key), str(emulator.api_secret))
    result: dict[tuple[str, str], EmulatorStatus] = {}
    with httpx.Client(transport=transport, base_url="http://emulator.invalid", auth=auth) as http:
        for method, path in ops:
            key = (method, normalize_path(path))
            known = declared.get(key)
            if known == "implemented":
                result[key] = EmulatorStatus("implemented")
                continue
            try:
                response = http.request(
                    method,
                    _probe_path(path),
                    json={} if method in ("POST", "PATCH", "PUT") else None,
                    headers={"Accept": "application/json"},
                )
            except Exception as exc:
                result[key] = EmulatorStatus("error", f"{type(exc).__name__} from the emulator")
                continue
            if response.status_code == 501 or known == "not_implemented":
                result[key] = EmulatorStatus("not implemented", _reason(response))
            else:
                result[key] = EmulatorStatus("implemented")
    return result


_GENERIC_501 = re.compile(r"^[A-Z]+ \S+ is not implemented by the fivetrex emulator\.?$")


def _reason(response: Any) -> str:
    """Why the emulator does not serve an operation, from its reply."""
    status = f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return status
    if not isinstance(body, dict):
        return status
    reason = body.get("reason")
    if isinstance(reason, str) and reason:
        return reason
    code = body.get("code")
    label = f"{status} {code}" if isinstance(code, str) and code else status
    message = body.get("message")
    if isinstance(message, str) and message and not _GENERIC_501.match(message):
        return f"{label}: {message}"
    return f"{label}: no route in the emulator yet"


# --------------------------------------------------------------------------- rendering


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _notes(op: SpecOperation | None, decls: Sequence[Declaration]) -> str:
    notes: list[str] = []
    if op is not None and op.deprecated:
        notes.append("deprecated")
    if any(d.endpoint.spec.versioned for d in decls):
        spec_v1 = op is not None and not op.accept_v2
        notes.append("Accept v2 (spec default: v1)" if spec_v1 else "Accept v2")
    if any(d.endpoint.spec.confirm for d in decls):
        notes.append("confirm=True")
    if any(d.endpoint.spec.upload for d in decls):
        notes.append("multipart upload")
    if any(d.endpoint.spec.binary for d in decls):
        notes.append("binary download")
    return ", ".join(notes)


def _row(
    method: str,
    path: str,
    operation_id: str,
    decls: Sequence[Declaration],
    status: EmulatorStatus,
    notes: str,
) -> str:
    python = "<br>".join(f"`{d.python}`" for d in decls) or "**missing**"
    cli = "<br>".join(f"`{d.cli}`" for d in decls) or "—"
    reason = status.reason if status.status != "implemented" else ""
    cells = [
        method,
        f"`{path}`",
        f"`{operation_id}`",
        python,
        cli,
        status.status,
        _cell(reason),
        notes,
    ]
    return "| " + " | ".join(cells) + " |"


_HEADER = (
    "| Method | Path | operationId | Python | CLI | Emulator | Reason | Notes |\n"
    "|---|---|---|---|---|---|---|---|"
)


def _streams(resource: str) -> dict[str, str]:
    """``stream_*`` attributes of a resource → the list method they walk."""
    found: dict[str, str] = {}
    for attr, cls in _resources():
        if attr != resource:
            continue
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, StreamOperation) and value.source is not None:
                    found[name] = str(value.source.name)
    return found


def _layout(decls: Sequence[Declaration]) -> list[str]:
    """The "client layout" section: resource attribute → its API methods."""
    methods: dict[str, list[str]] = {}
    for decl in decls:
        methods.setdefault(decl.resource, []).append(decl.name)
    lines = [
        "## Client layout",
        "",
        "Each API area is one attribute of `Fivetrex` / `AsyncFivetrex` (and one CLI group, "
        "`fivetrex <attribute-in-kebab-case>`). Sub-resources are methods of their parent "
        "(`client.connections.list_certificates(connection_id)`). A paginated `list*` method "
        "returns one `Page`; its `stream*` twin (shown as `list` / `stream`) walks every "
        "page.",
        "",
        "| Attribute | Methods |",
        "|---|---|",
    ]
    for resource, names in methods.items():
        streams = _streams(resource)
        shown = [
            f"`{n}`" + "".join(f" / `{s}`" for s, src in streams.items() if src == n) for n in names
        ]
        lines.append(f"| `client.{resource}` | {', '.join(shown)} |")
    lines.append("")
    return lines


def render(
    spec: Mapping[str, Any],
    decls: Sequence[Declaration] | None = None,
    emulator: Mapping[tuple[str, str], EmulatorStatus] | None = None,
) -> str:
    """The Markdown of ``docs/coverage.md``."""
    ops = spec_operations(spec)
    decls = declarations() if decls is None else decls
    by_key: dict[tuple[str, str], list[Declaration]] = {}
    for decl in decls:
        by_key.setdefault(decl.key, []).append(decl)
    extra = [(m, p) for m, p in NON_SPEC_OPERATIONS]
    if emulator is None:
        emulator = emulator_status([(op.method, op.path) for op in ops] + extra)
    unknown = EmulatorStatus("unknown")

    mapped = sum(1 for op in ops if by_key.get(op.key))
    implemented = sum(1 for op in ops if emulator.get(op.key, unknown).status == "implemented")
    info = spec.get("info", {})
    lines = [
        "# API coverage",
        "",
        "<!-- Generated by `python3 dev.py coverage` from the declarations in",
        "     src/fivetrex/resources and Fivetran's OpenAPI definition. Do not edit. -->",
        "",
        f"Fivetran's OpenAPI definition ({info.get('title', 'Fivetran API')}, "
        f"version `{info.get('version', '?')}`) has **{len(ops)} operations** on "
        f"**{len(spec.get('paths', {}))} paths**.",
        "",
        f"- Client: **{mapped} of {len(ops)}** have a method, declared once for both "
        "`Fivetrex` and `AsyncFivetrex` (Python column; a few operations have several "
        "methods, e.g. `pause` and `resume` are `modify_connection` with a fixed body).",
        "- CLI: every declared method is a `fivetrex <resource> <command>` command "
        "(kebab-case of the resource attribute and method name).",
        f"- Emulator: **{implemented} of {len(ops)}** are implemented by "
        "`fivetrex.emulator`; the others answer HTTP 501 (Reason column).",
        "",
        "Notes: *Accept v2* — sent with `Accept: application/json;version=2`; "
        "*confirm=True* — destructive, raises `ConfirmationRequired` unless called with "
        "`confirm=True`; *multipart upload* / *binary download* — file bodies.",
        "",
    ]
    lines += _layout(decls)
    tags: dict[str, list[SpecOperation]] = {}
    for op in ops:
        tags.setdefault(op.tag or "Other", []).append(op)
    for tag, tag_ops in tags.items():
        lines += [f"## {tag}", "", _HEADER]
        for op in tag_ops:
            found = by_key.get(op.key, [])
            lines.append(
                _row(
                    op.method,
                    op.path,
                    op.operation_id,
                    found,
                    emulator.get(op.key, unknown),
                    _notes(op, found),
                )
            )
        lines.append("")
    lines += [
        "## Endpoints newer than the OpenAPI definition",
        "",
        "Documented by Fivetran after the spec snapshot; declared with these operationIds.",
        "",
        _HEADER,
    ]
    for (method, path), operation_id in NON_SPEC_OPERATIONS.items():
        key = (method, normalize_path(path))
        found = by_key.get(key, [])
        lines.append(
            _row(method, path, operation_id, found, emulator.get(key, unknown), _notes(None, found))
        )
    lines.append("")
    for operation_id, note in _NON_SPEC_NOTES.items():
        lines.append(f"- `{operation_id}`: {note}.")
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or check) ``docs/coverage.md``."""
    parser = argparse.ArgumentParser(prog="python3 dev.py coverage", description=__doc__)
    parser.add_argument("--spec", help=f"the OpenAPI file (default: ${SPEC_ENV} or ../shared)")
    parser.add_argument("--output", default=str(_DEFAULT_DOC), help="where to write")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--stdout", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = render(spec)
    output = Path(args.output)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(f"{output} is stale: run python3 dev.py coverage", file=sys.stderr)
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
