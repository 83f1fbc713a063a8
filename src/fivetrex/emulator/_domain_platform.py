"""Platform areas of the emulator's domain core, as a mixin of :class:`Backend`.

Connector metadata, Connector SDK packages, transformation projects and
transformations, log services, hybrid deployment agents, private links, proxy agents,
external secrets managers, HVR hub registrations, and the connection sync history and
active errors. Every method works on ``self.state`` like the rest of the backend and
raises the typed errors of :mod:`fivetrex.emulator._errors`.

Time-driven changes (a transformation run finishing, a private link becoming ready, an
agent coming online) are derived from the virtual clock when the resource is read, with
the exact due time as their timestamp, so runs stay deterministic without a scheduler.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us, parse_ts
from fivetrex.emulator._errors import (
    ConflictError,
    EmulatorError,
    InvalidInputError,
    NotFoundError,
)
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._platform_catalog import (
    ESM_TYPES,
    HDA_ENV_TYPES,
    LOG_SERVICES,
    PRIVATE_LINK_REGIONS,
    PRIVATE_LINK_SERVICES,
    PROXY_REGIONS,
    QUICKSTART_PACKAGES,
    connector_type,
    connector_types,
)

if TYPE_CHECKING:
    from fivetrex.emulator._domain import Page
    from fivetrex.emulator._settings import Settings
    from fivetrex.emulator._state import Doc, State

__all__ = [
    "AGENT_ONLINE_AFTER_SECONDS",
    "PLATFORM_KINDS",
    "PRIVATE_LINK_DESTROY_SECONDS",
    "PRIVATE_LINK_READY_SECONDS",
    "SYNC_HISTORY_LIMIT",
    "TRANSFORMATION_RUN_SECONDS",
    "PlatformBackend",
    "RawBody",
    "Upload",
    "parse_multipart",
]

PLATFORM_KINDS: tuple[str, ...] = (
    "sdk_packages",
    "tf_projects",
    "transformations",
    "log_services",
    "hd_agents",
    "private_links",
    "proxy_agents",
    "esms",
    "hvr_hubs",
    "sync_history",
)
"""Document kinds of the platform areas."""

TRANSFORMATION_RUN_SECONDS = 120.0
"""Virtual seconds a transformation run takes."""
PRIVATE_LINK_READY_SECONDS = 300.0
"""Virtual seconds a private link stays ``CREATING``/``UPDATING``."""
PRIVATE_LINK_DESTROY_SECONDS = 60.0
"""Virtual seconds a deleted private link stays ``DESTROYING`` before it disappears."""
AGENT_ONLINE_AFTER_SECONDS = 30.0
"""Virtual seconds until a new (or re-keyed) agent reports online / connected."""
SYNC_HISTORY_LIMIT = 500
"""Sync history records kept per connection (oldest dropped first)."""

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TIME_OF_DAY_RE = re.compile(r"^([01][0-9]|2[0-3]):(00|30)$")
_DBT_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_GIT_URL_RE = re.compile(r"^(git@[\w.-]+:[\w./-]+|(https|ssh)://[\w.@:-]+/[\w./-]+)$")
_ENV_VAR_RE = re.compile(r"^DBT_[A-Z0-9_.-]+=.*$")
_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_SCHEDULE_TYPES = frozenset({"INTEGRATED", "TIME_OF_DAY", "INTERVAL", "CRON"})
_ENTITY_TYPES = frozenset({"source", "destination", "all"})
_ONE_HOUR = timedelta(hours=1)
_MAX_WINDOW = timedelta(days=7)
_PACKAGES = {package["id"]: package for package in QUICKSTART_PACKAGES}
_PACKAGES_BY_NAME = {package["name"]: package for package in QUICKSTART_PACKAGES}


# -- request payloads that are not JSON ----------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """The raw body of a ``multipart/form-data`` operation (parsed by the domain)."""

    content_type: str
    data: bytes


@dataclass(frozen=True)
class RawBody:
    """A non-JSON response body (a file download)."""

    body: bytes
    media_type: str = "application/octet-stream"


def parse_multipart(content_type: str, data: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Split a ``multipart/form-data`` body into ``{name: (filename, content)}``.

    Raises:
        InvalidInputError: Not multipart, no boundary, or a malformed part.
    """
    media, _, params = content_type.partition(";")
    if media.strip().lower() != "multipart/form-data":
        raise InvalidInputError(
            "The request must be multipart/form-data with a 'file' part (the package ZIP)"
        )
    match = re.search(r'boundary="?([^";]+)"?', params)
    if match is None:
        raise InvalidInputError("The multipart/form-data Content-Type has no boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    parts: dict[str, tuple[str | None, bytes]] = {}
    chunks = data.split(delimiter)
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n")
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise InvalidInputError("Malformed multipart/form-data part")
        headers = head.decode("latin-1")
        name = re.search(r'(?<![a-z])name="([^"]*)"', headers)
        filename = re.search(r'filename="([^"]*)"', headers)
        if name is None:
            raise InvalidInputError("A multipart/form-data part has no name")
        parts[name.group(1)] = (
            filename.group(1) if filename else None,
            content.removesuffix(b"\r\n"),
        )
    return parts


# -- small validation helpers (the core's are private to _domain) -------------------------


def _obj(body: Any, what: str = "request body", *, code: str = "InvalidInput") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInputError(f"The {what} must be a JSON object", code=code)
    return body


def _opt_bool(body: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
    value = body.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInputError(f"Field '{key}' must be a boolean")
    return value


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"Field '{key}' must be a string")
    return value


def _req_str(body: dict[str, Any], key: str, *, code: str = "InvalidInput") -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"Field '{key}' is required", code=code)
    return value


def _enum(value: Any, field: str, allowed: Iterable[str], message: str | None = None) -> str:
    options = sorted(allowed)
    if not isinstance(value, str) or value not in options:
        raise InvalidInputError(
            message or f"Invalid value '{value}' for field '{field}'. Allowed: {', '.join(options)}"
        )
    return value


def _clone_obj(value: dict[str, Any]) -> dict[str, Any]:
    return {k: _clone(v) for k, v in value.items()}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _not_found(code: str, message: str) -> EmulatorError:
    return EmulatorError(message, code=code, status=404)


def _bad_request(message: str) -> InvalidInputError:
    return InvalidInputError(message, code="BadRequest")


class PlatformBackend:
    """Platform operations, mixed into :class:`~fivetrex.emulator._domain.Backend`."""

    if TYPE_CHECKING:
        state: State
        settings: Settings

        def now_iso(self) -> str: ...

        def page(self, docs: Iterable[Doc], cursor: str | None, limit: int, render: Any) -> Page:
            """Declared by :class:`Backend`."""

        def _group(self, group_id: str) -> Doc: ...

        def _connection(self, connection_id: str) -> Doc: ...

    # ------------------------------------------------------------------------------------
    # shared helpers
    # ------------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.state.clock.now()

    def _secret(self, nbytes: int = 16) -> str:
        """A deterministic random hex string (from the state's RNG)."""
        self.state.meta_dirty = True
        return f"{self.state.rng.getrandbits(nbytes * 8):0{nbytes * 2}x}"

    def _due(self, seconds: float) -> float:
        return (self._now() + timedelta(seconds=seconds)).timestamp()

    def _reached(self, ts: float | None) -> bool:
        return ts is not None and self._now().timestamp() + 1e-6 >= ts

    def _users_of(self, field: str, value: str) -> tuple[list[Doc], list[Doc]]:
        """Connections and destinations whose ``field`` is ``value``."""
        conns = [c for c in self.state.values("connections") if c.get(field) == value]
        dests = [d for d in self.state.values("destinations") if d.get(field) == value]
        return conns, dests

    def _setup_test(self, title: str, passed: bool, failure: str) -> dict[str, Any]:
        if passed:
            return {"title": title, "status": "PASSED", "message": ""}
        return {"title": title, "status": "FAILED", "message": failure}

    # ------------------------------------------------------------------------------------
    # references from connections and destinations
    # ------------------------------------------------------------------------------------

    def _check_refs(self, body: dict[str, Any]) -> None:
        checks = (
            ("proxy_agent_id", "proxy_agents", "Proxy agent"),
            ("private_link_id", "private_links", "Private link"),
            ("hybrid_deployment_agent_id", "hd_agents", "Hybrid deployment agent"),
            ("external_secrets_manager_id", "esms", "External secrets manager"),
        )
        self._refresh_private_links()
        for field, kind, label in checks:
            value = body.get(field)
            if value is None:
                continue
            if not isinstance(value, str):
                raise InvalidInputError(f"Field '{field}' must be a string")
            doc = self.state.get(kind, value)
            if doc is None or doc.get("state") == "DESTROYING":
                raise InvalidInputError(
                    f"{label} with id '{value}' does not exist (field '{field}')"
                )

    def check_connection_refs(self, body: Any, connection_id: str | None = None) -> None:
        """Validate the platform ids a connection create/update body refers to.

        Proxy agent, private link, hybrid deployment agent and external secrets manager
        ids must exist (400). A Connector SDK connection's ``config.package_id`` must be
        an existing package not already used by another connection (400 / 409).
        """
        if not isinstance(body, dict):
            return
        self._check_refs(body)
        config = body.get("config")
        if not isinstance(config, dict) or config.get("package_id") is None:
            return
        service = body.get("service")
        if connection_id is not None:
            current = self.state.get("connections", connection_id)
            service = current["service"] if current is not None else service
        if service != "connector_sdk":
            return
        package_id = config["package_id"]
        if not isinstance(package_id, str) or self.state.get("sdk_packages", package_id) is None:
            raise InvalidInputError(
                f"Connector SDK package with id '{package_id}' does not exist "
                "(field 'config.package_id')"
            )
        linked = self._package_connection(package_id)
        if linked is not None and linked != connection_id:
            raise ConflictError(
                f"Connector SDK package '{package_id}' is already used by connection "
                f"'{linked}'; a package can be linked to one connection at a time"
            )

    def check_destination_refs(self, body: Any) -> None:
        """Validate the platform ids a destination create/update body refers to."""
        if isinstance(body, dict):
            self._check_refs(body)

    # ------------------------------------------------------------------------------------
    # connection lifecycle observer (sync history, errors, integrated transformations)
    # ------------------------------------------------------------------------------------

    def observe_event(
        self,
        event: str,
        conn: Doc,
        data: dict[str, Any] | None,
        sync_id: str | None,
    ) -> None:
        """Record what a connection event means for the platform areas.

        Called by ``Backend._emit`` for every event, whether or not webhooks deliver.
        """
        if event == "delete_connector":
            if self.state.get("sync_history", conn["id"]) is not None:
                self.state.delete("sync_history", conn["id"])
            return
        if event == "sync_start" and sync_id is not None:
            self._history_start(conn, sync_id)
        elif event == "sync_end" and sync_id is not None:
            self._history_end(conn, data or {}, sync_id)

    def _history(self, connection_id: str) -> Doc:
        doc = self.state.get("sync_history", connection_id)
        if doc is None:
            doc = self.state.put("sync_history", connection_id, {"records": [], "errors": {}})
        return doc

    def _history_start(self, conn: Doc, sync_id: str) -> None:
        sync = self.state.get("syncs", conn["id"]) or {}
        started = sync.get("started_at") or format_us(self._now())
        doc = self._history(conn["id"])
        doc["records"].append(
            {
                "sync_id": sync_id,
                "status": "RUNNING",
                "started_at": started,
                "ended_at": None,
                "historical": bool(sync.get("historical", False)),
            }
        )
        del doc["records"][:-SYNC_HISTORY_LIMIT]
        self.state.touch("sync_history", conn["id"])

    def _history_end(self, conn: Doc, data: dict[str, Any], sync_id: str) -> None:
        status = str(data.get("status", "SUCCESSFUL"))
        if status == "SUCCESSFUL":
            ended = conn.get("succeeded_at")
        elif status.startswith("FAILURE"):
            ended = conn.get("failed_at")
        else:
            ended = None
        ended = ended or format_us(self._now())
        doc = self._history(conn["id"])
        record = next(
            (
                r
                for r in reversed(doc["records"])
                if r["sync_id"] == sync_id and r["ended_at"] is None
            ),
            None,
        )
        if record is None:
            record = {"sync_id": sync_id, "started_at": ended, "historical": False}
            doc["records"].append(record)
        record["status"] = status
        record["ended_at"] = ended
        for source, target in (("reason", "reason"), ("taskType", "task_type")):
            if data.get(source):
                record[target] = data[source]
        if data.get("rescheduledAt"):
            record["rescheduled_for"] = data["rescheduledAt"]
        errors = doc["errors"]
        if status == "SUCCESSFUL":
            errors.clear()
        elif status.startswith("FAILURE"):
            code = str(data.get("taskType") or "sync_failure")
            errors.setdefault(code, ended)
        self.state.touch("sync_history", conn["id"])
        if status == "SUCCESSFUL":
            self._run_integrated_transformations(conn["id"])

    def list_sync_history(
        self, connection_id: str, query: dict[str, str], cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/connections/{connectionId}/sync-history`` (newest first).

        A sync is listed when it started inside the window. The window is one hour (or
        the deprecated ``duration``, in minutes): before ``end_time``, after
        ``start_time``, or up to now when neither is given. It may not exceed 7 days.
        """
        self._connection(connection_id)
        window = _ONE_HOUR
        duration = query.get("duration")
        if duration:
            if not duration.isdigit() or int(duration) < 1:
                raise InvalidInputError(
                    f"Invalid value '{duration}' for parameter 'duration': minutes, >= 1"
                )
            window = timedelta(minutes=int(duration))
        start = self._parse_time(query.get("start_time"), "start_time")
        end = self._parse_time(query.get("end_time"), "end_time")
        if start is None:
            start = (end or self._now()) - window
        elif end is None:
            end = start + window
        if end is not None and start > end:
            raise InvalidInputError("'start_time' must not be after 'end_time'")
        if end is not None and end - start > _MAX_WINDOW:
            raise InvalidInputError(
                "The time range between 'start_time' and 'end_time' must not exceed 7 days"
            )
        doc = self.state.get("sync_history", connection_id) or {"records": []}
        selected = []
        for record in reversed(doc["records"]):
            started = parse_ts(record["started_at"])
            if started >= start and (end is None or started <= end):
                selected.append(record)
        rows = [{**r, "_seq": index + 1} for index, r in enumerate(selected)]
        return self.page(rows, cursor, limit, lambda r: self._render_history(connection_id, r))

    @staticmethod
    def _render_history(connection_id: str, record: dict[str, Any]) -> dict[str, Any]:
        out = {"connection_id": connection_id}
        out.update({k: v for k, v in record.items() if not k.startswith("_")})
        return out

    def _parse_time(self, raw: str | None, name: str) -> datetime | None:
        if not raw:
            return None
        try:
            value = parse_ts(raw)
        except ValueError:
            raise InvalidInputError(
                f"Invalid value '{raw}' for parameter '{name}': use ISO-8601"
            ) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value

    def list_connection_errors(self, connection_id: str, cursor: str | None, limit: int) -> Page:
        """``GET /v1/connections/{connectionId}/errors``: the connection's active errors.

        One item per open task (``type`` ``TASK``) and per sync-failure warning (``type``
        ``WARNING``) in the connection's status; they disappear after a successful sync.
        """
        conn = self._connection(connection_id)
        history = self.state.get("sync_history", connection_id) or {"errors": {}}
        since = history["errors"]
        fallback = conn.get("failed_at") or conn["created_at"]
        status = conn["status"]
        rows: list[dict[str, Any]] = []
        for kind, alerts in (
            ("TASK", status.get("tasks", [])),
            ("WARNING", status.get("warnings", [])),
        ):
            for alert in alerts:
                code = str(alert.get("code", ""))
                details = str(alert.get("details") or alert.get("message") or "")
                rows.append(
                    {
                        "type": kind,
                        "code": code,
                        "title": str(alert.get("message") or code),
                        "reason": details,
                        "message": details,
                        "created_at": since.get(code, fallback),
                        "_seq": len(rows) + 1,
                    }
                )
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})

    # ------------------------------------------------------------------------------------
    # connector metadata
    # ------------------------------------------------------------------------------------

    def list_connector_types(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/metadata/connector-types``."""
        rows = [{**item, "_seq": index + 1} for index, item in enumerate(connector_types())]
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})

    def get_connector_type(self, service: str) -> dict[str, Any]:
        """``GET /v1/metadata/connector-types/{service}``."""
        details = connector_type(service)
        if details is None:
            raise NotFoundError(
                "ConnectorType", service, message=f"Connector type '{service}' does not exist"
            )
        return details

    def public_connector_types(self) -> dict[str, Any]:
        """``GET /public/connector-types``: every type with its schemas (no pagination)."""
        items = []
        for item in connector_types():
            details = connector_type(str(item["id"]))
            if details is not None:
                items.append(details)
        return {"items": items}

    # ------------------------------------------------------------------------------------
    # Connector SDK packages
    # ------------------------------------------------------------------------------------

    def _package(self, package_id: str) -> Doc:
        doc = self.state.get("sdk_packages", package_id)
        if doc is None:
            raise NotFoundError(
                "ConnectorSdkPackage",
                package_id,
                message=f"Connector SDK package with id '{package_id}' does not exist",
            )
        return doc

    def _package_connection(self, package_id: str) -> str | None:
        for conn in self.state.values("connections"):
            if (
                conn["service"] == "connector_sdk"
                and isinstance(conn.get("config"), dict)
                and conn["config"].get("package_id") == package_id
            ):
                return str(conn["id"])
        return None

    def render_sdk_package(self, doc: Doc) -> dict[str, Any]:
        """Public form of a package (``connection_id`` when a connection uses it)."""
        out = _public(doc)
        linked = self._package_connection(doc["id"])
        if linked is not None:
            out["connection_id"] = linked
        return out

    @staticmethod
    def _package_file(body: Any) -> bytes:
        if not isinstance(body, Upload):
            raise InvalidInputError(
                "The request must be multipart/form-data with a 'file' part (the package ZIP)"
            )
        parts = parse_multipart(body.content_type, body.data)
        if "file" not in parts:
            raise InvalidInputError("The multipart 'file' part is required")
        content = parts["file"][1]
        if not content or not zipfile.is_zipfile(io.BytesIO(content)):
            raise InvalidInputError("Invalid package file: a ZIP archive is expected")
        return content

    def list_sdk_packages(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/connector-sdk/packages``."""
        return self.page(self.state.values("sdk_packages"), cursor, limit, self.render_sdk_package)

    def get_sdk_package(self, package_id: str) -> dict[str, Any]:
        """``GET /v1/connector-sdk/packages/{package_id}``."""
        return self.render_sdk_package(self._package(package_id))

    def create_sdk_package(self, body: Any) -> dict[str, Any]:
        """``POST /v1/connector-sdk/packages`` (multipart ``file``: a ZIP)."""
        content = self._package_file(body)
        package_id = self.state.new_id()
        now = self.now_iso()
        doc: Doc = {
            "id": package_id,
            "created_by": self.settings.user_id,
            "last_updated_by": self.settings.user_id,
            "created_at": now,
            "updated_at": now,
            "file_sha256_hash": hashlib.sha256(content).hexdigest(),
            "_file": base64.b64encode(content).decode(),
        }
        self.state.put("sdk_packages", package_id, doc)
        return self.render_sdk_package(doc)

    def update_sdk_package(self, package_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/connector-sdk/packages/{package_id}`` (replaces the code)."""
        doc = self._package(package_id)
        content = self._package_file(body)
        doc["file_sha256_hash"] = hashlib.sha256(content).hexdigest()
        doc["_file"] = base64.b64encode(content).decode()
        doc["updated_at"] = self.now_iso()
        doc["last_updated_by"] = self.settings.user_id
        self.state.touch("sdk_packages", package_id)
        return self.render_sdk_package(doc)

    def delete_sdk_package(self, package_id: str) -> None:
        """``DELETE /v1/connector-sdk/packages/{package_id}`` (403 while linked)."""
        self._package(package_id)
        linked = self._package_connection(package_id)
        if linked is not None:
            raise EmulatorError(
                f"Package '{package_id}' is associated with connection '{linked}' and cannot "
                "be deleted; delete the connection first",
                code="Forbidden",
                status=403,
            )
        self.state.delete("sdk_packages", package_id)

    def download_sdk_package(self, package_id: str) -> RawBody:
        """``GET /v1/connector-sdk/packages/{package_id}/download``: the stored ZIP."""
        doc = self._package(package_id)
        return RawBody(base64.b64decode(doc["_file"]), "application/octet-stream")

    # ------------------------------------------------------------------------------------
    # transformation projects
    # ------------------------------------------------------------------------------------

    def _project(self, project_id: str) -> Doc:
        doc = self.state.get("tf_projects", project_id)
        if doc is None:
            raise NotFoundError(
                "TransformationProject",
                project_id,
                message=f"Transformation project with id '{project_id}' does not exist.",
            )
        return doc

    @staticmethod
    def render_project_summary(doc: Doc) -> dict[str, Any]:
        """List form of a transformation project."""
        return {k: doc[k] for k in ("id", "type", "created_at", "created_by_id", "group_id")}

    @staticmethod
    def render_project(doc: Doc) -> dict[str, Any]:
        """Detail form of a transformation project."""
        return _public(doc)

    @staticmethod
    def _project_config(config: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        immutable = ("dbt_version", "default_schema", "git_remote_url")
        for key in immutable:
            if key in config:
                if not creating:
                    raise InvalidInputError(f"Field 'project_config.{key}' cannot be changed")
                value = config[key]
                if not isinstance(value, str) or not value:
                    raise InvalidInputError(f"Field 'project_config.{key}' must be a string")
                clean[key] = value
            elif creating:
                raise InvalidInputError(f"Field 'project_config.{key}' is required")
        for key in ("folder_path", "git_branch", "target_name"):
            if config.get(key) is not None:
                if not isinstance(config[key], str):
                    raise InvalidInputError(f"Field 'project_config.{key}' must be a string")
                clean[key] = config[key]
        if config.get("threads") is not None:
            threads = config["threads"]
            if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 64:
                raise InvalidInputError("Field 'project_config.threads' must be an integer 1..64")
            clean["threads"] = threads
        if config.get("environment_vars") is not None:
            env = config["environment_vars"]
            if not isinstance(env, list) or not all(
                isinstance(v, str) and _ENV_VAR_RE.match(v) for v in env
            ):
                raise InvalidInputError(
                    "Field 'project_config.environment_vars' must be an array of "
                    "'DBT_NAME=value' strings"
                )
            clean["environment_vars"] = list(env)
        return clean

    def _test_project(self, doc: Doc) -> None:
        config = doc["project_config"]
        url_ok = bool(_GIT_URL_RE.match(config["git_remote_url"]))
        version_ok = bool(_DBT_VERSION_RE.match(config["dbt_version"]))
        global_ok = self.settings.setup_tests_pass
        tests = [
            self._setup_test(
                "Git repository access",
                url_ok and global_ok,
                f"Could not clone '{config['git_remote_url']}': check the URL and that the "
                "project's public key is a deploy key of the repository",
            ),
            self._setup_test(
                "dbt project setup",
                version_ok,
                f"Unsupported dbt version '{config['dbt_version']}'",
            ),
        ]
        doc["setup_tests"] = tests
        doc["errors"] = [t["message"] for t in tests if t["status"] == "FAILED"]
        doc["status"] = "ERROR" if doc["errors"] else "READY"

    def list_projects(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/transformation-projects``."""
        return self.page(
            self.state.values("tf_projects"), cursor, limit, self.render_project_summary
        )

    def get_project(self, project_id: str) -> dict[str, Any]:
        """``GET /v1/transformation-projects/{projectId}``."""
        return self.render_project(self._project(project_id))

    def create_project(self, body: Any) -> dict[str, Any]:
        """``POST /v1/transformation-projects`` (one dbt Core project per group)."""
        body = _obj(body)
        group_id = _req_str(body, "group_id")
        _enum(body.get("type", "DBT_CORE"), "type", ("DBT_CORE",))
        config = _obj(body.get("project_config"), "field 'project_config'")
        clean = self._project_config(config, creating=True)
        run_tests = bool(_opt_bool(body, "run_tests", False))
        self._group(group_id)
        for other in self.state.values("tf_projects"):
            if other["group_id"] == group_id:
                raise ConflictError(
                    f"Group '{group_id}' already has a transformation project ('{other['id']}')"
                )
        clean.setdefault("git_branch", "main")
        clean.setdefault("folder_path", "")
        clean.setdefault("threads", 4)
        clean.setdefault("target_name", "prod")
        clean.setdefault("environment_vars", [])
        digest = base64.b64encode(hashlib.sha256(self._secret().encode()).digest()).decode()
        clean["public_key"] = f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5{digest[:43]} fivetran"
        project_id = self.state.new_id()
        doc: Doc = {
            "id": project_id,
            "type": "DBT_CORE",
            "status": "NOT_READY",
            "errors": [],
            "created_at": self.now_iso(),
            "created_by_id": self.settings.user_id,
            "group_id": group_id,
            "setup_tests": [],
            "project_config": clean,
        }
        if run_tests:
            self._test_project(doc)
        self.state.put("tf_projects", project_id, doc)
        return self.render_project(doc)

    def update_project(self, project_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/transformation-projects/{projectId}``."""
        doc = self._project(project_id)
        body = _obj(body)
        config = body.get("project_config")
        clean = (
            self._project_config(_obj(config, "field 'project_config'"), creating=False)
            if (config is not None)
            else {}
        )
        run_tests = bool(_opt_bool(body, "run_tests", False))
        doc["project_config"].update(clean)
        if clean:
            doc["status"] = "NOT_READY"
            doc["setup_tests"] = []
            doc["errors"] = []
        if run_tests:
            self._test_project(doc)
        self.state.touch("tf_projects", project_id)
        return self.render_project(doc)

    def delete_project(self, project_id: str) -> None:
        """``DELETE /v1/transformation-projects/{projectId}`` (409 while it has transformations)."""
        self._project(project_id)
        used = [
            t["id"]
            for t in self.state.values("transformations")
            if t.get("_project_id") == project_id
        ]
        if used:
            raise ConflictError(
                f"Transformation project '{project_id}' still has {len(used)} transformation(s); "
                "delete them first"
            )
        self.state.delete("tf_projects", project_id)

    def test_project(self, project_id: str) -> dict[str, Any]:
        """``POST /v1/transformation-projects/{projectId}/test``."""
        doc = self._project(project_id)
        self._test_project(doc)
        self.state.touch("tf_projects", project_id)
        return self.render_project(doc)

    # ------------------------------------------------------------------------------------
    # transformations
    # ------------------------------------------------------------------------------------

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
        out: dict[str, Any] = {"schedule_type": kind}
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
        others = body.get("transformation_ids") or []
        if not isinstance(others, list) or not all(
            isinstance(t, str) and self.state.get("transformations", t) is not None for t in others
        ):
            raise InvalidInputError(
                "Field 'schedule.transformation_ids' must list existing transformations"
            )
        out["transformation_ids"] = list(dict.fromkeys(others))
        out["smart_syncing"] = bool(_opt_bool(body, "smart_syncing", False))
        return out

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

    # ------------------------------------------------------------------------------------
    # log services (external logging)
    # ------------------------------------------------------------------------------------

    def _log_service(self, log_id: str) -> Doc:
        doc = self.state.get("log_services", log_id)
        if doc is None or doc.get("_account"):
            raise NotFoundError(
                "LogService", log_id, message=f"Log service with id '{log_id}' does not exist."
            )
        return doc

    def _account_log(self) -> Doc:
        for doc in self.state.values("log_services"):
            if doc.get("_account"):
                return doc
        raise NotFoundError(
            "LogService", "account", message="The account has no account-level log service"
        )

    @staticmethod
    def render_log_summary(doc: Doc) -> dict[str, Any]:
        """List form of a log service."""
        return {k: _clone(doc[k]) for k in ("id", "service", "enabled", "status")}

    def render_log(self, doc: Doc) -> dict[str, Any]:
        """Detail form of a log service (``config`` masked)."""
        out = self.render_log_summary(doc)
        out["config"] = _mask(doc["config"])
        out["setup_tests"] = _clone(doc["setup_tests"])
        return out

    @staticmethod
    def _log_config(service: str, config: Any) -> dict[str, Any]:
        clean = _obj(config if config is not None else {}, "field 'config'")
        missing = [k for k in LOG_SERVICES[service] if clean.get(k) in (None, "")]
        if missing:
            raise InvalidInputError(
                f"Field(s) {', '.join(f'config.{k}' for k in missing)} required for log "
                f"service '{service}'"
            )
        if service == "splunkLog" and clean.get("port") is not None:
            port = clean["port"]
            if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
                raise InvalidInputError("Field 'config.port' must be a port number")
        return _clone_obj(clean)

    def _test_log(self, doc: Doc) -> None:
        passed = self.settings.setup_tests_pass
        doc["setup_tests"] = [
            self._setup_test(
                "Validate Connection",
                passed,
                f"Could not connect to the {doc['service']} endpoint with the given credentials",
            ),
            {"title": "Send Test Log", "status": "PASSED" if passed else "SKIPPED", "message": ""},
        ]
        doc["status"]["setup_state"] = "connected" if passed else "broken"
        doc["status"]["tasks"] = (
            []
            if passed
            else [
                {
                    "code": "reconnect_log",
                    "message": "Reconnect Logging Service",
                    "details": "Please provide valid credentials and the required permissions",
                }
            ]
        )

    def _new_log(self, ident: str, body: dict[str, Any], *, account: bool) -> Doc:
        service = _enum(
            body.get("service"),
            "service",
            LOG_SERVICES,
            f"Unsupported log service '{body.get('service')}'",
        )
        doc: Doc = {
            "id": ident,
            "service": service,
            "enabled": bool(_opt_bool(body, "enabled", True)),
            "status": {"setup_state": "incomplete", "tasks": []},
            "setup_tests": [],
            "config": self._log_config(service, body.get("config")),
        }
        if account:
            doc["_account"] = True
        if _opt_bool(body, "run_setup_tests", False):
            self._test_log(doc)
        return doc

    def _update_log(self, doc: Doc, body: Any) -> dict[str, Any]:
        body = _obj(body)
        staged = _clone(doc)
        if "enabled" in body:
            staged["enabled"] = bool(_opt_bool(body, "enabled", staged["enabled"]))
        if body.get("config") is not None:
            merged = {**staged["config"], **_obj(body["config"], "field 'config'")}
            staged["config"] = self._log_config(staged["service"], merged)
        if _opt_bool(body, "run_setup_tests", False):
            self._test_log(staged)
        doc.clear()
        doc.update(staged)
        self.state.touch("log_services", doc["id"])
        return self.render_log(doc)

    def list_log_services(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/external-logging`` (group services and the account one)."""
        return self.page(self.state.values("log_services"), cursor, limit, self.render_log_summary)

    def get_log_service(self, log_id: str) -> dict[str, Any]:
        """``GET /v1/external-logging/{logId}``."""
        return self.render_log(self._log_service(log_id))

    def create_log_service(self, body: Any) -> dict[str, Any]:
        """``POST /v1/external-logging`` (id = group id; one per group)."""
        body = _obj(body)
        group_id = _req_str(body, "group_id")
        doc = self._new_log(group_id, body, account=False)
        self._group(group_id)
        if self.state.get("log_services", group_id) is not None:
            raise ConflictError(f"Group '{group_id}' already has a log service")
        self.state.put("log_services", group_id, doc)
        return self.render_log(doc)

    def update_log_service(self, log_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/external-logging/{logId}``."""
        return self._update_log(self._log_service(log_id), body)

    def delete_log_service(self, log_id: str) -> None:
        """``DELETE /v1/external-logging/{logId}``."""
        self._log_service(log_id)
        self.state.delete("log_services", log_id)

    def test_log_service(self, log_id: str) -> dict[str, Any]:
        """``POST /v1/external-logging/{logId}/test``."""
        doc = self._log_service(log_id)
        self._test_log(doc)
        self.state.touch("log_services", log_id)
        return {"setup_tests": _clone(doc["setup_tests"])}

    def get_account_log_service(self) -> dict[str, Any]:
        """``GET /v1/external-logging/account``."""
        return self.render_log(self._account_log())

    def create_account_log_service(self, body: Any) -> dict[str, Any]:
        """``POST /v1/external-logging/account`` (one per account)."""
        body = _obj(body)
        for other in self.state.values("log_services"):
            if other.get("_account"):
                raise ConflictError("The account already has an account-level log service")
        doc = self._new_log(self.state.new_id(), body, account=True)
        self.state.put("log_services", doc["id"], doc)
        return self.render_log(doc)

    def update_account_log_service(self, body: Any) -> dict[str, Any]:
        """``PATCH /v1/external-logging/account``."""
        return self._update_log(self._account_log(), body)

    def delete_account_log_service(self) -> None:
        """``DELETE /v1/external-logging/account``."""
        self.state.delete("log_services", self._account_log()["id"])

    def test_account_log_service(self) -> dict[str, Any]:
        """``POST /v1/external-logging/account/test``."""
        doc = self._account_log()
        self._test_log(doc)
        self.state.touch("log_services", doc["id"])
        return {"setup_tests": _clone(doc["setup_tests"])}

    # ------------------------------------------------------------------------------------
    # hybrid deployment agents
    # ------------------------------------------------------------------------------------

    def _agent(self, agent_id: str) -> Doc:
        doc = self.state.get("hd_agents", agent_id)
        if doc is None:
            raise NotFoundError(
                "RemoteExecutionAgent",
                agent_id,
                message=f"Hybrid deployment agent with id '{agent_id}' does not exist",
            )
        return doc

    def render_agent(self, doc: Doc, *, credentials: bool = False) -> dict[str, Any]:
        """Public form of an agent (``files`` and ``token`` only with ``credentials``)."""
        out = _public(doc)
        out["online"] = doc["enabled"] and self._reached(doc.get("_online_ts"))
        conns, _ = self._users_of("hybrid_deployment_agent_id", doc["id"])
        out["usage"] = [
            {"schema": c["schema"], "service": c["service"], "connection_id": c["id"]}
            for c in conns
        ]
        if credentials:
            token = doc["_token"]
            config = {
                "agent_id": doc["id"],
                "group_id": doc["group_id"],
                "deployment_type": doc["deployment_type"],
                "auth_type": doc["_auth_type"],
                "controller": "https://ldp.orchestrator.fivetran.com",
            }
            compose = (
                "services:\n  controller:\n"
                f"    image: us-docker.pkg.dev/prod-eng-fivetran-ldp/public-docker-us/ldp-agent:{doc['version']}\n"  # noqa: E501
                "    volumes:\n      - ./conf:/conf\n"
                f"    environment:\n      - AGENT_ID={doc['id']}\n"
            )
            out["files"] = {
                "config_json": _b64(json.dumps(config, indent=2)),
                "auth_json": _b64(json.dumps({"agent_id": doc["id"], "token": token}, indent=2)),
                "docker_compose_yaml": _b64(compose),
            }
            out["token"] = token
        return out

    def _rekey(self, doc: Doc) -> None:
        doc["_token"] = "hda_" + self._secret(24)
        doc["_online_ts"] = self._due(AGENT_ONLINE_AFTER_SECONDS)
        doc["updated_at"] = self.now_iso()

    def list_agents(self, group_id: str | None, cursor: str | None, limit: int) -> Page:
        """``GET /v1/hybrid-deployment-agents`` (filter ``groupId``)."""
        docs: Iterable[Doc] = self.state.values("hd_agents")
        if group_id:
            docs = [d for d in docs if d["group_id"] == group_id]
        return self.page(docs, cursor, limit, self.render_agent)

    def get_agent(self, agent_id: str) -> dict[str, Any]:
        """``GET /v1/hybrid-deployment-agents/{agentId}``."""
        return self.render_agent(self._agent(agent_id))

    def create_agent(self, body: Any) -> dict[str, Any]:
        """``POST /v1/hybrid-deployment-agents`` (``accept_terms`` must be true)."""
        body = _obj(body)
        name = _req_str(body, "display_name")
        env = _enum(body.get("env_type"), "env_type", HDA_ENV_TYPES)
        auth = _enum(body.get("auth_type", "AUTO"), "auth_type", ("AUTO", "MANUAL"))
        if body.get("accept_terms") is not True:
            raise InvalidInputError(
                "Field 'accept_terms' must be true: accept the Fivetran On-Prem Software "
                "License Addendum"
            )
        group_id = _req_str(body, "group_id")
        self._group(group_id)
        agent_id = self.state.new_id()
        now = self.now_iso()
        doc: Doc = {
            "id": agent_id,
            "display_name": name,
            "group_id": group_id,
            "version": "1.4.2",
            "enabled": True,
            "deployment_type": env,
            "registered_at": now,
            "created_by": self.settings.user_id,
            "updated_at": now,
            "last_used_at": now,
            "_auth_type": auth,
        }
        self._rekey(doc)
        doc["updated_at"] = now
        self.state.put("hd_agents", agent_id, doc)
        return self.render_agent(doc, credentials=True)

    def delete_agent(self, agent_id: str) -> None:
        """``DELETE /v1/hybrid-deployment-agents/{agentId}`` (409 while in use)."""
        self._agent(agent_id)
        conns, dests = self._users_of("hybrid_deployment_agent_id", agent_id)
        if conns or dests:
            raise ConflictError(
                f"Hybrid deployment agent '{agent_id}' is used by {len(conns)} connection(s) "
                f"and {len(dests)} destination(s)"
            )
        self.state.delete("hd_agents", agent_id)

    def reauth_agent(self, agent_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/hybrid-deployment-agents/{agentId}/re-auth`` (new token and files)."""
        doc = self._agent(agent_id)
        if body is not None:
            body = _obj(body)
            if body.get("auth_type") is not None:
                doc["_auth_type"] = _enum(body["auth_type"], "auth_type", ("AUTO", "MANUAL"))
        self._rekey(doc)
        self.state.touch("hd_agents", agent_id)
        return self.render_agent(doc, credentials=True)

    def reset_agent_credentials(self, agent_id: str) -> None:
        """``POST .../{agentId}/reset-credentials``: the old token stops working."""
        doc = self._agent(agent_id)
        self._rekey(doc)
        self.state.touch("hd_agents", agent_id)

    # ------------------------------------------------------------------------------------
    # private links
    # ------------------------------------------------------------------------------------

    def _refresh_private_links(self) -> None:
        for doc in list(self.state.values("private_links")):
            if doc["state"] in ("CREATING", "UPDATING") and self._reached(doc.get("_ready_ts")):
                doc["state"] = "OK"
                doc["state_summary"] = "The private link is ready"
                doc["resource_upstream_status"] = "ACTIVE"
                doc.pop("_ready_ts", None)
                self.state.touch("private_links", doc["id"])
            elif doc["state"] == "DESTROYING" and self._reached(doc.get("_destroy_ts")):
                self.state.delete("private_links", doc["id"])

    def _private_link(self, link_id: str) -> Doc:
        self._refresh_private_links()
        doc = self.state.get("private_links", link_id)
        if doc is None:
            raise NotFoundError(
                "PrivateLink", link_id, message=f"Private link with id '{link_id}' does not exist."
            )
        return doc

    @staticmethod
    def render_private_link(doc: Doc) -> dict[str, Any]:
        """Public form of a private link."""
        return _public(doc)

    @staticmethod
    def _link_config(service: str, config: Any) -> dict[str, Any]:
        clean = _obj(config if config is not None else {}, "field 'config'")
        missing = [k for k in PRIVATE_LINK_SERVICES[service][1] if clean.get(k) in (None, "")]
        if missing:
            raise InvalidInputError(
                f"Field(s) {', '.join(f'config.{k}' for k in missing)} required for private "
                f"link service '{service}'"
            )
        return _clone_obj(clean)

    def _link_host(self, name: str, cloud: str, region: str) -> str:
        token = self._secret(8)
        if cloud == "AWS":
            area = region.removeprefix("AWS_").lower().replace("_", "-")
            return f"vpce-{token}.vpce-svc-{token[:8]}.{area}.vpce.amazonaws.com"
        if cloud == "AZURE":
            return f"{name.lower().replace('_', '-')}-{token[:8]}.privatelink.azure.net"
        return f"{token}.p.googleapis.com"

    def list_private_links(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/private-links``."""
        self._refresh_private_links()
        return self.page(
            self.state.values("private_links"), cursor, limit, self.render_private_link
        )

    def get_private_link(self, link_id: str) -> dict[str, Any]:
        """``GET /v1/private-links/{privateLinkId}``."""
        return self.render_private_link(self._private_link(link_id))

    def create_private_link(self, body: Any) -> dict[str, Any]:
        """``POST /v1/private-links`` (``CREATING``, then ``OK`` after a while)."""
        body = _obj(body)
        name = _req_str(body, "name")
        if not _NAME_RE.match(name):
            raise InvalidInputError(
                f"Invalid private link name '{name}': letters, digits and underscores, "
                "starting with a letter or underscore"
            )
        region = _enum(body.get("region"), "region", PRIVATE_LINK_REGIONS)
        service = _enum(body.get("service"), "service", PRIVATE_LINK_SERVICES)
        cloud = PRIVATE_LINK_SERVICES[service][0]
        if not region.startswith(cloud):
            raise InvalidInputError(
                f"Region '{region}' is not a {cloud} region, as service '{service}' requires"
            )
        config = self._link_config(service, body.get("config"))
        self._refresh_private_links()
        for other in self.state.values("private_links"):
            if other["name"] == name:
                raise ConflictError(f"Private link with name '{name}' already exists")
        link_id = self.state.new_id()
        doc: Doc = {
            "id": link_id,
            "name": name,
            "region": region,
            "service": service,
            "state": "CREATING",
            "host": self._link_host(name, cloud, region),
            "account_id": self.settings.account_id,
            "cloud_provider": cloud,
            "created_at": self.now_iso(),
            "created_by": self.settings.user_id,
            "state_summary": "The private link is being provisioned",
            "resource_upstream_status": "PENDING",
            "config": config,
            "_ready_ts": self._due(PRIVATE_LINK_READY_SECONDS),
        }
        self.state.put("private_links", link_id, doc)
        return self.render_private_link(doc)

    def update_private_link(self, link_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/private-links/{privateLinkId}`` (``config`` only; ``UPDATING``)."""
        doc = self._private_link(link_id)
        body = _obj(body)
        for key in ("name", "region", "service"):
            if key in body and body[key] != doc[key]:
                raise InvalidInputError(f"Field '{key}' of a private link cannot be changed")
        if doc["state"] == "DESTROYING":
            raise ConflictError(f"Private link with id '{link_id}' is marked for deletion")
        if body.get("config") is not None:
            merged = {**doc["config"], **_obj(body["config"], "field 'config'")}
            doc["config"] = self._link_config(doc["service"], merged)
            doc["state"] = "UPDATING"
            doc["state_summary"] = "The private link is being updated"
            doc["_ready_ts"] = self._due(PRIVATE_LINK_READY_SECONDS)
        self.state.touch("private_links", link_id)
        return self.render_private_link(doc)

    def delete_private_link(self, link_id: str) -> None:
        """``DELETE /v1/private-links/{privateLinkId}``: marked for deletion (409 while used)."""
        doc = self._private_link(link_id)
        conns, dests = self._users_of("private_link_id", link_id)
        if conns or dests:
            raise ConflictError(
                f"Private link '{link_id}' is used by {len(conns)} connection(s) and "
                f"{len(dests)} destination(s)"
            )
        if doc["state"] != "DESTROYING":
            doc["state"] = "DESTROYING"
            doc["state_summary"] = "The private link is marked for deletion"
            doc["_destroy_ts"] = self._due(PRIVATE_LINK_DESTROY_SECONDS)
            doc.pop("_ready_ts", None)
            self.state.touch("private_links", link_id)

    # ------------------------------------------------------------------------------------
    # proxy agents
    # ------------------------------------------------------------------------------------

    def _proxy(self, agent_id: str) -> Doc:
        doc = self.state.get("proxy_agents", agent_id)
        if doc is None:
            raise _not_found("NotFound", "Proxy Agent not found.")
        return doc

    def _proxy_base(self, doc: Doc) -> dict[str, Any]:
        out = _public(doc)
        out["status"] = "CONNECTED" if self._reached(doc.get("_online_ts")) else "NOT_CONNECTED"
        return out

    def render_proxy_summary(self, doc: Doc) -> dict[str, Any]:
        """List form of a proxy agent (with usage counts)."""
        out = self._proxy_base(doc)
        conns, dests = self._users_of("proxy_agent_id", doc["id"])
        out["connector_count"] = len(conns)
        out["destination_count"] = len(dests)
        return out

    def render_proxy(self, doc: Doc) -> dict[str, Any]:
        """Detail form of a proxy agent (with the connections using it)."""
        out = self._proxy_base(doc)
        conns, _ = self._users_of("proxy_agent_id", doc["id"])
        out["usage"] = [
            {"id": c["id"], "schema": c["schema"], "service": c["service"]} for c in conns
        ]
        return out

    def _proxy_secrets(self, doc: Doc) -> dict[str, Any]:
        token, cert, key = self._secret(24), self._secret(48), self._secret(48)
        doc["_online_ts"] = self._due(AGENT_ONLINE_AFTER_SECONDS)
        doc["_secret_sha"] = hashlib.sha256(token.encode()).hexdigest()
        return {
            "agent_id": doc["id"],
            "auth_token": token,
            "client_cert": "-----BEGIN CERTIFICATE-----\n"
            + base64.b64encode(bytes.fromhex(cert)).decode()
            + "\n-----END CERTIFICATE-----\n",
            "client_private_key": "-----BEGIN PRIVATE KEY-----\n"
            + base64.b64encode(bytes.fromhex(key)).decode()
            + "\n-----END PRIVATE KEY-----\n",
            "orchestrator_host": "orchestrator.fivetran.com",
            "orchestrator_port": 443,
        }

    def list_proxies(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/proxy``."""
        return self.page(
            self.state.values("proxy_agents"), cursor, limit, self.render_proxy_summary
        )

    def get_proxy(self, agent_id: str) -> dict[str, Any]:
        """``GET /v1/proxy/{agentId}``."""
        return self.render_proxy(self._proxy(agent_id))

    def create_proxy(self, body: Any) -> dict[str, Any]:
        """``POST /v1/proxy``: the result carries the credentials (shown only now)."""
        body = _obj(body)
        name = _req_str(body, "display_name")
        region = body.get("group_region")
        if region is None:
            region = "GCP_US_EAST4"
        _enum(region, "group_region", PROXY_REGIONS, "Group region not supported.")
        for other in self.state.values("proxy_agents"):
            if other["display_name"] == name:
                raise ConflictError("Proxy agent with same name already exists.")
        agent_id = self.state.new_id()
        doc: Doc = {
            "id": agent_id,
            "account_id": self.settings.account_id,
            "registered_at": self.now_iso(),
            "region": region,
            "created_by": self.settings.user_id,
            "display_name": name,
            "version": "1.0.0",
        }
        secrets = self._proxy_secrets(doc)
        self.state.put("proxy_agents", agent_id, doc)
        return secrets

    def delete_proxy(self, agent_id: str) -> None:
        """``DELETE /v1/proxy/{agentId}`` (409 while connections or destinations use it)."""
        self._proxy(agent_id)
        conns, dests = self._users_of("proxy_agent_id", agent_id)
        if conns or dests:
            raise ConflictError("Proxy agent have attached connections.")
        self.state.delete("proxy_agents", agent_id)

    def list_proxy_connections(self, agent_id: str, cursor: str | None, limit: int) -> Page:
        """``GET /v1/proxy/{agentId}/connections``."""
        self._proxy(agent_id)
        conns, _ = self._users_of("proxy_agent_id", agent_id)
        return self.page(conns, cursor, limit, lambda c: {"connection_id": c["id"]})

    def regenerate_proxy_secrets(self, agent_id: str) -> dict[str, Any]:
        """``POST /v1/proxy/{agentId}/regenerate-secrets``: the old ones stop working."""
        doc = self._proxy(agent_id)
        secrets = self._proxy_secrets(doc)
        self.state.touch("proxy_agents", agent_id)
        return secrets

    # ------------------------------------------------------------------------------------
    # external secrets managers
    # ------------------------------------------------------------------------------------

    def _esm(self, esm_id: str) -> Doc:
        doc = self.state.get("esms", esm_id)
        if doc is None:
            raise _not_found(
                "NotFound", f"External Secrets Manager with '{esm_id}' id is not found."
            )
        return doc

    @staticmethod
    def render_esm(doc: Doc) -> dict[str, Any]:
        """Public form of an external secrets manager (secrets in ``config`` masked)."""
        out = _public(doc)
        out["config"] = _mask(doc["config"])
        return out

    @staticmethod
    def _esm_config(kind: str, config: Any) -> dict[str, Any]:
        if config is None:
            raise _bad_request("ESM config is required.")
        clean = _obj(config, "field 'config'", code="BadRequest")
        for key in ESM_TYPES[kind]:
            if not isinstance(clean.get(key), str) or not clean[key]:
                raise _bad_request(f"Field 'config.{key}' is required for {kind}.")
        return _clone_obj(clean)

    def list_esms(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/external-secrets-managers``."""
        return self.page(self.state.values("esms"), cursor, limit, self.render_esm)

    def get_esm(self, esm_id: str) -> dict[str, Any]:
        """``GET /v1/external-secrets-managers/{esmId}``."""
        return self.render_esm(self._esm(esm_id))

    def create_esm(self, body: Any) -> dict[str, Any]:
        """``POST /v1/external-secrets-managers`` (400 ``BadRequest`` on invalid input)."""
        body = _obj(body, code="BadRequest")
        kind = body.get("type")
        if not isinstance(kind, str) or kind not in ESM_TYPES:
            raise _bad_request(
                f"Unsupported External Secrets Manager type '{kind}'. Supported: "
                + ", ".join(sorted(ESM_TYPES))
            )
        name = _req_str(body, "name", code="BadRequest")
        config = self._esm_config(str(kind), body.get("config"))
        hybrid = body.get("is_hybrid_deployment", False)
        if not isinstance(hybrid, bool):
            raise _bad_request("Field 'is_hybrid_deployment' must be a boolean.")
        for other in self.state.values("esms"):
            if other["name"] == name:
                raise _bad_request(f"External Secrets Manager with name '{name}' already exists.")
        if kind == "AWS_SECRET_MANAGER":
            config.setdefault("external_id", self.settings.account_id)
        esm_id = self.state.new_id()
        now = self.now_iso()
        doc: Doc = {
            "id": esm_id,
            "type": kind,
            "name": name,
            "is_hybrid_deployment": hybrid,
            "created_at": now,
            "updated_at": now,
            "config": config,
        }
        self.state.put("esms", esm_id, doc)
        return self.render_esm(doc)

    def update_esm(self, esm_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/external-secrets-managers/{esmId}`` (replaces ``config``)."""
        doc = self._esm(esm_id)
        body = _obj(body, code="BadRequest")
        config = self._esm_config(doc["type"], body.get("config"))
        if doc["type"] == "AWS_SECRET_MANAGER":
            config.setdefault("external_id", doc["config"].get("external_id"))
        doc["config"] = config
        doc["updated_at"] = self.now_iso()
        self.state.touch("esms", esm_id)
        return self.render_esm(doc)

    def delete_esm(self, esm_id: str) -> None:
        """``DELETE /v1/external-secrets-managers/{esmId}`` (400 while in use)."""
        self._esm(esm_id)
        conns, dests = self._users_of("external_secrets_manager_id", esm_id)
        if conns or dests:
            raise _bad_request(
                f"Failed to delete External Secrets Manager with '{esm_id}' id, because it is "
                f"used by {len(conns)} connection(s) and {len(dests)} destination(s)."
            )
        self.state.delete("esms", esm_id)

    def _entities(self, esm_id: str | None, kind: str | None) -> Iterator[tuple[str, Doc]]:
        kind = (kind or "all").lower()
        _enum(kind, "type", _ENTITY_TYPES)
        found: list[tuple[str, Doc]] = []
        if kind in ("source", "all"):
            found += [("SOURCE", c) for c in self.state.values("connections")]
        if kind in ("destination", "all"):
            found += [("DESTINATION", d) for d in self.state.values("destinations")]
        found.sort(key=lambda item: int(item[1]["_seq"]))
        for entity_type, doc in found:
            used = doc.get("external_secrets_manager_id")
            if used and (esm_id is None or used == esm_id):
                yield entity_type, doc

    def _render_entity(self, entity_type: str, doc: Doc) -> dict[str, Any]:
        if entity_type == "SOURCE":
            name = doc["schema"]
            enabled = not doc["paused"] and doc["status"]["setup_state"] == "connected"
            created = doc["created_at"]
        else:
            group = self.state.get("groups", doc["id"]) or {}
            name = group.get("name", doc["id"])
            enabled = doc.get("setup_status") == "connected"
            created = group.get("created_at", "")
        return {
            "id": doc["id"],
            "type": entity_type,
            "name": name,
            "enabled": enabled,
            "secret_manager_id": doc["external_secrets_manager_id"],
            "created_at": created,
        }

    def list_esm_entities(
        self, esm_id: str | None, kind: str | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/external-secrets-managers-entities`` (filters ``esm_id``, ``type``)."""
        rows = [
            {**self._render_entity(entity_type, doc), "_seq": doc["_seq"]}
            for entity_type, doc in self._entities(esm_id, kind)
        ]
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})

    def get_esm_entities(
        self, esm_id: str, kind: str | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/external-secrets-managers/{esmId}/entities``."""
        self._esm(esm_id)
        return self.list_esm_entities(esm_id, kind, cursor, limit)

    # ------------------------------------------------------------------------------------
    # HVR
    # ------------------------------------------------------------------------------------

    def register_hvr_hub(self, body: Any) -> dict[str, Any]:
        """``POST /v1/hvr/register-hub``: one registration per hub URL and port.

        Registering the same hub again keeps its ``registration_id`` and issues a new
        ``access_token``.
        """
        body = _obj(body)
        url = _req_str(body, "hub_server_url")
        fingerprint = _req_str(body, "fingerprint")
        port = body.get("port")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise InvalidInputError("Field 'port' is required and must be a port number")
        doc = next(
            (
                h
                for h in self.state.values("hvr_hubs")
                if h["hub_server_url"] == url and h["port"] == port
            ),
            None,
        )
        token = "hvr_" + self._secret(24)
        if doc is None:
            registration_id = self.state.new_id()
            doc = {"registration_id": registration_id, "hub_server_url": url, "port": port}
            self.state.put("hvr_hubs", registration_id, doc)
        doc["fingerprint"] = fingerprint
        doc["registered_at"] = self.now_iso()
        doc["_token_sha256"] = hashlib.sha256(token.encode()).hexdigest()
        self.state.touch("hvr_hubs", doc["registration_id"])
        return {"access_token": token, "registration_id": doc["registration_id"]}
