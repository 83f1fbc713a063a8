"""Certificates and fingerprints over HTTP: request parsing and the route tables.

Domain: :mod:`fivetrex.emulator._domain.certificates`. Connections and destinations
each have the same eight routes (list, approve, get and revoke of certificates and of
fingerprints); the deprecated ``POST /v1/certificates`` approves for either or both.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._api._fields import body_object, opt_str, req_str
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._domain.certificates import NewCertificate
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = ["CERTIFICATE_ROUTES"]


def _decoded(encoded: str) -> bytes:
    """The certificate ``encoded_cert`` holds; 400 unless it is non-empty base64."""
    message = "Field 'encoded_cert' must be a base64-encoded certificate"
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError(message) from exc
    if not raw:
        raise InvalidInputError(message)
    return raw


def _certificate(body: dict[str, Any]) -> NewCertificate:
    hash_ = req_str(body, "hash")
    encoded = req_str(body, "encoded_cert")
    return NewCertificate(hash_, encoded, _decoded(encoded))


def _approve_legacy(b: Backend, c: Call) -> Any:
    body = body_object(c.body)
    hash_ = req_str(body, "hash")
    encoded = req_str(body, "encoded_cert")
    connection_id = opt_str(body, "connection_id")
    destination_id = opt_str(body, "destination_id")
    if not connection_id and not destination_id:
        raise InvalidInputError("Field 'connection_id' or 'destination_id' is required")
    cert = NewCertificate(hash_, encoded, _decoded(encoded))
    return b.approve_certificate_legacy(
        cert, connection_id=connection_id or None, destination_id=destination_id or None
    )


def _trust_kind_routes(
    base: str, path_param: str, owner: str, label: str, kind: str, revoke: str
) -> tuple[Route, ...]:
    """List, approve, get and revoke routes of certificates or fingerprints."""
    path = f"{base}/{kind}"
    noun = kind.removesuffix("s")

    def listing(b: Backend, c: Call, cursor: str | None, limit: int) -> Any:
        return b.list_trusted(kind, owner, param(c, path_param), cursor, limit)

    def approve(b: Backend, c: Call) -> Any:
        body = body_object(c.body)
        if kind == "certificates":
            return b.approve_certificate(owner, param(c, path_param), _certificate(body))
        hash_ = req_str(body, "hash")
        public_key = req_str(body, "public_key")
        return b.approve_fingerprint(owner, param(c, path_param), hash_, public_key)

    def get(b: Backend, c: Call) -> Any:
        return b.get_trusted(kind, owner, param(c, path_param), param(c, "hash"))

    def revoke_(b: Backend, c: Call) -> Any:
        return b.revoke_trusted(kind, owner, param(c, path_param), param(c, "hash"))

    return (
        Route("GET", path, paged(listing), message=f"{label} {kind} retrieved successfully"),
        Route("POST", path, approve, message=f"The {noun} has been approved."),
        Route("GET", path + "/{hash}", get,
              message=f"{label} {noun} details retrieved successfully"),
        Route("DELETE", path + "/{hash}", revoke_, message=revoke),
    )  # fmt: skip


def _trust_routes(
    base: str, path_param: str, owner: str, label: str, revoke: dict[str, str]
) -> tuple[Route, ...]:
    """Certificate and fingerprint routes of a connection or destination."""
    return tuple(
        route
        for kind in ("certificates", "fingerprints")
        for route in _trust_kind_routes(base, path_param, owner, label, kind, revoke[kind])
    )


CERTIFICATE_ROUTES: tuple[Route, ...] = (
    Route("POST", "/v1/certificates", _approve_legacy,
          message="The certificate has been approved."),
    *_trust_routes("/v1/connections/{connectionId}", "connectionId", "connection", "Connection", {
        "certificates": "Certificate '{hash}' has been revoked for connection '{connectionId}'",
        "fingerprints": "Fingerprint with hash '{hash}' has been revoked for connection with "
                        "id '{connectionId}'",
    }),
    *_trust_routes("/v1/destinations/{destinationId}", "destinationId", "destination",
                   "Destination", {
        "certificates": "Certificate '{hash}' has been revoked for destination "
                        "'{destinationId}'",
        "fingerprints": "Fingerprint with hash = '{hash}' has been revoked for destination "
                        "id = '{destinationId}'",
    }),
)  # fmt: skip
"""The certificates' and fingerprints' routes."""
