"""``client.proxy_agents``: agents that relay Fivetran's traffic from inside your network."""

from __future__ import annotations

from typing import Final

from .._operation import Resource, endpoint, stream_of
from ..models import Page, ProxyAgent, ProxyAgentConnection, ProxyAgentSecrets
from ._parsers import data_or_body

__all__ = ["ProxyAgents"]


class ProxyAgents(Resource):
    """Proxy agents (``/proxy``): ``client.proxy_agents``."""

    @endpoint("GET", "/proxy", operation_id="get_proxy_agent")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[ProxyAgent]:
        """List one page of proxy agents, with how many connections and destinations use them.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET",
        "/proxy/{agent_id}",
        operation_id="get_proxy_agent_details",
        parse=data_or_body(ProxyAgent),
    )
    def get(self, agent_id: str) -> ProxyAgent:
        """Retrieve a proxy agent, with the connections using it."""
        ...

    @endpoint("POST", "/proxy", operation_id="create_proxy_agent")
    def create(self, *, display_name: str, group_region: str | None = None) -> ProxyAgentSecrets:
        """Create a proxy agent; the result carries its credentials (shown only now).

        Args:
            display_name: The name (unique in the account).
            group_region: The data processing region, e.g. ``GCP_US_EAST4``.
        """
        ...

    @endpoint("DELETE", "/proxy/{agent_id}", operation_id="delete_proxy_agent")
    def delete(self, agent_id: str) -> None:
        """Delete a proxy agent (refused with 409 while connections use it)."""
        ...

    @endpoint("GET", "/proxy/{agent_id}/connections", operation_id="get_proxy_agent_connections")
    def list_connections(
        self, agent_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ProxyAgentConnection]:
        """List one page of the connections attached to a proxy agent."""
        ...

    stream_connections: Final = stream_of(list_connections)

    @endpoint(
        "POST",
        "/proxy/{agent_id}/regenerate-secrets",
        operation_id="regenerate_secrets_proxy_agent",
        confirm=True,
    )
    def regenerate_secrets(self, agent_id: str, *, confirm: bool = False) -> ProxyAgentSecrets:
        """Issue new credentials (**the running agent stops working until reconfigured**).

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...
