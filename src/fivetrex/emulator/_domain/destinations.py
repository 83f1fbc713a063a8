"""Destinations and their setup tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fivetrex.emulator._domain._common import UNSET, Page, Unset
from fivetrex.emulator._domain.references import PlatformRefs, ReferencesArea
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._state import Doc

__all__ = ["DestinationChanges", "DestinationsArea", "NewDestination"]


@dataclass(frozen=True, kw_only=True)
class NewDestination:
    """A destination to create (``POST /v1/destinations``), its values already checked.

    Attributes:
        group_id: The group the destination belongs to (and the destination's id).
        service: A service of the destination catalogue.
        time_zone_offset: One of the catalogue's offsets, e.g. ``"-5"`` or ``"+1"``.
        region: One of the catalogue's regions.
        networking_method: One of the catalogue's networking methods.
        config: The service's configuration (free-form; secrets are masked on output).
        daylight_saving_time_enabled: Whether daylight saving time applies.
        run_setup_tests: Whether to run the setup tests on creation.
        refs: The platform resources it names (agents, proxy, private link, secrets).
    """

    group_id: str
    service: str
    time_zone_offset: str
    region: str = "GCP_US_EAST4"
    networking_method: str = "Directly"
    config: dict[str, Any] = field(default_factory=dict)
    daylight_saving_time_enabled: bool = False
    run_setup_tests: bool = True
    refs: PlatformRefs = field(default_factory=PlatformRefs)


@dataclass(frozen=True, kw_only=True)
class DestinationChanges:
    """An update of a destination (``PATCH /v1/destinations/{destinationId}``).

    ``None`` keeps ``region``, ``time_zone_offset`` and ``config`` (``config`` is merged
    into the current one); :data:`UNSET` keeps the other fields, whose ``None`` is stored.
    """

    region: str | None = None
    time_zone_offset: str | None = None
    networking_method: str | Unset | None = UNSET
    daylight_saving_time_enabled: bool | Unset | None = UNSET
    config: dict[str, Any] | None = None
    run_setup_tests: bool = True
    refs: PlatformRefs = field(default_factory=PlatformRefs)


class DestinationsArea(ReferencesArea):
    """Destinations: create, read, update, delete, test."""

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

    def create_destination(self, new: NewDestination) -> dict[str, Any]:
        """``POST /v1/destinations`` (the destination id is the group id).

        ``new`` holds checked values (by the route); here: the references exist (400), the
        group exists (404) and has no destination yet (409).
        """
        self.check_destination_refs(new.refs)
        group_id = new.group_id
        self._group(group_id)
        if self.state.get("destinations", group_id) is not None:
            raise ConflictError(f"Destination for group '{group_id}' already exists")
        doc: Doc = {
            "id": group_id,
            "group_id": group_id,
            "service": new.service,
            "region": new.region,
            "time_zone_offset": new.time_zone_offset,
            "setup_status": "incomplete",
            "daylight_saving_time_enabled": new.daylight_saving_time_enabled,
            "networking_method": new.networking_method,
            "private_link_id": None,
            "hybrid_deployment_agent_id": None,
            "proxy_agent_id": None,
            "external_secrets_manager_id": None,
            "config": _clone(new.config),
            "setup_tests": [],
        }
        new.refs.apply_to(doc)
        if new.run_setup_tests:
            self._destination_setup_tests(doc)
        self.state.put("destinations", group_id, doc)
        return self._with_tests(doc, self.render_destination(doc))

    def update_destination(
        self, destination_id: str, changes: DestinationChanges
    ) -> dict[str, Any]:
        """``PATCH /v1/destinations/{destinationId}``: apply ``changes`` (checked by the
        route; the references they name must exist, 400)."""
        doc = self._destination(destination_id)
        self.check_destination_refs(changes.refs)
        kept_when_none = (
            ("region", changes.region),
            ("time_zone_offset", changes.time_zone_offset),
        )
        doc.update((key, value) for key, value in kept_when_none if value is not None)
        kept_when_unset = (
            ("networking_method", changes.networking_method),
            ("daylight_saving_time_enabled", changes.daylight_saving_time_enabled),
        )
        doc.update((key, value) for key, value in kept_when_unset if value is not UNSET)
        changes.refs.apply_to(doc)
        if changes.config is not None:
            doc["config"].update(_clone(changes.config))
        if changes.run_setup_tests:
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

    def test_destination(self, destination_id: str) -> dict[str, Any]:
        """``POST /v1/destinations/{destinationId}/test``."""
        doc = self._destination(destination_id)
        self._destination_setup_tests(doc)
        self.state.touch("destinations", destination_id)
        return self._with_tests(doc, self.render_destination(doc))
