"""Private links and their time-driven status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
)
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._platform_catalog import PRIVATE_LINK_SERVICES

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    PRIVATE_LINK_DESTROY_SECONDS,
    PRIVATE_LINK_READY_SECONDS,
    _clone_obj,
)

__all__ = ["PrivateLinksArea", "check_link_config"]


def check_link_config(service: str, config: Mapping[str, Any]) -> None:
    """400 naming the fields ``service`` requires that ``config`` lacks (or has empty)."""
    missing = [k for k in PRIVATE_LINK_SERVICES[service][1] if config.get(k) in (None, "")]
    if missing:
        raise InvalidInputError(
            f"Field(s) {', '.join(f'config.{k}' for k in missing)} required for private "
            f"link service '{service}'"
        )


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
        message = f"Private link with id '{link_id}' does not exist."
        return self.state.require("private_links", link_id, "PrivateLink", message=message)

    @staticmethod
    def render_private_link(doc: Doc) -> dict[str, Any]:
        """Public form of a private link."""
        return _public(doc)

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

    def create_private_link(
        self, name: str, region: str, service: str, config: Mapping[str, Any]
    ) -> dict[str, Any]:
        """``POST /v1/private-links`` (``CREATING``, then ``OK`` after a while).

        The route checks the name's form, that ``region`` is a private-link region of the
        cloud of ``service`` (a ``PRIVATE_LINK_SERVICES`` key) and that ``config`` has the
        fields ``service`` requires (:func:`check_link_config`); 409 for a name in use.
        """
        cloud = PRIVATE_LINK_SERVICES[service][0]
        self._refresh_private_links()
        self._check_name_free("private_links", name, "Private link")
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
            "config": _clone_obj(dict(config)),
            "_ready_ts": self._due(PRIVATE_LINK_READY_SECONDS),
        }
        self.state.put("private_links", link_id, doc)
        return self.render_private_link(doc)

    def update_private_link(
        self,
        link_id: str,
        *,
        config: Mapping[str, Any] | None = None,
        restated: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """``PATCH /v1/private-links/{privateLinkId}`` (``config`` only; ``UPDATING``).

        ``config`` (``None``: unchanged) is merged into the link's and must then have every
        field its service requires. ``restated`` holds the ``name``, ``region`` or
        ``service`` the request sent: 400 unless each equals the link's (they cannot be
        changed).
        """
        doc = self._private_link(link_id)
        for key, value in (restated or {}).items():
            if value != doc[key]:
                raise InvalidInputError(f"Field '{key}' of a private link cannot be changed")
        if doc["state"] == "DESTROYING":
            raise ConflictError(f"Private link with id '{link_id}' is marked for deletion")
        if config is not None:
            merged = {**doc["config"], **config}
            check_link_config(doc["service"], merged)
            doc["config"] = _clone_obj(merged)
            doc["state"] = "UPDATING"
            doc["state_summary"] = "The private link is being updated"
            doc["_ready_ts"] = self._due(PRIVATE_LINK_READY_SECONDS)
        self.state.touch("private_links", link_id)
        return self.render_private_link(doc)

    def delete_private_link(self, link_id: str) -> None:
        """``DELETE /v1/private-links/{privateLinkId}``: marked for deletion (409 while used)."""
        doc = self._private_link(link_id)
        usage = self._usage("private_link_id", link_id)
        if usage:
            raise ConflictError(f"Private link '{link_id}' is {usage}")
        if doc["state"] != "DESTROYING":
            doc["state"] = "DESTROYING"
            doc["state_summary"] = "The private link is marked for deletion"
            doc["_destroy_ts"] = self._due(PRIVATE_LINK_DESTROY_SECONDS)
            doc.pop("_ready_ts", None)
            self.state.touch("private_links", link_id)
