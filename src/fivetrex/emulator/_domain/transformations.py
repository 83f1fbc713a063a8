"""Transformations: dbt and quickstart, schedules, runs, package metadata.

The route (:mod:`fivetrex.emulator._api.transformations`) checks a request's shape and
passes the typed values below; this module checks what needs the state: that the project,
connections and transformations named exist, and which Quickstart package they feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us
from fivetrex.emulator._domain._common import UNSET, Page, Unset
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._platform_catalog import QUICKSTART_PACKAGES

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _PACKAGES,
    _PACKAGES_BY_NAME,
    TRANSFORMATION_RUN_SECONDS,
)

__all__ = [
    "DbtConfig",
    "NewTransformation",
    "QuickstartConfig",
    "Schedule",
    "Steps",
    "TransformationPatch",
    "TransformationsArea",
]

Steps = tuple[tuple[str, str], ...]
"""A dbt transformation's steps: ``(name, command)`` pairs, in order."""


@dataclass(frozen=True)
class Schedule:
    """A transformation's ``schedule`` (values checked by the route).

    ``interval``, ``time_of_day`` and ``cron`` are ``None`` when not sent (the route
    requires the one the ``schedule_type`` needs); ``connection_ids`` ``None`` means the
    default (none for dbt Core, the transformation's own for Quickstart).
    """

    schedule_type: str
    interval: int | None = None
    time_of_day: str | None = None
    cron: tuple[str, ...] | None = None
    days_of_week: tuple[str, ...] = ()
    """Weekdays (``MONDAY``...), in the week's order."""
    connection_ids: tuple[str, ...] | None = None
    transformation_ids: tuple[str, ...] = ()
    smart_syncing: bool = False


@dataclass(frozen=True)
class DbtConfig:
    """The ``transformation_config`` of a new dbt Core transformation."""

    project_id: str
    name: str
    steps: Steps


@dataclass(frozen=True)
class QuickstartConfig:
    """The ``transformation_config`` of a new Quickstart transformation.

    ``package_name`` ``None``: the package the connections feed; ``excluded_models`` and
    ``configurable_variables`` ``None``: the package's defaults.
    """

    connection_ids: tuple[str, ...]
    package_name: str | None = None
    excluded_models: tuple[str, ...] | None = None
    configurable_variables: dict[str, Any] | None = None


@dataclass(frozen=True)
class NewTransformation:
    """``POST /v1/transformations``: the type follows from ``config``'s class."""

    config: DbtConfig | QuickstartConfig
    schedule: Schedule | None = None
    paused: bool = False


@dataclass(frozen=True)
class TransformationPatch:
    """``PATCH /v1/transformations/{id}``: ``None`` keeps a value.

    ``schedule`` :data:`UNSET` keeps the schedule, ``None`` (sent as ``null``) resets it to
    the integrated default. ``project_id``/``name``/``steps`` apply to dbt Core
    transformations, ``excluded_models``/``configurable_variables`` to Quickstart ones.
    """

    paused: bool | None = None
    schedule: Schedule | Unset | None = UNSET
    project_id: str | None = None
    name: str | None = None
    steps: Steps | None = None
    excluded_models: tuple[str, ...] | None = None
    configurable_variables: dict[str, Any] | None = None


class TransformationsArea(BackendBase):
    """Transformations and quickstart package metadata."""

    if TYPE_CHECKING:

        def _project(self, project_id: str) -> Doc: ...

    def _transformation(self, transformation_id: str) -> Doc:
        doc = self.state.require("transformations", transformation_id, "Transformation")
        self._settle_run(doc)
        return doc

    def _settle_run(self, doc: Doc) -> None:
        """Finish a run whose virtual duration elapsed (timestamped at its due time)."""
        if doc["status"] != "RUNNING" or not self._reached(doc.get("_due_ts")):
            return
        due = datetime.fromtimestamp(float(doc["_due_ts"]), timezone.utc)
        failed = False
        if doc["type"] == "DBT_CORE":
            project = self.state.get("tf_projects", doc.get("_project_id", ""))
            failed = project is None or project["status"] == "ERROR"
        doc["status"] = "FAILED" if failed else "SUCCEEDED"
        doc["last_ended_at"] = format_us(due)
        doc.pop("_due_ts", None)
        self.state.touch("transformations", doc["id"])

    def render_transformation(self, doc: Doc) -> dict[str, Any]:
        """Public form of a transformation (``upgrade_available`` for Quickstart ones)."""
        out = _public(doc)
        if doc["type"] == "QUICKSTART":
            package = _PACKAGES_BY_NAME.get(doc["transformation_config"].get("package_name", ""))
            latest = package["version"] if package else doc.get("_package_version")
            out["transformation_config"]["upgrade_available"] = (
                doc.get("_package_version") != latest
            )
        return out

    def _schedule(
        self, schedule: Schedule | None, *, default_connections: list[str]
    ) -> dict[str, Any]:
        if schedule is None:
            return {
                "schedule_type": "INTEGRATED",
                "days_of_week": [],
                "connection_ids": list(default_connections),
                "transformation_ids": [],
                "smart_syncing": False,
            }
        out: dict[str, Any] = {"schedule_type": schedule.schedule_type}
        if schedule.interval is not None:
            out["interval"] = schedule.interval
        if schedule.time_of_day is not None:
            out["time_of_day"] = schedule.time_of_day
        if schedule.cron is not None:
            out["cron"] = list(schedule.cron)
        out["days_of_week"] = list(schedule.days_of_week)
        connections = schedule.connection_ids
        out["connection_ids"] = self._existing_connections(
            default_connections if connections is None else connections, "schedule.connection_ids"
        )
        out["transformation_ids"] = self._schedule_transformations(schedule.transformation_ids)
        out["smart_syncing"] = schedule.smart_syncing
        return out

    def _schedule_transformations(self, ids: tuple[str, ...]) -> list[str]:
        """``ids`` without repeats, or 400 if one names no transformation."""
        if not all(self.state.get("transformations", t) is not None for t in ids):
            raise InvalidInputError(
                "Field 'schedule.transformation_ids' must list existing transformations"
            )
        return list(dict.fromkeys(ids))

    def _existing_connections(self, ids: Iterable[str], field: str) -> list[str]:
        """``ids`` without repeats, or 400 naming the first that is no connection."""
        ids = list(ids)
        for connection_id in ids:
            if self.state.get("connections", connection_id) is None:
                raise InvalidInputError(
                    f"Connection with id '{connection_id}' does not exist (field '{field}')"
                )
        return list(dict.fromkeys(ids))

    def _quickstart_package(
        self, config: QuickstartConfig, connections: list[str]
    ) -> dict[str, Any]:
        """The package named, or the first one a connection's service feeds."""
        name = config.package_name
        if name is not None:
            package = _PACKAGES_BY_NAME.get(name)
            if package is None:
                raise InvalidInputError(f"Unknown Quickstart package '{name}'")
            return package
        for connection_id in connections:
            service = self._connection(connection_id)["service"]
            found = next((p for p in QUICKSTART_PACKAGES if service in p["connector_types"]), None)
            if found is not None:
                return found
        raise InvalidInputError(
            "Field 'transformation_config.package_name' is required (no Quickstart "
            "package matches the given connection_ids)"
        )

    def _quickstart_config(self, config: QuickstartConfig) -> tuple[dict[str, Any], dict[str, Any]]:
        connections = self._existing_connections(
            config.connection_ids, "transformation_config.connection_ids"
        )
        package = self._quickstart_package(config, connections)
        if not connections:
            raise InvalidInputError(
                "Field 'transformation_config.connection_ids' must name at least one connection"
            )
        for connection_id in connections:
            service = self._connection(connection_id)["service"]
            if service not in package["connector_types"]:
                raise InvalidInputError(
                    f"Connection '{connection_id}' ({service}) cannot feed Quickstart package "
                    f"'{package['name']}'"
                )
        clean = {
            "package_name": package["name"],
            "connection_ids": connections,
            "excluded_models": [],
            "configurable_variables": _clone(package["configurable_variables"]),
        }
        self._quickstart_update(
            clean, package, config.excluded_models, config.configurable_variables
        )
        return clean, package

    @staticmethod
    def _quickstart_update(
        clean: dict[str, Any],
        package: dict[str, Any],
        excluded: tuple[str, ...] | None,
        variables: dict[str, Any] | None,
    ) -> None:
        if excluded is not None:
            if not all(m in package["output_model_names"] for m in excluded):
                raise InvalidInputError(
                    "Field 'transformation_config.excluded_models' must list models of the "
                    f"package: {', '.join(package['output_model_names'])}"
                )
            clean["excluded_models"] = list(dict.fromkeys(excluded))
        if variables is not None:
            unknown = sorted(set(variables) - set(package["configurable_variables"]))
            if unknown:
                raise InvalidInputError(
                    f"Unknown configurable variable(s) for package '{package['name']}': "
                    + ", ".join(unknown)
                )
            clean["configurable_variables"].update(_clone(variables))

    @staticmethod
    def _steps(steps: Steps) -> list[dict[str, str]]:
        return [{"name": name, "command": command} for name, command in steps]

    def list_transformations(
        self,
        cursor: str | None,
        limit: int,
        *,
        group_id: str | None = None,
        project_id: str | None = None,
        kind: str | None = None,
    ) -> Page:
        """``GET /v1/transformations``, filtered by ``group_id``, ``project_id`` and ``type``
        (``kind``: ``DBT_CORE`` or ``QUICKSTART``)."""
        docs: list[Doc] = []
        for doc in self.state.values("transformations"):
            if group_id and doc.get("_group_id") != group_id:
                continue
            if project_id and doc.get("_project_id") != project_id:
                continue
            if kind and doc["type"] != kind:
                continue
            self._settle_run(doc)
            docs.append(doc)
        return self.page(docs, cursor, limit, self.render_transformation)

    def get_transformation(self, transformation_id: str) -> dict[str, Any]:
        """``GET /v1/transformations/{transformationId}``."""
        return self.render_transformation(self._transformation(transformation_id))

    def create_transformation(self, new: NewTransformation) -> dict[str, Any]:
        """``POST /v1/transformations``: 404 for an unknown project, 400 for connections or
        transformations that do not exist or a Quickstart package they cannot feed."""
        config = new.config
        kind = "DBT_CORE" if isinstance(config, DbtConfig) else "QUICKSTART"
        doc: Doc = {"id": "", "status": "NEW", "type": kind, "paused": new.paused}
        if isinstance(config, DbtConfig):
            project = self._project(config.project_id)
            clean: dict[str, Any] = {
                "project_id": config.project_id,
                "name": config.name,
                "steps": self._steps(config.steps),
            }
            doc["_project_id"] = project["id"]
            doc["_group_id"] = project["group_id"]
            default_connections: list[str] = []
            models = ["stg_" + config.name.lower().replace(" ", "_"), config.name.lower()]
            doc["output_model_names"] = [re.sub(r"[^a-z0-9_]", "_", m) for m in models]
        else:
            clean, package = self._quickstart_config(config)
            first = self._connection(clean["connection_ids"][0])
            doc["_group_id"] = first["group_id"]
            doc["_package_version"] = package["version"]
            default_connections = list(clean["connection_ids"])
            doc["output_model_names"] = [
                m for m in package["output_model_names"] if m not in clean["excluded_models"]
            ]
        doc["schedule"] = self._schedule(new.schedule, default_connections=default_connections)
        transformation_id = self.state.new_id()
        doc.update(
            {
                "id": transformation_id,
                "created_at": self.now_iso(),
                "created_by_id": self.settings.user_id,
                "transformation_config": clean,
            }
        )
        self.state.put("transformations", transformation_id, doc)
        return self.render_transformation(doc)

    def _patch_dbt(self, staged: Doc, patch: TransformationPatch) -> None:
        config = staged["transformation_config"]
        if patch.project_id is not None:
            project = self._project(patch.project_id)
            config["project_id"] = patch.project_id
            staged["_project_id"] = project["id"]
            staged["_group_id"] = project["group_id"]
        if patch.name is not None:
            config["name"] = patch.name
        if patch.steps is not None:
            config["steps"] = self._steps(patch.steps)

    def _patch_quickstart(self, staged: Doc, patch: TransformationPatch) -> None:
        config = staged["transformation_config"]
        package = _PACKAGES_BY_NAME[config["package_name"]]
        self._quickstart_update(
            config, package, patch.excluded_models, patch.configurable_variables
        )
        staged["output_model_names"] = [
            m for m in package["output_model_names"] if m not in config["excluded_models"]
        ]

    def update_transformation(
        self, transformation_id: str, patch: TransformationPatch
    ) -> dict[str, Any]:
        """``PATCH /v1/transformations/{transformationId}``: all of ``patch`` or nothing."""
        doc = self._transformation(transformation_id)
        staged = _clone(doc)
        if patch.paused is not None:
            staged["paused"] = patch.paused
        if doc["type"] == "DBT_CORE":
            self._patch_dbt(staged, patch)
        else:
            self._patch_quickstart(staged, patch)
        if patch.schedule is not UNSET:
            defaults = staged["schedule"].get("connection_ids", [])
            staged["schedule"] = self._schedule(patch.schedule, default_connections=defaults)
        doc.clear()
        doc.update(staged)
        self.state.touch("transformations", transformation_id)
        return self.render_transformation(doc)

    def delete_transformation(self, transformation_id: str) -> None:
        """``DELETE /v1/transformations/{transformationId}``."""
        self._transformation(transformation_id)
        self.state.delete("transformations", transformation_id)

    def _start_run(self, doc: Doc, full_refresh: bool) -> None:
        doc["status"] = "RUNNING"
        doc["last_started_at"] = self.now_iso()
        doc["_due_ts"] = self._due(TRANSFORMATION_RUN_SECONDS)
        doc["_full_refresh"] = full_refresh
        doc["_runs"] = int(doc.get("_runs", 0)) + 1
        self.state.touch("transformations", doc["id"])

    def run_transformation(self, transformation_id: str, *, full_refresh: bool = False) -> None:
        """``POST /v1/transformations/{transformationId}/run`` (409 while running).

        The run takes :data:`TRANSFORMATION_RUN_SECONDS` virtual seconds and ends
        ``SUCCEEDED`` (``FAILED`` for a dbt Core project whose setup tests failed).
        """
        doc = self._transformation(transformation_id)
        if doc["status"] == "RUNNING":
            raise ConflictError(f"Transformation with id '{transformation_id}' is already running")
        self._start_run(doc, full_refresh)

    def cancel_transformation(self, transformation_id: str) -> None:
        """``POST /v1/transformations/{transformationId}/cancel`` (409 unless running)."""
        doc = self._transformation(transformation_id)
        if doc["status"] != "RUNNING":
            raise ConflictError(
                f"Transformation with id '{transformation_id}' is not running "
                f"(status {doc['status']}); there is nothing to cancel"
            )
        doc["status"] = "CANCELED"
        doc["last_ended_at"] = self.now_iso()
        doc.pop("_due_ts", None)
        self.state.touch("transformations", transformation_id)

    def upgrade_transformation(self, transformation_id: str) -> None:
        """``POST /v1/transformations/{transformationId}/upgrade`` (Quickstart only)."""
        doc = self._transformation(transformation_id)
        if doc["type"] != "QUICKSTART":
            raise InvalidInputError(
                f"Transformation with id '{transformation_id}' is a dbt Core transformation; "
                "only Quickstart transformations have a package to upgrade"
            )
        package = _PACKAGES_BY_NAME[doc["transformation_config"]["package_name"]]
        doc["_package_version"] = package["version"]
        self.state.touch("transformations", transformation_id)

    def _run_integrated_transformations(self, connection_id: str) -> None:
        for doc in self.state.values("transformations"):
            schedule = doc["schedule"]
            if (
                not doc["paused"]
                and schedule["schedule_type"] == "INTEGRATED"
                and connection_id in schedule.get("connection_ids", [])
            ):
                self._settle_run(doc)
                if doc["status"] != "RUNNING":
                    self._start_run(doc, False)

    @staticmethod
    def _render_package(package: dict[str, Any]) -> dict[str, Any]:
        return {k: _clone(v) for k, v in package.items() if not k.startswith("_")}

    def list_package_metadata(
        self,
        cursor: str | None,
        limit: int,
        *,
        service: str | None = None,
        name: str | None = None,
    ) -> Page:
        """``GET /v1/transformations/package-metadata``, filtered by ``service`` and ``name``."""
        rows: list[dict[str, Any]] = []
        for package in QUICKSTART_PACKAGES:
            if service and service not in package["connector_types"]:
                continue
            if name and name != package["name"]:
                continue
            rows.append({**package, "_seq": len(rows) + 1})
        return self.page(rows, cursor, limit, self._render_package)

    def get_package_metadata(self, package_definition_id: str) -> dict[str, Any]:
        """``GET /v1/transformations/package-metadata/{package_definition_id}``."""
        package = _PACKAGES.get(package_definition_id)
        if package is None:
            raise NotFoundError(
                "PackageDefinition",
                package_definition_id,
                message=f"Transformation package with id '{package_definition_id}' not found",
            )
        return self._render_package(package)
