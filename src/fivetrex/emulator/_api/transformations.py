"""Transformations over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.transformations`, which checks what needs the
state (the project, connections and transformations named, the Quickstart package).
"""

from __future__ import annotations

import re
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import (
    UNSET,
    Unset,
    body_object,
    given,
    opt_bool,
    require_enum,
    required_str,
)
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.transformations import (
    DbtConfig,
    NewTransformation,
    QuickstartConfig,
    Schedule,
    Steps,
    TransformationPatch,
)
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = [
    "TRANSFORMATION_ROUTES",
    "new_transformation",
    "run_options",
    "schedule",
    "transformation_patch",
]

_TYPES = ("DBT_CORE", "QUICKSTART")
_SCHEDULE_TYPES = frozenset({"INTEGRATED", "TIME_OF_DAY", "INTERVAL", "CRON"})
_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_TIME_OF_DAY_RE = re.compile(r"^([01][0-9]|2[0-3]):(00|30)$")
_CONFIG = "transformation_config"


def _interval(body: dict[str, Any], kind: str) -> int | None:
    interval = body.get("interval")
    if kind != "INTERVAL" and interval is None:
        return None
    if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
        raise InvalidInputError(
            "Field 'schedule.interval' (minutes, >= 1) is required for INTERVAL"
        )
    return interval


def _time_of_day(body: dict[str, Any], kind: str) -> str | None:
    tod = body.get("time_of_day")
    if kind != "TIME_OF_DAY" and tod is None:
        return None
    if not isinstance(tod, str) or not _TIME_OF_DAY_RE.match(tod):
        raise InvalidInputError(
            "Field 'schedule.time_of_day' must be a half-hour slot '00:00'..'23:30'"
        )
    return tod


def _cron(body: dict[str, Any], kind: str) -> tuple[str, ...] | None:
    cron = body.get("cron")
    if kind != "CRON" and cron is None:
        return None
    if (
        not isinstance(cron, list)
        or not cron
        or not all(isinstance(c, str) and len(c.split()) == 5 for c in cron)
    ):
        raise InvalidInputError(
            "Field 'schedule.cron' must be a non-empty array of 5-field CRON strings"
        )
    return tuple(cron)


def _connection_ids(value: Any, field: str) -> tuple[str, ...]:
    """An array of connection ids (whether they exist is the domain's check)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"Field '{field}' must be an array of connection ids")
    return tuple(value)


def _days_of_week(body: dict[str, Any]) -> tuple[str, ...]:
    """``schedule.days_of_week`` (absent: none), in week order."""
    days = body.get("days_of_week") or []
    if not isinstance(days, list) or not all(d in _WEEKDAYS for d in days):
        raise InvalidInputError(
            f"Field 'schedule.days_of_week' must be a subset of {', '.join(_WEEKDAYS)}"
        )
    return tuple(d for d in _WEEKDAYS if d in days)


def _transformation_ids(body: dict[str, Any]) -> tuple[str, ...]:
    """``schedule.transformation_ids`` (whether they exist is the domain's check)."""
    others = body.get("transformation_ids") or []
    if not isinstance(others, list) or not all(isinstance(t, str) for t in others):
        raise InvalidInputError(
            "Field 'schedule.transformation_ids' must list existing transformations"
        )
    return tuple(others)


def schedule(value: Any) -> Schedule | None:
    """A ``schedule`` object (``None`` when sent as ``null``: the integrated default)."""
    if value is None:
        return None
    body = body_object(value, "field 'schedule'")
    kind = require_enum(body.get("schedule_type"), "schedule.schedule_type", _SCHEDULE_TYPES)
    interval, tod, cron = _interval(body, kind), _time_of_day(body, kind), _cron(body, kind)
    days = _days_of_week(body)
    connections = body.get("connection_ids")
    if connections is not None:
        connections = _connection_ids(connections, "schedule.connection_ids")
    return Schedule(
        schedule_type=kind,
        interval=interval,
        time_of_day=tod,
        cron=cron,
        days_of_week=days,
        connection_ids=connections,
        transformation_ids=_transformation_ids(body),
        smart_syncing=bool(opt_bool(body, "smart_syncing", False)),
    )


def _steps(value: Any) -> Steps:
    if not isinstance(value, list) or not value:
        raise InvalidInputError("Field 'transformation_config.steps' must be a non-empty array")
    steps = []
    for item in value:
        step = body_object(item, "transformation step")
        name, command = step.get("name"), step.get("command")
        if not isinstance(name, str) or not name:
            raise InvalidInputError("Every transformation step needs a 'name'")
        if not isinstance(command, str) or not command.startswith("dbt "):
            raise InvalidInputError(
                f"Step '{name}': 'command' must be a dbt command (e.g. 'dbt run')"
            )
        steps.append((name, command))
    return tuple(steps)


def _excluded_models(config: dict[str, Any]) -> tuple[str, ...] | None:
    excluded = config.get("excluded_models")
    if excluded is None:
        return None
    if not isinstance(excluded, list) or not all(isinstance(m, str) for m in excluded):
        raise InvalidInputError(
            "Field 'transformation_config.excluded_models' must be an array of model names"
        )
    return tuple(excluded)


def _variables(config: dict[str, Any]) -> dict[str, Any] | None:
    variables = config.get("configurable_variables")
    if variables is None:
        return None
    return body_object(variables, "field 'transformation_config.configurable_variables'")


def _quickstart(config: dict[str, Any]) -> QuickstartConfig:
    connections = _connection_ids(
        config.get("connection_ids") or [], "transformation_config.connection_ids"
    )
    name = config.get("package_name")
    if name is not None and not isinstance(name, str):
        raise InvalidInputError(f"Unknown Quickstart package '{name}'")
    return QuickstartConfig(
        connection_ids=connections,
        package_name=name,
        excluded_models=_excluded_models(config),
        configurable_variables=_variables(config),
    )


def new_transformation(body: dict[str, Any]) -> NewTransformation:
    """The body of ``POST /v1/transformations``."""
    kind = require_enum(body.get("type"), "type", _TYPES)
    config = body_object(body.get(_CONFIG), f"field '{_CONFIG}'")
    paused = bool(opt_bool(body, "paused", False))
    parsed: DbtConfig | QuickstartConfig
    if kind == "DBT_CORE":
        parsed = DbtConfig(
            project_id=required_str(config, "project_id"),
            name=required_str(config, "name"),
            steps=_steps(config.get("steps")),
        )
    else:
        parsed = _quickstart(config)
    return NewTransformation(parsed, schedule(body.get("schedule")), paused)


def transformation_patch(body: dict[str, Any]) -> TransformationPatch:
    """The body of ``PATCH /v1/transformations/{transformationId}``: every field of
    ``transformation_config`` sent is checked, whichever type the transformation has."""
    paused = opt_bool(body, "paused")
    raw_schedule = given(body, "schedule")
    parsed_schedule: Schedule | Unset | None = (
        UNSET if raw_schedule is UNSET else schedule(raw_schedule)
    )
    raw_config = body.get(_CONFIG)
    if raw_config is None:
        return TransformationPatch(paused=paused, schedule=parsed_schedule)
    config = body_object(raw_config, f"field '{_CONFIG}'")
    return TransformationPatch(
        paused=paused,
        schedule=parsed_schedule,
        project_id=required_str(config, "project_id") if "project_id" in config else None,
        name=required_str(config, "name") if "name" in config else None,
        steps=_steps(config.get("steps")) if "steps" in config else None,
        excluded_models=_excluded_models(config),
        configurable_variables=_variables(config),
    )


def run_options(body: Any) -> bool:
    """``full_refresh`` of ``POST /v1/transformations/{id}/run`` (the body is optional)."""
    if body is None:
        return False
    return bool(opt_bool(body_object(body), "full_refresh", False))


def _list(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    kind = c.query.get("type")
    if kind is not None:
        require_enum(kind, "type", _TYPES)
    return b.list_transformations(
        cursor,
        limit,
        group_id=c.query.get("group_id"),
        project_id=c.query.get("project_id"),
        kind=kind,
    )


def _packages(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
    return b.list_package_metadata(
        cursor, limit, service=c.query.get("service"), name=c.query.get("name")
    )


def _create(b: Backend, c: Call) -> Any:
    return b.create_transformation(new_transformation(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    patch = transformation_patch(body_object(c.body))
    return b.update_transformation(param(c, "transformationId"), patch)


def _run(b: Backend, c: Call) -> Any:
    full_refresh = run_options(c.body)
    return b.run_transformation(param(c, "transformationId"), full_refresh=full_refresh)


_TF = "/v1/transformations"

TRANSFORMATION_ROUTES: tuple[Route, ...] = (
    Route("GET", _TF, paged(_list), message="Transformations list retrieved successfully"),
    Route("POST", _TF, _create, 201, "Transformation created successfully"),
    Route("GET", _TF + "/package-metadata", paged(_packages),
          message="Transformation package metadata list retrieved successfully"),
    Route("GET", _TF + "/package-metadata/{package_definition_id}",
          lambda b, c: b.get_package_metadata(param(c, "package_definition_id")),
          message="Transformation package metadata details retrieved successfully"),
    Route("GET", _TF + "/{transformationId}",
          lambda b, c: b.get_transformation(param(c, "transformationId")),
          message="Transformation details retrieved successfully"),
    Route("PATCH", _TF + "/{transformationId}", _update,
          message="Transformation updated successfully"),
    Route("DELETE", _TF + "/{transformationId}",
          lambda b, c: b.delete_transformation(param(c, "transformationId")),
          message="Transformation with id '{transformationId}' has been deleted"),
    Route("POST", _TF + "/{transformationId}/run", _run,
          message="Transformation with id '{transformationId}' has been started"),
    Route("POST", _TF + "/{transformationId}/cancel",
          lambda b, c: b.cancel_transformation(param(c, "transformationId")),
          message="Transformation with id '{transformationId}' has been canceled"),
    Route("POST", _TF + "/{transformationId}/upgrade",
          lambda b, c: b.upgrade_transformation(param(c, "transformationId")),
          message="Transformation package has been upgraded"),
)  # fmt: skip
"""The transformations' routes (and Quickstart package metadata)."""
