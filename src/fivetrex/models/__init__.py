"""Pydantic models of the Fivetran API's objects.

All models keep unknown fields, survive type drift, and parse timestamps into
timezone-aware ``datetime``\\ s.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._base import FivetrexModel, Page
    from .account import AccountInfo
    from .agents import (
        AgentUsage,
        HybridDeploymentAgent,
        HybridDeploymentAgentFiles,
        ProxyAgent,
        ProxyAgentConnection,
        ProxyAgentSecrets,
    )
    from .certificates import Certificate, Fingerprint
    from .connections import (
        Alert,
        ConnectCard,
        Connection,
        ConnectionErrorRecord,
        ConnectionStatus,
        Connector,
        SetupTest,
        SyncHistoryRecord,
        SyncResult,
        SyncStatus,
    )
    from .connector_sdk import ConnectorSdkPackage
    from .destinations import Destination
    from .groups import Group
    from .hvr import HvrHubRegistration
    from .log_services import LogService, LogServiceStatus, LogServiceTestResult
    from .metadata import ConnectorType, ConnectorTypeDetails, SupportedFeature
    from .networking import PrivateLink
    from .schema import Column, Schema, SchemaConfig, Table
    from .secrets_managers import ExternalSecretsManager, SecretsManagerEntity
    from .system_keys import ResourceFilter, SystemKey, SystemKeyPermission
    from .transformations import (
        PackageMetadata,
        Transformation,
        TransformationProject,
        TransformationSchedule,
    )
    from .users import Membership, Role, Team, TeamUserMembership, User
    from .webhooks import Webhook, WebhookTestResult

# Model modules (and pydantic's BaseModel with them) load on first use (PEP 562):
# `import fivetrex` stays cheap.
_MODULES: dict[str, tuple[str, ...]] = {
    "_base": ("FivetrexModel", "Page"),
    "account": ("AccountInfo",),
    "agents": (
        "AgentUsage",
        "HybridDeploymentAgent",
        "HybridDeploymentAgentFiles",
        "ProxyAgent",
        "ProxyAgentConnection",
        "ProxyAgentSecrets",
    ),
    "certificates": (
        "Certificate",
        "Fingerprint",
    ),
    "connections": (
        "Alert",
        "ConnectCard",
        "Connection",
        "ConnectionErrorRecord",
        "ConnectionStatus",
        "Connector",
        "SetupTest",
        "SyncHistoryRecord",
        "SyncResult",
        "SyncStatus",
    ),
    "connector_sdk": ("ConnectorSdkPackage",),
    "destinations": ("Destination",),
    "groups": ("Group",),
    "hvr": ("HvrHubRegistration",),
    "log_services": (
        "LogService",
        "LogServiceStatus",
        "LogServiceTestResult",
    ),
    "metadata": (
        "ConnectorType",
        "ConnectorTypeDetails",
        "SupportedFeature",
    ),
    "networking": ("PrivateLink",),
    "schema": (
        "Column",
        "Schema",
        "SchemaConfig",
        "Table",
    ),
    "secrets_managers": (
        "ExternalSecretsManager",
        "SecretsManagerEntity",
    ),
    "system_keys": (
        "ResourceFilter",
        "SystemKey",
        "SystemKeyPermission",
    ),
    "transformations": (
        "PackageMetadata",
        "Transformation",
        "TransformationProject",
        "TransformationSchedule",
    ),
    "users": (
        "Membership",
        "Role",
        "Team",
        "TeamUserMembership",
        "User",
    ),
    "webhooks": (
        "Webhook",
        "WebhookTestResult",
    ),
}
_LOCATIONS = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "AccountInfo",
    "AgentUsage",
    "Alert",
    "Certificate",
    "Column",
    "ConnectCard",
    "Connection",
    "ConnectionErrorRecord",
    "ConnectionStatus",
    "Connector",
    "ConnectorSdkPackage",
    "ConnectorType",
    "ConnectorTypeDetails",
    "Destination",
    "ExternalSecretsManager",
    "Fingerprint",
    "FivetrexModel",
    "Group",
    "HvrHubRegistration",
    "HybridDeploymentAgent",
    "HybridDeploymentAgentFiles",
    "LogService",
    "LogServiceStatus",
    "LogServiceTestResult",
    "Membership",
    "PackageMetadata",
    "Page",
    "PrivateLink",
    "ProxyAgent",
    "ProxyAgentConnection",
    "ProxyAgentSecrets",
    "ResourceFilter",
    "Role",
    "Schema",
    "SchemaConfig",
    "SecretsManagerEntity",
    "SetupTest",
    "SupportedFeature",
    "SyncHistoryRecord",
    "SyncResult",
    "SyncStatus",
    "SystemKey",
    "SystemKeyPermission",
    "Table",
    "Team",
    "TeamUserMembership",
    "Transformation",
    "TransformationProject",
    "TransformationSchedule",
    "User",
    "Webhook",
    "WebhookTestResult",
]


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LOCATIONS})
