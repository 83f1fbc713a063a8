"""Transformation projects over HTTP: request parsing and the route table.

Domain: :mod:`fivetrex.emulator._domain.projects` (the group and the one-project-per-group
rule).
"""

from __future__ import annotations

import re
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, opt_bool, require_enum, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.projects import NewProject, ProjectSettings
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["PROJECT_ROUTES", "new_project", "project_settings"]

_ENV_VAR_RE = re.compile(r"^DBT_[A-Z0-9_.-]+=.*$")
_IMMUTABLE = ("dbt_version", "default_schema", "git_remote_url")
_CONFIG = "project_config"


def _immutable(config: dict[str, Any], *, creating: bool) -> dict[str, str]:
    """The fields set once, at creation: required then, refused afterwards."""
    clean: dict[str, str] = {}
    for key in _IMMUTABLE:
        if key in config:
            if not creating:
                raise InvalidInputError(f"Field '{_CONFIG}.{key}' cannot be changed")
            value = config[key]
            if not isinstance(value, str) or not value:
                raise InvalidInputError(f"Field '{_CONFIG}.{key}' must be a string")
            clean[key] = value
        elif creating:
            raise InvalidInputError(f"Field '{_CONFIG}.{key}' is required")
    return clean


def _opt_string(config: dict[str, Any], key: str) -> str | None:
    value = config.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInputError(f"Field '{_CONFIG}.{key}' must be a string")
    return value


def _threads(config: dict[str, Any]) -> int | None:
    threads = config.get("threads")
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 64:
        raise InvalidInputError(f"Field '{_CONFIG}.threads' must be an integer 1..64")
    return threads


def _environment_vars(config: dict[str, Any]) -> tuple[str, ...] | None:
    env = config.get("environment_vars")
    if env is None:
        return None
    if not isinstance(env, list) or not all(
        isinstance(v, str) and _ENV_VAR_RE.match(v) for v in env
    ):
        raise InvalidInputError(
            f"Field '{_CONFIG}.environment_vars' must be an array of 'DBT_NAME=value' strings"
        )
    return tuple(env)


def project_settings(config: dict[str, Any]) -> ProjectSettings:
    """The changeable fields of a ``project_config`` object."""
    return ProjectSettings(
        folder_path=_opt_string(config, "folder_path"),
        git_branch=_opt_string(config, "git_branch"),
        target_name=_opt_string(config, "target_name"),
        threads=_threads(config),
        environment_vars=_environment_vars(config),
    )


def new_project(body: dict[str, Any]) -> NewProject:
    """The body of ``POST /v1/transformation-projects``."""
    group_id = required_str(body, "group_id")
    require_enum(body.get("type", "DBT_CORE"), "type", ("DBT_CORE",))
    config = body_object(body.get(_CONFIG), f"field '{_CONFIG}'")
    fixed = _immutable(config, creating=True)
    settings = project_settings(config)
    return NewProject(
        group_id=group_id,
        dbt_version=fixed["dbt_version"],
        default_schema=fixed["default_schema"],
        git_remote_url=fixed["git_remote_url"],
        settings=settings,
        run_tests=bool(opt_bool(body, "run_tests", False)),
    )


def _create(b: Backend, c: Call) -> Any:
    return b.create_project(new_project(body_object(c.body)))


def _update(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    config = body.get(_CONFIG)
    settings = ProjectSettings()
    if config is not None:
        config = body_object(config, f"field '{_CONFIG}'")
        _immutable(config, creating=False)
        settings = project_settings(config)
    run_tests = bool(opt_bool(body, "run_tests", False))
    return b.update_project(param(c, "projectId"), settings, run_tests=run_tests)


_TP = "/v1/transformation-projects"

PROJECT_ROUTES: tuple[Route, ...] = (
    Route("GET", _TP, paged(lambda b, c, cur, lim: b.list_projects(cur, lim)),
          message="Transformation projects retrieved successfully"),
    Route("POST", _TP, _create, 201, "Transformation project created successfully"),
    Route("GET", _TP + "/{projectId}", lambda b, c: b.get_project(param(c, "projectId")),
          message="Transformation project details retrieved successfully"),
    Route("PATCH", _TP + "/{projectId}", _update,
          message="Transformation project updated successfully"),
    Route("DELETE", _TP + "/{projectId}", lambda b, c: b.delete_project(param(c, "projectId")),
          message="Transformation project with id '{projectId}' has been deleted"),
    Route("POST", _TP + "/{projectId}/test", lambda b, c: b.test_project(param(c, "projectId")),
          message="Transformation project test completed successfully"),
)  # fmt: skip
"""The transformation projects' routes."""
