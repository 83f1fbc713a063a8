"""The emulator's domain core: Fivetran resources and their behaviour, without HTTP.

:class:`Backend` holds one :class:`~fivetrex.emulator._state.State` and offers one
method per API operation. Methods take already-decoded JSON bodies, return the
``data`` payload of the response (or ``None``), and raise the typed errors of
:mod:`fivetrex.emulator._errors`. Webhook events are queued in :attr:`Backend.outbox`
and delivered by the caller once the state lock is released.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from fivetrex.emulator._catalog import (
    CONNECTION_SERVICES,
    DATA_DELAY_SENSITIVITIES,
    DESTINATION_SCHEMA_NAMES,
    DESTINATION_SERVICES,
    NETWORKING_METHODS,
    REGIONS,
    SCHEDULE_TYPES,
    SCHEMA_CHANGE_HANDLING,
    STATE_SERVICES,
    SYNC_FREQUENCIES,
    SYNC_MODES,
    TIME_ZONE_OFFSETS,
    WEBHOOK_EVENTS,
)
from fivetrex.emulator._clock import format_ms, format_us
from fivetrex.emulator._domain_access import AccessBackend
from fivetrex.emulator._domain_platform import PlatformBackend
from fivetrex.emulator._errors import ConflictError, InvalidInputError, NotFoundError
from fivetrex.emulator._json import MASK
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._settings import Settings
from fivetrex.emulator._sources import columns_for_table, default_source
from fivetrex.emulator._state import Doc, State
from fivetrex.emulator._timing import SyncTiming
from fivetrex.emulator._validation import check_tables_exist, validate_table_map

__all__ = [
    "MASK",
    "SYNC_OUTCOMES",
    "Backend",
    "Page",
    "PendingDelivery",
    "decode_cursor",
    "encode_cursor",
    "parse_limit",
]

SYNC_OUTCOMES = frozenset({"success", "failure", "rescheduled"})
"""Outcomes a sync can be scheduled to end with."""

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_DAILY_TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):00$")
_MAX_LIMIT = 1000
_DEFAULT_LIMIT = 100


@dataclass
class PendingDelivery:
    """A webhook event waiting to be delivered to one webhook."""

    webhook_id: str
    url: str
    secret: str | None
    event: str
    payload: dict[str, Any]


@dataclass
class Page:
    """One page of a list operation."""

    items: list[dict[str, Any]]
    next_cursor: str | None


# -- small validation helpers --------------------------------------------------------------


def _require_object(body: Any, what: str = "request body") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInputError(f"The {what} must be a JSON object")
    return body


def _bool(body: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInputError(f"Field '{key}' must be a boolean")
    return value


def _str(body: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise InvalidInputError(f"Field '{key}' is required")
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"Field '{key}' must be a string")
    if required and not value:
        raise InvalidInputError(f"Field '{key}' is required")
    return value


def _required_str(body: dict[str, Any], key: str) -> str:
    value = _str(body, key, required=True)
    if value is None:  # pragma: no cover - _str raised already
        raise InvalidInputError(f"Field '{key}' is required")
    return value


def _enum(body: dict[str, Any], key: str, allowed: Iterable[str]) -> str | None:
    value = _str(body, key)
    if value is not None and value not in allowed:
        options = ", ".join(sorted(allowed))
        raise InvalidInputError(f"Invalid value '{value}' for field '{key}'. Allowed: {options}")
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


def encode_cursor(seq: int) -> str:
    """Encode a keyset position as an opaque cursor."""
    raw = json.dumps({"after": seq}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Decode :func:`encode_cursor` output; raise ``InvalidInputError`` on garbage."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        after = data["after"]
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError(after)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"Invalid cursor value '{cursor}'") from exc
    return after


def parse_limit(raw: str | None) -> int:
    """Parse the ``limit`` query parameter (1..1000, default 100)."""
    if raw is None:
        return _DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise InvalidInputError(
            f"Invalid value '{raw}' for parameter 'limit': must be an integer in 1..1000"
        ) from None
    if not 1 <= limit <= _MAX_LIMIT:
        raise InvalidInputError(
            f"Invalid value '{raw}' for parameter 'limit': must be an integer in 1..1000"
        )
    return limit


class Backend(AccessBackend, PlatformBackend, SyncTiming):
    """Fivetran's resources and rules, operating on a :class:`State`.

    Args:
        state: The state to operate on.
        settings: Behaviour switches (shared with the owning emulator).
    """

    def __init__(self, state: State, settings: Settings) -> None:
        self.state = state
        self.settings = settings
        self.outbox: list[PendingDelivery] = []

    # ------------------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------------------

    def now_iso(self) -> str:
        """Return a fresh event timestamp (microseconds, ``Z``)."""
        return format_us(self.state.stamp())

    def page(self, docs: Iterable[Doc], cursor: str | None, limit: int, render: Any) -> Page:
        """Return one keyset page of ``docs`` (which must be in creation order)."""
        after = decode_cursor(cursor) if cursor else 0
        items: list[dict[str, Any]] = []
        last_seq = 0
        more = False
        for doc in docs:
            seq = int(doc["_seq"])
            if seq <= after:
                continue
            if len(items) == limit:
                more = True
                break
            items.append(render(doc))
            last_seq = seq
        return Page(items, encode_cursor(last_seq) if more else None)

    def _group(self, group_id: str) -> Doc:
        return self.state.require("groups", group_id, "Group")

    def _connection(self, connection_id: str) -> Doc:
        return self.state.require("connections", connection_id, "Connection")

    def _destination(self, destination_id: str) -> Doc:
        return self.state.require("destinations", destination_id, "Destination")

    def _webhook(self, webhook_id: str) -> Doc:
        return self.state.require("webhooks", webhook_id, "Webhook")

    def _connections_in_group(self, group_id: str) -> list[Doc]:
        return [c for c in self.state.values("connections") if c["group_id"] == group_id]

    # ------------------------------------------------------------------------------------
    # account
    # ------------------------------------------------------------------------------------

    def account_info(self) -> dict[str, Any]:
        """``GET /v1/account/info``."""
        return {
            "account_id": self.settings.account_id,
            "account_name": self.settings.account_name,
            "user_id": self.settings.user_id,
        }

    # ------------------------------------------------------------------------------------
    # groups
    # ------------------------------------------------------------------------------------

    def render_group(self, doc: Doc) -> dict[str, Any]:
        """Public form of a group."""
        return {"id": doc["id"], "name": doc["name"], "created_at": doc["created_at"]}

    def list_groups(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/groups``."""
        return self.page(self.state.values("groups"), cursor, limit, self.render_group)

    def get_group(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}``."""
        return self.render_group(self._group(group_id))

    def _group_name(self, body: dict[str, Any], exclude: str | None = None) -> str:
        name = _required_str(body, "name")
        if not _NAME_RE.match(name):
            raise InvalidInputError(
                f"Invalid group name '{name}': it must start with a letter or underscore "
                "and contain only letters, digits and underscores"
            )
        for other in self.state.values("groups"):
            if other["name"] == name and other["id"] != exclude:
                raise ConflictError(f"Group with name '{name}' already exists")
        return name

    def create_group(self, body: Any) -> dict[str, Any]:
        """``POST /v1/groups``."""
        body = _require_object(body)
        name = self._group_name(body)
        group_id = self.state.new_id()
        doc = {"id": group_id, "name": name, "created_at": self.now_iso()}
        self.state.put("groups", group_id, doc)
        return self.render_group(doc)

    def update_group(self, group_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/groups/{groupId}``."""
        doc = self._group(group_id)
        body = _require_object(body)
        if "name" in body:
            doc["name"] = self._group_name(body, exclude=group_id)
            self.state.touch("groups", group_id)
        return self.render_group(doc)

    def delete_group(self, group_id: str) -> None:
        """``DELETE /v1/groups/{groupId}``.

        Refused with 409 while the group still has connections (Fivetran refuses it; the
        status code is not documented). Deleting a group also deletes its destination and
        its group webhooks.
        """
        self._group(group_id)
        count = len(self._connections_in_group(group_id))
        if count:
            raise ConflictError(
                f"Group with id '{group_id}' cannot be deleted: it still has {count} "
                "connection(s). Delete them first."
            )
        if self.state.get("destinations", group_id) is not None:
            self.state.delete("destinations", group_id)
        for webhook in list(self.state.values("webhooks")):
            if webhook.get("group_id") == group_id:
                self.state.delete("webhooks", webhook["id"])
        self.state.delete("groups", group_id)

    def list_group_connections(
        self, group_id: str, schema: str | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/groups/{groupId}/connections``."""
        self._group(group_id)
        return self.list_connections(group_id, schema, cursor, limit)

    def group_public_key(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}/public-key``."""
        self._group(group_id)
        digest = base64.b64encode(hashlib.sha256(group_id.encode()).digest()).decode()
        return {"public_key": f"ssh-rsa AAAAB3NzaC1yc2E{digest} fivetran user key"}

    def group_service_account(self, group_id: str) -> dict[str, Any]:
        """``GET /v1/groups/{groupId}/service-account``."""
        self._group(group_id)
        slug = group_id.replace("_", "-")
        return {"service_account": f"g-{slug}@fivetran-production.iam.gserviceaccount.com"}

    # ------------------------------------------------------------------------------------
    # destinations
    # ------------------------------------------------------------------------------------

    def render_destination(self, doc: Doc, *, details: bool = True) -> dict[str, Any]:
        """Public form of a destination (``details`` adds the masked ``config``)."""
        out = {k: v for k, v in doc.items() if not k.startswith("_") and k != "config"}
        out.pop("setup_tests", None)
        if details:
            out["config"] = _mask(doc.get("config", {}))
        return out

    def _with_tests(self, doc: Doc, rendered: dict[str, Any]) -> dict[str, Any]:
        rendered["setup_tests"] = _clone(doc.get("setup_tests", []))
        return rendered

    def list_destinations(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/destinations``."""
        return self.page(
            self.state.values("destinations"),
            cursor,
            limit,
            lambda d: self.render_destination(d, details=False),
        )

    def get_destination(self, destination_id: str) -> dict[str, Any]:
        """``GET /v1/destinations/{destinationId}``."""
        return self.render_destination(self._destination(destination_id))

    def _destination_setup_tests(self, doc: Doc) -> None:
        passed = self.settings.setup_tests_pass and not doc.get("_fail_setup_tests", False)
        titles = ("Host Connection", "Database Connection", "Permission Test")
        tests = []
        for index, title in enumerate(titles):
            ok = passed or index > 0
            tests.append(
                {
                    "title": title,
                    "status": "PASSED" if ok else "FAILED",
                    "message": "" if ok else "Could not connect to the host",
                }
            )
        if not passed:
            tests[1:] = [
                {"title": t["title"], "status": "SKIPPED", "message": ""} for t in tests[1:]
            ]
        doc["setup_tests"] = tests
        doc["setup_status"] = "connected" if passed else "broken"

    def create_destination(self, body: Any) -> dict[str, Any]:
        """``POST /v1/destinations`` (the destination id is the group id)."""
        body = _require_object(body)
        self.check_destination_refs(body)
        group_id = _required_str(body, "group_id")
        service = _required_str(body, "service")
        if service not in DESTINATION_SERVICES:
            raise InvalidInputError(f"Unsupported service '{service}'")
        tz = body.get("time_zone_offset")
        if tz is None:
            raise InvalidInputError("Field 'time_zone_offset' is required")
        if isinstance(tz, int) and not isinstance(tz, bool):
            tz = f"+{tz}" if tz > 0 else str(tz)
        if not isinstance(tz, str) or tz not in TIME_ZONE_OFFSETS:
            raise InvalidInputError(f"Invalid value '{tz}' for field 'time_zone_offset'")
        region = _enum(body, "region", REGIONS) or "GCP_US_EAST4"
        networking = _enum(body, "networking_method", NETWORKING_METHODS) or "Directly"
        config = body.get("config", {})
        if not isinstance(config, dict):
            raise InvalidInputError("Field 'config' must be an object")
        dst = _bool(body, "daylight_saving_time_enabled", False)
        run_tests = _bool(body, "run_setup_tests", True)
        self._group(group_id)
        if self.state.get("destinations", group_id) is not None:
            raise ConflictError(f"Destination for group '{group_id}' already exists")
        doc: Doc = {
            "id": group_id,
            "group_id": group_id,
            "service": service,
            "region": region,
            "time_zone_offset": tz,
            "setup_status": "incomplete",
            "daylight_saving_time_enabled": dst,
            "networking_method": networking,
            "private_link_id": _str(body, "private_link_id"),
            "hybrid_deployment_agent_id": _str(body, "hybrid_deployment_agent_id"),
            "proxy_agent_id": _str(body, "proxy_agent_id"),
            "external_secrets_manager_id": _str(body, "external_secrets_manager_id"),
            "config": _clone(config),
            "setup_tests": [],
        }
        if run_tests:
            self._destination_setup_tests(doc)
        self.state.put("destinations", group_id, doc)
        return self._with_tests(doc, self.render_destination(doc))

    def update_destination(self, destination_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/destinations/{destinationId}``."""
        doc = self._destination(destination_id)
        body = _require_object(body)
        self.check_destination_refs(body)
        if "region" in body:
            doc["region"] = _enum(body, "region", REGIONS) or doc["region"]
        if "time_zone_offset" in body:
            tz = body["time_zone_offset"]
            if not isinstance(tz, str) or tz not in TIME_ZONE_OFFSETS:
                raise InvalidInputError(f"Invalid value '{tz}' for field 'time_zone_offset'")
            doc["time_zone_offset"] = tz
        if "networking_method" in body:
            doc["networking_method"] = _enum(body, "networking_method", NETWORKING_METHODS)
        if "daylight_saving_time_enabled" in body:
            doc["daylight_saving_time_enabled"] = _bool(body, "daylight_saving_time_enabled")
        for key in (
            "private_link_id",
            "hybrid_deployment_agent_id",
            "proxy_agent_id",
            "external_secrets_manager_id",
        ):
            if key in body:
                doc[key] = _str(body, key)
        if "config" in body:
            config = body["config"]
            if not isinstance(config, dict):
                raise InvalidInputError("Field 'config' must be an object")
            doc["config"].update(_clone(config))
        if _bool(body, "run_setup_tests", True):
            self._destination_setup_tests(doc)
        self.state.touch("destinations", destination_id)
        return self._with_tests(doc, self.render_destination(doc))

    def delete_destination(self, destination_id: str) -> None:
        """``DELETE /v1/destinations/{destinationId}`` (409 while connections remain)."""
        self._destination(destination_id)
        count = len(self._connections_in_group(destination_id))
        if count:
            raise ConflictError(
                f"Destination with id '{destination_id}' cannot be deleted: it has {count} "
                "linked connection(s)"
            )
        self.state.delete("destinations", destination_id)

    def test_destination(self, destination_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/destinations/{destinationId}/test``."""
        doc = self._destination(destination_id)
        if body is not None:
            _require_object(body)
        self._destination_setup_tests(doc)
        self.state.touch("destinations", destination_id)
        return self._with_tests(doc, self.render_destination(doc))

    # ------------------------------------------------------------------------------------
    # connections
    # ------------------------------------------------------------------------------------

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
        return self.page(docs, cursor, limit, self._render_shared)

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
        paused = _bool(body, "paused")
        historical = _bool(body, "is_historical_sync")
        run_tests = _bool(body, "run_setup_tests", False)
        # Validation passed: commit the staged document.
        doc.clear()
        doc.update(staged)
        self.state.touch("connections", connection_id)
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
        edited = set(body) - {"paused", "trust_certificates", "trust_fingerprints"}
        if edited - {"run_setup_tests", "is_historical_sync"}:
            self._emit("edit_connector", doc)
        if run_tests:
            self._connection_setup_tests(doc)
        return self.render_connection(doc)

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

    # -- pause / resume ------------------------------------------------------------------

    def _pause(self, doc: Doc) -> None:
        doc["paused"] = True
        sync = self.state.get("syncs", doc["id"])
        if sync is not None:
            self.state.delete("syncs", doc["id"])
            if sync.get("active"):
                self._emit("sync_end", doc, {"status": "CANCELED"}, sync_id=sync["sync_id"])
        doc["status"]["sync_state"] = "paused"
        doc["status"]["rescheduled_for"] = None
        self._emit("pause_connector", doc)

    def _resume(self, doc: Doc) -> None:
        doc["paused"] = False
        doc["status"]["sync_state"] = "scheduled"
        self._emit("resume_connector", doc)
        if doc.pop("_pending_historical", False):
            self._start_sync(doc, historical=True)

    # -- syncs ----------------------------------------------------------------------------

    def sync_connection(self, connection_id: str, body: Any, *, forced: bool = False) -> None:
        """``POST /v1/connections/{connectionId}/sync`` (and the legacy ``/force``).

        Already syncing and ``force`` false: nothing happens (still 200). ``force`` true
        cancels the running sync and starts a new one. A paused connection answers 409.
        """
        doc = self._connection(connection_id)
        force = forced
        if body is not None:
            body = _require_object(body)
            force = bool(_bool(body, "force", False)) or forced
        if doc["paused"]:
            raise ConflictError(
                f"Connection with id '{connection_id}' is paused; resume it before syncing"
            )
        sync = self.state.get("syncs", connection_id)
        if sync is not None and sync.get("active") and not force:
            return
        self._emit("force_update_connector", doc)
        self._start_sync(doc, historical=bool(doc["status"]["is_historical_sync"]), restart=True)

    def resync_connection(self, connection_id: str, body: Any) -> None:
        """``POST /v1/connections/{connectionId}/resync`` (historical re-sync)."""
        doc = self._connection(connection_id)
        scope = None
        if body is not None:
            body = _require_object(body)
            if "scope" in body and body["scope"] is not None:
                scope = self._validate_scope(doc, body["scope"], "scope")
        self.complete_before_resync(connection_id)
        self._emit("resync_table" if scope else "resync_connector", doc)
        doc["status"]["is_historical_sync"] = True
        self.state.touch("connections", connection_id)
        if doc["paused"]:
            doc["_pending_historical"] = True
            return
        self._start_sync(doc, historical=True)

    def resync_tables(self, connection_id: str, body: Any) -> None:
        """``POST /v1/connections/{connectionId}/schemas/tables/resync``."""
        doc = self._connection(connection_id)
        self._validate_scope(doc, body, "request body")
        self.complete_before_resync(connection_id)
        self._emit("resync_table", doc)
        if not doc["paused"]:
            self._start_sync(doc, historical=False)

    def _validate_scope(self, doc: Doc, scope: Any, what: str) -> dict[str, list[str]]:
        """A re-sync scope: a map schema name → table names that all exist."""
        checked = validate_table_map(scope, what, "scope." if what == "scope" else "")
        cfg = self.state.get("schemas", doc["id"])
        if cfg is not None:
            catalog = {name: node["tables"] for name, node in cfg["schemas"].items()}
        else:
            catalog = self._source(doc)["schemas"]
        check_tables_exist(catalog, checked)
        return checked

    def _next_outcome(self, connection_id: str) -> dict[str, Any]:
        queue_doc = self.state.get("outcomes", connection_id)
        if queue_doc and queue_doc["queue"]:
            outcome: dict[str, Any] = queue_doc["queue"].pop(0)
            if queue_doc["queue"]:
                self.state.touch("outcomes", connection_id)
            else:
                self.state.delete("outcomes", connection_id)
            return outcome
        return {"outcome": "success"}

    def _start_sync(self, doc: Doc, *, historical: bool, restart: bool = False) -> None:
        connection_id = doc["id"]
        old = self.state.get("syncs", connection_id)
        if old is not None and old.get("active"):
            if not restart:
                return
            self._emit("sync_end", doc, {"status": "CANCELED"}, sync_id=old["sync_id"])
        outcome = self._next_outcome(connection_id)
        duration = outcome.get("duration")
        if duration is None:
            duration = self.settings.sync_duration_seconds
        started = self.state.stamp()
        due = self.state.clock.now() + timedelta(seconds=float(duration))
        sync: Doc = {
            "active": True,
            "sync_id": self.state.new_uuid(),
            "started_at": format_us(started),
            "due_at": format_us(due),
            "due_ts": due.timestamp(),
            "polls": 0,
            "polls_to_complete": outcome.get("polls"),
            "historical": historical,
            "outcome": outcome,
        }
        self.state.put("syncs", connection_id, sync)
        status = doc["status"]
        status["sync_state"] = "syncing"
        status["rescheduled_for"] = None
        if historical:
            status["is_historical_sync"] = True
        self.state.touch("connections", connection_id)
        self._emit("sync_start", doc, {}, sync_id=sync["sync_id"])

    def _poll(self, connection_id: str) -> None:
        sync = self.state.get("syncs", connection_id)
        if sync is None or not sync.get("active"):
            return
        sync["polls"] += 1
        self.state.touch("syncs", connection_id)
        needed = sync.get("polls_to_complete")
        if needed is None:
            needed = self.settings.sync_polls_to_complete
        if needed and sync["polls"] >= needed:
            self.finish_sync(connection_id)

    def finish_sync(self, connection_id: str, at: datetime | None = None) -> bool:
        """Complete the running sync of a connection (now, or dated ``at``, when it became
        due); return whether one was running."""
        sync = self.state.get("syncs", connection_id)
        doc = self.state.get("connections", connection_id)
        if sync is None or not sync.get("active") or doc is None:
            return False
        self.state.delete("syncs", connection_id)
        outcome = sync["outcome"]
        kind = outcome.get("outcome", "success")
        stamp = self.state.stamp(at)
        ts = format_us(stamp)
        status = doc["status"]
        status["sync_state"] = "paused" if doc["paused"] else "scheduled"
        status["rescheduled_for"] = None
        data: dict[str, Any]
        if kind == "success":
            doc["succeeded_at"] = ts
            status["is_historical_sync"] = False
            status["update_state"] = "on_schedule"
            status["setup_state"] = "connected"
            status["tasks"] = []
            status["warnings"] = []
            data = {"status": "SUCCESSFUL"}
            if doc["service"] in STATE_SERVICES:
                current = self.state.get("conn_states", connection_id)
                state = dict(current["state"]) if current else {}
                state["cursor"] = ts
                self.state.put("conn_states", connection_id, {"state": state})
        elif kind == "failure":
            reason = outcome.get("reason") or "The sync failed (injected by the fivetrex emulator)"
            doc["failed_at"] = ts
            status["update_state"] = "delayed"
            task_code = outcome.get("task_code")
            if task_code:
                status["tasks"] = [{"code": task_code, "message": reason, "details": reason}]
                status["setup_state"] = "broken"
                data = {"status": "FAILURE_WITH_TASK", "reason": reason, "taskType": task_code}
            else:
                status["warnings"] = [
                    {"code": "sync_failure", "message": reason, "details": reason}
                ]
                data = {"status": "FAILURE", "reason": reason}
        else:  # rescheduled
            after = outcome.get("reschedule_after")
            if after is None:
                after = self.settings.reschedule_after_seconds
            when = self.state.clock.now() + timedelta(seconds=float(after))
            reason = outcome.get("reason") or "Rescheduled: the source rate limit was reached"
            status["sync_state"] = "paused" if doc["paused"] else "rescheduled"
            status["rescheduled_for"] = format_us(when)
            if not doc["paused"]:
                self.state.put(
                    "syncs",
                    connection_id,
                    {
                        "active": False,
                        "sync_id": sync["sync_id"],
                        "rescheduled_for": format_us(when),
                        "due_ts": when.timestamp(),
                        "historical": sync["historical"],
                    },
                )
            data = {"status": "RESCHEDULED", "reason": reason, "rescheduledAt": format_us(when)}
        self.state.touch("connections", connection_id)
        self._emit("sync_end", doc, data, sync_id=sync["sync_id"])
        return True

    def schedule_outcome(self, connection_id: str, spec: dict[str, Any]) -> dict[str, Any]:
        """Queue the outcome of a future sync of a connection (control plane).

        ``spec`` keys: ``outcome`` (``success``/``failure``/``rescheduled``), optional
        ``reason``, ``task_code`` (failure with a task), ``reschedule_after`` (seconds),
        ``duration`` (virtual seconds), ``polls`` (GETs to complete), ``times`` (how many
        consecutive syncs get this outcome, default 1).
        """
        self._connection(connection_id)
        spec = _require_object(spec)
        outcome = spec.get("outcome", "success")
        if not isinstance(outcome, str) or outcome not in SYNC_OUTCOMES:
            raise InvalidInputError(
                f"Invalid outcome '{outcome}': use one of {', '.join(sorted(SYNC_OUTCOMES))}"
            )
        entry: dict[str, Any] = {"outcome": outcome}
        for key in ("reason", "task_code"):
            if spec.get(key) is not None:
                if not isinstance(spec[key], str):
                    raise InvalidInputError(f"Field '{key}' must be a string")
                entry[key] = spec[key]
        for key in ("reschedule_after", "duration"):
            if spec.get(key) is not None:
                value = spec[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise InvalidInputError(f"Field '{key}' must be a non-negative number")
                entry[key] = float(value)
        if spec.get("polls") is not None:
            polls = spec["polls"]
            if isinstance(polls, bool) or not isinstance(polls, int) or polls < 0:
                raise InvalidInputError("Field 'polls' must be a non-negative integer")
            entry["polls"] = polls
        times = spec.get("times", 1)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise InvalidInputError("Field 'times' must be a positive integer")
        queue_doc = self.state.get("outcomes", connection_id) or {"queue": []}
        queue_doc["queue"].extend(_clone(entry) for _ in range(times))
        self.state.put("outcomes", connection_id, queue_doc)
        return {"connection_id": connection_id, "queued": list(queue_doc["queue"])}

    def set_setup_tests_outcome(self, connection_id: str, passed: bool) -> None:
        """Make setup tests of a connection (or destination) pass or fail."""
        doc = self.state.get("connections", connection_id)
        kind = "connections"
        if doc is None:
            doc = self.state.get("destinations", connection_id)
            kind = "destinations"
        if doc is None:
            raise NotFoundError("Connection", connection_id)
        if passed:
            doc.pop("_fail_setup_tests", None)
        else:
            doc["_fail_setup_tests"] = True
        self.state.touch(kind, connection_id)

    # -- state ----------------------------------------------------------------------------

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

    # ------------------------------------------------------------------------------------
    # schema config
    # ------------------------------------------------------------------------------------

    def _schema_config(self, connection_id: str) -> Doc:
        self._connection(connection_id)
        cfg = self.state.get("schemas", connection_id)
        if cfg is None:
            raise NotFoundError(
                "SchemaConfig",
                connection_id,
                message=f"Connection with id '{connection_id}' doesn't have a schema config",
            )
        return cfg

    def render_schema_config(self, cfg: Doc) -> dict[str, Any]:
        """Public form of a schema config (only user-edited columns are listed)."""
        schemas: dict[str, Any] = {}
        for sname, schema in cfg["schemas"].items():
            tables: dict[str, Any] = {}
            for tname, table in schema["tables"].items():
                out = {k: _clone(v) for k, v in table.items() if k != "columns"}
                out["columns"] = {
                    cname: self._render_column(column)
                    for cname, column in table["columns"].items()
                    if column.get("_edited")
                }
                tables[tname] = out
            schemas[sname] = {
                "name_in_destination": schema["name_in_destination"],
                "enabled": schema["enabled"],
                "tables": tables,
            }
        handling = cfg["schema_change_handling"]
        return {
            "enable_new_by_default": handling == "ALLOW_ALL",
            "schema_change_handling": handling,
            "schemas": schemas,
        }

    @staticmethod
    def _render_column(column: Doc) -> dict[str, Any]:
        return {k: _clone(v) for k, v in column.items() if not k.startswith("_")}

    def get_schema_config(self, connection_id: str) -> dict[str, Any]:
        """``GET /v1/connections/{connectionId}/schemas``."""
        return self.render_schema_config(self._schema_config(connection_id))

    def _dest_schema_name(self, doc: Doc, source_schema: str) -> str:
        info = CONNECTION_SERVICES[doc["service"]]
        if info.kind == "database":
            return f"{doc['schema']}_{source_schema.lower()}"
        if info.kind == "table":
            return str(doc["config"].get("schema", source_schema))
        return str(doc["schema"])

    def _source(self, doc: Doc) -> Doc:
        source = self.state.get("sources", doc["id"])
        if source is None:
            source = {"schemas": default_source(doc["service"], doc["config"])}
            self.state.put("sources", doc["id"], source)
        return source

    def add_source_table(
        self,
        connection_id: str,
        schema: str,
        table: str,
        columns: list[str] | None = None,
    ) -> dict[str, Any]:
        """Add a table to the connection's simulated source (seen on the next reload)."""
        doc = self._connection(connection_id)
        if not isinstance(schema, str) or not schema or not isinstance(table, str) or not table:
            raise InvalidInputError("Fields 'schema' and 'table' must be non-empty strings")
        source = self._source(doc)
        if columns is None:
            cols = columns_for_table(table)
        else:
            if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
                raise InvalidInputError("Field 'columns' must be an array of strings")
            cols = [{"name": c, "primary_key": i == 0} for i, c in enumerate(columns)]
        source["schemas"].setdefault(schema, {})[table] = cols
        self.state.touch("sources", connection_id)
        return {"schemas": _clone(source["schemas"])}

    @staticmethod
    def _new_column(name: str, primary_key: bool, enabled: bool) -> Doc:
        settings: dict[str, Any] = {"allowed": True}
        if primary_key:
            settings = {
                "allowed": False,
                "reason_code": "SYSTEM_COLUMN",
                "reason": "The column does not support exclusion as it is a Primary Key",
            }
        return {
            "name_in_destination": name.lower(),
            "enabled": True if primary_key else enabled,
            "hashed": False,
            "enabled_patch_settings": settings,
            "is_primary_key": primary_key,
        }

    @staticmethod
    def _new_table(name: str, enabled: bool) -> Doc:
        return {
            "name_in_destination": name.lower(),
            "enabled": enabled,
            "sync_mode": "SOFT_DELETE",
            "enabled_patch_settings": {"allowed": True},
            "supports_columns_config": True,
            "supports_history_mode": True,
            "columns": {},
        }

    def reload_schema_config(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/schemas/reload``.

        ``exclude_mode`` ``PRESERVE`` (default) keeps the enabled flags of known items and
        enables new ones according to ``schema_change_handling``; ``EXCLUDE`` disables new
        schemas and tables.
        """
        doc = self._connection(connection_id)
        mode = "PRESERVE"
        if body is not None:
            body = _require_object(body)
            mode = _enum(body, "exclude_mode", ("PRESERVE", "EXCLUDE")) or "PRESERVE"
        cfg = self.state.get("schemas", connection_id)
        if cfg is None:
            cfg = {"schema_change_handling": "ALLOW_ALL", "schemas": {}}
        handling = cfg["schema_change_handling"]
        new_container = mode == "PRESERVE" and handling == "ALLOW_ALL"
        new_column = mode == "EXCLUDE" or handling != "BLOCK_ALL"
        source = self._source(doc)
        seen: set[tuple[str, str]] = set()
        for sname, tables in source["schemas"].items():
            schema = cfg["schemas"].get(sname)
            if schema is None:
                schema = {
                    "name_in_destination": self._dest_schema_name(doc, sname),
                    "enabled": new_container,
                    "tables": {},
                }
                cfg["schemas"][sname] = schema
            for tname, columns in tables.items():
                seen.add((sname, tname))
                table = schema["tables"].get(tname)
                if table is None:
                    table = self._new_table(tname, new_container)
                    schema["tables"][tname] = table
                elif table["enabled_patch_settings"].get("reason_code") == "DELETED":
                    table["enabled_patch_settings"] = {"allowed": True}
                for column in columns:
                    if column["name"] not in table["columns"]:
                        table["columns"][column["name"]] = self._new_column(
                            column["name"], bool(column.get("primary_key")), new_column
                        )
        for sname, schema in cfg["schemas"].items():
            for tname, table in schema["tables"].items():
                if (sname, tname) not in seen:
                    table["enabled_patch_settings"] = {"allowed": False, "reason_code": "DELETED"}
        self.state.put("schemas", connection_id, cfg)
        return self.render_schema_config(cfg)

    def pre_create_schema_config(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/connections/{connectionId}/schemas`` (only when none exists yet)."""
        doc = self._connection(connection_id)
        body = _require_object(body)
        if self.state.get("schemas", connection_id) is not None:
            raise ConflictError(f"Connection with id '{connection_id}' already has a schema config")
        schemas = body.get("schemas")
        if not isinstance(schemas, dict):
            raise InvalidInputError("Field 'schemas' is required")
        handling = _enum(body, "schema_change_handling", SCHEMA_CHANGE_HANDLING) or "ALLOW_ALL"
        cfg: Doc = {"schema_change_handling": handling, "schemas": {}}
        for sname, sbody in schemas.items():
            sbody = _require_object(sbody, f"schema '{sname}'")
            enabled = _bool(sbody, "enabled")
            if enabled is None:
                raise InvalidInputError(f"Field 'schemas.{sname}.enabled' is required")
            schema: Doc = {
                "name_in_destination": self._dest_schema_name(doc, sname),
                "enabled": enabled,
                "tables": {},
            }
            tables = sbody.get("tables") or {}
            if not isinstance(tables, dict):
                raise InvalidInputError(f"Field 'schemas.{sname}.tables' must be an object")
            for tname, tbody in tables.items():
                tbody = _require_object(tbody, f"table '{tname}'")
                tenabled = _bool(tbody, "enabled")
                if tenabled is None:
                    raise InvalidInputError(
                        f"Field 'schemas.{sname}.tables.{tname}.enabled' is required"
                    )
                table = self._new_table(tname, tenabled)
                mode = _enum(tbody, "sync_mode", SYNC_MODES)
                if mode:
                    table["sync_mode"] = mode
                columns = tbody.get("columns") or {}
                if not isinstance(columns, dict):
                    raise InvalidInputError("Field 'columns' must be an object")
                for cname, cbody in columns.items():
                    cbody = _require_object(cbody, f"column '{cname}'")
                    pk = bool(_bool(cbody, "is_primary_key", False))
                    column = self._new_column(cname, pk, bool(_bool(cbody, "enabled", True)))
                    column["hashed"] = bool(_bool(cbody, "hashed", False))
                    column["_edited"] = True
                    table["columns"][cname] = column
                schema["tables"][tname] = table
            cfg["schemas"][sname] = schema
        self.state.put("schemas", connection_id, cfg)
        return self.render_schema_config(cfg)

    def _patch_column(self, column: Doc, name: str, body: Any, *, require_enabled: bool) -> None:
        body = _require_object(body, f"column '{name}'")
        enabled = _bool(body, "enabled")
        if enabled is None and require_enabled:
            raise InvalidInputError("Field 'enabled' is required")
        hashed = _bool(body, "hashed")
        pk = _bool(body, "is_primary_key")
        if enabled is not None and enabled != column["enabled"]:
            if not column["enabled_patch_settings"].get("allowed", True):
                reason = column["enabled_patch_settings"].get("reason", "it is a system column")
                raise InvalidInputError(f"Column '{name}' cannot be excluded: {reason}")
            column["enabled"] = enabled
        if hashed is not None:
            column["hashed"] = hashed
        if pk is not None:
            column["is_primary_key"] = pk
        column["_edited"] = True

    def _patch_table(self, table: Doc, name: str, body: Any, *, require_enabled: bool) -> None:
        body = _require_object(body, f"table '{name}'")
        enabled = _bool(body, "enabled")
        if enabled is None and require_enabled:
            raise InvalidInputError("Field 'enabled' is required")
        if enabled is not None and enabled != table["enabled"]:
            if not table["enabled_patch_settings"].get("allowed", True):
                raise InvalidInputError(f"Table '{name}' cannot be changed")
            table["enabled"] = enabled
        mode = _enum(body, "sync_mode", SYNC_MODES)
        if mode is not None:
            table["sync_mode"] = mode
        columns = body.get("columns")
        if columns is not None:
            if not isinstance(columns, dict):
                raise InvalidInputError("Field 'columns' must be an object")
            for cname, cbody in columns.items():
                column = table["columns"].get(cname)
                if column is None:
                    raise NotFoundError(
                        "Column",
                        cname,
                        message=f"Column '{cname}' does not exist in table '{name}'",
                    )
                self._patch_column(column, cname, cbody, require_enabled=False)

    def _patch_schema(self, schema: Doc, name: str, body: Any, *, require_enabled: bool) -> None:
        body = _require_object(body, f"schema '{name}'")
        enabled = _bool(body, "enabled")
        if enabled is None and require_enabled:
            raise InvalidInputError("Field 'enabled' is required")
        if enabled is not None:
            schema["enabled"] = enabled
        tables = body.get("tables")
        if tables is not None:
            if not isinstance(tables, dict):
                raise InvalidInputError("Field 'tables' must be an object")
            for tname, tbody in tables.items():
                table = schema["tables"].get(tname)
                if table is None:
                    raise NotFoundError(
                        "Table", tname, message=f"Table '{tname}' does not exist in schema '{name}'"
                    )
                self._patch_table(table, tname, tbody, require_enabled=False)

    def _locate(
        self, cfg: Doc, schema: str, table: str | None = None, column: str | None = None
    ) -> Doc:
        node: Doc | None = cfg["schemas"].get(schema)
        if node is None:
            raise NotFoundError("Schema", schema, message=f"Schema '{schema}' does not exist")
        if table is not None:
            node = node["tables"].get(table)
            if node is None:
                raise NotFoundError(
                    "Table", table, message=f"Table '{table}' does not exist in schema '{schema}'"
                )
        if column is not None:
            assert table is not None
            node = node["columns"].get(column)
            if node is None:
                raise NotFoundError(
                    "Column",
                    column,
                    message=f"Column '{column}' does not exist in table '{schema}.{table}'",
                )
        return node

    def _edit_config(self, connection_id: str, apply: Any) -> dict[str, Any]:
        cfg = self._schema_config(connection_id)
        staged = _clone(cfg)
        apply(staged)
        self.state.put("schemas", connection_id, staged | {"_seq": cfg["_seq"]})
        return self.render_schema_config(staged)

    def update_schema_config(self, connection_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas``."""
        body = _require_object(body)

        def apply(cfg: Doc) -> None:
            handling = _enum(body, "schema_change_handling", SCHEMA_CHANGE_HANDLING)
            if handling is not None:
                cfg["schema_change_handling"] = handling
            locked = _bool(body, "is_type_locked")
            if locked is not None:
                cfg["is_type_locked"] = locked
            schemas = body.get("schemas")
            if schemas is not None:
                if not isinstance(schemas, dict):
                    raise InvalidInputError("Field 'schemas' must be an object")
                for sname, sbody in schemas.items():
                    self._patch_schema(
                        self._locate(cfg, sname), sname, sbody, require_enabled=False
                    )

        return self._edit_config(connection_id, apply)

    def update_schema(self, connection_id: str, schema: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas/{schemaName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_schema(
                self._locate(cfg, schema), schema, body, require_enabled=True
            ),
        )

    def update_table(
        self, connection_id: str, schema: str, table: str, body: Any
    ) -> dict[str, Any]:
        """``PATCH /v1/connections/{connectionId}/schemas/{schemaName}/tables/{tableName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_table(
                self._locate(cfg, schema, table), table, body, require_enabled=True
            ),
        )

    def update_column(
        self, connection_id: str, schema: str, table: str, column: str, body: Any
    ) -> dict[str, Any]:
        """``PATCH .../schemas/{schemaName}/tables/{tableName}/columns/{columnName}``."""
        return self._edit_config(
            connection_id,
            lambda cfg: self._patch_column(
                self._locate(cfg, schema, table, column), column, body, require_enabled=True
            ),
        )

    def get_table_columns(self, connection_id: str, schema: str, table: str) -> dict[str, Any]:
        """``GET .../schemas/{schema}/tables/{table}/columns`` (every column, edited or not)."""
        doc = self._connection(connection_id)
        cfg = self._schema_config(connection_id)
        node = self._locate(cfg, schema, table)
        if doc["status"]["setup_state"] != "connected":
            raise InvalidInputError(
                f"Connection with id '{connection_id}' must be in 'connected' setup state to "
                "read source table columns"
            )
        return {"columns": {name: self._render_column(c) for name, c in node["columns"].items()}}

    def drop_column(self, connection_id: str, schema: str, table: str, column: str) -> None:
        """``DELETE .../columns/{columnName}`` (409 unless the column is blocked)."""
        cfg = self._schema_config(connection_id)
        node = self._locate(cfg, schema, table, column)
        if node["enabled"]:
            raise ConflictError(f"Column '{column}' is not blocked; disable it before dropping it")

    def drop_columns(self, connection_id: str, body: Any) -> None:
        """``POST /v1/connections/{connectionId}/schemas/drop-columns``."""
        cfg = self._schema_config(connection_id)
        body = _require_object(body)
        schemas = body.get("schemas")
        if not isinstance(schemas, dict) or not schemas:
            raise InvalidInputError("Field 'schemas' is required")
        for sname, sbody in schemas.items():
            tables = _require_object(sbody, f"schema '{sname}'").get("tables")
            if not isinstance(tables, dict):
                raise InvalidInputError(f"Field 'schemas.{sname}.tables' is required")
            for tname, tbody in tables.items():
                columns = _require_object(tbody, f"table '{tname}'").get("columns")
                if not isinstance(columns, list) or not columns:
                    raise InvalidInputError(
                        f"Field 'schemas.{sname}.tables.{tname}.columns' must be a non-empty array"
                    )
                for cname in columns:
                    node = self._locate(cfg, sname, tname, str(cname))
                    if node["enabled"]:
                        raise ConflictError(f"Column '{cname}' is not blocked")

    # ------------------------------------------------------------------------------------
    # webhooks
    # ------------------------------------------------------------------------------------

    def render_webhook(self, doc: Doc) -> dict[str, Any]:
        """Public form of a webhook (``secret`` masked)."""
        out = _public(doc)
        out["events"] = list(doc["events"])
        if doc.get("secret"):
            out["secret"] = MASK
        else:
            out.pop("secret", None)
        return out

    def list_webhooks(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/webhooks``."""
        return self.page(self.state.values("webhooks"), cursor, limit, self.render_webhook)

    def get_webhook(self, webhook_id: str) -> dict[str, Any]:
        """``GET /v1/webhooks/{webhookId}``."""
        return self.render_webhook(self._webhook(webhook_id))

    def _webhook_url(self, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise InvalidInputError("Field 'url' is required")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInputError(f"Invalid webhook url '{value}'")
        if self.settings.require_https and parts.scheme != "https":
            raise InvalidInputError(f"Webhook url '{value}' must use https")
        return value

    @staticmethod
    def _webhook_events(value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            raise InvalidInputError("Field 'events' is required and must be a non-empty array")
        for event in value:
            if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
                raise InvalidInputError(f"Unsupported webhook event '{event}'")
        return list(dict.fromkeys(value))

    def _create_webhook(self, body: Any, group_id: str | None) -> dict[str, Any]:
        body = _require_object(body)
        url = self._webhook_url(body.get("url"))
        events = self._webhook_events(body.get("events"))
        active = _bool(body, "active", True)
        secret = _str(body, "secret")
        webhook_id = self.state.new_id()
        doc: Doc = {"id": webhook_id, "type": "group" if group_id else "account"}
        if group_id:
            doc["group_id"] = group_id
        doc.update(
            {
                "url": url,
                "events": events,
                "active": active,
                "secret": secret,
                "created_at": self.now_iso(),
                "created_by": self.settings.user_id,
            }
        )
        self.state.put("webhooks", webhook_id, doc)
        return self.render_webhook(doc)

    def create_account_webhook(self, body: Any) -> dict[str, Any]:
        """``POST /v1/webhooks/account``."""
        return self._create_webhook(body, None)

    def create_group_webhook(self, group_id: str, body: Any) -> dict[str, Any]:
        """``POST /v1/webhooks/group/{groupId}``."""
        self._group(group_id)
        return self._create_webhook(body, group_id)

    def update_webhook(self, webhook_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/webhooks/{webhookId}``."""
        doc = self._webhook(webhook_id)
        body = _require_object(body)
        staged = dict(doc)
        if "url" in body:
            staged["url"] = self._webhook_url(body["url"])
        if "events" in body:
            staged["events"] = self._webhook_events(body["events"])
        if "active" in body:
            staged["active"] = _bool(body, "active", True)
        if "secret" in body:
            staged["secret"] = _str(body, "secret")
        doc.update(staged)
        self.state.touch("webhooks", webhook_id)
        return self.render_webhook(doc)

    def delete_webhook(self, webhook_id: str) -> None:
        """``DELETE /v1/webhooks/{webhookId}``."""
        self._webhook(webhook_id)
        self.state.delete("webhooks", webhook_id)

    def webhook_test_delivery(self, webhook_id: str, body: Any) -> PendingDelivery:
        """Prepare the test event of ``POST /v1/webhooks/{webhookId}/test``."""
        doc = self._webhook(webhook_id)
        body = _require_object(body)
        event = body.get("event")
        if not isinstance(event, str) or event not in WEBHOOK_EVENTS:
            raise InvalidInputError("Field 'event' is required and must be a webhook event name")
        payload = {
            "event": event,
            "created": format_ms(self.state.stamp()),
            "connector_type": "_connector_type",
            "connector_id": "_connector_1",
            "destination_group_id": "_destination_1",
        }
        return PendingDelivery(doc["id"], doc["url"], doc.get("secret"), event, payload)

    def _emit(
        self,
        event: str,
        conn: Doc,
        data: dict[str, Any] | None = None,
        *,
        sync_id: str | None = None,
    ) -> None:
        self.observe_event(event, conn, data, sync_id)
        if not self.settings.deliver_webhooks:
            return
        targets = [
            w
            for w in self.state.values("webhooks")
            if w["active"]
            and event in w["events"]
            and (w["type"] == "account" or w.get("group_id") == conn["group_id"])
        ]
        if not targets:
            return
        payload: dict[str, Any] = {
            "event": event,
            "created": format_ms(self.state.stamp()),
            "connector_type": conn["service"],
            "connector_id": conn["id"],
            "connector_name": conn["schema"],
        }
        if sync_id is not None:
            payload["sync_id"] = sync_id
        payload["destination_group_id"] = conn["group_id"]
        if data is not None:
            payload["data"] = data
        for webhook in targets:
            self.outbox.append(
                PendingDelivery(
                    webhook["id"], webhook["url"], webhook.get("secret"), event, payload
                )
            )
