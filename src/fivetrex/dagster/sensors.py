"""A Dagster sensor: record the syncs Fivetran ran by itself (its schedule, the dashboard)."""

# No `from __future__ import annotations`: Dagster reads the sensor's `context` annotation.
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fivetrex.models import SyncStatus

from .assets import FivetranTable, sync_metadata, tables_of
from .resources import FivetranResource

try:
    from dagster import (
        AssetKey,
        AssetMaterialization,
        AssetsDefinition,
        DefaultSensorStatus,
        SensorDefinition,
        SensorEvaluationContext,
        SensorResult,
        sensor,
    )
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("fivetrex.dagster needs Dagster: pip install 'fivetrex[dagster]'") from _exc

__all__ = ["fivetran_sync_sensor"]


def _recorded(context: SensorEvaluationContext, key: AssetKey, succeeded_at: datetime) -> bool:
    """Whether the latest materialization of ``key`` already is this sync (a Dagster run)."""
    event = context.instance.get_latest_materialization_event(key)
    materialization = event.asset_materialization if event is not None else None
    if materialization is None:
        return False
    stamp = materialization.metadata.get("fivetran/succeeded_at")
    return stamp is not None and stamp.value == succeeded_at.timestamp()


def _new_syncs(
    statuses: dict[str, SyncStatus], cursor: dict[str, str | None]
) -> list[tuple[str, SyncStatus]]:
    """Connections whose last sync succeeded after the cursor's baseline (updates it).

    A connection seen for the first time only sets its baseline: the sensor reports syncs
    that end after it starts, never the history.
    """
    found = []
    for connection_id, status in statuses.items():
        last = status.last_synced_at
        seen = cursor.get(connection_id, "unseen")
        cursor[connection_id] = last.isoformat() if last is not None else None
        if seen == "unseen" or last is None:
            continue
        if seen is not None and last <= datetime.fromisoformat(seen):
            continue
        if status.succeeded_at is not None and status.succeeded_at == last:
            found.append((connection_id, status))
    return found


def fivetran_sync_sensor(
    assets: Sequence[AssetsDefinition],
    *,
    resource_key: str = "fivetran",
    name: str = "fivetran_sync_sensor",
    minimum_interval_seconds: int = 60,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
) -> SensorDefinition:
    """A sensor that materializes the assets of syncs Fivetran ran on its own.

    Each evaluation reads the status of the connections behind ``assets`` (the assets of
    :func:`load_fivetran_assets` / :func:`fivetran_sync_assets`; one request for many
    connections) and reports a materialization of every table of each connection whose
    sync succeeded since the last evaluation — decided from the server's timestamps, kept
    in the sensor's cursor. A sync a Dagster run already recorded is not reported twice.

    Args:
        assets: Fivetran assets definitions.
        resource_key: The key of the :class:`FivetranResource`.
        name: The sensor's name.
        minimum_interval_seconds: Seconds between evaluations.
        default_status: Whether it runs when first deployed.
    """
    keys: dict[str, dict[FivetranTable, AssetKey]] = {}
    for definition in assets:
        for table, key in tables_of(definition).items():
            keys.setdefault(table.connection_id, {})[table] = key
    if not keys:
        raise ValueError("fivetran_sync_sensor needs Fivetran assets (from fivetran_sync_assets)")

    @sensor(
        name=name,
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=default_status,
        required_resource_keys={resource_key},
    )
    def _sensor(context: SensorEvaluationContext, **resources: Any) -> SensorResult:
        # Dagster passes the required resources by name
        resource: FivetranResource = resources[resource_key]
        cursor: dict[str, str | None] = json.loads(context.cursor) if context.cursor else {}
        with resource.get_client() as client:
            results = client.connections.get_statuses(list(keys))
        statuses = {}
        for connection_id, outcome in results:
            if outcome.value is not None:
                statuses[connection_id] = outcome.value
            else:
                context.log.warning(f"Fivetran connection {connection_id}: {outcome.error}")
        events = []
        for connection_id, status in _new_syncs(statuses, cursor):
            metadata = sync_metadata(status, list(keys[connection_id]))
            for table, key in keys[connection_id].items():
                if status.succeeded_at and _recorded(context, key, status.succeeded_at):
                    continue
                events.append(
                    AssetMaterialization(
                        asset_key=key, metadata={**metadata, "fivetran/table": table.name}
                    )
                )
        return SensorResult(asset_events=events, cursor=json.dumps(cursor, sort_keys=True))

    return _sensor
