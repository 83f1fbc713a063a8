"""HVR hub registration."""

from __future__ import annotations

import hashlib
from typing import Any

from fivetrex.emulator._domain._base import BackendBase

__all__ = ["HvrArea"]


class HvrArea(BackendBase):
    """HVR hub registration."""

    def register_hvr_hub(self, url: str, port: int, fingerprint: str) -> dict[str, Any]:
        """``POST /v1/hvr/register-hub``: one registration per hub URL and port.

        ``url`` is the hub's ``hub_server_url``, ``port`` in 1..65535 (checked by the route).
        Registering the same hub again keeps its ``registration_id`` and issues a new
        ``access_token``.
        """
        doc = next(
            (
                h
                for h in self.state.values("hvr_hubs")
                if h["hub_server_url"] == url and h["port"] == port
            ),
            None,
        )
        token = "hvr_" + self._secret(24)
        if doc is None:
            registration_id = self.state.new_id()
            doc = {"registration_id": registration_id, "hub_server_url": url, "port": port}
            self.state.put("hvr_hubs", registration_id, doc)
        doc["fingerprint"] = fingerprint
        doc["registered_at"] = self.now_iso()
        doc["_token_sha256"] = hashlib.sha256(token.encode()).hexdigest()
        self.state.touch("hvr_hubs", doc["registration_id"])
        return {"access_token": token, "registration_id": doc["registration_id"]}
