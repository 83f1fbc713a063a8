"""Sync logs from the Fivetran Platform connector's ``LOG`` table.

Fivetran has no REST endpoint for sync logs. Logs and operational metadata reach
your warehouse through the **Fivetran Platform connector**, which Fivetran adds to
every destination. It writes to a schema named ``fivetran_metadata`` by default
(``fivetran_log`` in older setups; the name can be changed when the connector is
set up). The tables that matter here:

``LOG``
    One row per log event: ``ID``, ``TIME_STAMP``, ``CONNECTOR_ID`` (newer tables
    also have ``CONNECTION_ID``), ``EVENT`` (the level: ``INFO``, ``WARNING``,
    ``SEVERE``), ``MESSAGE_EVENT`` (what happened: ``sync_start``, ``sync_end``,
    ``alter_table``, ...), ``MESSAGE_DATA`` (JSON text with the details, e.g.
    ``{"status": "FAILURE", "reason": "..."}`` on ``sync_end``), ``SYNC_ID``,
    ``PROCESS_ID``, ``TRANSFORMATION_ID`` and ``_FIVETRAN_SYNCED``.
``CONNECTOR_SDK_LOG``
    Logs written by Connector SDK (custom) connectors: ``CONNECTOR_ID``,
    ``LOG_MESSAGE``, ``LOG_LEVEL``, ``TIME_STAMP``.
``AUDIT_TRAIL``
    Account-level audit events: ``ID``, ``ACTOR``, ``ACTION``, ``OBJECT_TYPE``,
    ``OBJECT_ID``, ``TIME_STAMP``.

This module gives you two things:

* :func:`query_example` builds ready-to-run SQL for common questions (recent
  syncs, failed syncs, sync durations, schema changes) for Snowflake, BigQuery,
  Redshift, Databricks, Postgres and DuckDB. Values such as the connector id are
  never pasted into the SQL: they are returned separately as bind parameters in
  the placeholder style of the usual Python driver for that warehouse.
* :class:`LogEntry` turns the rows you fetch back into typed objects, whatever
  the key case your driver uses.

Example::

    query = query_example("failed_syncs", connector_id="decent_dropsy", dialect="duckdb")
    cursor = connection.execute(query.sql, query.params)
    for entry in LogEntry.from_cursor(cursor):
        print(entry.time_stamp, entry.message_event, entry.status, entry.reason)

This is the Python port of the Elixir ``Fivetrex.SyncLogs`` and
``Fivetrex.Models.LogEntry`` modules.
"""

from __future__ import annotations

from ._constants import (
    DEFAULT_LIMITS,
    DIALECTS,
    FAILED_SYNC_STATUSES,
    PLACEHOLDER_STYLES,
    QUERY_KINDS,
    SCHEMA_CHANGE_EVENTS,
    Dialect,
    QueryKind,
)
from ._entry import LogEntry
from ._queries import Query, query_example

__all__ = [
    "DEFAULT_LIMITS",
    "DIALECTS",
    "FAILED_SYNC_STATUSES",
    "PLACEHOLDER_STYLES",
    "QUERY_KINDS",
    "SCHEMA_CHANGE_EVENTS",
    "Dialect",
    "LogEntry",
    "Query",
    "QueryKind",
    "query_example",
]
