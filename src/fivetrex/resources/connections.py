"""``client.connections`` (alias ``client.connectors``): sources and their syncs."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Literal

from .._http import APIResponse
from .._operation import Endpoint, StreamOperation, endpoint, stream_of
from ..models import (
    Certificate,
    Column,
    ConnectCard,
    Connection,
    ConnectionErrorRecord,
    Fingerprint,
    Page,
    SchemaConfig,
    SyncHistoryRecord,
    SyncResult,
    SyncStatus,
)
from ._trust import certificates_of, fingerprints_of
from ._waiting import SyncOrchestration

__all__ = ["SYNC_FREQUENCIES", "Connections", "SyncFrequency", "TableSyncMode"]

#: The sync frequencies (minutes) the API accepts.
SyncFrequency = Literal[1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440]
SYNC_FREQUENCIES: tuple[int, ...] = (1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440)
ScheduleType = Literal["auto", "manual"]
ExcludeMode = Literal["PRESERVE", "EXCLUDE"]
SchemaChangeHandling = Literal["ALLOW_ALL", "ALLOW_COLUMNS", "BLOCK_ALL"]
#: How a table is synced (``update_table(sync_mode=...)``).
TableSyncMode = Literal["SOFT_DELETE", "HISTORY", "LIVE"]
DailySyncTime = Literal[
    "00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00",
    "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00",
    "20:00", "21:00", "22:00", "23:00",
]  # fmt: skip


def _sync_result(response: APIResponse) -> SyncResult:
    data = response.data if isinstance(response.data, dict) else {}
    state = data.get("sync_state") or (data.get("status") or {}).get("sync_state")
    return SyncResult(success=True, message=response.message, sync_state=state)


def _sync_status(response: APIResponse) -> SyncStatus:
    return SyncStatus.from_connection(response.data if isinstance(response.data, dict) else {})


def _state(response: APIResponse) -> dict[str, Any]:
    data = response.data if isinstance(response.data, dict) else {}
    state = data.get("state", data)
    return dict(state) if isinstance(state, dict) else {}


class Connections(SyncOrchestration):
    """Connections: ``client.connections`` (also reachable as ``client.connectors``)."""

    @endpoint(
        "GET",
        "/groups/{group_id}/connections",
        operation_id="list_all_connections_in_group",
        versioned=True,
    )
    def list(
        self, group_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[Connection]:
        """List one page of the connections of a group.

        Args:
            group_id: The group.
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET", "/connections/{connection_id}", operation_id="connection_details", versioned=True
    )
    def get(self, connection_id: str) -> Connection:
        """Retrieve a connection."""
        ...

    @endpoint("POST", "/connections", operation_id="create_connection", versioned=True)
    def create(
        self,
        /,
        *,
        group_id: str,
        service: str,
        config: dict[str, Any] | None = None,
        paused: bool | None = None,
        sync_frequency: SyncFrequency | None = None,
        connect_card_config: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Connection:
        """Create a connection.

        Args:
            group_id: The group (destination) to load into.
            service: The connector type, e.g. ``postgres``.
            config: Service-specific configuration (``schema`` or ``schema_prefix``...).
            paused: Create it paused.
            sync_frequency: Minutes between syncs (1, 5, 15, 30, 60, 120, 180, 360, 480,
                720 or 1440).
            connect_card_config: Ask for a Connect Card (``redirect_uri``...).
            **fields: Any other field of the API (``auth``, ``run_setup_tests``,
                ``trust_certificates``, ``daily_sync_time``...).
        """
        ...

    @endpoint(
        "PATCH", "/connections/{connection_id}", operation_id="modify_connection", versioned=True
    )
    def update(self, /, connection_id: str, **fields: Any) -> Connection:
        """Update a connection with any of the API's fields (``config``, ``paused``...)."""
        ...

    @endpoint(
        "DELETE", "/connections/{connection_id}", operation_id="delete_connection", versioned=True
    )
    def delete(self, connection_id: str) -> None:
        """Delete a connection."""
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/sync",
        operation_id="sync_connection",
        versioned=True,
        idempotent=True,
        parse=_sync_result,
    )
    def sync(self, connection_id: str, *, force: bool = False) -> SyncResult:
        """Trigger an incremental sync (returns at once; see ``sync_and_wait``).

        Args:
            force: Restart the sync if one is already running.
        """
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/resync",
        operation_id="resync_connection",
        versioned=True,
        confirm=True,
        parse=_sync_result,
    )
    def resync(
        self,
        connection_id: str,
        *,
        confirm: bool = False,
        scope: dict[str, builtins.list[str]] | None = None,
    ) -> SyncResult:
        """Start a historical re-sync: **re-imports all data** (or the tables in ``scope``).

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
            scope: Only these tables: ``{"schema": ["table", ...]}``.
        """
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}",
        operation_id="modify_connection",
        versioned=True,
        fixed={"paused": True},
    )
    def pause(self, connection_id: str) -> Connection:
        """Pause a connection's syncs."""
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}",
        operation_id="modify_connection",
        versioned=True,
        fixed={"paused": False},
    )
    def resume(self, connection_id: str) -> Connection:
        """Resume a paused connection."""
        ...

    @endpoint(
        "GET",
        "/connections/{connection_id}/state",
        operation_id="connection_state",
        versioned=True,
        parse=_state,
    )
    def get_state(self, connection_id: str) -> dict[str, Any]:
        """Read the connector state (Function and Connector SDK connections only)."""
        ...

    @endpoint(
        "GET",
        "/connections/{connection_id}",
        operation_id="connection_details",
        versioned=True,
        parse=_sync_status,
    )
    def get_sync_status(self, connection_id: str) -> SyncStatus:
        """Read a connection's sync state and last sync timestamps."""
        ...

    @endpoint(
        "GET", "/connections/{connection_id}/schemas", operation_id="connection_schema_config"
    )
    def get_schema_config(self, connection_id: str) -> SchemaConfig:
        """Retrieve the schema config (schemas → tables → columns)."""
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}/schemas",
        operation_id="modify_connection_schema_config",
        body="changes",
    )
    def update_schema_config(self, connection_id: str, changes: dict[str, Any]) -> SchemaConfig:
        """Change the schema config.

        Args:
            changes: The patch, e.g. ``{"schemas": {"public": {"tables": {"users":
                {"enabled": False}}}}}`` or ``{"schema_change_handling": "BLOCK_ALL"}``.
        """
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/schemas/reload",
        operation_id="reload_connection_schema_config",
        idempotent=True,
    )
    def reload_schema_config(
        self, connection_id: str, *, exclude_mode: ExcludeMode = "PRESERVE"
    ) -> SchemaConfig:
        """Re-read the source's schemas, tables and columns.

        Args:
            exclude_mode: ``PRESERVE`` keeps current choices; ``EXCLUDE`` disables what is new.
        """
        ...

    @endpoint(
        "GET",
        "/connections/{connection_id}/schemas/{schema}/tables/{table}/columns",
        operation_id="connection_column_config",
        result_key="columns",
    )
    def get_table_columns(self, connection_id: str, schema: str, table: str) -> dict[str, Column]:
        """Retrieve the columns of one source table, by column name."""
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}",
        operation_id="modify_connection",
        versioned=True,
        rename={"minutes": "sync_frequency"},
    )
    def set_sync_frequency(
        self,
        connection_id: str,
        minutes: SyncFrequency,
        *,
        schedule_type: ScheduleType | None = None,
        daily_sync_time: DailySyncTime | None = None,
    ) -> Connection:
        """Set how often a connection syncs.

        Args:
            minutes: 1, 5, 15, 30, 60, 120, 180, 360, 480, 720 or 1440.
            schedule_type: ``auto`` or ``manual``.
            daily_sync_time: ``"HH:00"``; only with ``minutes=1440``.
        """
        ...

    # ------------------------------------------------------------------ every connection

    @endpoint("GET", "/connections", operation_id="list_connections", versioned=True)
    def list_in_account(
        self,
        *,
        group_id: str | None = None,
        schema: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[Connection]:
        """List one page of the account's connections, of every group (optionally filtered).

        ``stream_in_account()`` walks every page.

        Args:
            group_id: Only the connections of this group.
            schema: Only the connection with this name (its destination schema).
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream_in_account: Final = stream_of(list_in_account)

    # the old names: ``list_all`` promised every connection but returns one page
    list_all = list_in_account
    stream_all = stream_in_account
    _renamed: ClassVar[Mapping[str, str]] = {
        "list_all": "list_in_account",
        "stream_all": "stream_in_account",
    }

    # ------------------------------------------------------------------ setup

    @endpoint(
        "POST",
        "/connections/{connection_id}/test",
        operation_id="run_setup_tests",
        versioned=True,
        idempotent=True,
    )
    def test(
        self,
        connection_id: str,
        *,
        trust_certificates: bool | None = None,
        trust_fingerprints: bool | None = None,
    ) -> Connection:
        """Run the connection's setup tests; the result carries ``setup_tests``.

        Args:
            trust_certificates: Trust the certificates the source presents.
            trust_fingerprints: Trust the SSH fingerprints the source presents.
        """
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/connect-card",
        operation_id="connect_card",
        versioned=True,
    )
    def create_connect_card(
        self, connection_id: str, *, connect_card_config: dict[str, Any]
    ) -> ConnectCard:
        """Create a Connect Card: a hosted page where an end user finishes the setup.

        Args:
            connect_card_config: ``{"redirect_uri": "https://...", "hide_setup_guide":
                False}`` (``redirect_uri`` is required).
        """
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}/state",
        operation_id="modify_connection_state",
        versioned=True,
        parse=_state,
    )
    def update_state(self, connection_id: str, state: dict[str, Any]) -> dict[str, Any]:
        """Replace the connector state (Function and Connector SDK connections only).

        Pause the connection first: the API refuses (409) while a sync runs.

        Args:
            state: The new state object, e.g. ``{"cursor": "2024-01-01T00:00:00Z"}``.
        """
        ...

    @endpoint(
        "GET",
        "/connections/{connection_id}/sync-history",
        operation_id="connection_sync_history",
        versioned=True,
    )
    def list_sync_history(
        self,
        connection_id: str,
        *,
        start_time: str | None = None,
        end_time: str | None = None,
        duration: int | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[SyncHistoryRecord]:
        """List one page of a connection's sync history (newer than the OpenAPI spec).

        Args:
            start_time: ISO-8601 start of the window (default: one hour before ``end_time``).
            end_time: ISO-8601 end of the window (at most 7 days after ``start_time``).
            duration: Deprecated by the API; use ``start_time``/``end_time``.
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream_sync_history: Final = stream_of(list_sync_history)

    @endpoint(
        "GET",
        "/connections/{connection_id}/errors",
        operation_id="connection_errors",
        versioned=True,
    )
    def list_errors(
        self, connection_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ConnectionErrorRecord]:
        """List one page of a connection's active errors (newer than the OpenAPI spec)."""
        ...

    stream_errors: Final = stream_of(list_errors)

    # ------------------------------------------------------------------ schema config

    @endpoint(
        "POST",
        "/connections/{connection_id}/schemas",
        operation_id="pre_create_connection_schema_config",
    )
    def create_schema_config(
        self,
        connection_id: str,
        *,
        schemas: dict[str, Any],
        schema_change_handling: SchemaChangeHandling | None = None,
    ) -> SchemaConfig:
        """Set up the schema config of a connection that has none yet (before its first sync).

        Args:
            schemas: ``{"public": {"enabled": True, "tables": {...}}}``.
            schema_change_handling: ``ALLOW_ALL``, ``ALLOW_COLUMNS`` or ``BLOCK_ALL``.
        """
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}/schemas/{schema}",
        operation_id="modify_connection_database_schema_config",
    )
    def update_schema(
        self,
        connection_id: str,
        schema: str,
        *,
        enabled: bool | None = None,
        tables: dict[str, Any] | None = None,
    ) -> SchemaConfig:
        """Change the config of one source schema (and of its tables).

        Args:
            schema: The source schema name (case-sensitive).
            enabled: Whether to sync the schema (the API expects it).
            tables: ``{"users": {"enabled": False}}``.
        """
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}/schemas/{schema}/tables/{table}",
        operation_id="modify_connection_table_config",
    )
    def update_table(
        self,
        connection_id: str,
        schema: str,
        table: str,
        *,
        enabled: bool | None = None,
        sync_mode: TableSyncMode | None = None,
        columns: dict[str, Any] | None = None,
    ) -> SchemaConfig:
        """Change the config of one source table (and of its columns).

        Args:
            enabled: Whether to sync the table (the API expects it).
            sync_mode: ``SOFT_DELETE``, ``HISTORY`` or ``LIVE``.
            columns: ``{"email": {"hashed": True}}``.
        """
        ...

    @endpoint(
        "PATCH",
        "/connections/{connection_id}/schemas/{schema}/tables/{table}/columns/{column}",
        operation_id="modify_connection_column_config",
    )
    def update_column(
        self,
        connection_id: str,
        schema: str,
        table: str,
        column: str,
        *,
        enabled: bool | None = None,
        hashed: bool | None = None,
        is_primary_key: bool | None = None,
    ) -> SchemaConfig:
        """Change the config of one source column (block it, hash it, make it a key)."""
        ...

    @endpoint(
        "DELETE",
        "/connections/{connection_id}/schemas/{schema}/tables/{table}/columns/{column}",
        operation_id="delete_column_connection_config",
        confirm=True,
    )
    def drop_column(
        self, connection_id: str, schema: str, table: str, column: str, *, confirm: bool = False
    ) -> None:
        """Drop a blocked column from the destination (**its data is deleted**).

        The column must be blocked (``enabled: False``) first, else the API answers 409.

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/schemas/drop-columns",
        operation_id="delete_multiple_columns_connection_config",
        confirm=True,
    )
    def drop_columns(
        self, connection_id: str, *, schemas: dict[str, Any], confirm: bool = False
    ) -> None:
        """Drop blocked columns from the destination (**their data is deleted**).

        Args:
            schemas: ``{"public": {"tables": {"users": {"columns": ["email", "phone"]}}}}``.
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...

    @endpoint(
        "POST",
        "/connections/{connection_id}/schemas/tables/resync",
        operation_id="resync_tables",
        confirm=True,
        body="tables",
    )
    def resync_tables(
        self,
        connection_id: str,
        tables: dict[str, builtins.list[str]],
        *,
        confirm: bool = False,
    ) -> None:
        """Re-sync some tables: **re-imports all their data**.

        Args:
            tables: Schema name → table names, e.g. ``{"public": ["orders", "users"]}``.
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
        """
        ...

    # ------------------------------------------------------------ certificates and fingerprints

    list_certificates: Endpoint[..., Page[Certificate]]
    stream_certificates: StreamOperation[..., Certificate]
    approve_certificate: Endpoint[..., Certificate]
    get_certificate: Endpoint[..., Certificate]
    revoke_certificate: Endpoint[..., None]
    (
        list_certificates,
        stream_certificates,
        approve_certificate,
        get_certificate,
        revoke_certificate,
    ) = certificates_of("connection", work="syncs")
    list_fingerprints: Endpoint[..., Page[Fingerprint]]
    stream_fingerprints: StreamOperation[..., Fingerprint]
    approve_fingerprint: Endpoint[..., Fingerprint]
    get_fingerprint: Endpoint[..., Fingerprint]
    revoke_fingerprint: Endpoint[..., None]
    (
        list_fingerprints,
        stream_fingerprints,
        approve_fingerprint,
        get_fingerprint,
        revoke_fingerprint,
    ) = fingerprints_of("connection", work="syncs")
