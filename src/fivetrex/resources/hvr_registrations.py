"""``client.hvr_registrations``: registering HVR hubs with the account."""

from __future__ import annotations

from .._operation import Resource, endpoint
from ..models import HvrHubRegistration

__all__ = ["HvrRegistrations"]


class HvrRegistrations(Resource):
    """HVR registrations: ``client.hvr_registrations``."""

    @endpoint("POST", "/hvr/register-hub", operation_id="hvr_register_hub")
    def register_hub(
        self, *, hub_server_url: str, port: int, fingerprint: str
    ) -> HvrHubRegistration:
        """Register an HVR hub; the result carries its ``access_token``.

        Args:
            hub_server_url: The hub server's URL.
            port: The installation's port.
            fingerprint: The installation's fingerprint.
        """
        ...
