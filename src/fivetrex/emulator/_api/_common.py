"""Helpers of the route tables: path parameters and paged list handlers."""

from __future__ import annotations

from collections.abc import Callable

from fivetrex.emulator._domain import Backend, Page, parse_limit
from fivetrex.emulator._routes import Call

__all__ = ["page_args", "paged", "param"]


def page_args(call: Call) -> tuple[str | None, int]:
    """The ``cursor`` and ``limit`` query parameters of a list call."""
    cursor = call.query.get("cursor") or None
    return cursor, parse_limit(call.query.get("limit"))


def paged(fn: Callable[[Backend, Call, str | None, int], Page]) -> Callable[[Backend, Call], Page]:
    """A list handler: ``fn(backend, call, cursor, limit)`` with the paging parameters parsed."""

    def handler(backend: Backend, call: Call) -> Page:
        cursor, limit = page_args(call)
        return fn(backend, call, cursor, limit)

    return handler


def param(call: Call, name: str) -> str:
    """The path parameter ``name`` (percent-decoded)."""
    return call.params[name]
