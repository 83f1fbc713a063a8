"""Connections: create, update, delete, schedules, setup tests, connect cards, state."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fivetrex.emulator._catalog import (
    CONNECTION_SERVICES,
    DATA_DELAY_SENSITIVITIES,
    DESTINATION_SCHEMA_NAMES,
    NETWORKING_METHODS,
    SCHEDULE_TYPES,
    STATE_SERVICES,
)
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import (
    _DAILY_TIME_RE,
    _SCHEMA_RE,
    Page,
    _bool,
    _enum,
    _require_object,
    _required_str,
    _str,
    _sync_frequency,
)
from fivetrex.emulator._errors import ConflictError, InvalidInputError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._state import Doc

__all__ = ["ConnectionsArea"]


class ConnectionsArea(BackendBase):
    """Connections and their configuration (syncing is :mod:`.syncs`)."""

    if TYPE_CHECKING:

        def _pause(self, doc: Doc) -> None: ...

        def _poll(self, connection_id: str) -> None: ...

        def _resume(self, doc: Doc) -> None: ...

        def _start_sync(self, doc: Doc, *, historical: bool, restart: bool = False) -> None: ...

        def check_connection_refs(self, body: Any, connection_id: str | None = None) -> None: ...

    def render_connection(self, doc: Doc, *, share: bool = False) -> dict[str, Any]:
        """Public form of a connection (secrets masked, ``auth`` never returned).

        ``share=True`` skips copying nested values (for responses serialised at once).
        """
        out: dict[str, Any] = {}
        for key, value in doc.items():
            if key[0] == "_" or key == "auth":
                continue
            if key == "config":
                out[key] = _mask(value)
            elif not share and isinstance(value, (dict, list)):
                out[key] = _clone(value)
            else:
                out[key] = value
        return out

    def _render_shared(self, doc: Doc) -> dict[str, Any]:
        return self.render_connection(doc, share=True)

    def list_connections(
        self, group_id: str | None, schema: str | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/connections`` (filters ``group_id`` and ``schema``)."""
        docs: Iterable[Doc] = self.state.values("connections")
        if group_id is not None:
            docs = (d for d in docs if d["group_id"] == group_id)
        if schema is not None:
            docs = (d for d in docs if d["schema"] == schema)
        return self.page(docs, cursor, limit, self._render_shared, kind="connections")

    def get_connection(self, connection_id: str, *, poll: bool = True) -> dict[str, Any]:
        """``GET /v1/connections/{connectionId}``; counts as a poll of a running sync."""
        doc = self._connection(connection_id)
        if poll:
            self._poll(connection_id)
        return self.render_connection(doc)

    def _schema_name(self, service: str, config: dict[str, Any]) -> str:
        info = CONNECTION_SERVICES[service]
        if info.kind == "database":
            prefix = config.get("schema_prefix")
            if not isinstance(prefix, str) or not prefix:
                raise InvalidInputError("Field 'config.schema_prefix' is required")
            self._check_schema_ident(prefix, "config.schema_prefix")
            return prefix
        schema = config.get("schema")
        if not isinstance(schema, str) or not schema:
            raise InvalidInputError("Field 'config.schema' is required")
        self._check_schema_ident(schema, "config.schema")
        if info.kind == "table":
            table = config.get("table")
            if not isinstance(table, str) or not table:
                raise InvalidInputError("Field 'config.table' is required")
            self._check_schema_ident(table, "config.table")
            return f"{schema}.{table}"
        return schema

    @staticmethod
    def _check_schema_ident(value: str, field: str) -> None:
        if not _SCHEMA_RE.match(value):
            raise InvalidInputError(
                f"Invalid value '{value}' for field '{field}': use lower-case letters, digits "
                "and underscores, starting with a letter or underscore"
            )

    def _apply_schedule(self, doc: Doc, body: dict[str, Any]) -> None:
        """Validate and apply a body's schedule, delay, networking and reference fields."""
        self._apply_frequency(doc, body)
        self._apply_delay(doc, body)
        self._apply_networking(doc, body)

    @staticmethod
    def _apply_frequency(doc: Doc, body: dict[str, Any]) -> None:
        if "sync_frequency" in body and body["sync_frequency"] is not None:
            doc["sync_frequency"] = _sync_frequency(body["sync_frequency"])
            if doc["sync_frequency"] != 1440:
                doc["daily_sync_time"] = None
            elif doc.get("daily_sync_time") is None:
                doc["daily_sync_time"] = "00:00"
        if "daily_sync_time" in body and body["daily_sync_time"] is not None:
            value = body["daily_sync_time"]
            if not isinstance(value, str) or not _DAILY_TIME_RE.match(value):
                raise InvalidInputError(
                    f"Invalid value '{value}' for field 'daily_sync_time': use a whole hour "
                    "'HH:00' between 00:00 and 23:00"
                )
            if doc.get("sync_frequency") != 1440:
                raise InvalidInputError(
                    "Field 'daily_sync_time' can only be set when 'sync_frequency' is 1440"
                )
            doc["daily_sync_time"] = value

    @staticmethod
    def _apply_delay(doc: Doc, body: dict[str, Any]) -> None:
        if "schedule_type" in body:
            doc["schedule_type"] = _enum(body, "schedule_type", SCHEDULE_TYPES) or doc.get(
                "schedule_type", "auto"
            )
        if "data_delay_sensitivity" in body:
            doc["data_delay_sensitivity"] = _enum(
                body, "data_delay_sensitivity", DATA_DELAY_SENSITIVITIES
            ) or doc.get("data_delay_sensitivity", "NORMAL")
        if "data_delay_threshold" in body and body["data_delay_threshold"] is not None:
            value = body["data_delay_threshold"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInputError(
                    "Field 'data_delay_threshold' must be a non-negative integer"
                )
            doc["data_delay_threshold"] = value
        if "pause_after_trial" in body:
            doc["pause_after_trial"] = bool(_bool(body, "pause_after_trial", False))

    @staticmethod
    def _apply_networking(doc: Doc, body: dict[str, Any]) -> None:
        if "networking_method" in body and body["networking_method"] is not None:
            doc["networking_method"] = _enum(body, "networking_method", NETWORKING_METHODS)
        for key in (
            "private_link_id",
            "proxy_agent_id",
            "hybrid_deployment_agent_id",
            "external_secrets_manager_id",
        ):
            if key in body:
                doc[key] = _str(body, key)
        if "destination_configuration" in body:
            value = body["destination_configuration"]
            if value is not None and not isinstance(value, dict):
                raise InvalidInputError("Field 'destination_configuration' must be an object")
            doc["destination_configuration"] = _clone(value)

    def _connection_setup_tests(self, doc: Doc) -> bool:
        passed = self.settings.setup_tests_pass and not doc.get("_fail_setup_tests", False)
        kind = CONNECTION_SERVICES[doc["service"]].kind
        if kind == "database":
            titles = ["Connecting to host", "Validating certificate", "Connecting to database"]
            titles.append("Checking permissions")
        elif kind == "table":
            titles = ["Validate Access", "Validate Files"]
        else:
            titles = ["Validate Login", "Validate Permissions"]
        tests: list[dict[str, Any]] = []
        for index, title in enumerate(titles):
            if passed:
                tests.append({"title": title, "status": "PASSED", "message": ""})
            elif index == 0:
                tests.append(
                    {"title": title, "status": "FAILED", "message": "Invalid login credentials"}
                )
            else:
                tests.append({"title": title, "status": "SKIPPED", "message": ""})
        doc["setup_tests"] = tests
        status = doc["status"]
        if passed:
            status["setup_state"] = "connected"
        elif status["setup_state"] == "connected":
            status["setup_state"] = "broken"
        self._emit("connection_successful" if passed else "connection_failure", doc)
        return passed

    def _connect_card(self, doc: Doc, config: Any) -> dict[str, Any]:
        card_config = _require_object(config, "connect_card_config")
        redirect = card_config.get("redirect_uri")
        if not isinstance(redirect, str) or not redirect.startswith(("http://", "https://")):
            raise InvalidInputError(
                "Field 'connect_card_config.redirect_uri' is required and must start with "
                "http:// or https://"
            )
        clean: dict[str, Any] = {"redirect_uri": redirect}
        for key in ("hide_setup_guide", "all_fields"):
            if key in card_config:
                value = _bool(card_config, key)
                clean[key] = value
        claims = json.dumps(
            {"connection": doc["id"], "iat": int(self.state.clock.now().timestamp())},
            separators=(",", ":"),
        ).encode()
        token = (
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
            + base64.urlsafe_b64encode(claims).decode().rstrip("=")
            + "."
            + base64.urlsafe_b64encode(hashlib.sha256(claims).digest()).decode().rstrip("=")
        )
        uri = (
            "https://fivetran.com/connect-card/setup?redirect_uri="
            + quote(redirect, safe="")
            + "&auth="
            + token
        )
        if clean.get("hide_setup_guide"):
            uri += "&hide_setup_guide=true"
        card = {"token": token, "uri": uri}
        doc["connect_card_config"] = clean
        doc["connect_card"] = card
        return {"connector_id": doc["id"], "connect_card": card, "connect_card_config": clean}

    def create_connection(self, body: Any) -> dict[str, Any]:
        """``POST /v1/connections``."""
        body = _require_object(body)
        self.check_connection_refs(body)
        group_id = _required_str(body, "group_id")
        service = _required_str(body, "service")
        if service not in CONNECTION_SERVICES:
            raise InvalidInputError(f"Unsupported service '{service}'")
        config = body.get("config")
        if config is None:
            config = {}
        if not isinstance(config, dict):
            raise InvalidInputError("Field 'config' must be an object")
        auth = body.get("auth")
        if auth is not None and not isinstance(auth, dict):
            raise InvalidInputError("Field 'auth' must be an object")
        self._group(group_id)
        schema = self._schema_name(service, config)
        for other in self._connections_in_group(group_id):
            if other["schema"] == schema:
                raise ConflictError(
                    f"A connection with schema '{schema}' already exists in group '{group_id}'"
                )
        paused = bool(_bool(body, "paused", False))
        run_tests = bool(_bool(body, "run_setup_tests", True))
        _bool(body, "trust_certificates")
        _bool(body, "trust_fingerprints")
        names = _enum(body, "destination_schema_names", DESTINATION_SCHEMA_NAMES)
        connection_id = self.state.new_id()
        doc: Doc = {
            "id": connection_id,
            "group_id": group_id,
            "service": service,
            "service_version": 1,
            "schema": schema,
            "paused": paused,
            "pause_after_trial": False,
            "connected_by": self.settings.user_id,
            "created_at": self.now_iso(),
            "succeeded_at": None,
            "failed_at": None,
            "sync_frequency": 360,
            "daily_sync_time": None,
            "schedule_type": "auto",
            "data_delay_sensitivity": "NORMAL",
            "data_delay_threshold": 0,
            "networking_method": "Directly",
            "private_link_id": None,
            "proxy_agent_id": None,
            "hybrid_deployment_agent_id": None,
            "status": {
                "setup_state": "incomplete",
                "sync_state": "paused" if paused else "scheduled",
                "update_state": "on_schedule",
                "is_historical_sync": True,
                "rescheduled_for": None,
                "tasks": [],
                "warnings": [],
            },
            "setup_tests": [],
            "source_sync_details": {},
            "config": _clone(config),
        }
        if names is not None:
            doc["destination_schema_names"] = names
        if auth is not None:
            doc["auth"] = _clone(auth)
        self._apply_schedule(doc, body)
        if body.get("connect_card_config") is not None:
            self._connect_card(doc, body["connect_card_config"])
        self.state.put("connections", connection_id, doc)
        self._emit("create_connector", doc)
        if run_tests:
            self._connection_setup_tests(doc)
        return self.render_connection(doc)

    _PERSISTENT_FIELDS = frozenset(
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

    def update_connection(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}``."""
        doc = self._connection(connection_id)
        body = _require_object(body)
        self.check_connection_refs(body, connection_id)
        if not any(key in body for key in self._PERSISTENT_FIELDS):
            raise InvalidInputError(
                "At least one persistent field (e.g. 'paused', 'sync_frequency', 'config') "
                "is required; test-control fields alone are not accepted"
            )
        staged = _clone(doc)
        self._apply_schedule(staged, body)
        self._stage_edits(staged, body)
        paused = _bool(body, "paused")
        historical = _bool(body, "is_historical_sync")
        run_tests = _bool(body, "run_setup_tests", False)
        # Validation passed: commit the staged document.
        doc.clear()
        doc.update(staged)
        self.state.touch("connections", connection_id)
        self._apply_run_state(doc, paused, historical)
        edited = set(body) - {"paused", "trust_certificates", "trust_fingerprints"}
        if edited - {"run_setup_tests", "is_historical_sync"}:
            self._emit("edit_connector", doc)
        if run_tests:
            self._connection_setup_tests(doc)
        return self.render_connection(doc)

    @staticmethod
    def _stage_edits(staged: Doc, body: dict[str, Any]) -> None:
        """Validate and apply an update's config, auth and status fields to ``staged``."""
        if "config" in body:
            config = body["config"]
            if not isinstance(config, dict):
                raise InvalidInputError("Field 'config' must be an object")
            for key in ("schema", "schema_prefix", "table"):
                if key in config and config[key] != staged["config"].get(key):
                    raise InvalidInputError(f"Field 'config.{key}' cannot be changed")
            staged["config"].update(_clone(config))
        if "auth" in body:
            if body["auth"] is not None and not isinstance(body["auth"], dict):
                raise InvalidInputError("Field 'auth' must be an object")
            staged["auth"] = _clone(body["auth"])
        if "schema_status" in body:
            value = _str(body, "schema_status")
            if value is not None:
                if value.lower() not in ("ready", "blocked_on_capture"):
                    raise InvalidInputError(f"Invalid value '{value}' for field 'schema_status'")
                staged["status"]["schema_status"] = value.lower()
        if "external_secrets_keys_config" in body:
            staged["external_secrets_keys_config"] = _clone(body["external_secrets_keys_config"])

    def _apply_run_state(self, doc: Doc, paused: bool | None, historical: bool | None) -> None:
        """Pause, resume or start a historical sync as an update asked."""
        if paused is not None and paused != doc["paused"]:
            if paused:
                self._pause(doc)
            else:
                self._resume(doc)
        if historical:
            if doc["paused"]:
                doc["status"]["is_historical_sync"] = True
                doc["_pending_historical"] = True
            else:
                self._start_sync(doc, historical=True, restart=True)

    def delete_connection(self, connection_id: str) -> None:
        """``DELETE /v1/connections/{connectionId}``."""
        doc = self._connection(connection_id)
        self._emit("delete_connector", doc)
        for kind in ("schemas", "sources", "conn_states", "syncs", "outcomes"):
            if self.state.get(kind, connection_id) is not None:
                self.state.delete(kind, connection_id)
        self.state.delete("connections", connection_id)

    def run_connection_setup_tests(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/test`` (a body, even ``{}``, is required)."""
        doc = self._connection(connection_id)
        if body is None:
            raise InvalidInputError("A request body is required (send {} for defaults)")
        body = _require_object(body)
        _bool(body, "trust_certificates")
        _bool(body, "trust_fingerprints")
        self._connection_setup_tests(doc)
        self.state.touch("connections", connection_id)
        return self.render_connection(doc)

    def create_connect_card(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/connect-card``."""
        doc = self._connection(connection_id)
        body = _require_object(body)
        if body.get("connect_card_config") is None:
            raise InvalidInputError("Field 'connect_card_config' is required")
        data = self._connect_card(doc, body["connect_card_config"])
        self.state.touch("connections", connection_id)
        return data

    def _state_connection(self, connection_id: str) -> Doc:
        doc = self._connection(connection_id)
        if doc["service"] not in STATE_SERVICES:
            raise InvalidInputError(
                f"Connection with id '{connection_id}' (service '{doc['service']}') does not "
                "support state management; only Function and Connector SDK connections do"
            )
        return doc

    def get_connection_state(self, connection_id: str) -> dict[str, Any]:
        """``GET /v1/connections/{connectionId}/state``."""
        self._state_connection(connection_id)
        current = self.state.get("conn_states", connection_id)
        if current is None:
            raise InvalidInputError(
                f"Connection state does not exist yet for connection with id '{connection_id}'"
            )
        return {"state": _clone(current["state"])}

    def update_connection_state(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/state`` (409 while syncing)."""
        self._state_connection(connection_id)
        body = _require_object(body)
        sync = self.state.get("syncs", connection_id)
        if sync is not None and sync.get("active"):
            raise ConflictError(
                f"Connection with id '{connection_id}' cannot be updated because the sync is "
                "in progress"
            )
        new_state = body.get("state")
        current = self.state.get("conn_states", connection_id)
        if new_state is None:
            return {"state": _clone(current["state"]) if current else {}}
        if not isinstance(new_state, dict):
            raise InvalidInputError("Field 'state' must be an object")
        self.state.put("conn_states", connection_id, {"state": _clone(new_state)})
        return {"state": _clone(new_state)}
