"""The query kinds, dialects and event names of :mod:`fivetrex.sync_logs`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

__all__ = [
    "DEFAULT_LIMITS",
    "DIALECTS",
    "FAILED_SYNC_STATUSES",
    "PLACEHOLDER_STYLES",
    "QUERY_KINDS",
    "SCHEMA_CHANGE_EVENTS",
    "Dialect",
    "QueryKind",
]

QueryKind = Literal["recent_syncs", "failed_syncs", "sync_duration", "schema_changes"]
"""The kinds of query :func:`query_example` can build.

* ``"recent_syncs"``: the latest ``sync_start`` / ``sync_end`` events, with the
  ``status`` of each ``sync_end``.
* ``"failed_syncs"``: failure events: ``sync_end`` with status ``FAILURE`` or
  ``FAILURE_WITH_TASK``, ``SEVERE`` events, and message events whose name
  contains ``error`` or ``fail``.
* ``"sync_duration"``: one row per ``sync_end`` with its start time, duration
  (seconds and minutes) and status.
* ``"schema_changes"``: schema modification events (see
  :data:`SCHEMA_CHANGE_EVENTS`).
"""

Dialect = Literal["snowflake", "bigquery", "redshift", "databricks", "postgres", "duckdb"]
"""The SQL dialects :func:`query_example` can write."""

QUERY_KINDS: Final[tuple[QueryKind, ...]] = (
    "recent_syncs",
    "failed_syncs",
    "sync_duration",
    "schema_changes",
)
"""Every valid ``kind`` for :func:`query_example`, in documentation order."""

DIALECTS: Final[tuple[Dialect, ...]] = (
    "snowflake",
    "bigquery",
    "redshift",
    "databricks",
    "postgres",
    "duckdb",
)
"""Every valid ``dialect`` for :func:`query_example`."""

DEFAULT_LIMITS: Final[Mapping[QueryKind, int]] = {
    "recent_syncs": 10,
    "failed_syncs": 50,
    "sync_duration": 20,
    "schema_changes": 100,
}
"""The row limit each kind uses when ``limit`` is not given (the seed's values)."""

PLACEHOLDER_STYLES: Final[Mapping[Dialect, str]] = {
    "snowflake": "%(name)s",
    "bigquery": "@name",
    "redshift": "%(name)s",
    "databricks": ":name",
    "postgres": "%(name)s",
    "duckdb": "$name",
}
"""How a bind parameter called ``name`` is written in each dialect's SQL.

Each style is the one the usual Python driver expects with a ``dict`` of
parameters:

* ``snowflake``: ``%(name)s``, snowflake-connector-python's default
  ``pyformat`` style: ``cursor.execute(query.sql, query.params)``.
* ``bigquery``: ``@name``, BigQuery named query parameters:
  ``client.query(query.sql, job_config=QueryJobConfig(query_parameters=[
  ScalarQueryParameter(k, "STRING", v) for k, v in query.params.items()]))``.
* ``redshift``: ``%(name)s``, psycopg2 / psycopg, or redshift_connector once its
  ``paramstyle`` is set to ``"pyformat"`` (its default is ``"format"``).
* ``databricks``: ``:name``, the native named parameters of
  databricks-sql-connector 3.0 and later.
* ``postgres``: ``%(name)s``, psycopg (3) and psycopg2.
* ``duckdb``: ``$name``, the duckdb package: ``con.execute(query.sql, query.params)``.
"""

SCHEMA_CHANGE_EVENTS: Final[frozenset[str]] = frozenset(
    {
        "create_table",
        "alter_table",
        "drop_table",
        "create_schema",
        "change_schema_config",
        "change_schema_config_via_api",
    }
)
"""Event names counted as schema changes.

The first four come from the seed library; ``change_schema_config`` and
``change_schema_config_via_api`` are the schema-configuration events Fivetran also
logs (the ``fivetran_log`` dbt package counts the former as a schema change).
"""

FAILED_SYNC_STATUSES: Final[frozenset[str]] = frozenset({"FAILURE", "FAILURE_WITH_TASK"})
"""``sync_end`` statuses that mean the sync failed.

The other statuses Fivetran writes are ``SUCCESSFUL``, ``RESCHEDULED`` and
``CANCELED``.
"""
