"""fivetrex: the complete, typed Python client for the Fivetran REST API.

>>> from fivetrex import Fivetrex, AsyncFivetrex
"""

from __future__ import annotations

from . import errors, models, pagination, retry
from ._client import AsyncFivetrex, Fivetrex
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
    "RateLimitedError",
    "RetryPolicy",
    "Schema",
    "SchemaConfig",
    "ServerError",
    "SetupTest",
    "SyncResult",
    "SyncStatus",
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
