"""``client.hybrid_deployment_agents``: agents that run syncs in your own environment."""

from __future__ import annotations

from typing import Final, Literal

from .._operation import Resource, endpoint, stream_of
from ..models import HybridDeploymentAgent, Page

__all__ = ["HybridDeploymentAgents"]

EnvType = Literal["DOCKER", "PODMAN", "KUBERNETES", "SNOWPARK"]
AuthType = Literal["AUTO", "MANUAL"]


class HybridDeploymentAgents(Resource):
    """Hybrid deployment agents: ``client.hybrid_deployment_agents``."""

    @endpoint(
        "GET",
        "/hybrid-deployment-agents",
        operation_id="get_hybrid_deployment_agent_list",
        rename={"group_id": "groupId"},
    )
    def list(
        self, *, group_id: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> Page[HybridDeploymentAgent]:
        """List one page of agents, with the connections using them.

        Args:
            group_id: Only the agents of this group.
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET", "/hybrid-deployment-agents/{agent_id}", operation_id="get_hybrid_deployment_agent"
    )
    def get(self, agent_id: str) -> HybridDeploymentAgent:
        """Retrieve an agent."""
        ...

    @endpoint("POST", "/hybrid-deployment-agents", operation_id="create_hybrid_deployment_agent")
    def create(
        self,
        *,
        display_name: str,
        env_type: EnvType,
        accept_terms: bool,
        group_id: str | None = None,
        auth_type: AuthType | None = None,
    ) -> HybridDeploymentAgent:
        """Create an agent; the result carries its installation ``files`` and ``token``.

        Args:
            display_name: The display name.
            env_type: ``DOCKER``, ``PODMAN``, ``KUBERNETES`` or ``SNOWPARK``.
            accept_terms: Must be ``True``: you accept the On-Prem Software License Addendum.
            group_id: The group it serves.
            auth_type: ``AUTO`` or ``MANUAL``.
        """
        ...

    @endpoint(
        "DELETE",
        "/hybrid-deployment-agents/{agent_id}",
        operation_id="delete_hybrid_deployment_agent",
    )
    def delete(self, agent_id: str) -> None:
        """Delete an agent."""
        ...

    @endpoint(
        "PATCH",
        "/hybrid-deployment-agents/{agent_id}/re-auth",
        operation_id="re_auth_hybrid_deployment_agent",
        confirm=True,
    )
    def re_auth(
        self, agent_id: str, *, auth_type: AuthType | None = None, confirm: bool = False
    ) -> HybridDeploymentAgent:
        """Regenerate an agent's authentication keys (**the running agent is locked out**).

        The result carries the new installation ``files`` and ``token``.

        Args:
            auth_type: ``AUTO`` or ``MANUAL``.
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...

    @endpoint(
        "POST",
        "/hybrid-deployment-agents/{agent_id}/reset-credentials",
        operation_id="reset_hybrid_deployment_agent_credentials",
        confirm=True,
    )
    def reset_credentials(self, agent_id: str, *, confirm: bool = False) -> None:
        """Reset an agent's credentials (**the running agent must be set up again**).

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...
