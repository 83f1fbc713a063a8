"""Hybrid deployment agents."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._json import public as _public

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import AGENT_ONLINE_AFTER_SECONDS, _b64

__all__ = ["AGENT_AUTH_TYPES", "AgentsArea"]

AGENT_AUTH_TYPES = ("AUTO", "MANUAL")
"""How an agent authenticates (``auth_type``)."""


class AgentsArea(BackendBase):
    """Hybrid deployment agents and their credentials."""

    def _agent(self, agent_id: str) -> Doc:
        message = f"Hybrid deployment agent with id '{agent_id}' does not exist"
        return self.state.require("hd_agents", agent_id, "RemoteExecutionAgent", message=message)

    def render_agent(self, doc: Doc, *, credentials: bool = False) -> dict[str, Any]:
        """Public form of an agent (``files`` and ``token`` only with ``credentials``)."""
        out = _public(doc)
        out["online"] = doc["enabled"] and self._reached(doc.get("_online_ts"))
        conns, _ = self._users_of("hybrid_deployment_agent_id", doc["id"])
        out["usage"] = [
            {"schema": c["schema"], "service": c["service"], "connection_id": c["id"]}
            for c in conns
        ]
        if credentials:
            token = doc["_token"]
            config = {
                "agent_id": doc["id"],
                "group_id": doc["group_id"],
                "deployment_type": doc["deployment_type"],
                "auth_type": doc["_auth_type"],
                "controller": "https://ldp.orchestrator.fivetran.com",
            }
            compose = (
                "services:\n  controller:\n"
                f"    image: us-docker.pkg.dev/prod-eng-fivetran-ldp/public-docker-us/ldp-agent:{doc['version']}\n"  # noqa: E501
                "    volumes:\n      - ./conf:/conf\n"
                f"    environment:\n      - AGENT_ID={doc['id']}\n"
            )
            out["files"] = {
                "config_json": _b64(json.dumps(config, indent=2)),
                "auth_json": _b64(json.dumps({"agent_id": doc["id"], "token": token}, indent=2)),
                "docker_compose_yaml": _b64(compose),
            }
            out["token"] = token
        return out

    def _rekey(self, doc: Doc) -> None:
        doc["_token"] = "hda_" + self._secret(24)
        doc["_online_ts"] = self._due(AGENT_ONLINE_AFTER_SECONDS)
        doc["updated_at"] = self.now_iso()

    def list_agents(self, group_id: str | None, cursor: str | None, limit: int) -> Page:
        """``GET /v1/hybrid-deployment-agents`` (filter ``groupId``)."""
        docs: Iterable[Doc] = self.state.values("hd_agents")
        if group_id:
            docs = [d for d in docs if d["group_id"] == group_id]
        return self.page(docs, cursor, limit, self.render_agent)

    def get_agent(self, agent_id: str) -> dict[str, Any]:
        """``GET /v1/hybrid-deployment-agents/{agentId}``."""
        return self.render_agent(self._agent(agent_id))

    def create_agent(
        self, group_id: str, display_name: str, env_type: str, *, auth_type: str = "AUTO"
    ) -> dict[str, Any]:
        """``POST /v1/hybrid-deployment-agents``: the result carries the agent's credentials.

        ``env_type`` is one of ``HDA_ENV_TYPES`` and ``auth_type`` one of
        :data:`AGENT_AUTH_TYPES` (checked by the route, as is ``accept_terms``); 404 for an
        unknown group.
        """
        self._group(group_id)
        agent_id = self.state.new_id()
        now = self.now_iso()
        doc: Doc = {
            "id": agent_id,
            "display_name": display_name,
            "group_id": group_id,
            "version": "1.4.2",
            "enabled": True,
            "deployment_type": env_type,
            "registered_at": now,
            "created_by": self.settings.user_id,
            "updated_at": now,
            "last_used_at": now,
            "_auth_type": auth_type,
        }
        self._rekey(doc)
        doc["updated_at"] = now
        self.state.put("hd_agents", agent_id, doc)
        return self.render_agent(doc, credentials=True)

    def delete_agent(self, agent_id: str) -> None:
        """``DELETE /v1/hybrid-deployment-agents/{agentId}`` (409 while in use)."""
        self._agent(agent_id)
        usage = self._usage("hybrid_deployment_agent_id", agent_id)
        if usage:
            raise ConflictError(f"Hybrid deployment agent '{agent_id}' is {usage}")
        self.state.delete("hd_agents", agent_id)

    def reauth_agent(self, agent_id: str, *, auth_type: str | None = None) -> dict[str, Any]:
        """``PATCH /v1/hybrid-deployment-agents/{agentId}/re-auth`` (new token and files).

        ``auth_type`` (one of :data:`AGENT_AUTH_TYPES`) ``None`` keeps the agent's.
        """
        doc = self._agent(agent_id)
        if auth_type is not None:
            doc["_auth_type"] = auth_type
        self._rekey(doc)
        self.state.touch("hd_agents", agent_id)
        return self.render_agent(doc, credentials=True)

    def reset_agent_credentials(self, agent_id: str) -> None:
        """``POST .../{agentId}/reset-credentials``: the old token stops working."""
        doc = self._agent(agent_id)
        self._rekey(doc)
        self.state.touch("hd_agents", agent_id)
