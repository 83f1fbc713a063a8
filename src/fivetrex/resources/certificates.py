"""``client.certificates``: the deprecated account-wide certificate approval.

Prefer ``client.connections.approve_certificate`` and
``client.destinations.approve_certificate``.
"""

from __future__ import annotations

from .._operation import Resource, endpoint

__all__ = ["Certificates"]


class Certificates(Resource):
    """Certificates: ``client.certificates`` (deprecated by the API)."""

    @endpoint("POST", "/certificates", operation_id="approve_certificate", idempotent=True)
    def approve(
        self,
        *,
        hash: str,
        encoded_cert: str,
        connection_id: str | None = None,
        destination_id: str | None = None,
    ) -> None:
        """Trust a TLS certificate for a connection or a destination (deprecated by the API).

        Use ``connections.approve_certificate`` / ``destinations.approve_certificate``.

        Args:
            hash: The certificate hash, from the failed setup test's ``details``.
            encoded_cert: The certificate, base64-encoded.
            connection_id: The connection to trust it for.
            destination_id: The destination to trust it for.
        """
        ...
