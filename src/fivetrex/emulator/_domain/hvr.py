"""HVR hub registration."""

from __future__ import annotations

import hashlib
from typing import Any

from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _obj,
    _req_str,
)
from fivetrex.emulator._errors import InvalidInputError

__all__ = ["HvrArea"]


class HvrArea(BackendBase):
    """HVR hub registration."""

    def register_hvr_hub(self, body: Any) -> dict[str, Any]:
        """``POST /v1/hvr/register-hub``: one registration per hub URL and port.

        Registering the same hub again keeps its ``registration_id`` and issues a new
        ``access_token``.
        """
        body = _obj(body)
        url = _req_str(body, "hub_server_url")
        fingerprint = _req_str(body, "fingerprint")
        port = body.get("port")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise InvalidInputError("Field 'port' is required and must be a port number")
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
