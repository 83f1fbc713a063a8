"""Connections: create, update, delete, schedules, setup tests, connect cards, state."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fivetrex.emulator._catalog import CONNECTION_SERVICES, STATE_SERVICES
from fivetrex.emulator._domain._common import _SCHEMA_RE, UNSET, Page, Unset
from fivetrex.emulator._domain.references import PlatformRefs, ReferencesArea
from fivetrex.emulator._errors import ConflictError, InvalidInputError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._state import Doc

__all__ = [
    "ConnectCardConfig",
    "ConnectionChanges",
    "ConnectionOptions",
    "ConnectionsArea",
    "NewConnection",
]


@dataclass(frozen=True, kw_only=True)
class ConnectCardConfig:
    """A connect card's settings (``connect_card_config``); :data:`UNSET` flags were not sent.

    Attributes:
        redirect_uri: Where the card sends the user back (``http://`` or ``https://``).
        hide_setup_guide: Whether the card hides the setup guide.
        all_fields: Whether the card shows all fields.
    """

    redirect_uri: str
    hide_setup_guide: bool | Unset | None = UNSET
    all_fields: bool | Unset | None = UNSET

    def as_dict(self) -> dict[str, Any]:
        """The settings as stored and returned (flags only when sent)."""
        out: dict[str, Any] = {"redirect_uri": self.redirect_uri}
        for key, value in (
            ("hide_setup_guide", self.hide_setup_guide),
            ("all_fields", self.all_fields),
        ):
            if value is not UNSET:
                out[key] = value
        return out


@dataclass(frozen=True, kw_only=True)
class ConnectionOptions:
    """A connection's schedule and networking, as a create or an update sets them.

    ``None`` keeps the current value (on create: the default) of every field but
    ``destination_configuration``, where :data:`UNSET` keeps and ``None`` clears.
    ``daily_sync_time`` (``"HH:00"``) needs a ``sync_frequency`` of 1440 (checked here).

    Attributes:
        sync_frequency: Minutes between syncs (one of the catalogue's frequencies).
        daily_sync_time: The hour of a daily sync, ``"HH:00"``.
        schedule_type: ``auto`` or ``manual``.
        data_delay_sensitivity: One of the catalogue's sensitivities.
        data_delay_threshold: A non-negative number of minutes.
        pause_after_trial: Whether the connection pauses when the trial ends.
        networking_method: One of the catalogue's networking methods.
        destination_configuration: Destination-specific settings (an object).
        refs: The platform resources it names (agents, proxy, private link, secrets).
    """

    sync_frequency: int | None = None
    daily_sync_time: str | None = None
    schedule_type: str | None = None
    data_delay_sensitivity: str | None = None
    data_delay_threshold: int | None = None
    pause_after_trial: bool | None = None
    networking_method: str | None = None
    destination_configuration: dict[str, Any] | Unset | None = UNSET
    refs: PlatformRefs = field(default_factory=PlatformRefs)

    def changes_any(self) -> bool:
        """Whether any field is set (to change)."""
        values = (
            self.sync_frequency,
            self.daily_sync_time,
            self.schedule_type,
            self.data_delay_sensitivity,
            self.data_delay_threshold,
            self.pause_after_trial,
            self.networking_method,
        )
        return (
            any(value is not None for value in values)
            or self.destination_configuration is not UNSET
            or any(True for _ in self.refs.given())
        )


@dataclass(frozen=True, kw_only=True)
class NewConnection:
    """A connection to create (``POST /v1/connections``), its values already checked.

    Attributes:
        group_id: The group (and destination) it loads into.
        service: A service of the connection catalogue.
        config: The service's configuration (free-form; its schema fields name where the
            data lands and are checked here; secrets are masked on output).
        auth: The service's credentials (never returned).
        paused: Whether it starts paused.
        run_setup_tests: Whether to run the setup tests on creation.
        destination_schema_names: ``FIVETRAN_NAMING`` or ``SOURCE_NAMING``.
        connect_card_config: A connect card to create with it.
        options: Its schedule and networking (defaults where ``None``).
    """

    group_id: str
    service: str
    config: dict[str, Any] = field(default_factory=dict)
    auth: dict[str, Any] | None = None
    paused: bool = False
    run_setup_tests: bool = True
    destination_schema_names: str | None = None
    connect_card_config: ConnectCardConfig | None = None
    options: ConnectionOptions = field(default_factory=ConnectionOptions)


@dataclass(frozen=True, kw_only=True)
class ConnectionChanges:
    """An update of a connection (``PATCH /v1/connections/{connectionId}``).

    ``None`` keeps ``config`` (else merged into the current one; its schema fields cannot
    change), ``schema_status``, ``paused`` and ``is_historical_sync``; :data:`UNSET` keeps
    ``auth`` and ``external_secrets_keys_config``, whose ``None`` is stored.

    Attributes:
        config: Configuration fields to change.
        auth: New credentials.
        schema_status: ``ready`` or ``blocked_on_capture`` (lower-case).
        external_secrets_keys_config: Any JSON value (the spec leaves it open).
        paused: Pause (``True``) or resume (``False``) the connection.
        is_historical_sync: ``True`` starts a historical sync (when resumed).
        run_setup_tests: Whether to run the setup tests after the update.
        options: Schedule and networking changes.
    """

    config: dict[str, Any] | None = None
    auth: dict[str, Any] | Unset | None = UNSET
    schema_status: str | None = None
    external_secrets_keys_config: Any = UNSET
    paused: bool | None = None
    is_historical_sync: bool | None = None
    run_setup_tests: bool = False
    options: ConnectionOptions = field(default_factory=ConnectionOptions)

    def edits_connection(self) -> bool:
        """Whether the update changes more than the run state (``paused``, a historical
        sync, setup tests): what Fivetran reports as an ``edit_connector`` event."""
        return (
            self.options.changes_any()
            or self.config is not None
            or self.schema_status is not None
            or self.auth is not UNSET
            or self.external_secrets_keys_config is not UNSET
        )


class ConnectionsArea(ReferencesArea):
    """Connections and their configuration (syncing is :mod:`.syncs`)."""

    if TYPE_CHECKING:

        def _pause(self, doc: Doc) -> None: ...

        def _poll(self, connection_id: str) -> None: ...

        def _resume(self, doc: Doc) -> None: ...

        def _start_sync(self, doc: Doc, *, historical: bool, restart: bool = False) -> None: ...

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

    def _apply_options(self, doc: Doc, options: ConnectionOptions) -> None:
        """Apply a create's or an update's schedule, delay, networking and references."""
        self._apply_frequency(doc, options)
        self._apply_delay(doc, options)
        self._apply_networking(doc, options)

    @staticmethod
    def _apply_frequency(doc: Doc, options: ConnectionOptions) -> None:
        if options.sync_frequency is not None:
            doc["sync_frequency"] = options.sync_frequency
            if doc["sync_frequency"] != 1440:
                doc["daily_sync_time"] = None
            elif doc.get("daily_sync_time") is None:
                doc["daily_sync_time"] = "00:00"
        if options.daily_sync_time is not None:
            if doc.get("sync_frequency") != 1440:
                raise InvalidInputError(
                    "Field 'daily_sync_time' can only be set when 'sync_frequency' is 1440"
                )
            doc["daily_sync_time"] = options.daily_sync_time

    @staticmethod
    def _apply_delay(doc: Doc, options: ConnectionOptions) -> None:
        sent = (
            ("schedule_type", options.schedule_type),
            ("data_delay_sensitivity", options.data_delay_sensitivity),
            ("data_delay_threshold", options.data_delay_threshold),
            ("pause_after_trial", options.pause_after_trial),
        )
        doc.update((key, value) for key, value in sent if value is not None)

    @staticmethod
    def _apply_networking(doc: Doc, options: ConnectionOptions) -> None:
        if options.networking_method is not None:
            doc["networking_method"] = options.networking_method
        options.refs.apply_to(doc)
        if options.destination_configuration is not UNSET:
            doc["destination_configuration"] = _clone(options.destination_configuration)

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

    def _connect_card(self, doc: Doc, card_config: ConnectCardConfig) -> dict[str, Any]:
        redirect = card_config.redirect_uri
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
        if card_config.hide_setup_guide is True:
            uri += "&hide_setup_guide=true"
        clean = card_config.as_dict()
        card = {"token": token, "uri": uri}
        doc["connect_card_config"] = clean
        doc["connect_card"] = card
        return {"connector_id": doc["id"], "connect_card": card, "connect_card_config": clean}

    def create_connection(self, new: NewConnection) -> dict[str, Any]:
        """``POST /v1/connections``.

        ``new`` holds checked values (by the route); here: the references exist (400 /
        409), the group exists (404), the config names the schema the service needs (400)
        and no other connection of the group loads into it (409).
        """
        group_id = new.group_id
        self.check_connection_refs(new.options.refs, new.config, service=new.service)
        self._group(group_id)
        schema = self._schema_name(new.service, new.config)
        for other in self._connections_in_group(group_id):
            if other["schema"] == schema:
                raise ConflictError(
                    f"A connection with schema '{schema}' already exists in group '{group_id}'"
                )
        connection_id = self.state.new_id()
        doc = self._new_connection_doc(connection_id, new, schema)
        self._apply_options(doc, new.options)
        if new.connect_card_config is not None:
            self._connect_card(doc, new.connect_card_config)
        self.state.put("connections", connection_id, doc)
        self._emit("create_connector", doc)
        if new.run_setup_tests:
            self._connection_setup_tests(doc)
        return self.render_connection(doc)

    def _new_connection_doc(self, connection_id: str, new: NewConnection, schema: str) -> Doc:
        doc: Doc = {
            "id": connection_id,
            "group_id": new.group_id,
            "service": new.service,
            "service_version": 1,
            "schema": schema,
            "paused": new.paused,
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
                "sync_state": "paused" if new.paused else "scheduled",
                "update_state": "on_schedule",
                "is_historical_sync": True,
                "rescheduled_for": None,
                "tasks": [],
                "warnings": [],
            },
            "setup_tests": [],
            "source_sync_details": {},
            "config": _clone(new.config),
        }
        if new.destination_schema_names is not None:
            doc["destination_schema_names"] = new.destination_schema_names
        if new.auth is not None:
            doc["auth"] = _clone(new.auth)
        return doc

    def update_connection(self, connection_id: str, changes: ConnectionChanges) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}``: apply ``changes`` (checked by the route).

        Here: the references exist (400 / 409), ``daily_sync_time`` goes with a daily
        frequency and the config's schema fields stay (400). Nothing changes unless all
        of it holds.
        """
        doc = self._connection(connection_id)
        self.check_connection_refs(
            changes.options.refs,
            changes.config,
            service=doc["service"],
            connection_id=connection_id,
        )
        staged = _clone(doc)
        self._apply_options(staged, changes.options)
        self._stage_edits(staged, changes)
        # Validation passed: commit the staged document.
        doc.clear()
        doc.update(staged)
        self.state.touch("connections", connection_id)
        self._apply_run_state(doc, changes.paused, changes.is_historical_sync)
        if changes.edits_connection():
            self._emit("edit_connector", doc)
        if changes.run_setup_tests:
            self._connection_setup_tests(doc)
        return self.render_connection(doc)

    @staticmethod
    def _stage_edits(staged: Doc, changes: ConnectionChanges) -> None:
        """Apply an update's config, auth and status fields to ``staged``."""
        if changes.config is not None:
            for key in ("schema", "schema_prefix", "table"):
                if key in changes.config and changes.config[key] != staged["config"].get(key):
                    raise InvalidInputError(f"Field 'config.{key}' cannot be changed")
            staged["config"].update(_clone(changes.config))
        if changes.auth is not UNSET:
            staged["auth"] = _clone(changes.auth)
        if changes.schema_status is not None:
            staged["status"]["schema_status"] = changes.schema_status
        if changes.external_secrets_keys_config is not UNSET:
            staged["external_secrets_keys_config"] = _clone(changes.external_secrets_keys_config)

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

    def run_connection_setup_tests(self, connection_id: str) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/test``."""
        doc = self._connection(connection_id)
        self._connection_setup_tests(doc)
        self.state.touch("connections", connection_id)
        return self.render_connection(doc)

    def create_connect_card(
        self, connection_id: str, card_config: ConnectCardConfig
    ) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/connect-card``."""
        doc = self._connection(connection_id)
        data = self._connect_card(doc, card_config)
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

    def update_connection_state(
        self, connection_id: str, state: dict[str, Any] | None
    ) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/state`` (409 while syncing).

        ``state`` replaces the connection's state; ``None`` keeps (and returns) it.
        """
        self._state_connection(connection_id)
        sync = self.state.get("syncs", connection_id)
        if sync is not None and sync.get("active"):
            raise ConflictError(
                f"Connection with id '{connection_id}' cannot be updated because the sync is "
                "in progress"
            )
        current = self.state.get("conn_states", connection_id)
        if state is None:
            return {"state": _clone(current["state"]) if current else {}}
        self.state.put("conn_states", connection_id, {"state": _clone(state)})
        return {"state": _clone(state)}
