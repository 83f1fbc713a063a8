"""The resource namespaces of a client (``client.groups``, ``client.connections``...).

One lazily created attribute per API area; each returns the resource class bound
to the client's mode, so the same declarations serve ``Fivetrex`` and
``AsyncFivetrex``. The CLI discovers resources from here.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from ._operation import Runner

if TYPE_CHECKING:
    from .resources.account import Account
    from .resources.certificates import Certificates
    from .resources.connections import Connections
    from .resources.connector_sdk_packages import ConnectorSdkPackages
    from .resources.connector_types import ConnectorTypes
    from .resources.destinations import Destinations
    from .resources.external_secrets_managers import ExternalSecretsManagers
    from .resources.groups import Groups
    from .resources.hvr_registrations import HvrRegistrations
    from .resources.hybrid_deployment_agents import HybridDeploymentAgents
    from .resources.log_services import LogServices
    from .resources.private_links import PrivateLinks
    from .resources.proxy_agents import ProxyAgents
    from .resources.roles import Roles
    from .resources.system_keys import SystemKeys
    from .resources.teams import Teams
    from .resources.transformation_projects import TransformationProjects
    from .resources.transformations import Transformations
    from .resources.users import Users
    from .resources.webhooks import Webhooks

__all__ = ["ResourceNamespaces"]

M = TypeVar("M")


class ResourceNamespaces(Runner[M]):
    """Mixin of every client: one cached attribute per resource."""

    @cached_property
    def groups(self) -> Groups[M]:
        """Groups: CRUD, their connections and users, SSH public key, service account."""
        from .resources.groups import Groups

        return Groups(self._client)

    @cached_property
    def connections(self) -> Connections[M]:
        """Connections (formerly connectors): CRUD, syncs, schema config, state, certificates."""
        from .resources.connections import Connections

        return Connections(self._client)

    @property
    def connectors(self) -> Connections[M]:
        """The same object as :attr:`connections`, under the API's old name."""
        return self.connections

    @cached_property
    def destinations(self) -> Destinations[M]:
        """Destinations: CRUD, ``test``, certificates and fingerprints."""
        from .resources.destinations import Destinations

        return Destinations(self._client)

    @cached_property
    def webhooks(self) -> Webhooks[M]:
        """Webhooks: account and group level, ``test``."""
        from .resources.webhooks import Webhooks

        return Webhooks(self._client)

    @cached_property
    def account(self) -> Account[M]:
        """The account behind the API key: ``get_info``."""
        from .resources.account import Account

        return Account(self._client)

    @cached_property
    def users(self) -> Users[M]:
        """Users: CRUD (invite), account role, group and connection memberships."""
        from .resources.users import Users

        return Users(self._client)

    @cached_property
    def teams(self) -> Teams[M]:
        """Teams: CRUD, account role, users, group and connection memberships."""
        from .resources.teams import Teams

        return Teams(self._client)

    @cached_property
    def roles(self) -> Roles[M]:
        """Roles: ``list``, ``stream``."""
        from .resources.roles import Roles

        return Roles(self._client)

    @cached_property
    def certificates(self) -> Certificates[M]:
        """Certificates (deprecated API): approve for a connection or destination by id."""
        from .resources.certificates import Certificates

        return Certificates(self._client)

    @cached_property
    def connector_types(self) -> ConnectorTypes[M]:
        """Connector types (connector metadata): ``list``, ``get``, ``list_public``."""
        from .resources.connector_types import ConnectorTypes

        return ConnectorTypes(self._client)

    @cached_property
    def connector_sdk_packages(self) -> ConnectorSdkPackages[M]:
        """Connector SDK packages: CRUD (multipart upload), ``download``."""
        from .resources.connector_sdk_packages import ConnectorSdkPackages

        return ConnectorSdkPackages(self._client)

    @cached_property
    def transformation_projects(self) -> TransformationProjects[M]:
        """Transformation projects (dbt Core): CRUD, ``test``."""
        from .resources.transformation_projects import TransformationProjects

        return TransformationProjects(self._client)

    @cached_property
    def transformations(self) -> Transformations[M]:
        """Transformations: CRUD, ``run``, ``cancel``, ``upgrade``, Quickstart packages."""
        from .resources.transformations import Transformations

        return Transformations(self._client)

    @cached_property
    def log_services(self) -> LogServices[M]:
        """Log services (external logging): group CRUD and ``test``, and the account's."""
        from .resources.log_services import LogServices

        return LogServices(self._client)

    @cached_property
    def hybrid_deployment_agents(self) -> HybridDeploymentAgents[M]:
        """Hybrid deployment agents: CRUD, ``re_auth``, ``reset_credentials``."""
        from .resources.hybrid_deployment_agents import HybridDeploymentAgents

        return HybridDeploymentAgents(self._client)

    @cached_property
    def private_links(self) -> PrivateLinks[M]:
        """Private links: CRUD."""
        from .resources.private_links import PrivateLinks

        return PrivateLinks(self._client)

    @cached_property
    def proxy_agents(self) -> ProxyAgents[M]:
        """Proxy agents: CRUD, their connections, ``regenerate_secrets``."""
        from .resources.proxy_agents import ProxyAgents

        return ProxyAgents(self._client)

    @cached_property
    def system_keys(self) -> SystemKeys[M]:
        """System keys: CRUD, ``rotate``."""
        from .resources.system_keys import SystemKeys

        return SystemKeys(self._client)

    @cached_property
    def external_secrets_managers(self) -> ExternalSecretsManagers[M]:
        """External secrets managers: CRUD, the entities using them."""
        from .resources.external_secrets_managers import ExternalSecretsManagers

        return ExternalSecretsManagers(self._client)

    @cached_property
    def hvr_registrations(self) -> HvrRegistrations[M]:
        """HVR hub registrations: ``register_hub``."""
        from .resources.hvr_registrations import HvrRegistrations

        return HvrRegistrations(self._client)
