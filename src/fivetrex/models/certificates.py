"""Approved TLS certificates and SSH fingerprints (of connections and destinations)."""

from __future__ import annotations

from ._base import FivetrexModel, Timestamp

__all__ = ["Certificate", "Fingerprint"]


class Certificate(FivetrexModel):
    """A TLS certificate Fivetran was told to trust."""

    id: str
    """The certificate id."""
    name: str
    """The certificate name."""
    hash: str
    """The hash Fivetran identifies the certificate by (from a failed setup test)."""
    type: str
    """The certificate type, e.g. ``TLS``."""
    sha1: str
    """SHA-1 fingerprint."""
    sha256: str
    """SHA-256 fingerprint."""
    public_key: str
    """A description of the certificate's public key."""
    validated_date: Timestamp = None
    """When it was approved."""
    validated_by: str
    """The id of the user who approved it."""


class Fingerprint(FivetrexModel):
    """An SSH host key fingerprint Fivetran was told to trust."""

    id: str
    """The fingerprint id."""
    hash: str
    """The fingerprint hash (from a failed setup test)."""
    public_key: str
    """The SSH public key."""
    validated_date: Timestamp = None
    """When it was approved."""
    validated_by: str
    """The id of the user who approved it."""
