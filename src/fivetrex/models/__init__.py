"""Pydantic models of the Fivetran API's objects.

All models keep unknown fields, survive type drift, and parse timestamps into
timezone-aware ``datetime``\\ s.
"""

from __future__ import annotations

from ._base import FivetrexModel, Page
from .connections import (
    Alert,
    Connection,
    ConnectionStatus,
    Connector,
    SetupTest,
    SyncResult,
    SyncStatus,
)
from .destinations import Destination
from .groups import Group
from .schema import Column, Schema, SchemaConfig, Table
from .webhooks import Webhook

__all__ = [
    "Alert",
    "Column",
    "Connection",
    "ConnectionStatus",
    "Connector",
    "Destination",
    "FivetrexModel",
    "Group",
    "Page",
    "Schema",
    "SchemaConfig",
    "SetupTest",
    "SyncResult",
    "SyncStatus",
    "Table",
    "Webhook",
]
