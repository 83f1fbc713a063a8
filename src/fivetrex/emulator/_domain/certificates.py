"""Approved certificates and fingerprints of connections and destinations."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import NotFoundError

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase

__all__ = ["CertificatesArea", "NewCertificate"]


@dataclass(frozen=True)
class NewCertificate:
    """A TLS certificate to approve: ``{"hash", "encoded_cert"}`` as read by the route."""

    hash: str
    """The certificate's hash, as the client names it."""
    encoded_cert: str
    """The base64 text as sent (kept)."""
    der: bytes
    """The decoded certificate (not empty)."""


class CertificatesArea(BackendBase):
    """Trusted certificates and SSH fingerprints."""

    def _owner(self, owner: str, owner_id: str) -> None:
        if owner == "connection":
            self._connection(owner_id)
        else:
            self._destination(owner_id)

    @staticmethod
    def _trust_key(owner: str, owner_id: str, hash_: str) -> str:
        return f"{owner}:{owner_id}:{hash_}"

    def _trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> Doc:
        self._owner(owner, owner_id)
        doc = self.state.get(kind, self._trust_key(owner, owner_id, hash_))
        if doc is None:
            entity = "Certificate" if kind == "certificates" else "Fingerprint"
            raise NotFoundError(
                entity,
                hash_,
                message=f"{entity} with hash '{hash_}' is not approved for {owner} "
                f"with id '{owner_id}'",
            )
        return doc

    @staticmethod
    def render_trusted(doc: Doc) -> dict[str, Any]:
        """Public form of an approved certificate or fingerprint."""
        return {k: v for k, v in doc.items() if not k.startswith("_")}

    def list_trusted(
        self, kind: str, owner: str, owner_id: str, cursor: str | None, limit: int
    ) -> Page:
        """List the certificates or fingerprints approved for a connection or destination."""
        self._owner(owner, owner_id)
        docs = (
            d
            for d in self.state.values(kind)
            if d["_owner"] == owner and d["_owner_id"] == owner_id
        )
        return self.page(docs, cursor, limit, self.render_trusted)

    def get_trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> dict[str, Any]:
        """Retrieve one approved certificate or fingerprint (404 for an unknown hash)."""
        return self.render_trusted(self._trusted(kind, owner, owner_id, hash_))

    def revoke_trusted(self, kind: str, owner: str, owner_id: str, hash_: str) -> None:
        """Revoke an approved certificate or fingerprint."""
        self._trusted(kind, owner, owner_id, hash_)
        self.state.delete(kind, self._trust_key(owner, owner_id, hash_))

    def _store_trusted(self, kind: str, owner: str, owner_id: str, doc: Doc) -> Doc:
        key = self._trust_key(owner, owner_id, doc["hash"])
        old = self.state.get(kind, key)
        if old is not None:  # approving again is idempotent: same id, fresh validation
            doc["_seq"] = old["_seq"]
        doc["_owner"] = owner
        doc["_owner_id"] = owner_id
        return self.state.put(kind, key, doc)

    def approve_certificate(
        self, owner: str, owner_id: str, cert: NewCertificate
    ) -> dict[str, Any]:
        """``POST /v1/{connections|destinations}/{id}/certificates``: approve a TLS certificate.

        ``owner`` is ``"connection"`` or ``"destination"`` (404 for an unknown ``owner_id``).
        Approving the same hash again is idempotent.
        """
        self._owner(owner, owner_id)
        return self.render_trusted(self._certificate(owner, owner_id, cert))

    def _certificate(self, owner: str, owner_id: str, cert: NewCertificate) -> Doc:
        hash_, raw = cert.hash, cert.der
        sha256 = hashlib.sha256(raw).hexdigest()
        modulus = int(sha256, 16)
        doc: Doc = {
            "id": base64.urlsafe_b64encode(f"{owner} certificate {hash_}".encode())
            .decode()
            .rstrip("="),
            "name": f"CN={owner_id}.certificate.fivetrex.invalid",
            "hash": hash_,
            "type": "TLS",
            "sha1": hashlib.sha1(raw, usedforsecurity=False).hexdigest(),
            "sha256": sha256,
            "public_key": f"Sun RSA public key, 2048 bits params: null modulus: {modulus} "
            "public exponent: 65537",
            "validated_date": self.now_iso(),
            "validated_by": self.settings.user_id,
            "_encoded_cert": cert.encoded_cert,
        }
        return self._store_trusted("certificates", owner, owner_id, doc)

    def approve_fingerprint(
        self, owner: str, owner_id: str, hash_: str, public_key: str
    ) -> dict[str, Any]:
        """``POST /v1/{connections|destinations}/{id}/fingerprints``: approve an SSH key.

        ``owner`` is ``"connection"`` or ``"destination"`` (404 for an unknown ``owner_id``).
        """
        self._owner(owner, owner_id)
        doc: Doc = {
            "id": base64.urlsafe_b64encode(f"{owner} fingerprint {hash_}".encode())
            .decode()
            .rstrip("="),
            "hash": hash_,
            "public_key": public_key,
            "validated_date": self.now_iso(),
            "validated_by": self.settings.user_id,
        }
        return self.render_trusted(self._store_trusted("fingerprints", owner, owner_id, doc))

    def approve_certificate_legacy(
        self,
        cert: NewCertificate,
        *,
        connection_id: str | None = None,
        destination_id: str | None = None,
    ) -> None:
        """Deprecated ``POST /v1/certificates``: approve ``cert`` for a connection and/or a
        destination (the route requires one of them); 404 for an unknown one."""
        owners: list[tuple[str, str]] = []
        if connection_id:
            self._connection(connection_id)
            owners.append(("connection", connection_id))
        if destination_id:
            self._destination(destination_id)
            owners.append(("destination", destination_id))
        for owner, owner_id in owners:
            self._certificate(owner, owner_id, cert)
