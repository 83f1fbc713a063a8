"""Dagster assets: one per destination table of a Fivetran connection, materialized by a sync."""

# No `from __future__ import annotations`: Dagster reads the op's `context` annotation at
# definition time and needs the class, not a string.
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fivetrex import Fivetrex, FivetrexError, NotFoundError, SyncFailedError
from fivetrex._waiting import check_wait_options
from fivetrex.models import SyncStatus

from .resources import FivetranResource

try:
    from dagster import (
        AssetExecutionContext,
        AssetKey,
        AssetsDefinition,
        AssetSpec,
        Failure,
        MaterializeResult,
        MetadataValue,
        multi_asset,
    )
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("fivetrex.dagster needs Dagster: pip install 'fivetrex[dagster]'") from _exc

__all__ = ["FivetranTable", "fivetran_sync_assets", "load_fivetran_assets", "tables_of"]


@dataclass(frozen=True)
class FivetranTable:
    """A destination table a Fivetran connection writes (names as in the destination)."""

    connection_id: str
    schema: str
    table: str

    @property
    def name(self) -> str:
        """``schema.table``."""
        return f"{self.schema}.{self.table}"


AssetKeyFunction = Callable[[FivetranTable], "AssetKey | Sequence[str] | str"]


def default_asset_key(table: FivetranTable) -> AssetKey:
    """``AssetKey([schema, table])``, with the destination's names."""
    return AssetKey([table.schema, table.table])


def _key(table: FivetranTable, prefix: Sequence[str], key_fn: AssetKeyFunction | None) -> AssetKey:
    key = key_fn(table) if key_fn is not None else default_asset_key(table)
    key = AssetKey.from_coercible(key)
    return key.with_prefix(list(prefix)) if prefix else key


def _tables(connection_id: str, tables: Sequence[str | tuple[str, str]]) -> list[FivetranTable]:
    found: list[FivetranTable] = []
    for entry in tables:
        if isinstance(entry, str):
            schema, dot, table = entry.partition(".")
            if not dot or not schema or not table:
                raise ValueError(f"tables are 'schema.table' or (schema, table), got {entry!r}")
        else:
            schema, table = entry
        found.append(FivetranTable(connection_id, schema, table))
    if not found:
        raise ValueError(f"connection {connection_id!r}: no tables to define assets for")
    return found


def tables_of(assets: AssetsDefinition) -> dict[FivetranTable, AssetKey]:
    """The Fivetran tables of an assets definition made here, with their keys ({} if none)."""
    found = {}
    for spec in assets.specs:
        connection_id = spec.metadata.get("fivetran/connection_id")
        name = spec.metadata.get("fivetran/table")
        if isinstance(connection_id, str) and isinstance(name, str):
            schema, _, table = name.partition(".")
            found[FivetranTable(connection_id, schema, table)] = spec.key
    return found


def _stamp(value: datetime | None) -> Any:
    return MetadataValue.timestamp(value) if isinstance(value, datetime) else None


def sync_metadata(status: SyncStatus, tables: Sequence[FivetranTable]) -> dict[str, Any]:
    """The metadata of each materialization: the connection, the sync's timestamps, tables."""
    metadata: dict[str, Any] = {
        "fivetran/connection_id": status.connection_id,
        "fivetran/sync_state": status.sync_state,
        "fivetran/succeeded_at": _stamp(status.succeeded_at),
        "fivetran/failed_at": _stamp(status.failed_at),
        "fivetran/tables": MetadataValue.json([t.name for t in tables]),
    }
    return {k: v for k, v in metadata.items() if v is not None}


def _failure(error: FivetrexError, connection_id: str) -> Failure:
    metadata: dict[str, Any] = {
        "fivetran/connection_id": connection_id,
        "fivetran/error": type(error).__name__,
    }
    if isinstance(error, SyncFailedError) and error.reason:
        metadata["fivetran/reason"] = error.reason
    return Failure(description=f"Fivetran: {error}", metadata=metadata)


def fivetran_sync_assets(
    *,
    connection_id: str,
    tables: Sequence[str | tuple[str, str]],
    resource_key: str = "fivetran",
    key_prefix: Sequence[str] | str = (),
    asset_key: AssetKeyFunction | None = None,
    name: str | None = None,
    group_name: str | None = None,
    timeout: float | None = None,
    poll_interval: float = 5.0,
    max_poll_interval: float = 60.0,
    resume: bool = False,
    on_rescheduled: str = "wait",
) -> AssetsDefinition:
    """The assets of one connection's destination tables, materialized by one sync.

    Materializing any of them runs ``sync_and_wait`` on the connection (through the
    :class:`FivetranResource` under ``resource_key``) and reports every table, each with
    the sync's metadata. A failed, paused or timed-out sync fails the run with Fivetran's
    reason (a ``dagster.Failure``). Makes no API call: the definitions load offline.

    Args:
        connection_id: The Fivetran connection.
        tables: Its destination tables, ``"schema.table"`` or ``(schema, table)``.
        resource_key: The key of the :class:`FivetranResource`.
        key_prefix: Prepended to every asset key.
        asset_key: ``FivetranTable -> AssetKey`` (or a key path); default ``[schema, table]``.
        name: The op's name (default ``fivetran_sync_<connection_id>``).
        group_name: The assets' group.
        timeout: Fail after this many seconds of waiting (``None``: never).
        poll_interval: First delay between status reads (grows 1.5x per read).
        max_poll_interval: Cap on the delay between status reads.
        resume: Resume a paused connection first (else the run fails).
        on_rescheduled: ``"wait"`` (a rescheduled sync runs later: keep waiting) or
            ``"raise"`` (fail the run).
    """
    if on_rescheduled not in ("wait", "raise"):
        raise ValueError(f"on_rescheduled must be 'wait' or 'raise', got {on_rescheduled!r}")
    check_wait_options(timeout, poll_interval, max_poll_interval)  # at definition, not at run
    found = _tables(connection_id, tables)
    prefix = [key_prefix] if isinstance(key_prefix, str) else list(key_prefix)
    keys = {t: _key(t, prefix, asset_key) for t in found}
    specs = [
        AssetSpec(
            key,
            group_name=group_name,
            kinds={"fivetran"},
            metadata={"fivetran/connection_id": connection_id, "fivetran/table": t.name},
            description=f"Fivetran connection {connection_id}: {t.name}",
        )
        for t, key in keys.items()
    ]
    op_name = name or "fivetran_sync_" + re.sub(r"\W", "_", connection_id)

    @multi_asset(specs=specs, name=op_name, required_resource_keys={resource_key})
    def _sync(context: AssetExecutionContext) -> Iterator[MaterializeResult]:  # type: ignore[type-arg]
        resource: FivetranResource = getattr(context.resources, resource_key)
        context.log.info(f"Syncing Fivetran connection {connection_id}")
        try:
            with resource.get_client() as client:
                status = client.connections.sync_and_wait(
                    connection_id,
                    timeout=timeout,
                    poll_interval=poll_interval,
                    max_poll_interval=max_poll_interval,
                    resume=resume,
                    on_rescheduled="raise" if on_rescheduled == "raise" else "wait",
                    on_progress=lambda s: context.log.debug(f"{connection_id}: {s.sync_state}"),
                )
        except FivetrexError as error:
            raise _failure(error, connection_id) from error
        metadata = sync_metadata(status, found)
        for t, key in keys.items():
            yield MaterializeResult(asset_key=key, metadata={**metadata, "fivetran/table": t.name})

    return _sync


def _connection_tables(client: Fivetrex, connection_id: str) -> list[tuple[str, str]]:
    """The enabled destination tables of a connection ([] without a schema config)."""
    try:
        config = client.connections.get_schema_config(connection_id)
    except NotFoundError:  # never synced / never reloaded: nothing to define yet
        return []
    found = []
    for schema_name, schema in config.schemas.items():
        if schema.enabled is False:
            continue
        for table_name, table in schema.tables.items():
            if table.enabled is False:
                continue
            found.append(
                (schema.name_in_destination or schema_name, table.name_in_destination or table_name)
            )
    return found


def load_fivetran_assets(
    fivetran: FivetranResource | Fivetrex,
    *,
    group_ids: Sequence[str] | None = None,
    connection_ids: Sequence[str] | None = None,
    **options: Any,
) -> list[AssetsDefinition]:
    """Assets for the connections of the account: one per enabled destination table.

    Reads the account once (the connections, then each one's schema config), when the
    definitions load. A connection without a schema config yet (never synced) gets no
    assets. Each connection's assets are :func:`fivetran_sync_assets`.

    Args:
        fivetran: A :class:`FivetranResource` or a ``Fivetrex`` to read the account with.
        group_ids: Only the connections of these groups (default: every group).
        connection_ids: Only these connections.
        **options: Passed to :func:`fivetran_sync_assets` (``key_prefix``, ``asset_key``,
            ``resource_key``, ``group_name``, ``timeout``, ``poll_interval``...).
    """
    own = isinstance(fivetran, FivetranResource)
    client = fivetran.get_client() if isinstance(fivetran, FivetranResource) else fivetran
    try:
        if connection_ids is None:
            groups = group_ids
            if groups is None:
                groups = [g.id for g in client.groups.stream() if g.id]
            connection_ids = [c.id for g in groups for c in client.connections.stream(g) if c.id]
        assets = []
        for connection_id in connection_ids:
            tables = _connection_tables(client, connection_id)
            if tables:
                assets.append(
                    fivetran_sync_assets(connection_id=connection_id, tables=tables, **options)
                )
        return assets
    finally:
        if own:
            client.close()
