"""``query_example``: ready-to-run SQL over the ``LOG`` table for six warehouse dialects."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

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

__all__ = ["Query", "query_example"]

# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    """SQL with its bind parameters, as returned by :func:`query_example`.

    Pass both to your driver; no value is ever pasted into ``sql``. A ``Query``
    unpacks as ``(sql, params)``, so ``cursor.execute(*query)`` works with the
    DB-API drivers listed in :data:`PLACEHOLDER_STYLES` for every dialect but
    BigQuery, whose ``@name`` parameters go through ``Client.query``.

    Attributes:
        sql: The statement, with placeholders in the dialect's style.
        params: Parameter name to value. Holds exactly the parameters ``sql``
            uses (DuckDB rejects unused ones); may be empty.
        dialect: The dialect ``sql`` is written in.
        kind: The query kind that was built.
    """

    sql: str
    params: dict[str, Any] = field(hash=False)
    dialect: Dialect
    kind: QueryKind

    @property
    def placeholder_style(self) -> str:
        """How a parameter ``name`` is written in :attr:`sql` (see :data:`PLACEHOLDER_STYLES`)."""
        return PLACEHOLDER_STYLES[self.dialect]

    def __iter__(self) -> Iterator[Any]:
        """Yield ``sql`` then a copy of ``params``, for ``cursor.execute(*query)``."""
        yield self.sql
        yield dict(self.params)


def _plain_table(parts: Sequence[str]) -> str:
    """``schema.log`` with unquoted identifiers (case folding left to the warehouse)."""
    return ".".join([*parts, "log"])


def _bigquery_table(parts: Sequence[str]) -> str:
    """```project.dataset.log``` (backticks allow hyphenated project ids)."""
    return "`" + ".".join([*parts, "log"]) + "`"


def _duckdb_json_guard(column: str) -> str:
    """DuckDB's ``json_extract_string`` raises on malformed JSON: check it first."""
    return f"json_valid({column})"


def _postgres_json_guard(column: str) -> str:
    r"""The ``::json`` cast raises on non-JSON text: only cast text shaped ``{...}``.

    Postgres before 16 has no JSON validity test; the regular expression is the
    one the ``fivetran_log`` dbt package uses for the same purpose.
    """
    return f"{column} ~ '^\\s*\\{{.*\\}}\\s*$'"


@dataclass(frozen=True)
class _DialectSpec:
    """How one dialect writes the pieces that differ between warehouses.

    (Its bind parameters are written as :data:`PLACEHOLDER_STYLES` says.)
    """

    json_text: Callable[[str, str], str]
    seconds_between: Callable[[str, str], str]
    json_guard: Callable[[str], str] | None = None
    table: Callable[[Sequence[str]], str] = _plain_table


_DIALECT_SPECS: Final[Mapping[Dialect, _DialectSpec]] = {
    "snowflake": _DialectSpec(
        json_text=lambda column, key: f"TRY_PARSE_JSON({column}):{key}::string",
        seconds_between=lambda start, end: f"DATEDIFF(millisecond, {start}, {end}) / 1000.0",
    ),
    "bigquery": _DialectSpec(
        json_text=lambda column, key: f"JSON_VALUE({column}, '$.{key}')",
        seconds_between=lambda start, end: (
            f"TIMESTAMP_DIFF({end}, {start}, MICROSECOND) / 1000000.0"
        ),
        table=_bigquery_table,
    ),
    "redshift": _DialectSpec(
        json_text=lambda column, key: (
            f"NULLIF(JSON_EXTRACT_PATH_TEXT({column}, '{key}', TRUE), '')"
        ),
        seconds_between=lambda start, end: f"DATEDIFF(microsecond, {start}, {end}) / 1000000.0",
    ),
    "databricks": _DialectSpec(
        json_text=lambda column, key: f"get_json_object({column}, '$.{key}')",
        seconds_between=lambda start, end: (
            f"(unix_micros({end}) - unix_micros({start})) / 1000000.0"
        ),
    ),
    "postgres": _DialectSpec(
        json_text=lambda column, key: f"{column}::json ->> '{key}'",
        seconds_between=lambda start, end: f"EXTRACT(EPOCH FROM ({end} - {start}))",
        json_guard=_postgres_json_guard,
    ),
    "duckdb": _DialectSpec(
        json_text=lambda column, key: f"json_extract_string({column}, '$.{key}')",
        seconds_between=lambda start, end: f"date_diff('microsecond', {start}, {end}) / 1000000.0",
        json_guard=_duckdb_json_guard,
    ),
}

_IDENTIFIER: Final = r"[A-Za-z_][A-Za-z0-9_$]*"
_SCHEMA_RE: Final = re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})?")
# BigQuery project ids may contain hyphens: ``my-project.fivetran_metadata``.
_BIGQUERY_SCHEMA_RE: Final = re.compile(rf"(?:[A-Za-z][A-Za-z0-9-]*\.)?{_IDENTIFIER}")
_CONNECTOR_COLUMNS: Final[tuple[str, ...]] = ("connector_id", "connection_id")


def _choose(value: object, valid: Sequence[str], what: str) -> str:
    """Return ``value`` (case-insensitive) if it is one of ``valid``, else raise ``ValueError``."""
    if isinstance(value, str) and value.lower() in valid:
        return value.lower()
    raise ValueError(f"unknown {what} {value!r}; valid {what}s: {', '.join(valid)}")


def _schema_parts(schema: object, dialect: Dialect) -> tuple[str, ...]:
    """Validate ``schema`` as ``name`` or ``database.name``; raise ``ValueError`` otherwise."""
    pattern = _BIGQUERY_SCHEMA_RE if dialect == "bigquery" else _SCHEMA_RE
    if not isinstance(schema, str) or pattern.fullmatch(schema) is None:
        raise ValueError(
            f"invalid schema {schema!r}: expected an identifier such as 'fivetran_metadata'"
            " or 'database.fivetran_metadata' (letters, digits, _ and $, not starting"
            " with a digit)"
        )
    return tuple(schema.split("."))


def _check_limit(limit: object) -> int:
    """Return ``limit`` if it is a positive ``int``."""
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, got {type(limit).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return limit


def _in_list(values: Iterable[str]) -> str:
    """``('a', 'b')`` from constant, quote-free event names."""
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"


def query_example(
    kind: QueryKind,
    *,
    connector_id: str | None = None,
    schema: str = "fivetran_metadata",
    dialect: Dialect = "snowflake",
    limit: int | None = None,
    connector_column: Literal["connector_id", "connection_id"] = "connector_id",
) -> Query:
    """Build SQL for a common sync-log question against the ``LOG`` table.

    Port of the seed's ``Fivetrex.SyncLogs.query_example/1``. Unlike the seed, the
    connector id is a bind parameter instead of a ``'your_connector_id'`` text to
    replace by hand, the schema and dialect are chosen by argument, and the
    queries fix the seed's pitfalls: durations are exact elapsed seconds (not
    minute-boundary counts), ``write_to_table_*`` events are not reported as
    schema changes, and ``sync_end`` events with a ``FAILURE`` status count as
    failed syncs.

    Args:
        kind: What to ask (see :data:`QueryKind`):

            * ``"recent_syncs"``: ``id``, ``<connector column>``, ``time_stamp``,
              ``event``, ``message_event``, ``message_data``, ``sync_id``,
              ``status`` of the latest ``sync_start`` / ``sync_end`` events.
            * ``"failed_syncs"``: the same columns plus ``reason``, for
              ``sync_end`` events with a status in :data:`FAILED_SYNC_STATUSES`,
              ``SEVERE`` events and events whose name contains ``error`` or
              ``fail``.
            * ``"sync_duration"``: ``<connector column>``, ``sync_id``,
              ``sync_start_time``, ``sync_end_time``, ``duration_seconds``,
              ``duration_minutes``, ``status``; one row per ``sync_end``. Each
              end is paired with the connector's previous sync event when that
              is a ``sync_start``; otherwise the start and durations are NULL.
            * ``"schema_changes"``: the ``recent_syncs`` columns minus
              ``status``, for :data:`SCHEMA_CHANGE_EVENTS`.

            Every query is ordered newest first.
        connector_id: Only report this connector; ``None`` for all connectors.
            Always sent as a bind parameter named ``connector_id``.
        schema: Schema of the Fivetran Platform connector, optionally qualified
            by a database / catalog (``analytics.fivetran_metadata``); for
            BigQuery, ``project.dataset`` where the project id may contain
            hyphens. Each part must match ``[A-Za-z_][A-Za-z0-9_$]*``.
            Identifiers are not quoted (except BigQuery's backticks), so the
            warehouse's usual case folding applies.
        dialect: The warehouse SQL dialect, one of :data:`DIALECTS`.
        limit: Maximum rows; defaults to :data:`DEFAULT_LIMITS` for ``kind``.
        connector_column: The column naming the connector: ``connector_id``
            (all versions of the table) or ``connection_id`` (newer tables).

    Returns:
        A :class:`Query` holding ``sql`` and ``params`` in the dialect's
        placeholder style (:data:`PLACEHOLDER_STYLES`).

    Raises:
        ValueError: For an unknown ``kind``, ``dialect`` or ``connector_column``
            (the message lists the valid values), an invalid ``schema``, or a
            ``limit`` below 1.
        TypeError: If ``connector_id`` is not a string or ``limit`` not an int.

    Example:
        >>> query = query_example("recent_syncs", connector_id="decent_dropsy", dialect="duckdb")
        >>> "connector_id = $connector_id" in query.sql, query.params
        (True, {'connector_id': 'decent_dropsy'})
    """
    chosen_kind = cast(QueryKind, _choose(kind, QUERY_KINDS, "kind"))
    chosen_dialect = cast(Dialect, _choose(dialect, DIALECTS, "dialect"))
    column = _choose(connector_column, _CONNECTOR_COLUMNS, "connector_column")
    table = _DIALECT_SPECS[chosen_dialect].table(_schema_parts(schema, chosen_dialect))
    row_limit = DEFAULT_LIMITS[chosen_kind] if limit is None else _check_limit(limit)
    if connector_id is not None and not isinstance(connector_id, str):
        raise TypeError(f"connector_id must be a str or None, got {type(connector_id).__name__}")

    builder = _SqlBuilder(chosen_dialect, table, column, connector_id)
    sql = _BUILDERS[chosen_kind](builder, row_limit)
    return Query(sql=sql, params=builder.params, dialect=chosen_dialect, kind=chosen_kind)


class _SqlBuilder:
    """Shared pieces of the four queries for one dialect, table and filter."""

    def __init__(self, dialect: Dialect, table: str, column: str, connector_id: str | None) -> None:
        self.spec = _DIALECT_SPECS[dialect]
        self.style = PLACEHOLDER_STYLES[dialect]
        self.table = table
        self.column = column
        self.connector_id = connector_id
        self.params: dict[str, Any] = {}

    def bind(self, name: str, value: Any) -> str:
        """Register a parameter and return its placeholder."""
        self.params[name] = value
        return self.style.replace("name", name)

    def event_columns(self, indent: str = "  ") -> str:
        """The columns every event query starts with, ``id`` to ``sync_id``, one a line."""
        columns = ("id", self.column, "time_stamp", "event", "message_event", "message_data")
        return f",\n{indent}".join([*columns, "sync_id"])

    def connector_filter(self, keyword: str, indent: str = "  ") -> str:
        """A new line ``<keyword> <column> = <placeholder>`` when filtering, else ``""``."""
        if self.connector_id is None:
            return ""
        placeholder = self.bind("connector_id", self.connector_id)
        return f"\n{indent}{keyword} {self.column} = {placeholder}"

    def sync_end_field(self, key: str) -> str:
        """The ``message_data`` ``key`` of ``sync_end`` rows, NULL on other rows."""
        conditions = ["message_event = 'sync_end'"]
        if self.spec.json_guard is not None:
            conditions.append(self.spec.json_guard("message_data"))
        extracted = self.spec.json_text("message_data", key)
        return f"CASE WHEN {' AND '.join(conditions)} THEN {extracted} END"


def _recent_syncs(b: _SqlBuilder, limit: int) -> str:
    """SQL for ``recent_syncs``."""
    # Only validated identifiers and constants are interpolated; values are bound.
    return f"""SELECT
  {b.event_columns()},
  {b.sync_end_field("status")} AS status
FROM {b.table}
WHERE message_event IN ('sync_start', 'sync_end'){b.connector_filter("AND")}
ORDER BY time_stamp DESC, id DESC
LIMIT {limit}"""  # noqa: S608


def _failed_syncs(b: _SqlBuilder, limit: int) -> str:
    """SQL for ``failed_syncs``."""
    connector_filter = b.connector_filter("WHERE", indent="  ")
    error_pattern = b.bind("error_pattern", "%error%")
    fail_pattern = b.bind("fail_pattern", "%fail%")
    # Only validated identifiers and constants are interpolated; values are bound.
    return f"""WITH log_events AS (
  SELECT
    {b.event_columns("    ")},
    {b.sync_end_field("status")} AS status,
    {b.sync_end_field("reason")} AS reason
  FROM {b.table}{connector_filter}
)
SELECT
  {b.event_columns()},
  status,
  reason
FROM log_events
WHERE status IN {_in_list(FAILED_SYNC_STATUSES)}
  OR event = 'SEVERE'
  OR LOWER(message_event) LIKE {error_pattern}
  OR LOWER(message_event) LIKE {fail_pattern}
ORDER BY time_stamp DESC, id DESC
LIMIT {limit}"""  # noqa: S608


def _sync_duration(b: _SqlBuilder, limit: int) -> str:
    """SQL for ``sync_duration``."""
    seconds = b.spec.seconds_between("prev_time", "time_stamp")
    window = f"OVER (PARTITION BY {b.column} ORDER BY time_stamp)"
    # Only validated identifiers and constants are interpolated; values are bound.
    return f"""WITH sync_events AS (
  SELECT
    {b.column},
    sync_id,
    time_stamp,
    message_event,
    {b.sync_end_field("status")} AS status,
    LAG(message_event) {window} AS prev_event,
    LAG(time_stamp) {window} AS prev_time
  FROM {b.table}
  WHERE message_event IN ('sync_start', 'sync_end'){b.connector_filter("AND", indent="    ")}
)
SELECT
  {b.column},
  sync_id,
  CASE WHEN prev_event = 'sync_start' THEN prev_time END AS sync_start_time,
  time_stamp AS sync_end_time,
  CASE WHEN prev_event = 'sync_start' THEN {seconds} END AS duration_seconds,
  CASE WHEN prev_event = 'sync_start' THEN ({seconds}) / 60.0 END AS duration_minutes,
  status
FROM sync_events
WHERE message_event = 'sync_end'
ORDER BY time_stamp DESC, {b.column}
LIMIT {limit}"""  # noqa: S608


def _schema_changes(b: _SqlBuilder, limit: int) -> str:
    """SQL for ``schema_changes``."""
    # Only validated identifiers and constants are interpolated; values are bound.
    return f"""SELECT
  {b.event_columns()}
FROM {b.table}
WHERE message_event IN {_in_list(SCHEMA_CHANGE_EVENTS)}{b.connector_filter("AND")}
ORDER BY time_stamp DESC, id DESC
LIMIT {limit}"""  # noqa: S608


_BUILDERS: Final[Mapping[QueryKind, Callable[[_SqlBuilder, int], str]]] = {
    "recent_syncs": _recent_syncs,
    "failed_syncs": _failed_syncs,
    "sync_duration": _sync_duration,
    "schema_changes": _schema_changes,
}
