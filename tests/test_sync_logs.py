"""Tests for fivetrex.sync_logs: LogEntry parsing and query_example SQL.

DuckDB queries run against a real in-memory DuckDB database filled with LOG rows
shaped like the ones the Fivetran Platform connector writes. The other dialects
are checked on their SQL text.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fivetrex import sync_logs
from fivetrex.sync_logs import (
    DEFAULT_LIMITS,
    DIALECTS,
    FAILED_SYNC_STATUSES,
    PLACEHOLDER_STYLES,
    QUERY_KINDS,
    SCHEMA_CHANGE_EVENTS,
    LogEntry,
    Query,
    query_example,
)

UTC = timezone.utc
DOC = Path(__file__).resolve().parents[1] / "docs" / "sync-logs.md"
INJECTION = "x' OR '1'='1"


def ts(text: str) -> datetime:
    """A UTC datetime from ``YYYY-MM-DD HH:MM:SS[.ffffff]``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def js(**data: Any) -> str:
    """JSON text as Fivetran stores it in MESSAGE_DATA."""
    return json.dumps(data)


# (id, time_stamp, connector, event, message_event, message_data, sync_id, transformation_id)
LOG_ROWS: list[
    tuple[str, datetime, str, str | None, str | None, str | None, str | None, str | None]
]
LOG_ROWS = [
    # decent_dropsy: a successful sync with a schema change, then a failed sync.
    ("d1", ts("2024-01-15 10:00:00"), "decent_dropsy", "INFO", "sync_start", None, "s1", None),
    ("d2", ts("2024-01-15 10:00:05"), "decent_dropsy", "INFO", "write_to_table_start",
     js(table="orders"), "s1", None),
    ("d3", ts("2024-01-15 10:05:00"), "decent_dropsy", "INFO", "alter_table",
     js(type="ADD_COLUMN", table="orders",
        properties={"columnName": "discount", "dataType": "DOUBLE"}), "s1", None),
    ("d4", ts("2024-01-15 10:12:00"), "decent_dropsy", "INFO", "records_modified",
     js(schema="shop", table="orders", operationType="REPLACED_OR_INSERTED", count=120),
     "s1", None),
    ("d5", ts("2024-01-15 10:12:30"), "decent_dropsy", "INFO", "sync_end",
     js(status="SUCCESSFUL"), "s1", None),
    ("d6", ts("2024-01-15 16:00:00.500"), "decent_dropsy", "INFO", "sync_start", None, "s2", None),
    ("d7", ts("2024-01-15 16:01:10"), "decent_dropsy", "SEVERE", None,
     "Cannot connect to host db.example.com: Connection refused", "s2", None),
    ("d8", ts("2024-01-15 16:03:00.750"), "decent_dropsy", "INFO", "sync_end",
     js(status="FAILURE", reason="Cannot connect to host db.example.com", taskType="reconnect"),
     "s2", None),
    # obtuse_saluting: schema set-up, then syncs ending in every other status.
    ("o1", ts("2024-01-15 08:55:00"), "obtuse_saluting", "INFO", "create_schema",
     js(schema="hubspot"), None, None),
    ("o2", ts("2024-01-15 08:56:00"), "obtuse_saluting", "INFO", "create_table",
     js(schema="hubspot", name="contacts", primaryKeys=["id"]), None, None),
    ("o3", ts("2024-01-15 11:00:00"), "obtuse_saluting", "INFO", "sync_start", None, "s3", None),
    ("o4", ts("2024-01-15 12:30:00"), "obtuse_saluting", "INFO", "sync_end",
     js(status="SUCCESSFUL"), "s3", None),
    ("o5", ts("2024-01-15 13:00:00"), "obtuse_saluting", "INFO", "sync_start", None, "s4", None),
    ("o6", ts("2024-01-15 13:00:45"), "obtuse_saluting", "WARNING", "sync_end",
     js(status="FAILURE_WITH_TASK", reason="Permission denied on table contacts",
        taskType="missing_permission"), "s4", None),
    ("o7", ts("2024-01-15 14:00:00"), "obtuse_saluting", "INFO", "change_schema_config",
     js(schema="hubspot", table="deals", enabled=False), None, None),
    ("o8", ts("2024-01-15 14:30:00"), "obtuse_saluting", "INFO", "sync_start", None, "s5", None),
    ("o9", ts("2024-01-15 14:31:00"), "obtuse_saluting", "WARNING", "sync_end",
     js(status="RESCHEDULED", reason="Sync has been rescheduled"), "s5", None),
    ("o10", ts("2024-01-15 15:00:00"), "obtuse_saluting", "INFO", "write_to_table_end",
     js(table="contacts"), "s5", None),
    ("o11", ts("2024-01-15 15:10:00"), "obtuse_saluting", "INFO", "sync_start", None, "s6", None),
    ("o12", ts("2024-01-15 15:10:02.125"), "obtuse_saluting", "INFO", "sync_end",
     js(status="CANCELED"), "s6", None),
    # sleepy_quintuple: an end whose start is older than the table's retention,
    # a connection failure, a transformation log (plain text) and a dropped table.
    ("q1", ts("2024-01-15 09:00:00"), "sleepy_quintuple", "INFO", "sync_end",
     js(status="SUCCESSFUL"), "s7", None),
    ("q2", ts("2024-01-15 09:30:00"), "sleepy_quintuple", "INFO", "sync_start", None, "s8", None),
    ("q3", ts("2024-01-15 09:30:01"), "sleepy_quintuple", "WARNING", "connection_failure",
     js(message="timeout after 30s"), "s8", None),
    ("q4", ts("2024-01-15 09:40:00"), "sleepy_quintuple", None, None,
     'Transformation "daily_rollup" has failed', None, "t1"),
    ("q5", ts("2024-01-15 09:45:00"), "sleepy_quintuple", "INFO", "sync_end",
     js(status="SUCCESSFUL"), "s8", None),
    ("q6", ts("2024-01-15 09:46:00"), "sleepy_quintuple", "INFO", "drop_table",
     js(schema="billing", table="legacy_invoices"), None, None),
]  # fmt: skip


def create_log_table(
    con: duckdb.DuckDBPyConnection,
    schema: str = "fivetran_metadata",
    *,
    connector_column: str = "both",
    rows: list[Any] | None = None,
) -> None:
    """Create ``<schema>.LOG`` with the Fivetran Platform connector's columns and fill it."""
    connector_columns = {
        "both": ["CONNECTOR_ID", "CONNECTION_ID"],
        "connector_id": ["CONNECTOR_ID"],
        "connection_id": ["CONNECTION_ID"],
    }[connector_column]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    columns = ", ".join(f"{name} VARCHAR" for name in connector_columns)
    con.execute(
        f"""CREATE TABLE {schema}.LOG (
            ID VARCHAR, TIME_STAMP TIMESTAMPTZ, {columns}, EVENT VARCHAR,
            MESSAGE_EVENT VARCHAR, MESSAGE_DATA VARCHAR, SYNC_ID VARCHAR,
            PROCESS_ID VARCHAR, TRANSFORMATION_ID VARCHAR, _FIVETRAN_SYNCED TIMESTAMPTZ)"""
    )
    placeholders = ", ".join(["?"] * (9 + len(connector_columns)))
    for id_, time_stamp, connector, event, message_event, data, sync_id, transformation in (
        LOG_ROWS if rows is None else rows
    ):
        con.execute(
            f"INSERT INTO {schema}.LOG VALUES ({placeholders})",  # noqa: S608 - test table
            [
                id_,
                time_stamp,
                *([connector] * len(connector_columns)),
                event,
                message_event,
                data,
                sync_id,
                f"proc-{sync_id}" if sync_id else None,
                transformation,
                ts("2024-01-16 00:00:00"),
            ],
        )


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with ``fivetran_metadata.LOG`` filled from LOG_ROWS."""
    connection = duckdb.connect()
    create_log_table(connection)
    yield connection
    connection.close()


def run(con: duckdb.DuckDBPyConnection, query: Query) -> list[dict[str, Any]]:
    """Execute ``query`` with its bind parameters; rows as lower-case-keyed dicts."""
    cursor = con.execute(query.sql, query.params)
    names = [column[0].lower() for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def duck(kind: str, **kwargs: Any) -> Query:
    """``query_example`` for DuckDB."""
    return query_example(kind, dialect="duckdb", **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- LogEntry


class TestLogEntryFromRow:
    def test_lower_case_keys(self) -> None:
        entry = LogEntry.from_row(
            {
                "id": "log_123",
                "time_stamp": "2024-01-15T10:30:00Z",
                "connector_id": "conn_456",
                "event": "INFO",
                "message_event": "sync_start",
                "message_data": '{"rows_synced": 1000}',
                "sync_id": "sync-1",
                "process_id": "proc-1",
            }
        )
        assert entry.id == "log_123"
        assert entry.time_stamp == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
        assert entry.connector_id == "conn_456"
        assert entry.event == "INFO"
        assert entry.message_event == "sync_start"
        assert entry.message_data == {"rows_synced": 1000}
        assert entry.sync_id == "sync-1"
        assert entry.process_id == "proc-1"

    def test_upper_case_keys(self) -> None:
        entry = LogEntry.from_row(
            {
                "ID": "log_1",
                "TIME_STAMP": datetime(2024, 1, 15, 10, 30),
                "CONNECTOR_ID": "conn",
                "EVENT": "INFO",
                "MESSAGE_EVENT": "sync_end",
                "MESSAGE_DATA": '{"status":"SUCCESSFUL"}',
                "SYNC_ID": "s",
                "_FIVETRAN_SYNCED": "2024-01-16 00:00:00",
            }
        )
        assert entry.id == "log_1"
        assert entry.time_stamp == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
        assert entry.message_event == "sync_end"
        assert entry.status == "SUCCESSFUL"
        assert entry.fivetran_synced == datetime(2024, 1, 16, tzinfo=UTC)

    def test_mixed_case_keys(self) -> None:
        entry = LogEntry.from_row({"Id": "a", "Message_Event": "alter_table"})
        assert entry.id == "a"
        assert entry.is_schema_change

    def test_exact_lower_case_key_wins_a_clash(self) -> None:
        assert LogEntry.from_row({"ID": "upper", "id": "lower"}).id == "lower"
        assert LogEntry.from_row({"id": "lower", "ID": "upper"}).id == "lower"

    def test_empty_row(self) -> None:
        entry = LogEntry.from_row({})
        assert entry.model_dump() == {
            "id": None,
            "time_stamp": None,
            "connector_id": None,
            "connection_id": None,
            "event": None,
            "message_event": None,
            "message_data": None,
            "sync_id": None,
            "process_id": None,
            "transformation_id": None,
            "fivetran_synced": None,
        }
        assert not entry.is_sync_start
        assert not entry.is_sync_end
        assert not entry.is_schema_change
        assert entry.status is None
        assert entry.reason is None

    def test_none_values(self) -> None:
        entry = LogEntry.from_row(dict.fromkeys(["id", "time_stamp", "event", "message_data"]))
        assert entry.id is None
        assert entry.time_stamp is None
        assert entry.message_data is None

    def test_unknown_columns_are_kept(self) -> None:
        entry = LogEntry.from_row({"ID": "a", "EXTRA_FIELD": "kept", "_FIVETRAN_DELETED": False})
        assert entry.model_extra == {"extra_field": "kept", "_fivetran_deleted": False}
        assert entry.extra_field == "kept"

    def test_connection_id_fills_connector_id_and_back(self) -> None:
        newer = LogEntry.from_row({"CONNECTION_ID": "conn"})
        assert (newer.connector_id, newer.connection_id) == ("conn", "conn")
        older = LogEntry.from_row({"connector_id": "conn"})
        assert (older.connector_id, older.connection_id) == ("conn", "conn")
        both = LogEntry.from_row({"connector_id": "name", "connection_id": "id"})
        assert (both.connector_id, both.connection_id) == ("name", "id")

    def test_non_string_ids_become_strings(self) -> None:
        sync_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
        entry = LogEntry.from_row({"ID": 42, "SYNC_ID": sync_id, "PROCESS_ID": b"p-1"})
        assert entry.id == "42"
        assert entry.sync_id == str(sync_id)
        assert entry.process_id == "p-1"

    def test_row_objects(self) -> None:
        class KeysRow:  # like sqlite3.Row or a BigQuery Row
            def __init__(self, data: dict[str, Any]) -> None:
                self._data = data

            def keys(self) -> list[str]:
                return list(self._data)

            def __getitem__(self, key: str) -> Any:
                return self._data[key]

        class AlchemyRow:  # like a SQLAlchemy Row
            def __init__(self, data: dict[str, Any]) -> None:
                self._mapping = data

        assert LogEntry.from_row(KeysRow({"ID": "k"})).id == "k"
        assert LogEntry.from_row(AlchemyRow({"id": "m"})).id == "m"

    def test_non_mapping_row_raises_type_error(self) -> None:
        with pytest.raises(TypeError, match="mapping"):
            LogEntry.from_row(("a", "b"))

    def test_from_rows(self) -> None:
        entries = LogEntry.from_rows(
            [
                {"id": "log_1", "event": "sync_start", "connector_id": "conn_1"},
                {"ID": "log_2", "EVENT": "sync_end"},
                {},
            ]
        )
        assert [entry.id for entry in entries] == ["log_1", "log_2", None]
        assert entries[0].is_sync_start
        assert entries[1].is_sync_end
        assert LogEntry.from_rows([]) == []
        assert len(LogEntry.from_rows(iter([{"id": "g"}]))) == 1


class TestTimestamps:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15T10:30:00z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15T10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15 10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15T10:30:00+05:00", datetime(2024, 1, 15, 5, 30, tzinfo=UTC)),
            ("2024-01-15 10:30:00-0800", datetime(2024, 1, 15, 18, 30, tzinfo=UTC)),
            ("2024-01-15 10:30:00.123+00", datetime(2024, 1, 15, 10, 30, 0, 123000, tzinfo=UTC)),
            (
                "2024-01-15 10:30:00.123456789 +0000",
                datetime(2024, 1, 15, 10, 30, 0, 123456, tzinfo=UTC),
            ),
            ("2024-01-15 10:30:00 UTC", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15T10:30", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            ("2024-01-15", datetime(2024, 1, 15, tzinfo=UTC)),
            ("  2024-01-15T10:30:00Z  ", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
            (b"2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ],
    )
    def test_strings(self, value: Any, expected: datetime) -> None:
        parsed = LogEntry.from_row({"time_stamp": value}).time_stamp
        assert parsed == expected
        assert parsed is not None
        assert parsed.tzinfo is UTC

    def test_naive_datetime_is_utc(self) -> None:
        parsed = LogEntry.from_row({"TIME_STAMP": datetime(2024, 1, 15, 10, 30)}).time_stamp
        assert parsed == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
        assert parsed is not None
        assert parsed.tzinfo is UTC

    def test_aware_datetime_is_converted_to_utc(self) -> None:
        plus_two = timezone(timedelta(hours=2))
        parsed = LogEntry.from_row({"time_stamp": datetime(2024, 1, 15, 12, tzinfo=plus_two)})
        assert parsed.time_stamp == datetime(2024, 1, 15, 10, tzinfo=UTC)
        assert parsed.time_stamp is not None
        assert parsed.time_stamp.tzinfo is UTC

    def test_date(self) -> None:
        assert LogEntry.from_row({"time_stamp": date(2024, 1, 15)}).time_stamp == datetime(
            2024, 1, 15, tzinfo=UTC
        )

    @pytest.mark.parametrize("value", [1705314600, 1705314600.0, Decimal("1705314600")])
    def test_epoch_seconds(self, value: Any) -> None:
        assert LogEntry.from_row({"time_stamp": value}).time_stamp == datetime(
            2024, 1, 15, 10, 30, tzinfo=UTC
        )

    def test_fractional_epoch(self) -> None:
        assert LogEntry.from_row({"time_stamp": 1705314600.25}).time_stamp == datetime(
            2024, 1, 15, 10, 30, 0, 250000, tzinfo=UTC
        )

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "   ",
            "not-a-datetime",
            "2024-13-45T10:30:00Z",
            "2024-02-30",
            "2024-01-15T25:00:00Z",
            "2024-01-15T10:30:00+25:00",
            "1705314600",
            "15/01/2024 10:30",
            "2024-01-15T10:30:00Zjunk",
            b"\xff\xfe",
            True,
            float("nan"),
            float("inf"),
            Decimal("NaN"),
            10**20,
            -(10**20),
            [2024, 1, 15],
            {"value": "2024-01-15"},
            object(),
        ],
    )
    def test_bad_values_become_none(self, value: Any) -> None:
        assert LogEntry.from_row({"time_stamp": value}).time_stamp is None

    def test_extreme_aware_datetime_becomes_none(self) -> None:
        # datetime.max at -01:00 is past datetime.max in UTC: cannot be converted.
        extreme = datetime.max.replace(tzinfo=timezone(timedelta(hours=-1)))
        assert LogEntry.from_row({"time_stamp": extreme}).time_stamp is None

    def test_constructor_is_lenient_too(self) -> None:
        assert LogEntry(time_stamp="garbage").time_stamp is None  # type: ignore[arg-type]


class TestMessageData:
    def test_json_object_text_is_parsed(self) -> None:
        entry = LogEntry.from_row({"message_data": ' {"status": "FAILURE", "reason": "x"} '})
        assert entry.message_data == {"status": "FAILURE", "reason": "x"}

    @pytest.mark.parametrize(
        "raw",
        ["Cannot connect to host", '{"status": "SUCC', "[1, 2]", "42", '"quoted"', ""],
    )
    def test_other_text_is_kept_raw(self, raw: str) -> None:
        assert LogEntry.from_row({"message_data": raw}).message_data == raw

    def test_dict_is_kept(self) -> None:  # e.g. a Snowflake VARIANT read as a dict
        entry = LogEntry.from_row({"message_data": {"status": "SUCCESSFUL"}})
        assert entry.message_data == {"status": "SUCCESSFUL"}
        assert entry.status == "SUCCESSFUL"

    def test_bytes_and_lists(self) -> None:
        assert LogEntry.from_row({"message_data": b'{"a": 1}'}).message_data == {"a": 1}
        assert LogEntry.from_row({"message_data": [1, 2]}).message_data == "[1, 2]"

    def test_status_and_reason(self) -> None:
        entry = LogEntry.from_row(
            {
                "message_event": "sync_end",
                "message_data": js(status="FAILURE", reason="Cannot connect", taskType="x"),
            }
        )
        assert entry.status == "FAILURE"
        assert entry.reason == "Cannot connect"
        assert entry.status in FAILED_SYNC_STATUSES

    def test_status_absent_or_not_text(self) -> None:
        assert LogEntry.from_row({"message_data": "plain text"}).status is None
        assert LogEntry.from_row({"message_data": js(count=3)}).status is None
        assert LogEntry.from_row({"message_data": js(status=3)}).status is None


class TestFlags:
    """Seed semantics (``event``) and real LOG semantics (``message_event``)."""

    @pytest.mark.parametrize("column", ["event", "message_event"])
    def test_sync_start(self, column: str) -> None:
        assert LogEntry.from_row({column: "sync_start"}).is_sync_start
        assert not LogEntry.from_row({column: "sync_end"}).is_sync_start

    @pytest.mark.parametrize("column", ["event", "message_event"])
    def test_sync_end(self, column: str) -> None:
        assert LogEntry.from_row({column: "sync_end"}).is_sync_end
        assert not LogEntry.from_row({column: "sync_start"}).is_sync_end

    @pytest.mark.parametrize("name", sorted(SCHEMA_CHANGE_EVENTS))
    @pytest.mark.parametrize("column", ["event", "message_event"])
    def test_schema_change(self, column: str, name: str) -> None:
        assert LogEntry.from_row({column: name}).is_schema_change

    @pytest.mark.parametrize(
        "name",
        ["sync_start", "sync_end", "write_to_table_start", "status", "info", "SEVERE", None],
    )
    def test_not_schema_change(self, name: str | None) -> None:
        assert not LogEntry.from_row({"event": name, "message_event": name}).is_schema_change

    @pytest.mark.parametrize("name", ["create_table", "alter_table", "status", "info", None])
    def test_other_events_are_not_sync_events(self, name: str | None) -> None:
        entry = LogEntry(event=name)
        assert not entry.is_sync_start
        assert not entry.is_sync_end

    def test_real_log_row(self) -> None:
        entry = LogEntry.from_row({"EVENT": "INFO", "MESSAGE_EVENT": "sync_start"})
        assert entry.is_sync_start
        assert not entry.is_sync_end

    def test_case_insensitive(self) -> None:
        assert LogEntry.from_row({"MESSAGE_EVENT": "SYNC_END"}).is_sync_end


# ------------------------------------------------------------------ query_example API


class TestQueryExampleApi:
    def test_seed_example(self) -> None:
        assert "fivetran_metadata.log" in query_example("recent_syncs").sql

    def test_defaults(self) -> None:
        query = query_example("recent_syncs")
        assert query.dialect == "snowflake"
        assert query.kind == "recent_syncs"
        assert query.params == {}
        assert query.sql.rstrip().endswith(f"LIMIT {DEFAULT_LIMITS['recent_syncs']}")

    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_default_limits(self, kind: str) -> None:
        assert duck(kind).sql.endswith(f"LIMIT {DEFAULT_LIMITS[kind]}")  # type: ignore[index]

    def test_seed_default_limits(self) -> None:
        assert dict(DEFAULT_LIMITS) == {
            "recent_syncs": 10,
            "failed_syncs": 50,
            "sync_duration": 20,
            "schema_changes": 100,
        }

    def test_unknown_kind(self) -> None:
        with pytest.raises(ValueError, match="unknown kind 'nope'") as error:
            query_example("nope")  # type: ignore[arg-type]
        for kind in QUERY_KINDS:
            assert kind in str(error.value)

    def test_unknown_dialect(self) -> None:
        with pytest.raises(ValueError, match="unknown dialect 'mysql'") as error:
            query_example("recent_syncs", dialect="mysql")  # type: ignore[arg-type]
        for dialect in DIALECTS:
            assert dialect in str(error.value)

    def test_kind_and_dialect_are_case_insensitive(self) -> None:
        query = query_example("Recent_Syncs", dialect="DuckDB")  # type: ignore[arg-type]
        assert (query.kind, query.dialect) == ("recent_syncs", "duckdb")

    def test_unknown_connector_column(self) -> None:
        with pytest.raises(ValueError, match="connector_id, connection_id"):
            query_example("recent_syncs", connector_column="id")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "schema",
        [
            "",
            "1schema",
            "fivetran metadata",
            "fivetran_metadata; DROP TABLE log",
            "fivetran_metadata.log.extra",
            "a.b.c",
            ".fivetran",
            "fivetran.",
            'fivetran"',
            "fivetran`x",
            "fivetran'",
            "fivetran-metadata",
            "fivetran_metadata\n",
            "fivetran_metadata--",
            "schéma",
        ],
    )
    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_invalid_schema(self, schema: str, dialect: str) -> None:
        with pytest.raises(ValueError, match="invalid schema"):
            query_example("recent_syncs", schema=schema, dialect=dialect)  # type: ignore[arg-type]

    def test_non_string_schema(self) -> None:
        with pytest.raises(ValueError, match="invalid schema"):
            query_example("recent_syncs", schema=None)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "schema", ["fivetran_metadata", "fivetran_log", "FIVETRAN_LOG", "_x$1", "db.fivetran_log"]
    )
    def test_valid_schema(self, schema: str) -> None:
        assert f"FROM {schema}.log" in query_example("recent_syncs", schema=schema).sql

    def test_bigquery_project_with_hyphens(self) -> None:
        sql = query_example("recent_syncs", schema="my-project.fivetran", dialect="bigquery").sql
        assert "FROM `my-project.fivetran.log`" in sql
        with pytest.raises(ValueError, match="invalid schema"):
            query_example("recent_syncs", schema="my-project.fivetran", dialect="snowflake")

    @pytest.mark.parametrize("limit", [0, -1])
    def test_limit_below_one(self, limit: int) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            query_example("recent_syncs", limit=limit)

    @pytest.mark.parametrize("limit", [True, 1.5, "10"])
    def test_limit_wrong_type(self, limit: Any) -> None:
        with pytest.raises(TypeError, match="limit must be an int"):
            query_example("recent_syncs", limit=limit)

    def test_connector_id_wrong_type(self) -> None:
        with pytest.raises(TypeError, match="connector_id"):
            query_example("recent_syncs", connector_id=123)  # type: ignore[arg-type]

    def test_query_unpacks_as_sql_and_params(self) -> None:
        query = duck("recent_syncs", connector_id="c")
        sql, params = query
        assert sql == query.sql
        assert params == {"connector_id": "c"}
        params["connector_id"] = "changed"  # a copy: the query is unchanged
        assert query.params == {"connector_id": "c"}

    def test_query_is_frozen(self) -> None:
        query = duck("recent_syncs")
        with pytest.raises(AttributeError):
            query.sql = "DROP TABLE log"  # type: ignore[misc]

    def test_placeholder_style_property(self) -> None:
        for dialect in DIALECTS:
            query = query_example("recent_syncs", dialect=dialect)
            assert query.placeholder_style == PLACEHOLDER_STYLES[dialect]

    def test_all_exports_exist(self) -> None:
        for name in sync_logs.__all__:
            assert hasattr(sync_logs, name)
            assert getattr(sync_logs, name) is not None


# --------------------------------------------------------------- DuckDB: real results


class TestDuckDbResults:
    def test_recent_syncs_for_a_connector(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("recent_syncs", connector_id="decent_dropsy"))
        assert [(row["id"], row["message_event"], row["status"]) for row in rows] == [
            ("d8", "sync_end", "FAILURE"),
            ("d6", "sync_start", None),
            ("d5", "sync_end", "SUCCESSFUL"),
            ("d1", "sync_start", None),
        ]
        assert {row["connector_id"] for row in rows} == {"decent_dropsy"}

    def test_recent_syncs_all_connectors_newest_first(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("recent_syncs"))
        assert len(rows) == 10
        times = [row["time_stamp"] for row in rows]
        assert times == sorted(times, reverse=True)
        assert rows[0]["id"] == "d8"
        assert {row["message_event"] for row in rows} == {"sync_start", "sync_end"}

    def test_recent_syncs_limit(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("recent_syncs", connector_id="obtuse_saluting", limit=3))
        assert [row["id"] for row in rows] == ["o12", "o11", "o9"]

    def test_failed_syncs(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("failed_syncs"))
        assert [(row["id"], row["status"], row["reason"]) for row in rows] == [
            ("d8", "FAILURE", "Cannot connect to host db.example.com"),
            ("d7", None, None),  # SEVERE event with a plain-text message
            ("o6", "FAILURE_WITH_TASK", "Permission denied on table contacts"),
            ("q3", None, None),  # connection_failure
        ]

    def test_failed_syncs_excludes_other_statuses(self, con: duckdb.DuckDBPyConnection) -> None:
        ids = {row["id"] for row in run(con, duck("failed_syncs", limit=1000))}
        for successful_or_other in ("d5", "o4", "o9", "o12", "q1", "q5", "q4"):
            assert successful_or_other not in ids

    def test_failed_syncs_for_a_connector(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("failed_syncs", connector_id="obtuse_saluting"))
        assert [row["id"] for row in rows] == ["o6"]

    def test_failed_syncs_error_pattern(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "INSERT INTO fivetran_metadata.LOG (ID, TIME_STAMP, CONNECTOR_ID, EVENT, "
            "MESSAGE_EVENT) VALUES ('e1', TIMESTAMPTZ '2024-01-15 17:00:00+00', "
            "'decent_dropsy', 'WARNING', 'sql_Error')"
        )
        rows = run(con, duck("failed_syncs", connector_id="decent_dropsy"))
        assert [row["id"] for row in rows] == ["e1", "d8", "d7"]

    def test_sync_duration(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("sync_duration"))
        got = [
            (
                row["connector_id"],
                row["sync_id"],
                None if row["duration_seconds"] is None else float(row["duration_seconds"]),
                row["status"],
            )
            for row in rows
        ]
        assert got == [
            ("decent_dropsy", "s2", 180.25, "FAILURE"),
            ("obtuse_saluting", "s6", 2.125, "CANCELED"),
            ("obtuse_saluting", "s5", 60.0, "RESCHEDULED"),
            ("obtuse_saluting", "s4", 45.0, "FAILURE_WITH_TASK"),
            ("obtuse_saluting", "s3", 5400.0, "SUCCESSFUL"),
            ("decent_dropsy", "s1", 750.0, "SUCCESSFUL"),
            ("sleepy_quintuple", "s8", 900.0, "SUCCESSFUL"),
            ("sleepy_quintuple", "s7", None, "SUCCESSFUL"),  # its start is not in the table
        ]

    def test_sync_duration_times_and_minutes(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("sync_duration", connector_id="decent_dropsy"))
        assert [row["sync_id"] for row in rows] == ["s2", "s1"]
        failed = rows[0]
        assert failed["sync_start_time"] == ts("2024-01-15 16:00:00.500")
        assert failed["sync_end_time"] == ts("2024-01-15 16:03:00.750")
        assert float(failed["duration_minutes"]) == pytest.approx(180.25 / 60)
        assert float(rows[1]["duration_minutes"]) == pytest.approx(12.5)

    def test_sync_duration_orphan_end(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("sync_duration", connector_id="sleepy_quintuple"))
        orphan = rows[-1]
        assert orphan["sync_id"] == "s7"
        assert orphan["sync_start_time"] is None
        assert orphan["duration_minutes"] is None

    def test_schema_changes(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("schema_changes"))
        assert [(row["id"], row["message_event"]) for row in rows] == [
            ("o7", "change_schema_config"),
            ("d3", "alter_table"),
            ("q6", "drop_table"),
            ("o2", "create_table"),
            ("o1", "create_schema"),
        ]  # write_to_table_start / write_to_table_end are not schema changes

    def test_schema_changes_for_a_connector(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = run(con, duck("schema_changes", connector_id="obtuse_saluting", limit=2))
        assert [row["id"] for row in rows] == ["o7", "o2"]

    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_unknown_connector_returns_nothing(
        self, con: duckdb.DuckDBPyConnection, kind: str
    ) -> None:
        assert run(con, duck(kind, connector_id="no_such_connector")) == []

    @pytest.mark.parametrize(
        "evil",
        [
            INJECTION,
            "decent_dropsy' OR '1'='1",
            "decent_dropsy'; DROP TABLE fivetran_metadata.LOG; --",
            "$connector_id",
            "%(connector_id)s",
            "decent_dropsy\\",
        ],
    )
    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_injection_returns_nothing(
        self, con: duckdb.DuckDBPyConnection, kind: str, evil: str
    ) -> None:
        query = duck(kind, connector_id=evil)
        assert query.sql == duck(kind, connector_id="safe").sql  # the value is not in the SQL
        assert query.params["connector_id"] == evil
        assert run(con, query) == []
        assert con.execute("SELECT count(*) FROM fivetran_metadata.LOG").fetchone() == (
            len(LOG_ROWS),
        )

    def test_connector_filter_matches_exactly(self, con: duckdb.DuckDBPyConnection) -> None:
        assert run(con, duck("recent_syncs", connector_id="decent")) == []
        assert run(con, duck("recent_syncs", connector_id="DECENT_DROPSY")) == []

    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_connection_id_column(self, kind: str) -> None:
        connection = duckdb.connect()
        create_log_table(connection, "fivetran_log", connector_column="connection_id")
        with pytest.raises(duckdb.BinderException):  # the table has no CONNECTOR_ID
            run(connection, duck(kind, schema="fivetran_log"))
        query = duck(
            kind,
            schema="fivetran_log",
            connector_column="connection_id",
            connector_id="obtuse_saluting",
        )
        assert "connection_id = $connector_id" in query.sql
        rows = run(connection, query)
        assert rows
        assert {row["connection_id"] for row in rows} == {"obtuse_saluting"}
        connection.close()

    def test_qualified_schema(self) -> None:
        connection = duckdb.connect()
        connection.execute("ATTACH ':memory:' AS analytics")
        create_log_table(connection, "analytics.fivetran_metadata")
        query = duck("schema_changes", schema="analytics.fivetran_metadata")
        assert len(run(connection, query)) == 5
        connection.close()

    def test_results_parse_as_log_entries(self, con: duckdb.DuckDBPyConnection) -> None:
        query = duck("recent_syncs", connector_id="decent_dropsy")
        entries = LogEntry.from_cursor(con.execute(query.sql, query.params))
        assert [entry.id for entry in entries] == ["d8", "d6", "d5", "d1"]
        assert [entry.is_sync_end for entry in entries] == [True, False, True, False]
        assert [entry.is_sync_start for entry in entries] == [False, True, False, True]
        failed = entries[0]
        assert failed.time_stamp == ts("2024-01-15 16:03:00.750")
        assert failed.time_stamp is not None
        assert failed.time_stamp.tzinfo is UTC
        assert failed.status == "FAILURE"
        assert failed.reason == "Cannot connect to host db.example.com"
        assert failed.model_extra == {"status": "FAILURE"}

    def test_schema_change_results_are_schema_changes(self, con: duckdb.DuckDBPyConnection) -> None:
        entries = LogEntry.from_cursor(con.execute(*duck("schema_changes")))
        assert entries
        assert all(entry.is_schema_change for entry in entries)

    def test_whole_table_as_entries(self, con: duckdb.DuckDBPyConnection) -> None:
        entries = LogEntry.from_cursor(con.execute("SELECT * FROM fivetran_metadata.LOG"))
        assert len(entries) == len(LOG_ROWS)
        by_id = {entry.id: entry for entry in entries}
        assert by_id["d7"].message_data == (
            "Cannot connect to host db.example.com: Connection refused"
        )
        assert by_id["d3"].message_data == {
            "type": "ADD_COLUMN",
            "table": "orders",
            "properties": {"columnName": "discount", "dataType": "DOUBLE"},
        }
        assert by_id["q4"].transformation_id == "t1"
        assert by_id["d1"].process_id == "proc-s1"
        assert by_id["d1"].connection_id == "decent_dropsy"
        assert by_id["d1"].fivetran_synced == ts("2024-01-16 00:00:00")
        assert sum(entry.is_schema_change for entry in entries) == 5
        assert sum(entry.is_sync_start for entry in entries) == 7
        assert sum(entry.is_sync_end for entry in entries) == 8

    def test_from_cursor_without_result_set(self) -> None:
        class NoResult:
            description = None

            def fetchall(self) -> list[Any]:
                return []

        with pytest.raises(ValueError, match="no result set"):
            LogEntry.from_cursor(NoResult())

    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_malformed_message_data_does_not_break_queries(self, kind: str) -> None:
        connection = duckdb.connect()
        broken = [
            ("b1", ts("2024-01-15 10:00:00"), "c", "INFO", "sync_start", "not json", "s", None),
            (
                "b2",
                ts("2024-01-15 10:01:00"),
                "c",
                "INFO",
                "sync_end",
                '{"status": "FAI',
                "s",
                None,
            ),
            ("b3", ts("2024-01-15 10:02:00"), "c", "INFO", "alter_table", "{oops", None, None),
            ("b4", ts("2024-01-15 10:03:00"), "c", "INFO", "sync_end", "[1, 2]", "s", None),
            ("b5", ts("2024-01-15 10:04:00"), "c", "SEVERE", None, "{bad", "s", None),
        ]
        create_log_table(connection, rows=broken)
        rows = run(connection, duck(kind))
        assert rows
        assert all(row.get("status") is None for row in rows)
        connection.close()


# ---------------------------------------------------------- other dialects: SQL text

JSON_STATUS = {
    "snowflake": "TRY_PARSE_JSON(message_data):status::string",
    "bigquery": "JSON_VALUE(message_data, '$.status')",
    "redshift": "NULLIF(JSON_EXTRACT_PATH_TEXT(message_data, 'status', TRUE), '')",
    "databricks": "get_json_object(message_data, '$.status')",
    "postgres": "message_data::json ->> 'status'",
    "duckdb": "json_extract_string(message_data, '$.status')",
}

DURATION = {
    "snowflake": "DATEDIFF(millisecond, prev_time, time_stamp) / 1000.0",
    "bigquery": "TIMESTAMP_DIFF(time_stamp, prev_time, MICROSECOND) / 1000000.0",
    "redshift": "DATEDIFF(microsecond, prev_time, time_stamp) / 1000000.0",
    "databricks": "(unix_micros(time_stamp) - unix_micros(prev_time)) / 1000000.0",
    "postgres": "EXTRACT(EPOCH FROM (time_stamp - prev_time))",
    "duckdb": "date_diff('microsecond', prev_time, time_stamp) / 1000000.0",
}

PLACEHOLDER = {
    "snowflake": "%(connector_id)s",
    "bigquery": "@connector_id",
    "redshift": "%(connector_id)s",
    "databricks": ":connector_id",
    "postgres": "%(connector_id)s",
    "duckdb": "$connector_id",
}

TABLE = {
    "snowflake": "FROM fivetran_metadata.log",
    "bigquery": "FROM `fivetran_metadata.log`",
    "redshift": "FROM fivetran_metadata.log",
    "databricks": "FROM fivetran_metadata.log",
    "postgres": "FROM fivetran_metadata.log",
    "duckdb": "FROM fivetran_metadata.log",
}


class TestDialectSql:
    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_placeholder_style(self, dialect: str) -> None:
        assert PLACEHOLDER_STYLES[dialect] == PLACEHOLDER[dialect].replace(  # type: ignore[index]
            "connector_id", "name"
        )
        for kind in QUERY_KINDS:
            query = query_example(kind, connector_id=INJECTION, dialect=dialect)  # type: ignore[arg-type]
            assert f"connector_id = {PLACEHOLDER[dialect]}" in query.sql
            assert query.params["connector_id"] == INJECTION
            assert INJECTION not in query.sql
            assert "'x'" not in query.sql

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_like_patterns_are_bound(self, dialect: str) -> None:
        query = query_example("failed_syncs", dialect=dialect)  # type: ignore[arg-type]
        error = PLACEHOLDER[dialect].replace("connector_id", "error_pattern")
        fail = PLACEHOLDER[dialect].replace("connector_id", "fail_pattern")
        assert f"LOWER(message_event) LIKE {error}" in query.sql
        assert f"LOWER(message_event) LIKE {fail}" in query.sql
        assert query.params == {"error_pattern": "%error%", "fail_pattern": "%fail%"}

    @pytest.mark.parametrize("dialect", DIALECTS)
    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_no_literal_percent_sign(self, dialect: str, kind: str) -> None:
        # pyformat drivers would treat a literal % as a placeholder.
        sql = query_example(kind, dialect=dialect, connector_id="c").sql  # type: ignore[arg-type]
        assert "%" not in re.sub(r"%\(\w+\)s", "", sql)

    @pytest.mark.parametrize("dialect", DIALECTS)
    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_params_match_placeholders(self, dialect: str, kind: str) -> None:
        for connector_id in (None, "c"):
            query = query_example(kind, dialect=dialect, connector_id=connector_id)  # type: ignore[arg-type]
            pattern = {
                "%(name)s": r"%\((\w+)\)s",
                "@name": r"@(\w+)",
                ":name": r"(?<![:\w]):(\w+)",
                "$name": r"\$(\w+)",
            }[PLACEHOLDER_STYLES[dialect]]  # type: ignore[index]
            text_outside_strings = re.sub(r"'[^']*'", "''", query.sql)
            assert set(re.findall(pattern, text_outside_strings)) == set(query.params)

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_json_extraction(self, dialect: str) -> None:
        for kind in ("recent_syncs", "failed_syncs", "sync_duration"):
            sql = query_example(kind, dialect=dialect).sql  # type: ignore[arg-type]
            assert JSON_STATUS[dialect] in sql
        failed = query_example("failed_syncs", dialect=dialect).sql  # type: ignore[arg-type]
        assert JSON_STATUS[dialect].replace("status", "reason") in failed

    def test_json_guards(self) -> None:
        assert "json_valid(message_data)" in query_example("recent_syncs", dialect="duckdb").sql
        postgres = query_example("recent_syncs", dialect="postgres").sql
        assert r"message_data ~ '^\s*\{.*\}\s*$'" in postgres
        for dialect in ("snowflake", "bigquery", "redshift", "databricks"):
            sql = query_example("recent_syncs", dialect=dialect).sql  # type: ignore[arg-type]
            assert "CASE WHEN message_event = 'sync_end' THEN" in sql

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_duration(self, dialect: str) -> None:
        sql = query_example("sync_duration", dialect=dialect).sql  # type: ignore[arg-type]
        assert f"THEN {DURATION[dialect]} END AS duration_seconds" in sql
        assert f"THEN ({DURATION[dialect]}) / 60.0 END AS duration_minutes" in sql
        assert "LAG(time_stamp) OVER (PARTITION BY connector_id ORDER BY time_stamp)" in sql

    @pytest.mark.parametrize("dialect", DIALECTS)
    @pytest.mark.parametrize("kind", QUERY_KINDS)
    def test_table_and_limit(self, dialect: str, kind: str) -> None:
        sql = query_example(kind, dialect=dialect, limit=7).sql  # type: ignore[arg-type]
        assert TABLE[dialect] in sql
        assert sql.endswith("\nLIMIT 7")

    def test_quoting(self) -> None:
        assert "FROM `proj-1.fivetran_log.log`" in (
            query_example("recent_syncs", schema="proj-1.fivetran_log", dialect="bigquery").sql
        )
        for dialect in ("snowflake", "redshift", "databricks", "postgres", "duckdb"):
            sql = query_example(
                "recent_syncs",
                schema="analytics.fivetran_log",
                dialect=dialect,  # type: ignore[arg-type]
            ).sql
            assert "FROM analytics.fivetran_log.log\n" in sql
            assert '"' not in sql
            assert "`" not in sql

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_schema_change_events(self, dialect: str) -> None:
        sql = query_example("schema_changes", dialect=dialect).sql  # type: ignore[arg-type]
        for event in SCHEMA_CHANGE_EVENTS:
            assert f"'{event}'" in sql
        assert "LIKE" not in sql

    @pytest.mark.parametrize("dialect", DIALECTS)
    def test_connection_id_column(self, dialect: str) -> None:
        query = query_example(
            "sync_duration",
            dialect=dialect,  # type: ignore[arg-type]
            connector_id="c",
            connector_column="connection_id",
        )
        assert "connector_id" not in query.sql.replace(PLACEHOLDER[dialect], "")
        assert f"connection_id = {PLACEHOLDER[dialect]}" in query.sql
        assert "PARTITION BY connection_id" in query.sql

    def test_postgres_sql_runs_on_duckdb(self, con: duckdb.DuckDBPyConnection) -> None:
        # Not a substitute for Postgres, but the syntax is shared: same answers.
        for kind in QUERY_KINDS:
            for connector_id in (None, "decent_dropsy", INJECTION):
                postgres = query_example(kind, dialect="postgres", connector_id=connector_id)
                sql = re.sub(r"%\((\w+)\)s", r"$\1", postgres.sql)
                expected = run(con, duck(kind, connector_id=connector_id))
                got = run(con, Query(sql, postgres.params, "duckdb", postgres.kind))
                assert got == expected


# ------------------------------------------------------------------------------ docs


def python_blocks(markdown: str) -> list[str]:
    """The bodies of the ```python fenced blocks of a Markdown text."""
    return re.findall(r"^```python[ \t]*\n(.*?)^```[ \t]*$", markdown, re.MULTILINE | re.DOTALL)


def test_doc_has_python_blocks() -> None:
    assert len(python_blocks(DOC.read_text(encoding="utf-8"))) >= 3


def test_doc_python_blocks_run() -> None:
    """Every python block of docs/sync-logs.md runs, in order, in one namespace."""
    namespace: dict[str, Any] = {"__name__": "sync_logs_doc"}
    for number, block in enumerate(python_blocks(DOC.read_text(encoding="utf-8")), 1):
        code = compile(block, f"{DOC.name} python block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - runs our own documentation
