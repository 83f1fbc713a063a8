"""Reading the platform references a connection or destination body names
(domain: :mod:`.._domain.references`)."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._api._fields import opt_str
from fivetrex.emulator._domain._common import UNSET, Unset
from fivetrex.emulator._domain.references import PlatformRefs

__all__ = ["platform_refs"]


def _ref(body: dict[str, Any], key: str) -> str | Unset | None:
    return opt_str(body, key) if key in body else UNSET


def platform_refs(body: dict[str, Any]) -> PlatformRefs:
    """The reference fields of ``body``: each a string id, ``None`` (sent as ``null``) or
    :data:`UNSET` (absent); 400 if one is not a string (checked in the order proxy agent,
    private link, hybrid deployment agent, external secrets manager)."""
    return PlatformRefs(  # keyword arguments are read left to right
        proxy_agent_id=_ref(body, "proxy_agent_id"),
        private_link_id=_ref(body, "private_link_id"),
        hybrid_deployment_agent_id=_ref(body, "hybrid_deployment_agent_id"),
        external_secrets_manager_id=_ref(body, "external_secrets_manager_id"),
    )
