"""Hybrid deployment agents and proxy agents."""

from __future__ import annotations

from pydantic import Field

from ._base import FivetrexModel, Timestamp

__all__ = [
    "AgentUsage",
    "HybridDeploymentAgent",
    "HybridDeploymentAgentFiles",
    "ProxyAgent",
    "ProxyAgentConnection",
    "ProxyAgentSecrets",
]


class AgentUsage(FivetrexModel):
    """A connection that uses an agent."""

    connection_id: str | None = None
    """The connection id (hybrid deployment agents)."""
    id: str | None = None
    """The connection id (proxy agents)."""
    schema_: str | None = Field(default=None, alias="schema")
    """The connection name."""
    service: str | None = None
    """The connector type."""

    @property  # the API's field name, not pydantic's deprecated ``BaseModel.schema()``
    def schema(self) -> str | None:  # type: ignore[override]
        """The connection name (the ``schema`` field)."""
        return self.schema_


class HybridDeploymentAgentFiles(FivetrexModel):
    """The files to install an agent with (base64-encoded contents)."""

    config_json: str | None = None
    """``config.json``."""
    auth_json: str | None = None
    """``auth.json``."""
    docker_compose_yaml: str | None = None
    """``docker-compose.yaml``."""


class HybridDeploymentAgent(FivetrexModel):
    """A hybrid deployment agent (runs syncs in your own environment)."""

    id: str
    """The agent id."""
    display_name: str | None = None
    """The display name."""
    group_id: str | None = None
    """The group it belongs to."""
    version: str | None = None
    """The agent version."""
    enabled: bool | None = None
    """Whether it is enabled."""
    online: bool | None = None
    """Whether it is connected now."""
    deployment_type: str | None = None
    """``DOCKER``, ``PODMAN``, ``KUBERNETES`` or ``SNOWPARK``."""
    registered_at: Timestamp = None
    """When it registered."""
    created_by: str | None = None
    """The id of the user who created it."""
    updated_at: Timestamp = None
    """When it was last updated."""
    last_used_at: Timestamp = None
    """When it last ran a job."""
    usage: list[AgentUsage] = Field(default_factory=list)
    """The connections using it (details and lists)."""
    files: HybridDeploymentAgentFiles | None = None
    """Installation files (only on create and re-auth)."""
    token: str | None = None
    """The authentication token (only on create and re-auth)."""


class ProxyAgent(FivetrexModel):
    """A proxy agent (relays Fivetran's traffic from inside your network)."""

    id: str
    """The agent id."""
    display_name: str | None = None
    """The display name."""
    account_id: str | None = None
    """The account id."""
    region: str | None = None
    """The data processing region."""
    version: str | None = None
    """The agent version."""
    status: str | None = None
    """e.g. ``CONNECTED``."""
    created_by: str | None = None
    """The id of the user who created it."""
    registered_at: Timestamp = None
    """When it registered."""
    connector_count: int | None = None
    """How many connections use it (lists)."""
    destination_count: int | None = None
    """How many destinations use it (lists)."""
    usage: list[AgentUsage] = Field(default_factory=list)
    """The connections using it (details)."""


class ProxyAgentSecrets(FivetrexModel):
    """A proxy agent's credentials (only returned on create and regenerate)."""

    agent_id: str | None = None
    """The agent id."""
    auth_token: str | None = None
    """The agent's authentication token."""
    client_cert: str | None = None
    """The client certificate."""
    client_private_key: str | None = None
    """The client private key."""
    orchestrator_host: str | None = None
    """Where the agent connects to."""
    orchestrator_port: int | None = None
    """The orchestrator's port."""


class ProxyAgentConnection(FivetrexModel):
    """A connection attached to a proxy agent."""

    connection_id: str | None = None
    """The connection id."""
