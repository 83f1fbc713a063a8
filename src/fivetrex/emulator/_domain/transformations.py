"""Transformations: dbt and quickstart, schedules, runs, package metadata."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us
from fivetrex.emulator._domain._common import Page
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
    _SCHEDULE_TYPES,
    _TIME_OF_DAY_RE,
    _WEEKDAYS,
    TRANSFORMATION_RUN_SECONDS,
    _enum,
    _obj,
    _opt_bool,
    _req_str,
)

__all__ = ["TransformationsArea"]


class TransformationsArea(BackendBase):
    """Transformations and quickstart package metadata."""

    if TYPE_CHECKING:

        def _project(self, project_id: str) -> Doc: ...

    def _transformation(self, transformation_id: str) -> Doc:
        doc = self.state.get("transformations", transformation_id)
        if doc is None:
            raise NotFoundError("Transformation", transformation_id)
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

    def _schedule(self, value: Any, *, default_connections: list[str]) -> dict[str, Any]:
        if value is None:
            return {
                "schedule_type": "INTEGRATED",
                "days_of_week": [],
                "connection_ids": list(default_connections),
                "transformation_ids": [],
                "smart_syncing": False,
            }
        body = _obj(value, "field 'schedule'")
        kind = _enum(body.get("schedule_type"), "schedule.schedule_type", _SCHEDULE_TYPES)
        out: dict[str, Any] = {"schedule_type": kind, **self._schedule_timing(body, kind)}
        days = body.get("days_of_week") or []
        if not isinstance(days, list) or not all(d in _WEEKDAYS for d in days):
            raise InvalidInputError(
                f"Field 'schedule.days_of_week' must be a subset of {', '.join(_WEEKDAYS)}"
            )
        out["days_of_week"] = [d for d in _WEEKDAYS if d in days]
        connections = body.get("connection_ids")
        if connections is None:
            connections = default_connections
        out["connection_ids"] = self._connection_ids(connections, "schedule.connection_ids")
        out["transformation_ids"] = self._schedule_transformations(body)
        out["smart_syncing"] = bool(_opt_bool(body, "smart_syncing", False))
        return out

    @staticmethod
    def _schedule_timing(body: dict[str, Any], kind: str) -> dict[str, Any]:
        """The ``interval``, ``time_of_day`` and ``cron`` of a schedule (as its kind needs)."""
        out: dict[str, Any] = {}
        if kind == "INTERVAL" or body.get("interval") is not None:
            interval = body.get("interval")
            if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
                raise InvalidInputError(
                    "Field 'schedule.interval' (minutes, >= 1) is required for INTERVAL"
                )
            out["interval"] = interval
        if kind == "TIME_OF_DAY" or body.get("time_of_day") is not None:
            tod = body.get("time_of_day")
            if not isinstance(tod, str) or not _TIME_OF_DAY_RE.match(tod):
                raise InvalidInputError(
                    "Field 'schedule.time_of_day' must be a half-hour slot '00:00'..'23:30'"
                )
            out["time_of_day"] = tod
        if kind == "CRON" or body.get("cron") is not None:
            cron = body.get("cron")
            if (
                not isinstance(cron, list)
                or not cron
                or not all(isinstance(c, str) and len(c.split()) == 5 for c in cron)
            ):
                raise InvalidInputError(
                    "Field 'schedule.cron' must be a non-empty array of 5-field CRON strings"
                )
            out["cron"] = list(cron)
        return out

    def _schedule_transformations(self, body: dict[str, Any]) -> list[str]:
        others = body.get("transformation_ids") or []
        if not isinstance(others, list) or not all(
            isinstance(t, str) and self.state.get("transformations", t) is not None for t in others
        ):
            raise InvalidInputError(
                "Field 'schedule.transformation_ids' must list existing transformations"
            )
        return list(dict.fromkeys(others))

    def _connection_ids(self, value: Any, field: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInputError(f"Field '{field}' must be an array of connection ids")
        for connection_id in value:
            if self.state.get("connections", connection_id) is None:
                raise InvalidInputError(
                    f"Connection with id '{connection_id}' does not exist (field '{field}')"
                )
        return list(dict.fromkeys(value))

    @staticmethod
    def _steps(value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list) or not value:
            raise InvalidInputError("Field 'transformation_config.steps' must be a non-empty array")
        steps = []
        for step in value:
            step = _obj(step, "transformation step")
            name, command = step.get("name"), step.get("command")
            if not isinstance(name, str) or not name:
                raise InvalidInputError("Every transformation step needs a 'name'")
            if not isinstance(command, str) or not command.startswith("dbt "):
                raise InvalidInputError(
                    f"Step '{name}': 'command' must be a dbt command (e.g. 'dbt run')"
                )
            steps.append({"name": name, "command": command})
        return steps

    def _quickstart_config(self, config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        connections = self._connection_ids(
            config.get("connection_ids") or [], "transformation_config.connection_ids"
        )
        name = config.get("package_name")
        package: dict[str, Any] | None = None
        if name is not None:
            package = _PACKAGES_BY_NAME.get(name) if isinstance(name, str) else None
            if package is None:
                raise InvalidInputError(f"Unknown Quickstart package '{name}'")
        else:
            for connection_id in connections:
                service = self._connection(connection_id)["service"]
                package = next(
                    (p for p in QUICKSTART_PACKAGES if service in p["connector_types"]), None
                )
                if package is not None:
                    break
            if package is None:
                raise InvalidInputError(
                    "Field 'transformation_config.package_name' is required (no Quickstart "
                    "package matches the given connection_ids)"
                )
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
        self._quickstart_update(clean, config, package)
        return clean, package

    @staticmethod
    def _quickstart_update(
        clean: dict[str, Any], config: dict[str, Any], package: dict[str, Any]
    ) -> None:
        excluded = config.get("excluded_models")
        if excluded is not None:
            if not isinstance(excluded, list) or not all(
                m in package["output_model_names"] for m in excluded
            ):
                raise InvalidInputError(
                    "Field 'transformation_config.excluded_models' must list models of the "
                    f"package: {', '.join(package['output_model_names'])}"
                )
            clean["excluded_models"] = list(dict.fromkeys(excluded))
        variables = config.get("configurable_variables")
        if variables is not None:
            variables = _obj(variables, "field 'transformation_config.configurable_variables'")
            unknown = sorted(set(variables) - set(package["configurable_variables"]))
            if unknown:
                raise InvalidInputError(
                    f"Unknown configurable variable(s) for package '{package['name']}': "
                    + ", ".join(unknown)
                )
            clean["configurable_variables"].update(_clone(variables))

    def _dbt_config(self, config: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        clean = dict(current or {})
        if current is None or "project_id" in config:
            project_id = _req_str(config, "project_id")
            self._project(project_id)
            clean["project_id"] = project_id
        if current is None or "name" in config:
            clean["name"] = _req_str(config, "name")
        if current is None or "steps" in config:
            clean["steps"] = self._steps(config.get("steps"))
        return clean

    def list_transformations(self, query: dict[str, str], cursor: str | None, limit: int) -> Page:
        """``GET /v1/transformations`` (filters ``group_id``, ``project_id``, ``type``)."""
        kind = query.get("type")
        if kind is not None:
            _enum(kind, "type", ("DBT_CORE", "QUICKSTART"))
        docs: list[Doc] = []
        for doc in self.state.values("transformations"):
            if query.get("group_id") and doc.get("_group_id") != query["group_id"]:
                continue
            if query.get("project_id") and doc.get("_project_id") != query["project_id"]:
                continue
            if kind and doc["type"] != kind:
                continue
            self._settle_run(doc)
            docs.append(doc)
        return self.page(docs, cursor, limit, self.render_transformation)

    def get_transformation(self, transformation_id: str) -> dict[str, Any]:
        """``GET /v1/transformations/{transformationId}``."""
        return self.render_transformation(self._transformation(transformation_id))

    def create_transformation(self, body: Any) -> dict[str, Any]:
        """``POST /v1/transformations``."""
        body = _obj(body)
        kind = _enum(body.get("type"), "type", ("DBT_CORE", "QUICKSTART"))
        config = _obj(body.get("transformation_config"), "field 'transformation_config'")
        paused = bool(_opt_bool(body, "paused", False))
        doc: Doc = {"id": "", "status": "NEW", "type": kind, "paused": paused}
        if kind == "DBT_CORE":
            clean = self._dbt_config(config, None)
            project = self._project(clean["project_id"])
            doc["_project_id"] = project["id"]
            doc["_group_id"] = project["group_id"]
            default_connections: list[str] = []
            models = ["stg_" + clean["name"].lower().replace(" ", "_"), clean["name"].lower()]
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
        doc["schedule"] = self._schedule(
            body.get("schedule"), default_connections=default_connections
        )
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

    def update_transformation(self, transformation_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/transformations/{transformationId}``."""
        doc = self._transformation(transformation_id)
        body = _obj(body)
        staged = _clone(doc)
        if "paused" in body:
            staged["paused"] = bool(_opt_bool(body, "paused", staged["paused"]))
        if body.get("transformation_config") is not None:
            config = _obj(body["transformation_config"], "field 'transformation_config'")
            if doc["type"] == "DBT_CORE":
                staged["transformation_config"] = self._dbt_config(
                    config, staged["transformation_config"]
                )
                project = self._project(staged["transformation_config"]["project_id"])
                staged["_project_id"] = project["id"]
                staged["_group_id"] = project["group_id"]
            else:
                package = _PACKAGES_BY_NAME[staged["transformation_config"]["package_name"]]
                self._quickstart_update(staged["transformation_config"], config, package)
                excluded = staged["transformation_config"]["excluded_models"]
                staged["output_model_names"] = [
                    m for m in package["output_model_names"] if m not in excluded
                ]
        if "schedule" in body:
            defaults = staged["schedule"].get("connection_ids", [])
            staged["schedule"] = self._schedule(body["schedule"], default_connections=defaults)
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

    def run_transformation(self, transformation_id: str, body: Any) -> None:
        """``POST /v1/transformations/{transformationId}/run`` (409 while running).

        The run takes :data:`TRANSFORMATION_RUN_SECONDS` virtual seconds and ends
        ``SUCCEEDED`` (``FAILED`` for a dbt Core project whose setup tests failed).
        """
        doc = self._transformation(transformation_id)
        full_refresh = False
        if body is not None:
            full_refresh = bool(_opt_bool(_obj(body), "full_refresh", False))
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

    def list_package_metadata(self, query: dict[str, str], cursor: str | None, limit: int) -> Page:
        """``GET /v1/transformations/package-metadata`` (filters ``service``, ``name``)."""
        rows: list[dict[str, Any]] = []
        for package in QUICKSTART_PACKAGES:
            if query.get("service") and query["service"] not in package["connector_types"]:
                continue
            if query.get("name") and query["name"] != package["name"]:
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
