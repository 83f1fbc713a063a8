"""``client.connections`` (alias ``client.connectors``): sources and their syncs."""

from __future__ import annotations

import builtins
from typing import Any, Literal, TypeVar

from .._http import APIResponse
from .._operation import endpoint, stream_of
from ..models import Column, Connection, Page, SchemaConfig, SyncResult, SyncStatus
from ._sync import SyncOrchestration

__all__ = ["SYNC_FREQUENCIES", "Connections", "SyncFrequency"]

M = TypeVar("M")

#: The sync frequencies (minutes) the API accepts.
SyncFrequency = Literal[1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440]
SYNC_FREQUENCIES: tuple[int, ...] = (1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440)
ScheduleType = Literal["auto", "manual"]
ExcludeMode = Literal["PRESERVE", "EXCLUDE"]
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


class Connections(SyncOrchestration[M]):
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

    stream = stream_of(list)

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
