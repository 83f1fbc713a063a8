"""Strict at the frame: a success response either parses into what the operation returns,
or raises :class:`~fivetrex.APIResponseValidationError`.

Inside an object the models stay lenient (a string port, an unknown enum value are kept
as sent). The frame around them is checked: ``data`` of the declared JSON type and
present when the operation returns something, ``items`` a list of objects, a
``next_cursor`` that is a string, every object carrying its ``id`` when its model has
one. No pydantic, ``KeyError``, ``TypeError`` or JSON error escapes a call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._http import APIResponse, malformed
from .errors import APIResponseValidationError
from .models._base import Page
from .models.connections import SyncStatus

__all__ = ["check_frame", "parse_strict"]

# what a parser may raise on a body it did not expect
_PARSE_ERRORS = (
    ValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    RecursionError,
)


@functools.cache
def _identity(model: type[BaseModel]) -> str | None:
    """The field that identifies an object of ``model``: ``id``, or what stands for it."""
    if "id" in model.__pydantic_fields__:
        return "id"
    if model is SyncStatus:  # the status of one connection: its id
        return "connection_id"
    return None


def _check_object(value: Any, where: str) -> str | None:
    if not isinstance(value, BaseModel):
        return None
    field = _identity(type(value))
    if field is not None:
        ident = getattr(value, field, None)
        if not isinstance(ident, str) or not ident:
            return f"{where} has no `{field}` (got {ident!r})"
    return None


def _expects_object(result_type: Any) -> bool:
    origin = getattr(result_type, "__pydantic_generic_metadata__", {}).get("origin")
    target = origin or result_type
    return isinstance(target, type) and issubclass(target, BaseModel)


def _check_page(page: Page[Any]) -> str | None:
    items: Any = page.items
    if not isinstance(items, list):
        return f"`items` is a JSON {type(items).__name__}, not a list"
    if page.next_cursor is not None and not isinstance(page.next_cursor, str):
        return f"`next_cursor` is a {type(page.next_cursor).__name__}, not a string"
    item_type = _item_model(type(page))
    for index, item in enumerate(items):
        if item_type is not None and not isinstance(item, item_type):
            return f"`items[{index}]` is a JSON {type(item).__name__}, not an object"
        problem = _check_object(item, f"`items[{index}]`")
        if problem is not None:
            return problem
    return None


@functools.cache
def _item_model(page_type: type) -> type | None:
    args = getattr(page_type, "__pydantic_generic_metadata__", {}).get("args", ())
    if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def check_frame(value: Any) -> str | None:
    """What is wrong with a parsed result's frame, or ``None``."""
    if isinstance(value, Page):
        return _check_page(value)
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = _check_object(item, f"item {index}")
            if problem is not None:
                return problem
        return None
    return _check_object(value, "the object")


def parse_strict(
    response: APIResponse,
    parse: Callable[[APIResponse], Any] | None,
    adapter: TypeAdapter[Any] | None,
    result_key: str | None,
    result_type: Any = None,
) -> Any:
    """Parse ``response`` with a custom parser or the result type's adapter, strictly."""
    data = response.data
    if _expects_object(result_type) and data is not None and not isinstance(data, dict):
        raise malformed(response, f"`data` is a JSON {_json_type(data)}, not an object")
    try:
        if parse is not None:
            value = parse(response)
        elif adapter is None:
            return None
        else:
            value = _validate(response, adapter, result_key)
    except APIResponseValidationError:
        raise
    except _PARSE_ERRORS as exc:
        raise malformed(response, _summary(exc)) from None
    problem = check_frame(value)
    if problem is not None:
        raise malformed(response, problem)
    return value


def _validate(response: APIResponse, adapter: TypeAdapter[Any], result_key: str | None) -> Any:
    data = response.data
    if result_key is not None and isinstance(data, dict):
        data = data.get(result_key)
    if data is None:
        try:
            return adapter.validate_python(None)  # an operation that may return nothing
        except ValidationError:
            missing = f"`data.{result_key}`" if result_key else "`data`"
            raise malformed(response, f"{missing} is missing") from None
    return adapter.validate_python(data)


def _json_type(value: Any) -> str:
    names = {str: "string", bool: "boolean", int: "number", float: "number", list: "array"}
    return names.get(type(value), type(value).__name__)


def _summary(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if not errors:
            return "the data does not match the result type"
        loc = ".".join(str(part) for part in errors[0]["loc"]) or "data"
        return f"{loc}: {errors[0]['msg']} ({len(errors)} error(s))"
    return f"{type(exc).__name__}: {exc}"
