"""Response parsers shared by resource declarations (for the API's irregular replies)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter

from .._http import APIResponse

__all__ = ["data_field", "data_or_body", "item_list"]


def _raw_body(response: APIResponse) -> dict[str, Any]:
    if response.http is None or not response.http.content:
        return {}
    try:
        body = response.http.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def data_or_body(result: Any) -> Callable[[APIResponse], Any]:
    """Parse ``data``, or the whole body when the API answers without the envelope.

    The spec documents a few replies as the bare object (approving a fingerprint,
    proxy agent details); this accepts both forms.
    """
    adapter: TypeAdapter[Any] = TypeAdapter(result)

    def parse(response: APIResponse) -> Any:
        data = response.data
        if data is None:
            body = _raw_body(response)
            data = {k: v for k, v in body.items() if k not in ("code", "message")}
        return adapter.validate_python(data)

    return parse


def data_field(name: str) -> Callable[[APIResponse], str | None]:
    """Parse one string field of ``data`` (``None`` when absent)."""

    def parse(response: APIResponse) -> str | None:
        data = response.data if isinstance(response.data, dict) else {}
        value = data.get(name)
        return value if isinstance(value, str) else None

    return parse


def item_list(item: Any) -> Callable[[APIResponse], list[Any]]:
    """Parse a list of items from ``data``: a list, a page (``items``) or a single object."""
    adapter: TypeAdapter[Any] = TypeAdapter(item)

    def parse(response: APIResponse) -> list[Any]:
        data = response.data
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            raw = data["items"]
        elif isinstance(data, dict):
            raw = [data] if data else []
        elif isinstance(data, list):
            raw = data
        else:
            raw = []
        return [adapter.validate_python(entry) for entry in raw if isinstance(entry, dict)]

    return parse
