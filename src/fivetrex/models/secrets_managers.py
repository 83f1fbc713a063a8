"""External secrets managers (AWS Secrets Manager, Azure Key Vault, HashiCorp Vault)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel, Timestamp

__all__ = ["ExternalSecretsManager", "SecretsManagerEntity"]


class ExternalSecretsManager(FivetrexModel):
    """An external secrets manager connections and destinations can read secrets from."""

    id: str
    """The id."""
    type: str | None = None
    """``AWS_SECRET_MANAGER``, ``AZURE_KEY_VAULT`` or ``HASHICORP_VAULT``."""
    name: str | None = None
    """The name (unique in the account)."""
    config: dict[str, Any] = Field(default_factory=dict)
    """Provider-specific configuration (``role_arn``, ``vault_url``...)."""
    is_hybrid_deployment: bool | None = None
    """Whether it works with hybrid deployment."""
    created_at: Timestamp = None
    """When it was created."""
    updated_at: Timestamp = None
    """When it was last updated."""


class SecretsManagerEntity(FivetrexModel):
    """A connection or destination that uses an external secrets manager."""

    id: str | None = None
    """The connection or destination id."""
    type: str | None = None
    """``SOURCE`` or ``DESTINATION``."""
    name: str | None = None
    """Its name."""
    enabled: bool | None = None
    """Whether it is enabled."""
    secret_manager_id: str | None = None
    """The secrets manager it uses."""
    created_at: Timestamp = None
    """When it started using it."""
