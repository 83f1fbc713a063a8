"""``LogEntry``: one row of the Fivetran Platform connector's ``LOG`` table, typed."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar, Final, Protocol

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ._constants import SCHEMA_CHANGE_EVENTS

__all__ = ["LogEntry"]

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

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow")

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
