"""Destinations over HTTP: request parsing and the route table (domain:
:mod:`.._domain.destinations`)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, opt_bool, opt_enum, req_str
from fivetrex.emulator._api.references import platform_refs
from fivetrex.emulator._catalog import (
    DESTINATION_SERVICES,
    NETWORKING_METHODS,
    REGIONS,
    TIME_ZONE_OFFSETS,
)
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain._common import UNSET
from fivetrex.emulator._domain.destinations import DestinationChanges, NewDestination
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["DESTINATION_ROUTES", "destination_changes", "new_destination"]


def _time_zone_offset(value: Any) -> str:
    if not isinstance(value, str) or value not in TIME_ZONE_OFFSETS:
        raise InvalidInputError(f"Invalid value '{value}' for field 'time_zone_offset'")
    return value


def _config(body: dict[str, Any]) -> dict[str, Any]:
    config = body.get("config", {})
    if not isinstance(config, dict):
        raise InvalidInputError("Field 'config' must be an object")
    return config


def new_destination(body: dict[str, Any]) -> NewDestination:
    """The body of ``POST /v1/destinations``: ``group_id``, ``service`` and
    ``time_zone_offset`` (a string, or a whole number of hours) are required."""
    refs = platform_refs(body)
    group_id = req_str(body, "group_id")
    service = req_str(body, "service")
    if service not in DESTINATION_SERVICES:
        raise InvalidInputError(f"Unsupported service '{service}'")
    tz = body.get("time_zone_offset")
    if tz is None:
        raise InvalidInputError("Field 'time_zone_offset' is required")
    if isinstance(tz, int) and not isinstance(tz, bool):
        tz = f"+{tz}" if tz > 0 else str(tz)
    return NewDestination(
        group_id=group_id,
        service=service,
        time_zone_offset=_time_zone_offset(tz),
        region=opt_enum(body, "region", REGIONS) or "GCP_US_EAST4",
        networking_method=opt_enum(body, "networking_method", NETWORKING_METHODS) or "Directly",
        config=_config(body),
        daylight_saving_time_enabled=bool(opt_bool(body, "daylight_saving_time_enabled", False)),
        run_setup_tests=bool(opt_bool(body, "run_setup_tests", True)),
        refs=refs,
    )


def destination_changes(body: dict[str, Any]) -> DestinationChanges:
    """The body of ``PATCH /v1/destinations/{destinationId}``: only the fields sent change;
    ``time_zone_offset`` must be a string here."""
    refs = platform_refs(body)
    region = opt_enum(body, "region", REGIONS) if "region" in body else None
    tz = _time_zone_offset(body["time_zone_offset"]) if "time_zone_offset" in body else None
    networking = (
        opt_enum(body, "networking_method", NETWORKING_METHODS)
        if "networking_method" in body
        else UNSET
    )
    key = "daylight_saving_time_enabled"
    daylight = opt_bool(body, key) if key in body else UNSET
    return DestinationChanges(
        region=region,
        time_zone_offset=tz,
        networking_method=networking,
        daylight_saving_time_enabled=daylight,
        config=_config(body) if "config" in body else None,
        run_setup_tests=bool(opt_bool(body, "run_setup_tests", True)),
        refs=refs,
    )


def _create(b: Backend, c: Call) -> Any:
    return b.create_destination(new_destination(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    changes = destination_changes(body_object(c.body))
    return b.update_destination(param(c, "destinationId"), changes)


def _test(b: Backend, c: Call) -> Any:
    if c.body is not None:
        body_object(c.body)
    return b.test_destination(param(c, "destinationId"))


DESTINATION_ROUTES: tuple[Route, ...] = (
    Route("GET", "/v1/destinations", paged(lambda b, c, cur, lim: b.list_destinations(cur, lim))),
    Route("POST", "/v1/destinations", _create, 201, "Destination has been created"),
    Route("GET", "/v1/destinations/{destinationId}",
          lambda b, c: b.get_destination(param(c, "destinationId")),
          message="Destination details retrieved successfully"),
    Route("PATCH", "/v1/destinations/{destinationId}", _update,
          message="Destination has been updated"),
    Route("DELETE", "/v1/destinations/{destinationId}",
          lambda b, c: b.delete_destination(param(c, "destinationId")),
          message="Destination with id '{destinationId}' has been deleted"),
    Route("POST", "/v1/destinations/{destinationId}/test", _test,
          message="Setup tests have been completed"),
)  # fmt: skip
"""The destinations' routes."""
