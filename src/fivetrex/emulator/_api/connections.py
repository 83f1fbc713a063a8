"""Connections over HTTP — create, update, delete, syncs, setup tests, connect cards, state:
request parsing and the route table (domain: :mod:`.._domain.connections` and
:mod:`.._domain.syncs`)."""

from __future__ import annotations

import re
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, opt_bool, opt_enum, opt_str, req_str
from fivetrex.emulator._api.references import platform_refs
from fivetrex.emulator._catalog import (
    CONNECTION_SERVICES,
    DATA_DELAY_SENSITIVITIES,
    DESTINATION_SCHEMA_NAMES,
    NETWORKING_METHODS,
    SCHEDULE_TYPES,
    SYNC_FREQUENCIES,
)
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain._common import UNSET, Unset
from fivetrex.emulator._domain.connections import (
    ConnectCardConfig,
    ConnectionChanges,
    ConnectionOptions,
    NewConnection,
)
from fivetrex.emulator._domain.references import PlatformRefs
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route
from fivetrex.emulator._validation import validate_table_map

__all__ = [
    "CONNECTION_ROUTES",
    "PERSISTENT_FIELDS",
    "connect_card_config",
    "connection_changes",
    "new_connection",
]

_DAILY_TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):00$")

PERSISTENT_FIELDS = frozenset(
    {
        "config",
        "auth",
        "paused",
        "sync_frequency",
        "data_delay_threshold",
        "data_delay_sensitivity",
        "daily_sync_time",
        "pause_after_trial",
        "schema_status",
        "is_historical_sync",
        "schedule_type",
        "networking_method",
        "hybrid_deployment_agent_id",
        "proxy_agent_id",
        "private_link_id",
        "destination_configuration",
        "external_secrets_manager_id",
        "external_secrets_keys_config",
    }
)
"""The fields an update must send at least one of (test-control fields alone are refused)."""


def _object(body: dict[str, Any], key: str) -> dict[str, Any] | None:
    """An object field; ``None`` when absent or ``null``."""
    value = body.get(key)
    if value is not None and not isinstance(value, dict):
        raise InvalidInputError(f"Field '{key}' must be an object")
    return value


def _sync_frequency(value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in SYNC_FREQUENCIES:
        allowed = ", ".join(str(v) for v in sorted(SYNC_FREQUENCIES))
        raise InvalidInputError(
            f"Invalid value '{value}' for field 'sync_frequency'. Allowed: {allowed}"
        )
    return value


def _daily_sync_time(value: Any) -> str:
    if not isinstance(value, str) or not _DAILY_TIME_RE.match(value):
        raise InvalidInputError(
            f"Invalid value '{value}' for field 'daily_sync_time': use a whole hour "
            "'HH:00' between 00:00 and 23:00"
        )
    return value


def _delay_threshold(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError("Field 'data_delay_threshold' must be a non-negative integer")
    return value


def _destination_configuration(body: dict[str, Any]) -> dict[str, Any] | Unset | None:
    if "destination_configuration" not in body:
        return UNSET
    return _object(body, "destination_configuration")


def connection_options(body: dict[str, Any], refs: PlatformRefs) -> ConnectionOptions:
    """The schedule, delay and networking fields of a create or update body (``null``
    keeps a field, but clears ``destination_configuration``)."""
    frequency = body.get("sync_frequency")
    daily = body.get("daily_sync_time")
    threshold = body.get("data_delay_threshold")
    pause_after_trial = (
        bool(opt_bool(body, "pause_after_trial", False)) if "pause_after_trial" in body else None
    )
    return ConnectionOptions(  # keyword arguments are read left to right
        sync_frequency=None if frequency is None else _sync_frequency(frequency),
        daily_sync_time=None if daily is None else _daily_sync_time(daily),
        schedule_type=opt_enum(body, "schedule_type", SCHEDULE_TYPES),
        data_delay_sensitivity=opt_enum(body, "data_delay_sensitivity", DATA_DELAY_SENSITIVITIES),
        data_delay_threshold=None if threshold is None else _delay_threshold(threshold),
        pause_after_trial=pause_after_trial,
        networking_method=opt_enum(body, "networking_method", NETWORKING_METHODS),
        destination_configuration=_destination_configuration(body),
        refs=refs,
    )


def connect_card_config(value: Any) -> ConnectCardConfig:
    """A ``connect_card_config`` object: ``redirect_uri`` (``http(s)://``) is required."""
    card = body_object(value, "connect_card_config")
    redirect = card.get("redirect_uri")
    if not isinstance(redirect, str) or not redirect.startswith(("http://", "https://")):
        raise InvalidInputError(
            "Field 'connect_card_config.redirect_uri' is required and must start with "
            "http:// or https://"
        )
    hide = opt_bool(card, "hide_setup_guide") if "hide_setup_guide" in card else UNSET
    all_fields = opt_bool(card, "all_fields") if "all_fields" in card else UNSET
    return ConnectCardConfig(redirect_uri=redirect, hide_setup_guide=hide, all_fields=all_fields)


def new_connection(body: dict[str, Any]) -> NewConnection:
    """The body of ``POST /v1/connections``: ``group_id`` and a known ``service`` are
    required; ``config`` and ``auth`` are objects."""
    refs = platform_refs(body)
    group_id = req_str(body, "group_id")
    service = req_str(body, "service")
    if service not in CONNECTION_SERVICES:
        raise InvalidInputError(f"Unsupported service '{service}'")
    config = _object(body, "config")
    auth = _object(body, "auth")
    paused = bool(opt_bool(body, "paused", False))
    run_setup_tests = bool(opt_bool(body, "run_setup_tests", True))
    opt_bool(body, "trust_certificates")
    opt_bool(body, "trust_fingerprints")
    names = opt_enum(body, "destination_schema_names", DESTINATION_SCHEMA_NAMES)
    options = connection_options(body, refs)
    card = body.get("connect_card_config")
    return NewConnection(
        group_id=group_id,
        service=service,
        config={} if config is None else config,
        auth=auth,
        paused=paused,
        run_setup_tests=run_setup_tests,
        destination_schema_names=names,
        connect_card_config=None if card is None else connect_card_config(card),
        options=options,
    )


def _schema_status(body: dict[str, Any]) -> str | None:
    value = opt_str(body, "schema_status")
    if value is None:
        return None
    if value.lower() not in ("ready", "blocked_on_capture"):
        raise InvalidInputError(f"Invalid value '{value}' for field 'schema_status'")
    return value.lower()


def connection_changes(body: dict[str, Any]) -> ConnectionChanges:
    """The body of ``PATCH /v1/connections/{connectionId}``: at least one of
    :data:`PERSISTENT_FIELDS`; only the fields sent change."""
    refs = platform_refs(body)
    if not any(key in body for key in PERSISTENT_FIELDS):
        raise InvalidInputError(
            "At least one persistent field (e.g. 'paused', 'sync_frequency', 'config') "
            "is required; test-control fields alone are not accepted"
        )
    options = connection_options(body, refs)
    config = body.get("config", UNSET)
    if config is not UNSET and not isinstance(config, dict):
        raise InvalidInputError("Field 'config' must be an object")
    return ConnectionChanges(  # keyword arguments are read left to right
        config=None if config is UNSET else config,
        auth=_object(body, "auth") if "auth" in body else UNSET,
        schema_status=_schema_status(body),
        external_secrets_keys_config=body.get("external_secrets_keys_config", UNSET),
        paused=opt_bool(body, "paused"),
        is_historical_sync=opt_bool(body, "is_historical_sync"),
        run_setup_tests=bool(opt_bool(body, "run_setup_tests", False)),
        options=options,
    )


def _create(b: Backend, c: Call) -> Any:
    return b.create_connection(new_connection(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    changes = connection_changes(body_object(c.body))
    return b.update_connection(param(c, "connectionId"), changes)


def _sync(b: Backend, c: Call, *, forced: bool = False) -> Any:
    force = forced
    if c.body is not None:
        force = bool(opt_bool(body_object(c.body), "force", False)) or forced
    return b.sync_connection(param(c, "connectionId"), force=force)


def _resync(b: Backend, c: Call) -> Any:
    scope = None
    if c.body is not None:
        body = body_object(c.body)
        if body.get("scope") is not None:
            scope = validate_table_map(body["scope"], "scope", "scope.")
    return b.resync_connection(param(c, "connectionId"), scope)


def _setup_tests(b: Backend, c: Call) -> Any:
    if c.body is None:
        raise InvalidInputError("A request body is required (send {} for defaults)")
    body = body_object(c.body)
    opt_bool(body, "trust_certificates")
    opt_bool(body, "trust_fingerprints")
    return b.run_connection_setup_tests(param(c, "connectionId"))


def _connect_card(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    if body.get("connect_card_config") is None:
        raise InvalidInputError("Field 'connect_card_config' is required")
    card = connect_card_config(body["connect_card_config"])
    return b.create_connect_card(param(c, "connectionId"), card)


def _update_state(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    return b.update_connection_state(param(c, "connectionId"), _object(body, "state"))


_C = "/v1/connections/{connectionId}"
_SYNCED = "Sync has been successfully triggered for connection with id '{connectionId}'"

CONNECTION_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/connections", paged(lambda b, c, cur, lim: b.list_connections(
        c.query.get("group_id"), c.query.get("schema"), cur, lim))),
    Route("POST", "/v1/connections", _create, 201, "Connection has been created"),
    Route("GET", _C, lambda b, c: b.get_connection(param(c, "connectionId")),
          message="Connection details retrieved successfully"),
    Route("PATCH", _C, _update, message="Connection has been updated"),
    Route("DELETE", _C, lambda b, c: b.delete_connection(param(c, "connectionId")),
          message="Connection with id '{connectionId}' has been deleted"),
    Route("POST", _C + "/sync", _sync, message=_SYNCED),
    Route("POST", _C + "/force", lambda b, c: _sync(b, c, forced=True), message=_SYNCED,
          legacy=True),
    Route("POST", _C + "/resync", _resync, message=_SYNCED),
    Route("POST", _C + "/test", _setup_tests, message="Setup tests have been completed"),
    Route("POST", _C + "/connect-card", _connect_card,
          message="Connection Connect Card has been created"),
    Route("GET", _C + "/state", lambda b, c: b.get_connection_state(param(c, "connectionId")),
          message="Connection state retrieved successfully"),
    Route("PATCH", _C + "/state", _update_state, message="Connection state has been updated"),
)  # fmt: skip
"""The connections' routes: connections, their syncs, setup tests, connect cards, state."""
