"""``client.external_secrets_managers``: where connections and destinations read secrets."""

from __future__ import annotations

from typing import Any, Final, Literal

from .._operation import Resource, endpoint, stream_of
from ..models import ExternalSecretsManager, Page, SecretsManagerEntity

__all__ = ["ExternalSecretsManagers"]

ManagerType = Literal["AWS_SECRET_MANAGER", "AZURE_KEY_VAULT", "HASHICORP_VAULT"]
EntityType = Literal["source", "destination", "all"]


class ExternalSecretsManagers(Resource):
    """External secrets managers: ``client.external_secrets_managers``."""

    @endpoint("GET", "/external-secrets-managers", operation_id="list_esms")
    def list(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ExternalSecretsManager]:
        """List one page of external secrets managers.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/external-secrets-managers/{esm_id}", operation_id="get_esm_details")
    def get(self, esm_id: str) -> ExternalSecretsManager:
        """Retrieve an external secrets manager."""
        ...

    @endpoint("POST", "/external-secrets-managers", operation_id="create_esm")
    def create(
        self,
        *,
        type: ManagerType,
        name: str,
        config: dict[str, Any],
        is_hybrid_deployment: bool | None = None,
    ) -> ExternalSecretsManager:
        """Create an external secrets manager.

        Args:
            type: ``AWS_SECRET_MANAGER``, ``AZURE_KEY_VAULT`` or ``HASHICORP_VAULT``.
            name: The name (unique in the account).
            config: Provider-specific: ``role_arn`` (AWS), ``vault_url`` (Azure)...
            is_hybrid_deployment: Whether it serves hybrid deployment agents.
        """
        ...

    @endpoint("PATCH", "/external-secrets-managers/{esm_id}", operation_id="modify_esm")
    def update(self, esm_id: str, *, config: dict[str, Any]) -> ExternalSecretsManager:
        """Replace an external secrets manager's configuration."""
        ...

    @endpoint("DELETE", "/external-secrets-managers/{esm_id}", operation_id="delete_esm")
    def delete(self, esm_id: str) -> None:
        """Delete an external secrets manager (refused with 400 while in use)."""
        ...

    @endpoint(
        "GET", "/external-secrets-managers/{esm_id}/entities", operation_id="get_esm_entities"
    )
    def list_entities(
        self, esm_id: str, *, type: EntityType | None = None
    ) -> Page[SecretsManagerEntity]:
        """List the connections and destinations using an external secrets manager.

        Args:
            type: ``source``, ``destination`` or ``all``.
        """
        ...

    @endpoint("GET", "/external-secrets-managers-entities", operation_id="list_esm_entities")
    def list_all_entities(
        self, *, esm_id: str | None = None, type: EntityType | None = None
    ) -> Page[SecretsManagerEntity]:
        """List the connections and destinations using any external secrets manager.

        Args:
            esm_id: Only those using this one.
            type: ``source``, ``destination`` or ``all``.
        """
        ...
