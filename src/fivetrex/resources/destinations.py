"""``client.destinations``: the warehouses connections load into."""

from __future__ import annotations

from typing import Any, Final

from .._operation import Resource, endpoint, stream_of
from ..models import Certificate, Destination, Fingerprint, Page
from ._parsers import data_or_body

__all__ = ["Destinations"]


class Destinations(Resource):
    """Destinations: ``client.destinations``. A destination's id is its group's id."""

    @endpoint(
        "GET", "/destinations/{destination_id}", operation_id="destination_details", versioned=True
    )
    def get(self, destination_id: str) -> Destination:
        """Retrieve a destination."""
        ...

    @endpoint("POST", "/destinations", operation_id="create_destination", versioned=True)
    def create(
        self,
        /,
        *,
        group_id: str,
        service: str,
        region: str | None = None,
        time_zone_offset: str | None = None,
        config: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Destination:
        """Create the destination of a group.

        Args:
            group_id: The group (one destination per group).
            service: The destination type, e.g. ``snowflake``, ``big_query``.
            region: Data processing region, e.g. ``GCP_US_EAST4``.
            time_zone_offset: e.g. ``"-5"``, ``"0"``, ``"+3"``.
            config: Service-specific configuration.
            **fields: Any other field of the API (``run_setup_tests``, ``networking_method``...).
        """
        ...

    @endpoint(
        "PATCH", "/destinations/{destination_id}", operation_id="modify_destination", versioned=True
    )
    def update(self, /, destination_id: str, **fields: Any) -> Destination:
        """Update a destination (``config``, ``region``, ``time_zone_offset``...)."""
        ...

    @endpoint(
        "DELETE",
        "/destinations/{destination_id}",
        operation_id="delete_destination",
        versioned=True,
    )
    def delete(self, destination_id: str) -> None:
        """Delete a destination (refused with 409 while connections use it)."""
        ...

    @endpoint(
        "POST",
        "/destinations/{destination_id}/test",
        operation_id="run_destination_setup_tests",
        versioned=True,
        idempotent=True,
    )
    def test(
        self,
        destination_id: str,
        *,
        trust_certificates: bool | None = None,
        trust_fingerprints: bool | None = None,
    ) -> Destination:
        """Run the destination's setup tests; the result carries ``setup_tests``."""
        ...

    @endpoint("GET", "/destinations", operation_id="list_destinations", versioned=True)
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[Destination]:
        """List one page of the account's destinations (items carry no ``config``).

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    # ------------------------------------------------------------------ certificates

    @endpoint(
        "GET",
        "/destinations/{destination_id}/certificates",
        operation_id="get_destination_certificates_list",
    )
    def list_certificates(
        self, destination_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Certificate]:
        """List one page of the TLS certificates approved for a destination."""
        ...

    stream_certificates: Final = stream_of(list_certificates)

    @endpoint(
        "POST",
        "/destinations/{destination_id}/certificates",
        operation_id="approve_destination_certificate",
        idempotent=True,
    )
    def approve_certificate(
        self, destination_id: str, *, hash: str, encoded_cert: str
    ) -> Certificate:
        """Trust a TLS certificate for a destination (then re-run the setup tests).

        Args:
            hash: The certificate hash, from the failed setup test's ``details``.
            encoded_cert: The certificate, base64-encoded.
        """
        ...

    @endpoint(
        "GET",
        "/destinations/{destination_id}/certificates/{hash}",
        operation_id="get_destination_certificate_details",
    )
    def get_certificate(self, destination_id: str, hash: str) -> Certificate:
        """Retrieve a certificate approved for a destination."""
        ...

    @endpoint(
        "DELETE",
        "/destinations/{destination_id}/certificates/{hash}",
        operation_id="revoke_destination_certificate",
        confirm=True,
    )
    def revoke_certificate(self, destination_id: str, hash: str, *, confirm: bool = False) -> None:
        """Stop trusting a certificate (**loads fail until a certificate is approved again**).

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...

    @endpoint(
        "GET",
        "/destinations/{destination_id}/fingerprints",
        operation_id="get_destination_fingerprints_list",
    )
    def list_fingerprints(
        self, destination_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Fingerprint]:
        """List one page of the SSH fingerprints approved for a destination."""
        ...

    stream_fingerprints: Final = stream_of(list_fingerprints)

    @endpoint(
        "POST",
        "/destinations/{destination_id}/fingerprints",
        operation_id="approve_destination_fingerprint",
        idempotent=True,
        parse=data_or_body(Fingerprint),
    )
    def approve_fingerprint(
        self, destination_id: str, *, hash: str, public_key: str
    ) -> Fingerprint:
        """Trust an SSH host key for a destination (then re-run the setup tests).

        Args:
            hash: The fingerprint hash, from the failed setup test's ``details``.
            public_key: The SSH public key.
        """
        ...

    @endpoint(
        "GET",
        "/destinations/{destination_id}/fingerprints/{hash}",
        operation_id="get_destination_fingerprint_details",
    )
    def get_fingerprint(self, destination_id: str, hash: str) -> Fingerprint:
        """Retrieve an SSH fingerprint approved for a destination."""
        ...

    @endpoint(
        "DELETE",
        "/destinations/{destination_id}/fingerprints/{hash}",
        operation_id="revoke_destination_fingerprint",
        confirm=True,
    )
    def revoke_fingerprint(self, destination_id: str, hash: str, *, confirm: bool = False) -> None:
        """Stop trusting an SSH fingerprint (**loads through the tunnel fail until re-approved**).

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...
