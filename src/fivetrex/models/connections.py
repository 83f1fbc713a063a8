"""Connection (formerly connector) models, sync status and sync results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from ._base import FivetrexModel, Timestamp

__all__ = [
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
]


class Alert(FivetrexModel):
    """A task or warning on a connection's status."""

    code: str | None = None
    """The alert code."""
    message: str | None = None
    """What is wrong."""
    details: Any = None
    """More details, when given."""


class SetupTest(FivetrexModel):
    """The result of one setup test."""

    title: str
    """The test name, e.g. ``Validate Login``."""
    status: str
    """``PASSED``, ``SKIPPED``, ``WARNING``, ``FAILED``..."""
    message: str | None = None
    """The outcome message."""
    details: Any = None
    """More details (e.g. a certificate hash to approve)."""


class ConnectionStatus(FivetrexModel):
    """The ``status`` object of a connection."""

    setup_state: str | None = None
    """``incomplete``, ``connected`` or ``broken``."""
    schema_status: str | None = None
    """``ready``, ``blocked_on_capture``... (schema detection state)."""
    sync_state: str | None = None
    """``scheduled``, ``syncing``, ``paused`` or ``rescheduled``."""
    update_state: str | None = None
    """``on_schedule`` or ``delayed``."""
    is_historical_sync: bool | None = None
    """Whether a historical (full) sync is in progress or pending."""
    rescheduled_for: Timestamp = None
    """When a rescheduled sync will run."""
    tasks: list[Alert] = Field(default_factory=list)
    """Tasks the user must act on."""
    warnings: list[Alert] = Field(default_factory=list)
    """Warnings."""


class Connection(FivetrexModel):
    """A connection: a source that syncs into a destination (formerly "connector")."""

    id: str
    """The connection id."""
    group_id: str
    """The group (destination) it loads into."""
    service: str
    """The connector type, e.g. ``postgres``."""
    service_version: int | None = None
    """The connector type's version."""
    schema_: str = Field(alias="schema")
    """The connection name (its destination schema, or ``schema.table``)."""
    paused: bool
    """Whether syncs are paused."""
    pause_after_trial: bool
    """Whether it pauses when the free trial ends."""
    connected_by: str
    """The id of the user who created it."""
    created_at: Timestamp = None
    """When it was created."""
    succeeded_at: Timestamp = None
    """When the last successful sync finished."""
    failed_at: Timestamp = None
    """When the last failed sync finished."""
    sync_frequency: int
    """Minutes between syncs."""
    schedule_type: str | None = None
    """``auto`` or ``manual``."""
    daily_sync_time: str | None = None
    """``HH:00`` time of day for daily syncs."""
    data_delay_sensitivity: str | None = None
    """``LOW``, ``NORMAL``, ``HIGH``, ``CUSTOM`` or ``SYSTEM``."""
    data_delay_threshold: int | None = None
    """Custom delay threshold in minutes."""
    networking_method: str | None = None
    """How Fivetran reaches the source."""
    status: ConnectionStatus = Field(default_factory=ConnectionStatus)
    """The status object."""
    setup_tests: list[SetupTest] = Field(default_factory=list)
    """Results of the last setup tests."""
    config: dict[str, Any] = Field(default_factory=dict)
    """Service-specific configuration (secrets come back as ``"******"``)."""
    connect_card: dict[str, Any] | None = None
    """The Connect Card token and URI, when one was requested."""
    connect_card_config: dict[str, Any] | None = None
    """The Connect Card configuration."""

    @property
    def name(self) -> str:
        """The connection name (the ``schema`` field)."""
        return self.schema_

    @property  # the API's field name, not pydantic's deprecated ``BaseModel.schema()``
    def schema(self) -> str:  # type: ignore[override]
        """The connection name: its destination schema (or ``schema.table``); see :attr:`name`."""
        return self.schema_

    @property
    def sync_state(self) -> str | None:
        """``status.sync_state``: ``scheduled``, ``syncing``, ``paused`` or ``rescheduled``."""
        return self.status.sync_state

    @property
    def setup_state(self) -> str | None:
        """``status.setup_state``: ``incomplete``, ``connected`` or ``broken``."""
        return self.status.setup_state

    @property
    def is_syncing(self) -> bool:
        """Whether a sync is running."""
        return self.status.sync_state == "syncing"

    @property
    def is_paused(self) -> bool:
        """Whether the connection is paused (by flag or by sync state)."""
        return bool(self.paused) or self.status.sync_state == "paused"

    @property
    def is_broken(self) -> bool:
        """Whether setup is broken."""
        return self.status.setup_state == "broken"

    @property
    def last_synced_at(self) -> datetime | None:
        """The later of :attr:`succeeded_at` and :attr:`failed_at`."""
        stamps = [t for t in (self.succeeded_at, self.failed_at) if isinstance(t, datetime)]
        return max(stamps) if stamps else None


#: The API's old name for :class:`Connection`.
Connector = Connection


class SyncStatus(FivetrexModel):
    """A connection's sync status: its state and the timestamps of the last syncs."""

    connection_id: str
    """The connection."""
    sync_state: str | None = None
    """``scheduled``, ``syncing``, ``paused`` or ``rescheduled``."""
    update_state: str | None = None
    """``on_schedule`` or ``delayed``."""
    setup_state: str | None = None
    """``incomplete``, ``connected`` or ``broken``."""
    is_historical_sync: bool | None = None
    """Whether a historical sync is in progress or pending."""
    paused: bool | None = None
    """The connection's ``paused`` flag."""
    succeeded_at: Timestamp = None
    """When the last successful sync finished."""
    failed_at: Timestamp = None
    """When the last failed sync finished."""
    rescheduled_for: Timestamp = None
    """When a rescheduled sync will run."""
    tasks: list[Alert] = Field(default_factory=list)
    """Tasks the user must act on (often the reason for a failure)."""
    warnings: list[Alert] = Field(default_factory=list)
    """Warnings on the connection's status."""

    @classmethod
    def from_connection(cls, connection: Connection | dict[str, Any]) -> SyncStatus:
        """Build the sync status of a connection (a model or its raw dict)."""
        if isinstance(connection, Connection):
            data: dict[str, Any] = connection.model_dump(by_alias=True, warnings=False)
        else:
            data = connection
        status = data.get("status")
        if not isinstance(status, dict):
            status = {}
        # validate only the fields a status needs (not the whole connection: configs can be big)
        return cls.model_validate(
            {
                "connection_id": data.get("id"),
                "sync_state": status.get("sync_state"),
                "update_state": status.get("update_state"),
                "setup_state": status.get("setup_state"),
                "is_historical_sync": status.get("is_historical_sync"),
                "paused": data.get("paused"),
                "succeeded_at": data.get("succeeded_at"),
                "failed_at": data.get("failed_at"),
                "rescheduled_for": status.get("rescheduled_for"),
                "tasks": status.get("tasks") or [],
                "warnings": status.get("warnings") or [],
            }
        )

    @classmethod
    def from_connector(cls, connector: Connection | dict[str, Any]) -> SyncStatus:
        """The seed's name for :meth:`from_connection`."""
        return cls.from_connection(connector)

    @property
    def is_syncing(self) -> bool:
        """Whether a sync is running."""
        return self.sync_state == "syncing"

    @property
    def is_paused(self) -> bool:
        """Whether the connection is paused."""
        return self.sync_state == "paused" or bool(self.paused)

    @property
    def is_scheduled(self) -> bool:
        """Whether the connection waits for its next scheduled sync."""
        return self.sync_state == "scheduled"

    @property
    def is_rescheduled(self) -> bool:
        """Whether the sync was rescheduled (see :attr:`rescheduled_for`)."""
        return self.sync_state == "rescheduled"

    @property
    def last_synced_at(self) -> datetime | None:
        """The later of :attr:`succeeded_at` and :attr:`failed_at`."""
        stamps = [t for t in (self.succeeded_at, self.failed_at) if isinstance(t, datetime)]
        return max(stamps) if stamps else None


class SyncResult(FivetrexModel):
    """What triggering a sync returned."""

    success: bool = True
    """Always ``True`` when returned (failures raise)."""
    message: str | None = None
    """The API's message, e.g. ``Sync has been successfully triggered...``."""
    sync_state: str | None = None
    """The sync state after triggering, when the API says."""


class ConnectCard(FivetrexModel):
    """A Connect Card: a Fivetran-hosted page where an end user sets up a connection."""

    connector_id: str
    """The connection id (the API kept the old field name)."""
    connect_card: dict[str, Any] = Field(default_factory=dict)
    """``{"token": ..., "uri": ...}``: hand ``uri`` to the end user."""
    connect_card_config: dict[str, Any] = Field(default_factory=dict)
    """The configuration used (``redirect_uri``, ``hide_setup_guide``...)."""

    @property
    def uri(self) -> str | None:
        """The Connect Card URL."""
        value = self.connect_card.get("uri")
        return value if isinstance(value, str) else None

    @property
    def token(self) -> str | None:
        """The short-lived token embedded in :attr:`uri`."""
        value = self.connect_card.get("token")
        return value if isinstance(value, str) else None


class SyncHistoryRecord(FivetrexModel):
    """One sync of a connection (``GET /connections/{id}/sync-history``).

    The endpoint is newer than the published OpenAPI definition; beyond these fields,
    whatever the API returns is kept (``model_extra``).
    """

    sync_id: str | None = None
    """The sync id (as in webhook and log events)."""
    status: str | None = None
    """The outcome, e.g. ``SUCCESSFUL``, ``FAILURE``, ``RESCHEDULED``, ``CANCELED``."""
    reason: str | None = None
    """Why a sync failed or was rescheduled."""
    started_at: Timestamp = None
    """When the sync started (``None`` if it has not started)."""
    ended_at: Timestamp = None
    """When the sync ended (``None`` while running)."""


class ConnectionErrorRecord(FivetrexModel):
    """An active error of a connection (``GET /connections/{id}/errors``)."""

    type: str | None = None
    """The error type."""
    title: str | None = None
    """A short title."""
    reason: str | None = None
    """The cause."""
    message: str | None = None
    """What is wrong and what to do."""
    created_at: Timestamp = None
    """When the error appeared."""
