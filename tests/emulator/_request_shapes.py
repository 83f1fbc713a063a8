"""Derive the top-level request-body shapes of every operation from the OpenAPI spec.

The emulator validates bodies with its own table (``fivetrex.emulator._request_shapes``,
code that ships without the spec); this module recomputes that table from the spec so a
test can compare the two. Run it as a script to print the table after a spec update::

    python tests/emulator/_request_shapes.py > /tmp/shapes.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

_PRIMITIVES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    components = spec.get("components", {}).get("schemas", {})
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _kind(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    """``object``, ``array``, ``array:<primitive>``, a primitive, or ``any``."""
    schema = _resolve(spec, schema)
    if any(k in schema for k in ("oneOf", "anyOf")):
        return "any"
    if "allOf" in schema:
        kinds = {_kind(spec, part) for part in schema["allOf"]}
        return kinds.pop() if len(kinds) == 1 else "any"
    kind = schema.get("type")
    if kind == "array":
        items = _kind(spec, schema.get("items", {}))
        return f"array:{items}" if items in _PRIMITIVES else "array"
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        return "object"
    return _PRIMITIVES.get(str(kind), "any")


def shapes_from_spec(spec: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """``"METHOD /template"`` → (required fields, {field: kind}) for JSON request bodies."""
    out: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            content = operation["requestBody"].get("content", {})
            media = content.get("application/json")
            if media is None:
                continue
            schema = _resolve(spec, media.get("schema", {}))
            properties = schema.get("properties", {})
            fields = {name: _kind(spec, prop) for name, prop in sorted(properties.items())}
            required = tuple(sorted(schema.get("required", [])))
            out[f"{method.upper()} {template}"] = (required, fields)
    return dict(sorted(out.items()))


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/fivetran-openapi.json")
    spec = json.loads(path.read_text())
    print("SPEC_SHAPES: dict[str, Shape] = {")
    for operation, (required, fields) in shapes_from_spec(spec).items():
        print(f"    {operation!r}: ({required!r}, {fields!r}),")
    print("}")


if __name__ == "__main__":
    main()
