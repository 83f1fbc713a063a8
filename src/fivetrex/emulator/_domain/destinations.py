"""Destinations and their setup tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivetrex.emulator._catalog import (
    DESTINATION_SERVICES,
    NETWORKING_METHODS,
    REGIONS,
    TIME_ZONE_OFFSETS,
)
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import (
    Page,
    _bool,
    _enum,
    _require_object,
    _required_str,
    _str,
)
from fivetrex.emulator._errors import ConflictError, InvalidInputError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._state import Doc

__all__ = ["DestinationsArea"]


class DestinationsArea(BackendBase):
    """Destinations: create, read, update, delete, test."""

    if TYPE_CHECKING:

        def check_destination_refs(self, body: Any) -> None: ...

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
