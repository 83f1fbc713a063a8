"""HVR over HTTP: request parsing and the route table (domain: :mod:`.._domain.hvr`)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._fields import body_object, required_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["HVR_ROUTES"]


def _register(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    url = required_str(body, "hub_server_url")
    fingerprint = required_str(body, "fingerprint")
    port = body.get("port")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInputError("Field 'port' is required and must be a port number")
    return b.register_hvr_hub(url, port, fingerprint)


HVR_ROUTES: tuple[Route, ...] = (
    Route("POST", "/v1/hvr/register-hub", _register, message="HVR hub has been registered"),
)
"""The HVR routes."""
