"""Runtime settings of an emulator (all changeable while it runs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["Settings"]


@dataclass
class Settings:
    """Behaviour switches of one :class:`~fivetrex.emulator.Emulator`.

    Attributes:
        legacy_paths: Serve the legacy ``/v1/connectors/...``, ``/v1/groups/{id}/connectors``
            and ``.../force`` aliases. ``False`` answers 404 there (as seen in March 2026).
        require_https: Reject ``http://`` webhook URLs with 400 (the real API does).
        rate_limit_per_hour: Enforce this many ``/v1`` requests per rolling virtual hour
            (429 + ``Retry-After`` beyond it). ``None`` disables enforcement.
        rate_limit_header: The ``X-Rate-Limit`` value sent when enforcement is off.
        sync_duration_seconds: Seconds (on the emulator's clock) a sync takes before it
            ends. 60 on a virtual clock; a wall-clock emulator (the server) defaults to
            ``SERVER_SYNC_DURATION_SECONDS`` (3).
        sync_polls_to_complete: A test option: a running sync also ends on this many-th
            detail ``GET`` of its connection. ``None`` (the default) or 0: syncs end by
            time only.
        scheduled_syncs: Start syncs on their own as the virtual clock passes each
            connection's schedule (``schedule_type`` ``auto``, not paused: every
            ``sync_frequency`` minutes after its last sync ended, or after its creation),
            so code that waits for scheduled syncs can be tested. Off by default.
        reject_unknown_fields: Answer 400 for top-level request-body fields the API does
            not declare (off by default: no source says the API rejects them).
        reschedule_after_seconds: How far in the future a ``rescheduled`` outcome sets
            ``status.rescheduled_for`` by default.
        setup_tests_pass: Whether setup tests pass by default.
        webhook_timeout_seconds: Timeout of each real webhook delivery.
        deliver_webhooks: Whether webhook events are delivered at all.
        last_page_cursor: ``"omit"`` leaves ``next_cursor`` out of the last page,
            ``"null"`` sends ``"next_cursor": null``.
        account_id: ``/v1/account/info`` account id.
        account_name: ``/v1/account/info`` account name.
        user_id: Id of the API user (``connected_by``, ``created_by``, account info).
    """

    legacy_paths: bool = True
    require_https: bool = False
    rate_limit_per_hour: int | None = None
    rate_limit_header: int = 20_000
    sync_duration_seconds: float = 60.0
    sync_polls_to_complete: int | None = None
    scheduled_syncs: bool = False
    reject_unknown_fields: bool = False
    reschedule_after_seconds: float = 3600.0
    setup_tests_pass: bool = True
    webhook_timeout_seconds: float = 10.0
    deliver_webhooks: bool = True
    last_page_cursor: str = "omit"
    account_id: str = "emulator_account"
    account_name: str = "fivetrex emulator"
    user_id: str = "emulator_user"

    def update(self, **changes: Any) -> None:
        """Change settings by name, validating names and value types.

        Raises:
            ValueError: For an unknown setting or a value of the wrong type.
        """
        known = {f.name: f for f in fields(self)}
        staged: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown emulator setting {name!r}")
            staged[name] = _coerce(name, known[name].type, value)
        for name, value in staged.items():
            setattr(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-able dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build settings from :meth:`to_dict` output (unknown keys are ignored)."""
        settings = cls()
        names = {f.name for f in fields(cls)}
        settings.update(**{k: v for k, v in data.items() if k in names})
        return settings


def _as_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"setting {name!r} must be a boolean")
    return value


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"setting {name!r} must be a non-negative integer")
    return value


def _as_float(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"setting {name!r} must be a non-negative number")
    return float(value)


def _as_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"setting {name!r} must be a string")
    if name == "last_page_cursor" and value not in ("omit", "null"):
        raise ValueError("setting 'last_page_cursor' must be 'omit' or 'null'")
    return value


_CHECKS: tuple[tuple[str, Callable[[str, Any], Any]], ...] = (
    ("bool", _as_bool),
    ("int", _as_int),
    ("float", _as_float),
    ("str", _as_str),
)
"""A setting's check by the start of its annotation (``int | None`` is an ``int``)."""


def _coerce(name: str, annotation: Any, value: Any) -> Any:
    kind = str(annotation)
    if value is None and "None" in kind and not kind.startswith("bool"):
        return None
    for prefix, check in _CHECKS:
        if kind.startswith(prefix):
            return check(name, value)
    raise ValueError(f"cannot set {name!r}")  # pragma: no cover - every field is typed above
