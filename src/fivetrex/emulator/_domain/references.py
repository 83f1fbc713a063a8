"""References from connections and destinations to platform resources."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import UNSET, Unset
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
)
from fivetrex.emulator._state import Doc

__all__ = ["PlatformRefs", "ReferencesArea"]

_REF_KINDS: dict[str, tuple[str, str]] = {
    "proxy_agent_id": ("proxy_agents", "Proxy agent"),
    "private_link_id": ("private_links", "Private link"),
    "hybrid_deployment_agent_id": ("hd_agents", "Hybrid deployment agent"),
    "external_secrets_manager_id": ("esms", "External secrets manager"),
}
"""Each reference field: the kind of document it names and that kind's label (checked in
this order)."""


@dataclass(frozen=True, kw_only=True)
class PlatformRefs:
    """The platform resources a connection or destination names.

    Each field is an id, ``None`` (sent as ``null``: clears the reference) or
    :data:`UNSET` (not sent: keeps it).
    """

    private_link_id: str | Unset | None = UNSET
    proxy_agent_id: str | Unset | None = UNSET
    hybrid_deployment_agent_id: str | Unset | None = UNSET
    external_secrets_manager_id: str | Unset | None = UNSET

    def given(self) -> Iterator[tuple[str, str | None]]:
        """``(field, value)`` of each reference sent (in declaration order)."""
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not UNSET:
                yield item.name, value

    def apply_to(self, doc: Doc) -> None:
        """Set the references sent on ``doc`` (``None`` clears one)."""
        for name, value in self.given():
            doc[name] = value


class ReferencesArea(BackendBase):
    """Checks of the agent, proxy, link and package ids a connection or destination names."""

    if TYPE_CHECKING:

        def _package_connection(self, package_id: str) -> str | None: ...

        def _refresh_private_links(self) -> None: ...

    def _check_refs(self, refs: PlatformRefs) -> None:
        self._refresh_private_links()
        for field, (kind, label) in _REF_KINDS.items():
            value = getattr(refs, field)
            if value is None or value is UNSET:
                continue
            doc = self.state.get(kind, value)
            if doc is None or doc.get("state") == "DESTROYING":
                raise InvalidInputError(
                    f"{label} with id '{value}' does not exist (field '{field}')"
                )

    def check_connection_refs(
        self,
        refs: PlatformRefs,
        config: Mapping[str, Any] | None,
        *,
        service: str,
        connection_id: str | None = None,
    ) -> None:
        """Validate the platform ids a connection create/update names.

        Proxy agent, private link, hybrid deployment agent and external secrets manager
        ids in ``refs`` must exist (400). A Connector SDK connection's (``service``)
        ``config.package_id`` must be an existing package not already used by another
        connection than ``connection_id`` (400 / 409).
        """
        self._check_refs(refs)
        if config is None or config.get("package_id") is None or service != "connector_sdk":
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

    def check_destination_refs(self, refs: PlatformRefs) -> None:
        """Validate the platform ids a destination create/update names (400 if missing)."""
        self._check_refs(refs)
