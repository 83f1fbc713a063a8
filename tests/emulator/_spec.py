"""The official Fivetran OpenAPI document as a test oracle (reusable by other test suites).

The document is read from ``$FIVETREX_OPENAPI_SPEC`` or ``<repo>/../shared/fivetran-openapi.json``;
it is never copied into the repository. Use :func:`load_oracle` (returns ``None`` when the
file is absent) or the ``openapi_oracle`` pattern::

    oracle = load_oracle()
    if oracle is None:
        pytest.skip(MISSING_SPEC_MESSAGE)
    oracle.validate_response("GET", "/v1/groups", 200, body)

OpenAPI 3.0 schemas are converted to JSON Schema (draft 2020-12): ``$ref`` resolved,
``nullable`` turned into a ``null`` type, OpenAPI-only keywords dropped.

Leniency (``lenient=True``, the default) covers exactly the ways the spec under-declares
what the live API sends:

1. optional properties are sent as ``null`` without being marked ``nullable``: every
   property that is not ``required`` also accepts ``null``;
2. ``sync_frequency`` is an integer on the wire although the spec lists string enum
   values: numeric-string enum values of ``integer`` schemas become integers (the value
   set stays enforced).

Self-contradictions of the document are corrected as well (see ``SPEC_QUIRKS``), and
map-typed objects the spec models as one example property (``Schemas``/``Tables``/
``Columns``) become ``additionalProperties`` so that every entry is validated (stricter).
Everything else (required fields, types, enums) is enforced as written.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

__all__ = [
    "LIST_AS_ONE",
    "MISSING_SPEC_MESSAGE",
    "NULLABLE_REQUIRED",
    "SPEC_ENV",
    "SPEC_QUIRKS",
    "OpenAPIOracle",
    "load_oracle",
    "spec_path",
]

SPEC_ENV = "FIVETREX_OPENAPI_SPEC"
"""Environment variable naming the OpenAPI JSON file."""

_REPO = Path(__file__).resolve().parents[2]

MISSING_SPEC_MESSAGE = (
    f"Fivetran OpenAPI spec not found (set {SPEC_ENV} or place it at "
    f"{_REPO.parent / 'shared' / 'fivetran-openapi.json'}); conformance checks skipped"
)

SPEC_QUIRKS: dict[str, str] = {
    "setup_status": (
        "Destination setup_status is declared as INCOMPLETE|CONNECTED|BROKEN, but the spec's "
        "own response examples, the docs and go-fivetran's e2e tests against staging show "
        "lower case; both cases are accepted."
    ),
    "list as one item": (
        "GET /public/connector-types returns every source type, yet the spec declares data "
        "as a single connector type; data may also be {items: [...]} of that schema (see "
        "LIST_AS_ONE)."
    ),
    "config.additionalProperties": (
        "Connection list items declare config values as objects "
        "(additionalProperties: {type: object}) while every real config holds strings, "
        "numbers and booleans; config values may be any JSON."
    ),
    "scope.enum": (
        "RoleResponse.scope is an array whose enum sits on the array itself, so no array can "
        "match; the enum applies to the items."
    ),
    "nullable required fields": (
        "UserResponse requires a string role and logged_in_at, yet an invited user has never "
        "logged in (go-fivetran e2e asserts logged_in_at null) and a user without an account "
        "role has role null (go-fivetran users_list fixture); TeamResponse.role is null once "
        "the team's account role is removed; RoleResponse.is_deprecated and "
        "replacement_role_name are null for current roles (go-fivetran roles_list fixture). "
        "Those fields also accept null (see NULLABLE_REQUIRED)."
    ),
}
"""Corrections applied to contradictions inside the document (name -> reason)."""

NULLABLE_REQUIRED: dict[str, frozenset[str]] = {
    "UserResponse": frozenset({"role", "logged_in_at"}),
    "TeamResponse": frozenset({"role"}),
    "RoleResponse": frozenset({"is_deprecated", "replacement_role_name"}),
}
"""Required properties of components that the live API sends as ``null`` (lenient only)."""

LIST_AS_ONE = frozenset({("GET", "/public/connector-types")})
"""Operations whose ``data`` is documented as one item but which return ``{items: [...]}``."""

_DROP = frozenset(
    {
        "discriminator",
        "example",
        "examples",
        "xml",
        "externalDocs",
        "deprecated",
        "description",
        "title",
        "nullable",
    }
)
_MAP_TITLES = frozenset({"Schemas", "Tables", "Columns"})


def spec_path() -> Path:
    """Where the OpenAPI document is expected."""
    env = os.environ.get(SPEC_ENV)
    if env:
        return Path(env)
    return _REPO.parent / "shared" / "fivetran-openapi.json"


@functools.lru_cache(maxsize=2)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def load_oracle(*, lenient: bool = True) -> OpenAPIOracle | None:
    """Return an oracle over the spec, or ``None`` when the file does not exist."""
    path = spec_path()
    if not path.is_file():
        return None
    return OpenAPIOracle(_load(str(path)), lenient=lenient)


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{pattern}$")


class OpenAPIOracle:
    """Look up operations and validate response bodies against the spec.

    Args:
        spec: The parsed OpenAPI document.
        lenient: Apply the documented leniency (see the module docstring).
    """

    def __init__(self, spec: dict[str, Any], *, lenient: bool = True) -> None:
        self.spec = spec
        self.lenient = lenient
        self._components = spec.get("components", {}).get("schemas", {})
        self._templates = [(t, _template_regex(t)) for t in spec["paths"]]
        # Literal templates before templated ones (e.g. /webhooks/account vs /webhooks/{id}).
        self._templates.sort(key=lambda item: item[0].count("{"))
        self._cache: dict[tuple[str, str, int], dict[str, Any] | None] = {}

    # -- operations ------------------------------------------------------------------------

    def operations(self) -> set[tuple[str, str]]:
        """Every ``(METHOD, template)`` in the document."""
        return {
            (method.upper(), template)
            for template, item in self.spec["paths"].items()
            for method in item
            if method in ("get", "post", "put", "patch", "delete")
        }

    def find_template(self, method: str, path: str) -> str | None:
        """The path template of the operation serving ``method`` + concrete ``path``."""
        for template, regex in self._templates:
            if regex.match(path) and method.lower() in self.spec["paths"][template]:
                return template
        return None

    def operation(self, method: str, template: str) -> dict[str, Any]:
        """The raw operation object."""
        op: dict[str, Any] = self.spec["paths"][template][method.lower()]
        return op

    def documented_statuses(self, method: str, template: str) -> set[int]:
        """Status codes the operation documents."""
        return {
            int(code) for code in self.operation(method, template)["responses"] if code.isdigit()
        }

    def discriminator_values(self, component: str) -> set[str]:
        """The mapping keys of a component's discriminator (e.g. connection services)."""
        mapping = self._components[component].get("discriminator", {}).get("mapping", {})
        return set(mapping)

    def enum_of(self, component: str, prop: str) -> list[Any]:
        """The enum of one property of a component."""
        schema = self._components[component]["properties"][prop]
        schema = self._resolve_ref(schema)
        return list(schema["enum"])

    # -- schemas ---------------------------------------------------------------------------

    def _resolve_ref(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self._components[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def response_schema(self, method: str, template: str, status: int) -> dict[str, Any] | None:
        """The converted JSON Schema of a response, or ``None`` if the spec has none."""
        key = (method.upper(), template, status)
        if key not in self._cache:
            response = self.operation(method, template)["responses"].get(str(status))
            schema = None
            if response is not None:
                content = response.get("content", {})
                media = content.get("application/json") or next(iter(content.values()), None)
                raw = (media or {}).get("schema")
                if raw:
                    schema = self.convert(raw)
                    if not schema:
                        schema = None
            if schema is not None and (method.upper(), template) in LIST_AS_ONE:
                item = schema["properties"]["data"]
                listing = {
                    "type": "object",
                    "required": ["items"],
                    "properties": {"items": {"type": "array", "items": item}},
                }
                schema["properties"]["data"] = {"anyOf": [item, listing]}  # fmt: skip
            self._cache[key] = schema
        return self._cache[key]

    def convert(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Convert an OpenAPI 3.0 schema (with ``$ref``s) to a self-contained JSON Schema."""
        return self._convert(schema, (), None)

    def _convert(
        self, schema: dict[str, Any], seen: tuple[str, ...], prop_name: str | None
    ) -> dict[str, Any]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name in seen:
                return {}
            converted = self._convert(self._components[name], (*seen, name), prop_name)
            if self.lenient and name in NULLABLE_REQUIRED:
                props = converted.get("properties", {})
                for key in NULLABLE_REQUIRED[name] & set(props):
                    props[key] = {"anyOf": [props[key], {"type": "null"}]}
            return converted
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _DROP:
                continue
            if key == "properties":
                out[key] = {k: self._convert(v, seen, k) for k, v in value.items()}
            elif key in ("items", "not") or (
                key == "additionalProperties" and isinstance(value, dict)
            ):
                out[key] = self._convert(value, seen, None)
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self._convert(v, seen, prop_name) for v in value]
            else:
                out[key] = copy.deepcopy(value)
        self._map_types(schema, out)
        if schema.get("nullable"):
            out = {"anyOf": [out, {"type": "null"}]}
        if self.lenient:
            self._lenient_enum(out)
        if prop_name == "setup_status" and "enum" in out:
            out["enum"] = sorted({*out["enum"], *(str(v).lower() for v in out["enum"])})
        if prop_name == "scope" and out.get("type") == "array" and "enum" in out:
            out["items"] = {**out.get("items", {}), "enum": out.pop("enum")}
        if prop_name == "config" and out.get("additionalProperties") == {"type": "object"}:
            out.pop("additionalProperties")
        if self.lenient and "properties" in out:
            required = set(out.get("required", []))
            for name, prop in out["properties"].items():
                if name not in required:
                    out["properties"][name] = {"anyOf": [prop, {"type": "null"}]}
        return out

    @staticmethod
    def _map_types(source: dict[str, Any], out: dict[str, Any]) -> None:
        props = out.get("properties")
        if source.get("title") in _MAP_TITLES and isinstance(props, dict) and len(props) == 1:
            (entry,) = props.values()
            out.pop("properties")
            out["additionalProperties"] = entry

    @staticmethod
    def _lenient_enum(out: dict[str, Any]) -> None:
        if out.get("type") == "integer" and "enum" in out:
            values = out["enum"]
            if all(isinstance(v, str) and v.lstrip("-").isdigit() for v in values):
                out["enum"] = [int(v) for v in values]

    # -- validation ------------------------------------------------------------------------

    def errors(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """Validation errors of a response body (empty when valid or undocumented)."""
        import jsonschema

        template = self.find_template(method, path)
        if template is None:
            return [f"no operation {method} {path} in the spec"]
        schema = self.response_schema(method, template, status)
        if schema is None:
            return []
        validator = jsonschema.Draft202012Validator(schema)
        return [
            f"{method} {template} {status}: {'/'.join(map(str, e.absolute_path)) or '<root>'}: "
            f"{e.message[:300]}"
            for e in validator.iter_errors(body)
        ]

    def validate_response(self, method: str, path: str, status: int, body: Any) -> None:
        """Raise ``AssertionError`` listing every violation."""
        problems = self.errors(method, path, status, body)
        if problems:
            raise AssertionError("\n".join(problems))
