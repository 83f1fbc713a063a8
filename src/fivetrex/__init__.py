"""fivetrex: the complete, typed Python client for the Fivetran REST API.

>>> from fivetrex import Fivetrex, AsyncFivetrex
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConfirmationRequired,
    ConflictError,
    FivetrexError,
    ForbiddenError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitedError,
    ResponseTooLargeError,
    ServerError,
    SyncError,
    SyncFailedError,
    SyncPausedError,
    SyncRescheduledError,
    SyncTimeoutError,
    UnauthorizedError,
    UnexpectedStatusError,
)

if TYPE_CHECKING:  # the clients, helpers and models load on first use (PEP 562, below)
    from . import models, pagination, retry
    from ._client import AsyncFivetrex, Fivetrex
    from ._throttle import RateLimit
    from ._waiting import BulkResult, SyncEvents
    from .models import (
        AccountInfo,
        AgentUsage,
        Alert,
        Certificate,
        Column,
        ConnectCard,
        Connection,
        ConnectionErrorRecord,
        ConnectionStatus,
        Connector,
        ConnectorSdkPackage,
        ConnectorType,
        ConnectorTypeDetails,
        Destination,
        ExternalSecretsManager,
        Fingerprint,
        Group,
        HvrHubRegistration,
        HybridDeploymentAgent,
        HybridDeploymentAgentFiles,
        LogService,
        LogServiceStatus,
        LogServiceTestResult,
        Membership,
        PackageMetadata,
        Page,
        PrivateLink,
        ProxyAgent,
        ProxyAgentConnection,
        ProxyAgentSecrets,
        ResourceFilter,
        Role,
        Schema,
        SchemaConfig,
        SecretsManagerEntity,
        SetupTest,
        SupportedFeature,
        SyncHistoryRecord,
        SyncResult,
        SyncStatus,
        SystemKey,
        SystemKeyPermission,
        Table,
        Team,
        TeamUserMembership,
        Transformation,
        TransformationProject,
        TransformationSchedule,
        User,
        Webhook,
        WebhookTestResult,
    )
    from .pagination import PaginationError, apaginate, paginate
    from .retry import RetryPolicy, with_retry, with_retry_async

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccountInfo",
    "AgentUsage",
    "Alert",
    "AsyncFivetrex",
    "BadRequestError",
    "BulkResult",
    "Certificate",
    "ClientClosedError",
    "Column",
    "ConfigurationError",
    "ConfirmationRequired",
    "ConflictError",
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
    "Fivetrex",
    "FivetrexError",
    "ForbiddenError",
    "Group",
    "HvrHubRegistration",
    "HybridDeploymentAgent",
    "HybridDeploymentAgentFiles",
    "InvalidArgumentError",
    "LogService",
    "LogServiceStatus",
    "LogServiceTestResult",
    "Membership",
    "NotFoundError",
    "PackageMetadata",
    "Page",
    "PaginationError",
    "PrivateLink",
    "ProxyAgent",
    "ProxyAgentConnection",
    "ProxyAgentSecrets",
    "RateLimit",
    "RateLimitedError",
    "ResourceFilter",
    "ResponseTooLargeError",
    "RetryPolicy",
    "Role",
    "Schema",
    "SchemaConfig",
    "SecretsManagerEntity",
    "ServerError",
    "SetupTest",
    "SupportedFeature",
    "SyncError",
    "SyncEvents",
    "SyncFailedError",
    "SyncHistoryRecord",
    "SyncPausedError",
    "SyncRescheduledError",
    "SyncResult",
    "SyncStatus",
    "SyncTimeoutError",
    "SystemKey",
    "SystemKeyPermission",
    "Table",
    "Team",
    "TeamUserMembership",
    "Transformation",
    "TransformationProject",
    "TransformationSchedule",
    "UnauthorizedError",
    "UnexpectedStatusError",
    "User",
    "Webhook",
    "WebhookTestResult",
    "__version__",
    "apaginate",
    "errors",
    "models",
    "paginate",
    "pagination",
    "retry",
    "with_retry",
    "with_retry_async",
]


# `import fivetrex` imports nothing heavy (httpx, pydantic): the console script's
# `fivetrex --version` and `--help` start fast; each name loads with its module.
_LAZY: dict[str, str] = {
    "AsyncFivetrex": "_client",
    "Fivetrex": "_client",
    "BulkResult": "_waiting",
    "SyncEvents": "_waiting",
    "RateLimit": "_throttle",
    "PaginationError": "pagination",
    "apaginate": "pagination",
    "paginate": "pagination",
    "RetryPolicy": "retry",
    "with_retry": "retry",
    "with_retry_async": "retry",
}
_SUBMODULES = frozenset({"models", "pagination", "retry"})


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    else:
        models = importlib.import_module(f"{__name__}.models")
        if name not in models.__all__:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(models, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
