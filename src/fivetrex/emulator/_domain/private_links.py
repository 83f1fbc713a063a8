"""Private links and their time-driven status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._platform_catalog import (
    PRIVATE_LINK_REGIONS,
    PRIVATE_LINK_SERVICES,
)

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _NAME_RE,
    PRIVATE_LINK_DESTROY_SECONDS,
    PRIVATE_LINK_READY_SECONDS,
    _clone_obj,
    _enum,
    _obj,
    _req_str,
)

__all__ = ["PrivateLinksArea"]


class PrivateLinksArea(BackendBase):
    """Private links (creating, ready, destroying by the clock)."""

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
