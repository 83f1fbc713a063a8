"""Pydantic models of the Fivetran API's objects.

All models keep unknown fields, survive type drift, and parse timestamps into
timezone-aware ``datetime``\\ s.
"""

from __future__ import annotations

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
