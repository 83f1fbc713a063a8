"""Proxy agents."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._json import public as _public

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import AGENT_ONLINE_AFTER_SECONDS, _not_found

__all__ = ["DEFAULT_PROXY_REGION", "ProxyAgentsArea"]

DEFAULT_PROXY_REGION = "GCP_US_EAST4"
"""The region of a proxy agent created without ``group_region``."""


class ProxyAgentsArea(BackendBase):
    """Proxy agents, their secrets and connections."""

    def _proxy(self, agent_id: str) -> Doc:
        doc = self.state.get("proxy_agents", agent_id)
        if doc is None:
            raise _not_found("NotFound", "Proxy Agent not found.")
        return doc

    def _proxy_base(self, doc: Doc) -> dict[str, Any]:
        out = _public(doc)
        out["status"] = "CONNECTED" if self._reached(doc.get("_online_ts")) else "NOT_CONNECTED"
        return out

    def render_proxy_summary(self, doc: Doc) -> dict[str, Any]:
        """List form of a proxy agent (with usage counts)."""
        out = self._proxy_base(doc)
        conns, dests = self._users_of("proxy_agent_id", doc["id"])
        out["connector_count"] = len(conns)
        out["destination_count"] = len(dests)
        return out

    def render_proxy(self, doc: Doc) -> dict[str, Any]:
        """Detail form of a proxy agent (with the connections using it)."""
        out = self._proxy_base(doc)
        conns, _ = self._users_of("proxy_agent_id", doc["id"])
        out["usage"] = [
            {"id": c["id"], "schema": c["schema"], "service": c["service"]} for c in conns
        ]
        return out

    def _proxy_secrets(self, doc: Doc) -> dict[str, Any]:
        token, cert, key = self._secret(24), self._secret(48), self._secret(48)
        doc["_online_ts"] = self._due(AGENT_ONLINE_AFTER_SECONDS)
        doc["_secret_sha"] = hashlib.sha256(token.encode()).hexdigest()
        return {
            "agent_id": doc["id"],
            "auth_token": token,
            "client_cert": "-----BEGIN CERTIFICATE-----\n"
            + base64.b64encode(bytes.fromhex(cert)).decode()
            + "\n-----END CERTIFICATE-----\n",
            "client_private_key": "-----BEGIN PRIVATE KEY-----\n"
            + base64.b64encode(bytes.fromhex(key)).decode()
            + "\n-----END PRIVATE KEY-----\n",
            "orchestrator_host": "orchestrator.fivetran.com",
            "orchestrator_port": 443,
        }

    def list_proxies(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/proxy``."""
        return self.page(
            self.state.values("proxy_agents"), cursor, limit, self.render_proxy_summary
        )

    def get_proxy(self, agent_id: str) -> dict[str, Any]:
        """``GET /v1/proxy/{agentId}``."""
        return self.render_proxy(self._proxy(agent_id))

    def create_proxy(self, display_name: str, region: str = DEFAULT_PROXY_REGION) -> dict[str, Any]:
        """``POST /v1/proxy``: the result carries the credentials (shown only now).

        ``region`` is one of ``PROXY_REGIONS`` (checked by the route); 409 for a name in use.
        """
        for other in self.state.values("proxy_agents"):
            if other["display_name"] == display_name:
                raise ConflictError("Proxy agent with same name already exists.")
        agent_id = self.state.new_id()
        doc: Doc = {
            "id": agent_id,
            "account_id": self.settings.account_id,
            "registered_at": self.now_iso(),
            "region": region,
            "created_by": self.settings.user_id,
            "display_name": display_name,
            "version": "1.0.0",
        }
        secrets = self._proxy_secrets(doc)
        self.state.put("proxy_agents", agent_id, doc)
        return secrets

    def delete_proxy(self, agent_id: str) -> None:
        """``DELETE /v1/proxy/{agentId}`` (409 while connections or destinations use it)."""
        self._proxy(agent_id)
        if self._usage("proxy_agent_id", agent_id):
            raise ConflictError("Proxy agent have attached connections.")
        self.state.delete("proxy_agents", agent_id)

    def list_proxy_connections(self, agent_id: str, cursor: str | None, limit: int) -> Page:
        """``GET /v1/proxy/{agentId}/connections``."""
        self._proxy(agent_id)
        conns, _ = self._users_of("proxy_agent_id", agent_id)
        return self.page(conns, cursor, limit, lambda c: {"connection_id": c["id"]})

    def regenerate_proxy_secrets(self, agent_id: str) -> dict[str, Any]:
        """``POST /v1/proxy/{agentId}/regenerate-secrets``: the old ones stop working."""
        doc = self._proxy(agent_id)
        secrets = self._proxy_secrets(doc)
        self.state.touch("proxy_agents", agent_id)
        return secrets
