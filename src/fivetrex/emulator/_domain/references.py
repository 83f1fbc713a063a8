"""References from connections and destinations to platform resources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
)

__all__ = ["ReferencesArea"]


class ReferencesArea(BackendBase):
    """Checks of the agent, proxy, link and package ids a connection or destination names."""

    if TYPE_CHECKING:

        def _package_connection(self, package_id: str) -> str | None: ...

        def _refresh_private_links(self) -> None: ...

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
