"""The emulator's domain: Fivetran's resources and rules, one module per area, without HTTP.

:class:`Backend` holds one :class:`~fivetrex.emulator._state.State` and offers one method
per API operation. It is composed, as moto lays out a service, from one mixin per area —
each in its own module of this package, each working on ``self.state`` through the
helpers of :class:`~fivetrex.emulator._domain._base.BackendBase`:

========================  ==============================================================
module                    area
========================  ==============================================================
``_base``                 state, settings, events and their outbox, paging, lookups, clock
``account``               account info, roles
``groups``                groups (destinations' containers), their public key and account
``destinations``          destinations and their setup tests
``connections``           connections: create, update, delete, setup tests, connect cards
``syncs``                 pause, resume, sync, re-sync, outcomes; ``scheduler``: time
``schema``                schema config: schemas, tables, columns, reloads
``webhooks``              webhooks and their test deliveries
``users`` ``teams``       users and teams
``memberships``           role assignments of users and teams
``system_keys``           system keys
``certificates``          approved certificates and fingerprints
``references``            references from connections/destinations to platform resources
``history``               sync history and connection errors (observed lifecycle events)
``metadata``              connector metadata
``sdk_packages``          Connector SDK packages
``projects``              transformation projects
``transformations``       transformations and quickstart package metadata
``log_services``          external logging services
``agents``                hybrid deployment agents
``private_links``         private links
``proxy_agents``          proxy agents
``secrets_managers``      external secrets managers
``hvr``                   HVR hub registration
========================  ==============================================================

Methods take typed arguments — never a request body: :mod:`fivetrex.emulator._api` parses
each request (400 on a malformed one) and calls them. They return the ``data`` payload of
the response (or ``None``) and raise the typed errors of :mod:`fivetrex.emulator._errors`
(404, 409 and the checks that need the state). Webhook events are queued in
:attr:`Backend.outbox` and delivered by the caller once the state lock is released.
"""

from __future__ import annotations

from fivetrex.emulator._domain._access import (
    EXPIRATION_PERIODS,
    PERMISSION_ACCESS_LEVELS,
    PERMISSION_RESOURCE_TYPES,
    ROLES,
    RoleInfo,
)
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import (
    SYNC_OUTCOMES,
    Page,
    PendingDelivery,
    decode_cursor,
    encode_cursor,
    parse_limit,
)
from fivetrex.emulator._domain._platform import (
    AGENT_ONLINE_AFTER_SECONDS,
    PRIVATE_LINK_DESTROY_SECONDS,
    PRIVATE_LINK_READY_SECONDS,
    SYNC_HISTORY_LIMIT,
    TRANSFORMATION_RUN_SECONDS,
)
from fivetrex.emulator._domain.account import AccountArea
from fivetrex.emulator._domain.agents import AgentsArea
from fivetrex.emulator._domain.certificates import CertificatesArea
from fivetrex.emulator._domain.connections import ConnectionsArea
from fivetrex.emulator._domain.destinations import DestinationsArea
from fivetrex.emulator._domain.groups import GroupsArea
from fivetrex.emulator._domain.history import HistoryArea
from fivetrex.emulator._domain.hvr import HvrArea
from fivetrex.emulator._domain.log_services import LogServicesArea
from fivetrex.emulator._domain.memberships import MembershipsArea
from fivetrex.emulator._domain.metadata import MetadataArea
from fivetrex.emulator._domain.private_links import PrivateLinksArea
from fivetrex.emulator._domain.projects import ProjectsArea
from fivetrex.emulator._domain.proxy_agents import ProxyAgentsArea
from fivetrex.emulator._domain.references import ReferencesArea
from fivetrex.emulator._domain.scheduler import SyncTiming
from fivetrex.emulator._domain.schema import SchemaArea
from fivetrex.emulator._domain.sdk_packages import SdkPackagesArea
from fivetrex.emulator._domain.secrets_managers import SecretsManagersArea
from fivetrex.emulator._domain.syncs import SyncsArea
from fivetrex.emulator._domain.system_keys import SystemKeysArea
from fivetrex.emulator._domain.teams import TeamsArea
from fivetrex.emulator._domain.transformations import TransformationsArea
from fivetrex.emulator._domain.users import UsersArea
from fivetrex.emulator._domain.webhooks import WebhooksArea
from fivetrex.emulator._json import MASK

__all__ = [
    "AGENT_ONLINE_AFTER_SECONDS",
    "EXPIRATION_PERIODS",
    "MASK",
    "PERMISSION_ACCESS_LEVELS",
    "PERMISSION_RESOURCE_TYPES",
    "PRIVATE_LINK_DESTROY_SECONDS",
    "PRIVATE_LINK_READY_SECONDS",
    "ROLES",
    "SYNC_HISTORY_LIMIT",
    "SYNC_OUTCOMES",
    "TRANSFORMATION_RUN_SECONDS",
    "Backend",
    "Page",
    "PendingDelivery",
    "RoleInfo",
    "decode_cursor",
    "encode_cursor",
    "parse_limit",
]


class Backend(
    AccountArea,
    GroupsArea,
    DestinationsArea,
    ConnectionsArea,
    SyncsArea,
    SchemaArea,
    WebhooksArea,
    UsersArea,
    TeamsArea,
    MembershipsArea,
    SystemKeysArea,
    CertificatesArea,
    ReferencesArea,
    HistoryArea,
    MetadataArea,
    SdkPackagesArea,
    ProjectsArea,
    TransformationsArea,
    LogServicesArea,
    AgentsArea,
    PrivateLinksArea,
    ProxyAgentsArea,
    SecretsManagersArea,
    HvrArea,
    SyncTiming,
    BackendBase,
):
    """Fivetran's resources and rules, operating on a :class:`State`: every area in one.

    Args:
        state: The state to operate on.
        settings: Behaviour switches (shared with the owning emulator).
    """
