"""``client.destinations``: the warehouses connections load into."""

from __future__ import annotations

from typing import Any, Final

from .._operation import Endpoint, Resource, StreamOperation, endpoint, stream_of
from ..models import Certificate, Destination, Fingerprint, Page
from ._trust import certificates_of, fingerprints_of

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

    # ------------------------------------------------------------ certificates and fingerprints

    list_certificates: Endpoint[..., Page[Certificate]]
    stream_certificates: StreamOperation[..., Certificate]
    approve_certificate: Endpoint[..., Certificate]
    get_certificate: Endpoint[..., Certificate]
    revoke_certificate: Endpoint[..., None]
    (
        list_certificates,
        stream_certificates,
        approve_certificate,
        get_certificate,
        revoke_certificate,
    ) = certificates_of("destination", work="loads")
    list_fingerprints: Endpoint[..., Page[Fingerprint]]
    stream_fingerprints: StreamOperation[..., Fingerprint]
    approve_fingerprint: Endpoint[..., Fingerprint]
    get_fingerprint: Endpoint[..., Fingerprint]
    revoke_fingerprint: Endpoint[..., None]
    (
        list_fingerprints,
        stream_fingerprints,
        approve_fingerprint,
        get_fingerprint,
        revoke_fingerprint,
    ) = fingerprints_of("destination", work="loads")
