"""The declaration of a client's own surface: its resource namespaces and raw calls.

:class:`ResourceNamespaces` declares one attribute per API area
(``client.groups``, ``client.connections``...) and the resource declaration class
behind it; :class:`ClientDeclarations` adds the low-level ``get``/``post``/
``patch``/``delete`` calls. ``scripts/generate.py`` turns them into the
``BlockingClientMethods`` and ``AsyncClientMethods`` mixins of ``Fivetrex`` and
``AsyncFivetrex`` (``fivetrex/_generated/client.py``). The CLI and the coverage
table discover resources from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ._flow import Flow
from ._http import APIRequest
from ._operation import Resource, flow

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

__all__ = ["ClientDeclarations", "ResourceNamespaces"]


class ResourceNamespaces(Resource):
    """The resource namespaces of a client: one cached attribute per API area."""

    @cached_property
    def groups(self) -> Groups:
        """Groups: CRUD, their connections and users, SSH public key, service account."""
        from .resources.groups import Groups

        return Groups(self._client)

    @cached_property
    def connections(self) -> Connections:
        """Connections (formerly connectors): CRUD, syncs, schema config, state, certificates."""
        from .resources.connections import Connections

        return Connections(self._client)

    @property
    def connectors(self) -> Connections:
        """The same object as :attr:`connections`, under the API's old name."""
        return self.connections

    @cached_property
    def destinations(self) -> Destinations:
        """Destinations: CRUD, ``test``, certificates and fingerprints."""
        from .resources.destinations import Destinations

        return Destinations(self._client)

    @cached_property
    def webhooks(self) -> Webhooks:
        """Webhooks: account and group level, ``test``."""
        from .resources.webhooks import Webhooks

        return Webhooks(self._client)

    @cached_property
    def account(self) -> Account:
        """The account behind the API key: ``get_info``."""
        from .resources.account import Account

        return Account(self._client)

    @cached_property
    def users(self) -> Users:
        """Users: CRUD (invite), account role, group and connection memberships."""
        from .resources.users import Users

        return Users(self._client)

    @cached_property
    def teams(self) -> Teams:
        """Teams: CRUD, account role, users, group and connection memberships."""
        from .resources.teams import Teams

        return Teams(self._client)

    @cached_property
    def roles(self) -> Roles:
        """Roles: ``list``, ``stream``."""
        from .resources.roles import Roles

        return Roles(self._client)

    @cached_property
    def certificates(self) -> Certificates:
        """Certificates (deprecated API): approve for a connection or destination by id."""
        from .resources.certificates import Certificates

        return Certificates(self._client)

    @cached_property
    def connector_types(self) -> ConnectorTypes:
        """Connector types (connector metadata): ``list``, ``get``, ``list_public``."""
        from .resources.connector_types import ConnectorTypes

        return ConnectorTypes(self._client)

    @cached_property
    def connector_sdk_packages(self) -> ConnectorSdkPackages:
        """Connector SDK packages: CRUD (multipart upload), ``download``."""
        from .resources.connector_sdk_packages import ConnectorSdkPackages

        return ConnectorSdkPackages(self._client)

    @cached_property
    def transformation_projects(self) -> TransformationProjects:
        """Transformation projects (dbt Core): CRUD, ``test``."""
        from .resources.transformation_projects import TransformationProjects

        return TransformationProjects(self._client)

    @cached_property
    def transformations(self) -> Transformations:
        """Transformations: CRUD, ``run``, ``cancel``, ``upgrade``, Quickstart packages."""
        from .resources.transformations import Transformations

        return Transformations(self._client)

    @cached_property
    def log_services(self) -> LogServices:
        """Log services (external logging): group CRUD and ``test``, and the account's."""
        from .resources.log_services import LogServices

        return LogServices(self._client)

    @cached_property
    def hybrid_deployment_agents(self) -> HybridDeploymentAgents:
        """Hybrid deployment agents: CRUD, ``re_auth``, ``reset_credentials``."""
        from .resources.hybrid_deployment_agents import HybridDeploymentAgents

        return HybridDeploymentAgents(self._client)

    @cached_property
    def private_links(self) -> PrivateLinks:
        """Private links: CRUD."""
        from .resources.private_links import PrivateLinks

        return PrivateLinks(self._client)

    @cached_property
    def proxy_agents(self) -> ProxyAgents:
        """Proxy agents: CRUD, their connections, ``regenerate_secrets``."""
        from .resources.proxy_agents import ProxyAgents

        return ProxyAgents(self._client)

    @cached_property
    def system_keys(self) -> SystemKeys:
        """System keys: CRUD, ``rotate``."""
        from .resources.system_keys import SystemKeys

        return SystemKeys(self._client)

    @cached_property
    def external_secrets_managers(self) -> ExternalSecretsManagers:
        """External secrets managers: CRUD, the entities using them."""
        from .resources.external_secrets_managers import ExternalSecretsManagers

        return ExternalSecretsManagers(self._client)

    @cached_property
    def hvr_registrations(self) -> HvrRegistrations:
        """HVR hub registrations: ``register_hub``."""
        from .resources.hvr_registrations import HvrRegistrations

        return HvrRegistrations(self._client)


# The endpoints whose spec default is ``Accept: application/json;version=2``.
_VERSIONED = re.compile(
    r"^/(connections|connectors|destinations)(/[^/]+(/(connect-card|resync|state|sync|test|force))?)?/?$"
)


def _versioned(path: str) -> bool:
    bare = path if path.startswith("/") else "/" + path
    if bare.startswith("/v1/"):
        bare = bare[3:]
    return bool(_VERSIONED.match(bare.split("?", 1)[0]))


def _raw_request(method: str, path: str, **options: Any) -> APIRequest:
    """The request of a raw call: ``path`` is relative to the base URL and may not climb
    out of it (a ``.`` or ``..`` segment would, once the URL is normalised)."""
    from .errors import InvalidArgumentError

    if not isinstance(path, str):
        raise InvalidArgumentError(f"path must be a string, got {type(path).__name__}")
    segments = path.split("?", 1)[0].split("/")
    if any(segment in (".", "..") for segment in segments):
        raise InvalidArgumentError(
            f"path {path!r} has a '.' or '..' segment: it would leave the base URL; "
            "write the path from the base URL (e.g. '/groups/ID')"
        )
    return APIRequest(method, path, versioned=_versioned(path), **options)


class ClientDeclarations(ResourceNamespaces):
    """Everything a client has besides its options: the namespaces and the raw calls."""

    @flow()
    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Flow[Any]:
        """``GET path`` (relative to the base URL); returns the unwrapped ``data``."""
        response = yield from self._client._core.call(_raw_request("GET", path, params=params))
        return response.data

    @flow()
    def post(self, path: str, *, json: Any = None) -> Flow[Any]:
        """``POST path`` with a JSON body; returns the unwrapped ``data``.

        Treated as a create: retried only when the server cannot have acted on it.
        """
        body = {} if json is None else json
        request = _raw_request("POST", path, json=body, idempotent=False)
        response = yield from self._client._core.call(request)
        return response.data

    @flow()
    def patch(self, path: str, *, json: Any = None) -> Flow[Any]:
        """``PATCH path`` with a JSON body; returns the unwrapped ``data``."""
        body = {} if json is None else json
        response = yield from self._client._core.call(_raw_request("PATCH", path, json=body))
        return response.data

    @flow()
    def delete(self, path: str) -> Flow[Any]:
        """``DELETE path``; returns the unwrapped ``data`` (usually ``None``)."""
        response = yield from self._client._core.call(_raw_request("DELETE", path))
        return response.data
