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

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final, Literal, Protocol, cast

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

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


# --------------------------------------------------------------------------- LogEntry

_STRING_FIELDS: Final[tuple[str, ...]] = (
    "id",
    "connector_id",
    "connection_id",
    "event",
    "message_event",
    "sync_id",
    "process_id",
    "transformation_id",
)

_TIMESTAMP_RE: Final = re.compile(
    r"""
    ^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:[Tt\s]+
        (?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
    )?
    \s*
    (?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?
    $
    """,
    re.VERBOSE,
)


class _Cursor(Protocol):
    """The slice of a PEP 249 cursor that :meth:`LogEntry.from_cursor` uses."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None:
        """Column descriptions; item 0 of each is the column name."""

    def fetchall(self) -> Sequence[Sequence[Any]]:
        """All remaining rows."""


def _parse_timestamp(value: Any) -> datetime | None:
    """Return ``value`` as a timezone-aware UTC datetime, or ``None``.

    Never raises. Accepts datetimes (naive ones are taken as UTC), dates
    (midnight UTC), ISO 8601 / SQL timestamp strings (``T`` or space separator,
    optional fraction of any length, ``Z``, ``UTC`` or a numeric offset) and
    epoch seconds as ``int``, ``float`` or ``Decimal``.
    """
    try:
        if isinstance(value, datetime):
            if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
                return value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float, Decimal)):
            seconds = float(value)
            if not math.isfinite(seconds):
                return None
            return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if isinstance(value, str):
            return _parse_timestamp_text(value)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return None


def _parse_timestamp_text(text: str) -> datetime | None:
    """Parse an ISO 8601 or SQL-style timestamp string (see :func:`_parse_timestamp`)."""
    match = _TIMESTAMP_RE.match(text.strip())
    if match is None:
        return None
    parts = match.groupdict()
    fraction = (parts["fraction"] or "")[:6].ljust(6, "0")
    tz_text = parts["tz"]
    tz: timezone = timezone.utc
    if tz_text and tz_text[0] in "+-":
        digits = tz_text[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        tz = timezone(-offset if tz_text[0] == "-" else offset)
    parsed = datetime(
        int(parts["year"]),
        int(parts["month"]),
        int(parts["day"]),
        int(parts["hour"] or 0),
        int(parts["minute"] or 0),
        int(parts["second"] or 0),
        int(fraction),
        tzinfo=tz,
    )
    return parsed.astimezone(timezone.utc)


def _as_text(value: Any) -> str | None:
    """Coerce a warehouse value to ``str`` (``None`` stays ``None``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(value)


def _parse_message_data(value: Any) -> dict[str, Any] | str | None:
    """Return a JSON object's text as a ``dict``; keep anything else as text."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    text = _as_text(value)
    if text is None:
        return None
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            decoded = json.loads(stripped)
        except ValueError:
            return text
        if isinstance(decoded, dict):
            return decoded
    return text


def _row_to_dict(row: Any) -> dict[str, Any]:
    """Turn a warehouse row into a plain ``dict`` (mappings and row objects)."""
    if isinstance(row, Mapping):
        return dict(row)
    mapping = getattr(row, "_mapping", None)  # SQLAlchemy Row
    if isinstance(mapping, Mapping):
        return dict(mapping)
    keys = getattr(row, "keys", None)  # sqlite3.Row, BigQuery Row, ...
    if callable(keys):
        return {key: row[key] for key in keys()}
    raise TypeError(f"a log row must be a mapping of column name to value, got {type(row)!r}")


def _normalize_keys(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Lower-case the column names; an exactly lower-case key wins a clash."""
    normalized: dict[str, Any] = {}
    exact: set[str] = set()
    for raw_key, value in row.items():
        key = str(raw_key)
        lowered = key.lower()
        if lowered == "_fivetran_synced":
            lowered = "fivetran_synced"
        if lowered in normalized and (lowered in exact or key != lowered):
            continue
        normalized[lowered] = value
        if key == lowered:
            exact.add(lowered)
    return normalized


class LogEntry(BaseModel):
    """One row of the Fivetran Platform connector's ``LOG`` table.

    Build entries from fetched rows with :meth:`from_row`, :meth:`from_rows` or
    :meth:`from_cursor`; column names may be upper- or lower-case (Snowflake
    returns ``TIME_STAMP``, Postgres ``time_stamp``). Columns not declared here
    are kept as extra attributes (``entry.model_extra``), under their lower-case
    names.

    Parsing never fails on bad values: an unreadable ``time_stamp`` becomes
    ``None``, and non-string ids are turned into strings.

    Differences from the seed's ``Fivetrex.Models.LogEntry``: ``message_data``
    holding a JSON object is decoded into a ``dict`` (the seed kept the text);
    naive datetimes are read as UTC and epoch seconds (numbers) are accepted (the
    seed turned numbers into ``nil``); the event checks also look at
    ``message_event``, where Fivetran actually writes ``sync_start`` and the like.

    Attributes:
        id: Unique identifier of the log entry.
        time_stamp: When the event happened, as a timezone-aware UTC datetime
            (``None`` when missing or unreadable).
        connector_id: The connector (connection) that wrote the entry. Filled from
            ``connection_id`` when the row only has that column.
        connection_id: Newer name of ``connector_id``; filled from
            ``connector_id`` when the row only has that column.
        event: In the real ``LOG`` table, the level: ``INFO``, ``WARNING`` or
            ``SEVERE`` (the seed library documents event names here, so both are
            understood by the ``is_*`` properties).
        message_event: The event name, e.g. ``sync_start``, ``sync_end``,
            ``alter_table``.
        message_data: Event details: a ``dict`` when the value is a JSON object,
            otherwise the raw text.
        sync_id: Identifier of the sync the event belongs to.
        process_id: Identifier of the process that wrote the event.
        transformation_id: Set on transformation log events.
        fivetran_synced: The ``_FIVETRAN_SYNCED`` column: when Fivetran wrote the row.
    """

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    time_stamp: datetime | None = None
    connector_id: str | None = None
    connection_id: str | None = None
    event: str | None = None
    message_event: str | None = None
    message_data: dict[str, Any] | str | None = None
    sync_id: str | None = None
    process_id: str | None = None
    transformation_id: str | None = None
    fivetran_synced: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalize_row(cls, data: Any) -> Any:
        """Lower-case keys and fill ``connector_id`` / ``connection_id`` from each other."""
        if not isinstance(data, Mapping):
            return data
        row = _normalize_keys(data)
        if row.get("connector_id") is None and row.get("connection_id") is not None:
            row["connector_id"] = row["connection_id"]
        if row.get("connection_id") is None and row.get("connector_id") is not None:
            row["connection_id"] = row["connector_id"]
        return row

    @field_validator("time_stamp", "fivetran_synced", mode="before")
    @classmethod
    def _validate_timestamp(cls, value: Any) -> datetime | None:
        """Parse timestamps leniently; anything unreadable becomes ``None``."""
        return _parse_timestamp(value)

    @field_validator(*_STRING_FIELDS, mode="before")
    @classmethod
    def _validate_text(cls, value: Any) -> str | None:
        """Accept ids of any scalar type (numbers, UUIDs, bytes) as strings."""
        return _as_text(value)

    @field_validator("message_data", mode="before")
    @classmethod
    def _validate_message_data(cls, value: Any) -> dict[str, Any] | str | None:
        """Decode JSON object text into a ``dict``; keep other text as is."""
        return _parse_message_data(value)

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | Any) -> LogEntry:
        """Build a :class:`LogEntry` from one warehouse row.

        Args:
            row: A mapping of column name to value, with upper- or lower-case
                names. Row objects that are not mappings but expose ``keys()``
                (``sqlite3.Row``, BigQuery ``Row``) or ``_mapping`` (SQLAlchemy)
                are accepted too.

        Returns:
            The parsed entry. Missing columns are ``None``.

        Raises:
            TypeError: If ``row`` is not a mapping or row object.

        Example:
            >>> row = {"ID": "log_1", "TIME_STAMP": "2024-01-15T10:30:00Z"}
            >>> entry = LogEntry.from_row({**row, "MESSAGE_EVENT": "sync_start"})
            >>> entry.is_sync_start, entry.time_stamp.isoformat()
            (True, '2024-01-15T10:30:00+00:00')
        """
        return cls.model_validate(_row_to_dict(row))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any] | Any]) -> list[LogEntry]:
        """Build one :class:`LogEntry` per row (see :meth:`from_row`).

        Example:
            >>> entries = LogEntry.from_rows([{"id": "log_1", "event": "sync_start"},
            ...                               {"id": "log_2", "event": "sync_end"}])
            >>> len(entries)
            2
        """
        return [cls.from_row(row) for row in rows]

    @classmethod
    def from_cursor(cls, cursor: _Cursor) -> list[LogEntry]:
        """Fetch every remaining row of an executed DB-API cursor as entries.

        Column names come from ``cursor.description``, so this works with any
        PEP 249 driver (snowflake-connector-python, psycopg, redshift_connector,
        databricks-sql-connector, duckdb, BigQuery's DB-API).

        Raises:
            ValueError: If the cursor has no result set (``description`` is ``None``).
        """
        description = cursor.description
        if description is None:
            raise ValueError("the cursor has no result set: execute a SELECT first")
        names = [str(column[0]) for column in description]
        return [cls.from_row(dict(zip(names, values, strict=True))) for values in cursor.fetchall()]

    def _event_names(self) -> set[str]:
        """Lower-cased ``message_event`` and ``event`` values."""
        return {name.lower() for name in (self.message_event, self.event) if name}

    @property
    def is_sync_start(self) -> bool:
        """``True`` for a ``sync_start`` event (seed: ``sync_start?/1``).

        Fivetran writes the event name to ``message_event``; the seed looked at
        ``event``. Either column is checked, case-insensitively.
        """
        return "sync_start" in self._event_names()

    @property
    def is_sync_end(self) -> bool:
        """``True`` for a ``sync_end`` event (seed: ``sync_end?/1``); see :attr:`is_sync_start`."""
        return "sync_end" in self._event_names()

    @property
    def is_schema_change(self) -> bool:
        """``True`` for a schema change event (seed: ``schema_change?/1``).

        That is any of :data:`SCHEMA_CHANGE_EVENTS` (``create_table``,
        ``alter_table``, ``drop_table``, ``create_schema``,
        ``change_schema_config``, ``change_schema_config_via_api``) in
        ``message_event`` or ``event``.
        """
        return not self._event_names().isdisjoint(SCHEMA_CHANGE_EVENTS)

    @property
    def status(self) -> str | None:
        """The ``status`` key of a JSON ``message_data`` (e.g. ``SUCCESSFUL``, ``FAILURE``).

        ``sync_end`` events carry it; ``None`` when absent or not a string.
        """
        return self._data_text("status")

    @property
    def reason(self) -> str | None:
        """The ``reason`` key of a JSON ``message_data`` (why a sync failed), or ``None``."""
        return self._data_text("reason")

    def _data_text(self, key: str) -> str | None:
        """A string value of ``message_data`` when it is a ``dict``."""
        if isinstance(self.message_data, dict):
            value = self.message_data.get(key)
            if isinstance(value, str):
                return value
        return None


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


@dataclass(frozen=True)
class _DialectSpec:
    """How one dialect writes the pieces that differ between warehouses."""

    placeholder: Callable[[str], str]
    json_text: Callable[[str, str], str]
    json_guard: Callable[[str], str] | None
    seconds_between: Callable[[str, str], str]
    table: Callable[[Sequence[str]], str]


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


_DIALECT_SPECS: Final[Mapping[Dialect, _DialectSpec]] = {
    "snowflake": _DialectSpec(
        placeholder=lambda name: f"%({name})s",
        json_text=lambda column, key: f"TRY_PARSE_JSON({column}):{key}::string",
        json_guard=None,
        seconds_between=lambda start, end: f"DATEDIFF(millisecond, {start}, {end}) / 1000.0",
        table=_plain_table,
    ),
    "bigquery": _DialectSpec(
        placeholder=lambda name: f"@{name}",
        json_text=lambda column, key: f"JSON_VALUE({column}, '$.{key}')",
        json_guard=None,
        seconds_between=lambda start, end: (
            f"TIMESTAMP_DIFF({end}, {start}, MICROSECOND) / 1000000.0"
        ),
        table=_bigquery_table,
    ),
    "redshift": _DialectSpec(
        placeholder=lambda name: f"%({name})s",
        json_text=lambda column, key: (
            f"NULLIF(JSON_EXTRACT_PATH_TEXT({column}, '{key}', TRUE), '')"
        ),
        json_guard=None,
        seconds_between=lambda start, end: f"DATEDIFF(microsecond, {start}, {end}) / 1000000.0",
        table=_plain_table,
    ),
    "databricks": _DialectSpec(
        placeholder=lambda name: f":{name}",
        json_text=lambda column, key: f"get_json_object({column}, '$.{key}')",
        json_guard=None,
        seconds_between=lambda start, end: (
            f"(unix_micros({end}) - unix_micros({start})) / 1000000.0"
        ),
        table=_plain_table,
    ),
    "postgres": _DialectSpec(
        placeholder=lambda name: f"%({name})s",
        json_text=lambda column, key: f"{column}::json ->> '{key}'",
        json_guard=_postgres_json_guard,
        seconds_between=lambda start, end: f"EXTRACT(EPOCH FROM ({end} - {start}))",
        table=_plain_table,
    ),
    "duckdb": _DialectSpec(
        placeholder=lambda name: f"${name}",
        json_text=lambda column, key: f"json_extract_string({column}, '$.{key}')",
        json_guard=_duckdb_json_guard,
        seconds_between=lambda start, end: f"date_diff('microsecond', {start}, {end}) / 1000000.0",
        table=_plain_table,
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

    builder = _SqlBuilder(_DIALECT_SPECS[chosen_dialect], table, column, connector_id)
    sql = _BUILDERS[chosen_kind](builder, row_limit)
    return Query(sql=sql, params=builder.params, dialect=chosen_dialect, kind=chosen_kind)


class _SqlBuilder:
    """Shared pieces of the four queries for one dialect, table and filter."""

    def __init__(
        self, spec: _DialectSpec, table: str, column: str, connector_id: str | None
    ) -> None:
        self.spec = spec
        self.table = table
        self.column = column
        self.connector_id = connector_id
        self.params: dict[str, Any] = {}

    def bind(self, name: str, value: Any) -> str:
        """Register a parameter and return its placeholder."""
        self.params[name] = value
        return self.spec.placeholder(name)

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
  id,
  {b.column},
  time_stamp,
  event,
  message_event,
  message_data,
  sync_id,
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
    id,
    {b.column},
    time_stamp,
    event,
    message_event,
    message_data,
    sync_id,
    {b.sync_end_field("status")} AS status,
    {b.sync_end_field("reason")} AS reason
  FROM {b.table}{connector_filter}
)
SELECT
  id,
  {b.column},
  time_stamp,
  event,
  message_event,
  message_data,
  sync_id,
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
  id,
  {b.column},
  time_stamp,
  event,
  message_event,
  message_data,
  sync_id
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
