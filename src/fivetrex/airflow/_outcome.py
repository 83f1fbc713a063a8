"""Sync outcomes as JSON (trigger events, XComs) and fivetrex errors as Airflow failures."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fivetrex import (
    BadRequestError,
    ConfigurationError,
    ConfirmationRequired,
    FivetrexError,
    ForbiddenError,
    InvalidArgumentError,
    NotFoundError,
    SyncError,
    SyncFailedError,
    SyncRescheduledError,
    UnauthorizedError,
)
from fivetrex import errors as fivetrex_errors
from fivetrex.models import SyncStatus

from ._compat import AirflowException, AirflowFailException

__all__ = [
    "error_payload",
    "format_after",
    "parse_after",
    "status_of_event",
    "status_payload",
    "to_airflow_error",
]

#: Errors a retry of the task cannot fix: the task fails at once, whatever its ``retries``.
_PERMANENT = (
    ConfigurationError,
    ConfirmationRequired,
    InvalidArgumentError,
    BadRequestError,
    UnauthorizedError,
    ForbiddenError,
    NotFoundError,
)


def parse_after(value: datetime | str | None) -> datetime | None:
    """A baseline from a datetime or ISO 8601 text (``None``/``""``: no baseline).

    A naive datetime is taken as UTC (the API's timestamps are UTC).
    """
    if value is None or value == "" or value == "None":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidArgumentError(
                f"after must be an ISO 8601 timestamp, got {value!r}"
            ) from None
    if not isinstance(value, datetime):
        raise InvalidArgumentError(f"after must be a datetime or ISO 8601 text, got {value!r}")
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def format_after(value: datetime | None) -> str | None:
    """A baseline as ISO 8601 text (JSON-able, exact to the microsecond)."""
    return None if value is None else value.isoformat()


def status_payload(status: SyncStatus) -> dict[str, Any]:
    """A ``SyncStatus`` as a JSON-able dict (the API's field names)."""
    return status.to_dict()


def error_payload(error: FivetrexError, connection_id: str) -> dict[str, Any]:
    """A fivetrex error as a JSON-able trigger event payload (see :func:`result_of_event`)."""
    payload: dict[str, Any] = {
        "status": "error",
        "connection_id": connection_id,
        "error": type(error).__name__,
        "message": str(error),
    }
    if isinstance(error, SyncError) and isinstance(error.status, SyncStatus):
        payload["sync_status"] = status_payload(error.status)
    if isinstance(error, SyncFailedError):
        payload["reason"] = error.reason
    return payload


def _rebuild(payload: dict[str, Any]) -> FivetrexError:
    """The fivetrex error a trigger reported (same class, message and sync details)."""
    name = str(payload.get("error"))
    message = str(payload.get("message"))
    connection_id = str(payload.get("connection_id"))
    raw = payload.get("sync_status")
    status = SyncStatus.model_validate(raw) if isinstance(raw, dict) else None
    if name == "SyncFailedError":
        return SyncFailedError(
            message,
            connection_id=connection_id,
            status=status,
            failed_at=status.failed_at if status else None,
            reason=payload.get("reason"),
        )
    if name == "SyncRescheduledError":
        return SyncRescheduledError(
            message,
            connection_id=connection_id,
            status=status,
            rescheduled_for=status.rescheduled_for if status else None,
        )
    if name in ("SyncTimeoutError", "SyncPausedError", "SyncError"):
        cls: type[SyncError] = getattr(fivetrex_errors, name)
        return cls(message, connection_id=connection_id, status=status)
    found = getattr(fivetrex_errors, name, None)
    if isinstance(found, type) and issubclass(found, fivetrex_errors.APIError):
        return found(message)
    if isinstance(found, type) and issubclass(found, FivetrexError):
        return found(message)
    return FivetrexError(f"{name}: {message}")


def to_airflow_error(error: FivetrexError) -> AirflowException:
    """The Airflow exception that fails the task for a fivetrex error (raise it ``from``).

    Errors no retry can fix (bad credentials, an unknown connection, a missing
    confirmation...) are ``AirflowFailException``: the task fails without retrying.
    Sync failures, timeouts, pauses and API trouble are ``AirflowException``: the task's
    ``retries`` apply.
    """
    cls = AirflowFailException if isinstance(error, _PERMANENT) else AirflowException
    return cls(f"Fivetran: {error}")  # type: ignore[no-any-return]


def status_of_event(event: dict[str, Any] | None) -> dict[str, Any]:
    """The JSON-able ``SyncStatus`` a trigger event reports.

    Raises:
        FivetrexError: The error the trigger reported (rebuilt: same class, message,
            ``reason``, ``status``...).
    """
    if not isinstance(event, dict) or event.get("status") not in ("success", "error"):
        raise FivetrexError(f"unexpected event from the Fivetran trigger: {event!r}")
    if event["status"] == "error":
        raise _rebuild(event)
    return dict(event["sync_status"])
