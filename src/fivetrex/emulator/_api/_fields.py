"""Readers of request-body fields: the route layer's one set of parsing helpers.

Each reader takes the decoded JSON body (already checked to be an object of the declared
top-level shape by :mod:`fivetrex.emulator._validation`) and one field name, and returns
the field's value typed, or raises :class:`~fivetrex.emulator._errors.InvalidInputError`
(400) naming the field. ``null`` and an absent field read the same, except through
:func:`given`, which tells them apart for PATCH bodies where ``null`` clears a value.

Domain methods never see a raw body: the route parses it with these readers and passes
typed arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from fivetrex.emulator._domain._common import UNSET, Unset
from fivetrex.emulator._errors import InvalidInputError

__all__ = [
    "IDENTIFIER_RE",
    "UNSET",
    "Unset",
    "body_object",
    "given",
    "opt_bool",
    "opt_enum",
    "opt_str",
    "req_str",
    "require_enum",
    "required_str",
]

_T = TypeVar("_T")

IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
"""A name Fivetran accepts for a group or a private link: a letter or underscore, then
letters, digits and underscores."""


def body_object(
    body: Any, what: str = "request body", *, code: str = "InvalidInput"
) -> dict[str, Any]:
    """``body`` as a JSON object, or 400 ``The {what} must be a JSON object``."""
    if not isinstance(body, dict):
        raise InvalidInputError(f"The {what} must be a JSON object", code=code)
    return body


def given(body: dict[str, Any], key: str) -> Any:
    """The raw value of ``key`` (``None`` when sent as ``null``), or :data:`UNSET` when absent."""
    return body.get(key, UNSET)


def _optional(body: dict[str, Any], key: str, kind: type[_T], name: str) -> _T | None:
    """The field ``key`` if it is a ``kind``; ``None`` when absent or ``null``; 400
    ``Field '{key}' must be a {name}`` otherwise."""
    value = body.get(key)
    if value is not None and not isinstance(value, kind):
        raise InvalidInputError(f"Field '{key}' must be a {name}")
    return value


def opt_bool(body: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
    """A boolean field; ``default`` when absent or ``null``."""
    value = _optional(body, key, bool, "boolean")
    return default if value is None else value


def opt_str(body: dict[str, Any], key: str) -> str | None:
    """A string field; ``None`` when absent or ``null``."""
    return _optional(body, key, str, "string")


def req_str(body: dict[str, Any], key: str, *, code: str = "InvalidInput") -> str:
    """A required, non-empty string field."""
    value = opt_str(body, key)
    if not value:
        raise InvalidInputError(f"Field '{key}' is required", code=code)
    return value


def require_enum(value: Any, key: str, allowed: Iterable[str], message: str | None = None) -> str:
    """``value`` if it is one of ``allowed``; 400 listing them otherwise."""
    options = sorted(allowed)
    if not isinstance(value, str) or value not in options:
        raise InvalidInputError(
            message or f"Invalid value '{value}' for field '{key}'. Allowed: {', '.join(options)}"
        )
    return value


def opt_enum(body: dict[str, Any], key: str, allowed: Iterable[str]) -> str | None:
    """An optional string field restricted to ``allowed``; ``None`` when absent or ``null``."""
    value = opt_str(body, key)
    return None if value is None else require_enum(value, key, allowed)


def required_str(body: dict[str, Any], key: str, *, code: str = "InvalidInput") -> str:
    """A required, non-empty string field, where any other value — absent, ``null``, not a
    string, empty — answers 400 ``Field '{key}' is required`` (the platform areas' rule;
    :func:`req_str` says ``must be a string`` for a value of another type)."""
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"Field '{key}' is required", code=code)
    return value
