"""Sync history and connection errors over HTTP: the query parsed into typed arguments
(domain: :mod:`.._domain.history`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._clock import parse_ts
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["HISTORY_ROUTES"]

_C = "/v1/connections/{connectionId}"


def _time(raw: str | None, name: str) -> datetime | None:
    """An ISO-8601 query parameter (UTC when it names no zone); ``None`` when absent."""
    if not raw:
        return None
    try:
        value = parse_ts(raw)
    except ValueError:
        raise InvalidInputError(
            f"Invalid value '{raw}' for parameter '{name}': use ISO-8601"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _window(raw: str | None) -> timedelta | None:
    """The deprecated ``duration`` parameter: whole minutes, at least one."""
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInputError(f"Invalid value '{raw}' for parameter 'duration': minutes, >= 1")
    return timedelta(minutes=int(raw))


def _sync_history(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    window = _window(c.query.get("duration"))
    start = _time(c.query.get("start_time"), "start_time")
    end = _time(c.query.get("end_time"), "end_time")
    return b.list_sync_history(
        param(c, "connectionId"), cursor, limit, start=start, end=end, window=window
    )


def _errors(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_connection_errors(param(c, "connectionId"), cursor, limit)


HISTORY_ROUTES: tuple[Route, ...] = (
    # newer than the spec
    Route("GET", _C + "/sync-history", paged(_sync_history),
          message="Sync history retrieved successfully"),
    Route("GET", _C + "/errors", paged(_errors),
          message="Connection errors retrieved successfully"),
)  # fmt: skip
"""Sync history and connection errors."""
