"""fivetrex: the complete, typed Python client for the Fivetran REST API.

>>> from fivetrex import Fivetrex, AsyncFivetrex
"""

from __future__ import annotations

from . import errors, models, pagination, retry
from ._client import AsyncFivetrex, Fivetrex
from ._sync import BulkResult, SyncEvents
from ._throttle import RateLimit
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    ConfirmationRequired,
    ConflictError,
    FivetrexError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    SyncError,
    SyncFailedError,
    SyncPausedError,
    SyncRescheduledError,
    SyncTimeoutError,
    UnauthorizedError,
    UnexpectedStatusError,
)
from .models import (
    Alert,
    Column,
    Connection,
    ConnectionStatus,
    Connector,
    Destination,
    Group,
    Page,
    Schema,
    SchemaConfig,
    SetupTest,
    SyncResult,
    SyncStatus,
    Table,
    Webhook,
)
from .pagination import PaginationError, apaginate, paginate
from .retry import RetryPolicy, with_retry, with_retry_async

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Alert",
    "AsyncFivetrex",
    "BadRequestError",
    "BulkResult",
    "Column",
    "ConfigurationError",
    "ConfirmationRequired",
    "ConflictError",
    "Connection",
    "ConnectionStatus",
    "Connector",
    "Destination",
    "Fivetrex",
    "FivetrexError",
    "ForbiddenError",
    "Group",
    "NotFoundError",
    "Page",
    "PaginationError",
    "RateLimit",
    "RateLimitedError",
    "RetryPolicy",
    "Schema",
    "SchemaConfig",
    "ServerError",
    "SetupTest",
    "SyncError",
    "SyncEvents",
    "SyncFailedError",
    "SyncPausedError",
    "SyncRescheduledError",
    "SyncResult",
    "SyncStatus",
    "SyncTimeoutError",
    "Table",
    "UnauthorizedError",
    "UnexpectedStatusError",
    "Webhook",
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
