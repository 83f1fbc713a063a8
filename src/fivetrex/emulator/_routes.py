"""Declarative routing: path templates compiled into a fast segment matcher."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = ["Call", "Route", "Router", "split_path"]

T = TypeVar("T")


@dataclass
class Call:
    """What a route handler receives.

    Attributes:
        params: Path parameters by template name (percent-decoded).
        query: Query parameters (first value of each).
        body: The decoded JSON body, or ``None`` when the request had none.
        legacy: Whether the request came through a legacy alias path.
        system_key_id: The system key that authenticated the request (``None`` for the
            emulator's main credentials).
    """

    params: dict[str, str]
    query: dict[str, str]
    body: Any
    legacy: bool = False
    system_key_id: str | None = None


@dataclass(frozen=True)
class Route:
    """One API operation the emulator implements.

    Attributes:
        method: HTTP method.
        template: Path template, e.g. ``/v1/connections/{connectionId}``.
        handler: ``handler(backend, call)`` returning the response ``data`` (a dict, a
            :class:`~fivetrex.emulator._domain.Page`, or ``None`` for ``{code, message}``).
        status: HTTP status on success.
        message: Success message; ``{name}`` placeholders take path parameters.
        legacy: Whether the route is a legacy alias (disabled by ``legacy_paths=False``).
    """

    method: str
    template: str
    handler: Callable[[Any, Call], Any]
    status: int = 200
    message: str | None = None
    legacy: bool = False

    @property
    def operation(self) -> str:
        """``"METHOD /template"``."""
        return f"{self.method} {self.template}"


def split_path(path: str) -> list[str]:
    """Split a path into segments (no leading/trailing empty ones)."""
    return [segment for segment in path.split("/") if segment]


@dataclass
class _Entry(Generic[T]):
    segments: tuple[str | None, ...]
    names: tuple[str, ...]
    value: T


@dataclass
class Router(Generic[T]):
    """Match ``(method, path)`` against templates; variables are ``{name}`` segments."""

    _by_length: dict[int, list[tuple[str, _Entry[T]]]] = field(default_factory=dict)

    def add(self, method: str, template: str, value: T) -> None:
        """Register ``value`` for ``method`` + ``template``."""
        segments: list[str | None] = []
        names: list[str] = []
        for part in split_path(template):
            if part.startswith("{") and part.endswith("}"):
                segments.append(None)
                names.append(part[1:-1])
            else:
                segments.append(part)
        entry = _Entry(tuple(segments), tuple(names), value)
        bucket = self._by_length.setdefault(len(segments), [])
        bucket.append((method.upper(), entry))
        # Literal segments win over variables: sort by number of variables.
        bucket.sort(key=lambda item: sum(s is None for s in item[1].segments))

    def extend(self, items: Iterable[tuple[str, str, T]]) -> None:
        """Register several ``(method, template, value)`` triples."""
        for method, template, value in items:
            self.add(method, template, value)

    def match(self, method: str, segments: list[str]) -> tuple[T, dict[str, str]] | bool | None:
        """Find the entry for a request.

        Returns:
            ``(value, params)`` on a match; ``True`` if the path matches a template but
            not with this method; ``None`` if no template matches the path.
        """
        bucket = self._by_length.get(len(segments))
        if not bucket:
            return None
        path_matched = False
        for entry_method, entry in bucket:
            values: list[str] = []
            for pattern, segment in zip(entry.segments, segments, strict=True):
                if pattern is None:
                    values.append(segment)
                elif pattern != segment:
                    break
            else:
                if entry_method == method:
                    return entry.value, dict(zip(entry.names, values, strict=True))
                path_matched = True
        return True if path_matched else None
