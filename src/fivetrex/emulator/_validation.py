"""Request-body validation done before an operation runs, the way the API answers it.

Every JSON body is checked against its operation's declared top-level shape
(:data:`~fivetrex.emulator._request_shapes.BODY_SHAPES`): the body must be an object, a
field declared as an object must hold an object, an array an array (of strings, where
declared), a scalar a scalar. A mismatch answers 400 ``InvalidInput`` naming the field.
``null`` is accepted for every field (clients send it for "unset"); required fields and
value rules (enums, ranges, references) are checked by the domain.

Unknown top-level fields are accepted by default: the spec never marks a body closed
(no ``additionalProperties: false``) and no source says the API rejects them. The
``reject_unknown_fields`` setting makes them a 400 for tests that want to catch typos.

Where the reference says the document is wrong (:data:`OVERRIDES`), the body is checked
as the reference describes it: a table re-sync takes a map schema name → table names.
"""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._request_shapes import BODY_SHAPES, OVERRIDES

__all__ = ["validate_body", "validate_table_map"]

_SCALARS = (str, int, float, bool)
_PRIMITIVE_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
_TABLE_RESYNC = "POST /v1/connections/{connectionId}/schemas/tables/resync"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def _check_items(name: str, item_kind: str, items: list[Any]) -> None:
    """Each item of the array ``name`` is an ``item_kind`` (any item when that is not a
    primitive kind)."""
    allowed = _PRIMITIVE_TYPES.get(item_kind)
    if allowed is None:
        return
    for index, item in enumerate(items):
        if not isinstance(item, allowed) or (item_kind != "boolean" and isinstance(item, bool)):
            raise InvalidInputError(
                f"Field '{name}[{index}]' must be a {item_kind}, not {_describe(item)}"
            )


def _check_field(name: str, kind: str, value: Any) -> None:
    if value is None or kind == "any":
        return
    if kind == "object":
        if not isinstance(value, dict):
            raise InvalidInputError(f"Field '{name}' must be an object, not {_describe(value)}")
        return
    if kind.startswith("array"):
        if not isinstance(value, list):
            raise InvalidInputError(f"Field '{name}' must be an array, not {_describe(value)}")
        _check_items(name, kind.partition(":")[2], value)
        return
    if not isinstance(value, _SCALARS):
        raise InvalidInputError(f"Field '{name}' must be a {kind}, not {_describe(value)}")


def validate_table_map(body: Any, what: str, prefix: str = "") -> dict[str, list[str]]:
    """A non-empty map schema name → non-empty array of table names, or 400 naming the
    offending field (``prefix`` + schema name)."""
    if not isinstance(body, dict) or not body:
        raise InvalidInputError(
            f"The {what} must be a non-empty map of schema name -> array of table names"
        )
    for schema, tables in body.items():
        if not isinstance(tables, list) or not tables:
            raise InvalidInputError(
                f"Field '{prefix}{schema}' must be a non-empty array of table names, "
                f"not {_describe(tables)}"
            )
        for index, table in enumerate(tables):
            if not isinstance(table, str) or not table:
                raise InvalidInputError(f"Field '{prefix}{schema}[{index}]' must be a table name")
    return body


def validate_body(operation: str, body: Any, *, reject_unknown: bool = False) -> None:
    """Check ``body`` (decoded JSON, or ``None``) against ``operation``'s declared shape.

    Raises:
        InvalidInputError: Naming the first field whose shape is wrong.
    """
    if body is None:
        return
    if operation in OVERRIDES:
        if operation == _TABLE_RESYNC:
            validate_table_map(body, "request body")
        return
    shape = BODY_SHAPES.get(operation)
    if shape is None:
        return
    if not isinstance(body, dict):
        raise InvalidInputError(f"The request body must be a JSON object, not {_describe(body)}")
    for name, value in body.items():
        kind = shape.get(name)
        if kind is None:
            if reject_unknown:
                raise InvalidInputError(f"Unknown field '{name}'")
            continue
        _check_field(name, kind, value)
