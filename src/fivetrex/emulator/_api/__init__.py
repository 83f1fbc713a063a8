"""The emulator's HTTP side, one module per area beside :mod:`fivetrex.emulator._domain`.

As moto splits a service into ``models`` and ``responses``, each area here parses its
requests — path, query and body — into typed arguments and calls the domain, and holds
that area's route table. Domain methods never see a raw body. Shared readers of body
fields are in :mod:`._fields`; path and paging helpers in :mod:`._common`.

:data:`ROUTES` is every implemented operation, in the order the tables are listed here.
"""

from __future__ import annotations

from fivetrex.emulator._api.account import ACCOUNT_ROUTES
from fivetrex.emulator._api.agents import AGENT_ROUTES
from fivetrex.emulator._api.certificates import CERTIFICATE_ROUTES
from fivetrex.emulator._api.connections import CONNECTION_ROUTES
from fivetrex.emulator._api.destinations import DESTINATION_ROUTES
from fivetrex.emulator._api.groups import GROUP_ROUTES
from fivetrex.emulator._api.history import HISTORY_ROUTES
from fivetrex.emulator._api.hvr import HVR_ROUTES
from fivetrex.emulator._api.log_services import LOG_SERVICE_ROUTES
from fivetrex.emulator._api.memberships import MEMBERSHIP_ROUTES
from fivetrex.emulator._api.metadata import METADATA_ROUTES
from fivetrex.emulator._api.private_links import PRIVATE_LINK_ROUTES
from fivetrex.emulator._api.projects import PROJECT_ROUTES
from fivetrex.emulator._api.proxy_agents import PROXY_AGENT_ROUTES
from fivetrex.emulator._api.roles import ROLE_ROUTES
from fivetrex.emulator._api.schema import SCHEMA_ROUTES
from fivetrex.emulator._api.sdk_packages import SDK_PACKAGE_ROUTES
from fivetrex.emulator._api.secrets_managers import SECRETS_MANAGER_ROUTES
from fivetrex.emulator._api.system_keys import SYSTEM_KEY_ROUTES
from fivetrex.emulator._api.teams import TEAM_ROUTES
from fivetrex.emulator._api.transformations import TRANSFORMATION_ROUTES
from fivetrex.emulator._api.users import USER_ROUTES
from fivetrex.emulator._api.webhooks import WEBHOOK_ROUTES
from fivetrex.emulator._legacy_metadata import LEGACY_METADATA_ROUTES
from fivetrex.emulator._routes import Route

__all__ = ["ROUTES"]

ROUTES: tuple[Route, ...] = (
    *GROUP_ROUTES,
    *ACCOUNT_ROUTES,
    *DESTINATION_ROUTES,
    *CONNECTION_ROUTES,
    *SCHEMA_ROUTES,
    *WEBHOOK_ROUTES,
    *ROLE_ROUTES,
    *USER_ROUTES,
    *TEAM_ROUTES,
    *MEMBERSHIP_ROUTES,
    *SYSTEM_KEY_ROUTES,
    *HISTORY_ROUTES,
    *METADATA_ROUTES,
    *AGENT_ROUTES,
    *PRIVATE_LINK_ROUTES,
    *PROXY_AGENT_ROUTES,
    *SECRETS_MANAGER_ROUTES,
    *HVR_ROUTES,
    *CERTIFICATE_ROUTES,
    *SDK_PACKAGE_ROUTES,
    *PROJECT_ROUTES,
    *TRANSFORMATION_ROUTES,
    *LOG_SERVICE_ROUTES,
    *LEGACY_METADATA_ROUTES,
)
"""Every implemented operation. Add a row (and a :class:`Backend` method) to add one."""
