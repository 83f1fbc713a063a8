"""Routes of certificates and fingerprints (see :mod:`fivetrex.emulator._domain`).

Users, teams, roles, memberships and system keys are routed by their modules in
:mod:`fivetrex.emulator._api`. :data:`ACCESS_ROUTES` joins
:data:`fivetrex.emulator._api.ROUTES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fivetrex.emulator._domain import parse_limit
from fivetrex.emulator._routes import Call, Route

__all__ = ["ACCESS_ROUTES"]

Handler = Callable[[Any, Call], Any]


def _p(call: Call, name: str) -> str:
    return call.params[name]


def _paged(fn: Callable[[Any, Call, str | None, int], Any]) -> Handler:
    """Wrap a list handler: parse ``cursor`` and ``limit``."""

    def handler(backend: Any, call: Call) -> Any:
        cursor = call.query.get("cursor") or None
        return fn(backend, call, cursor, parse_limit(call.query.get("limit")))

    return handler


_CC = "/v1/connections/{connectionId}"
_DD = "/v1/destinations/{destinationId}"


def _trust_kind_routes(
    base: str, param: str, owner: str, label: str, kind: str, revoke: str
) -> tuple[Route, ...]:
    """List, approve, get and revoke routes of certificates or fingerprints."""
    path = f"{base}/{kind}"
    noun = kind.removesuffix("s")

    def listing(b: Any, c: Call, cursor: str | None, limit: int) -> Any:
        return b.list_trusted(kind, owner, _p(c, param), cursor, limit)

    def approve(b: Any, c: Call) -> Any:
        if kind == "certificates":
            return b.approve_certificate(owner, _p(c, param), c.body)
        return b.approve_fingerprint(owner, _p(c, param), c.body)

    def get(b: Any, c: Call) -> Any:
        return b.get_trusted(kind, owner, _p(c, param), _p(c, "hash"))

    def revoke_(b: Any, c: Call) -> Any:
        return b.revoke_trusted(kind, owner, _p(c, param), _p(c, "hash"))

    return (
        Route("GET", path, _paged(listing), message=f"{label} {kind} retrieved successfully"),
        Route("POST", path, approve, message=f"The {noun} has been approved."),
        Route("GET", path + "/{hash}", get,
              message=f"{label} {noun} details retrieved successfully"),
        Route("DELETE", path + "/{hash}", revoke_, message=revoke),
    )  # fmt: skip


def _trust_routes(
    base: str, param: str, owner: str, label: str, revoke: dict[str, str]
) -> tuple[Route, ...]:
    """Certificate and fingerprint routes of a connection or destination."""
    return tuple(
        route
        for kind in ("certificates", "fingerprints")
        for route in _trust_kind_routes(base, param, owner, label, kind, revoke[kind])
    )


ACCESS_ROUTES: tuple[Route, ...] = (
    # certificates and fingerprints
    Route("POST", "/v1/certificates", lambda b, c: b.approve_certificate_legacy(c.body),
          message="The certificate has been approved."),
    *_trust_routes(_CC, "connectionId", "connection", "Connection", {
        "certificates": "Certificate '{hash}' has been revoked for connection '{connectionId}'",
        "fingerprints": "Fingerprint with hash '{hash}' has been revoked for connection with "
                        "id '{connectionId}'",
    }),
    *_trust_routes(_DD, "destinationId", "destination", "Destination", {
        "certificates": "Certificate '{hash}' has been revoked for destination "
                        "'{destinationId}'",
        "fingerprints": "Fingerprint with hash = '{hash}' has been revoked for destination "
                        "id = '{destinationId}'",
    }),
)  # fmt: skip
"""Every access-management operation the emulator implements."""
