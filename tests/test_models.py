"""Models: forward compatibility, type drift, timezone-aware timestamps, seed helpers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from _support import connection_reply, fixture
from fivetrex import (
    Column,
    Connection,
    Connector,
    Group,
    Page,
    Schema,
    SchemaConfig,
    SyncStatus,
    Table,
    Webhook,
    models,
)

#: What every connection has (the API always sends them; the types say so).
IDENTITY = connection_reply(id="c", schema="s")


def test_models_are_importable_from_both_places() -> None:
    assert models.Connection is Connection
    assert Connector is Connection
    assert models.Page is Page


def test_unknown_fields_are_kept() -> None:
    conn = Connection.model_validate({**IDENTITY, "brand_new_field": {"x": 1}})
    assert conn.brand_new_field == {"x": 1}  # type: ignore[attr-defined]
    assert conn.model_extra == {"brand_new_field": {"x": 1}}
    assert conn.to_dict()["brand_new_field"] == {"x": 1}


def test_type_drift_does_not_break_parsing() -> None:
    conn = Connection.model_validate(
        {
            **IDENTITY,
            "sync_frequency": "360",
            "paused": "maybe",
            "config": {"port": "5432"},
        }
    )
    assert conn.sync_frequency == 360  # coerced
    assert conn.paused == "maybe"  # kept as sent
    assert conn.config["port"] == "5432"
    other = Connection.model_validate({**IDENTITY, "config": {"port": 5432}})
    assert other.config["port"] == 5432


def test_timestamps_are_aware() -> None:
    group = Group.model_validate(fixture("group_details.json")["data"])
    assert group.created_at == datetime(2024, 1, 1, tzinfo=timezone.utc)
    naive = Group.model_validate({"id": "g", "name": "n", "created_at": "2024-01-01T10:00:00"})
    assert naive.created_at is not None
    assert naive.created_at.tzinfo is not None
    offset = Group.model_validate(
        {"id": "g", "name": "n", "created_at": "2024-01-01T10:00:00+02:00"}
    )
    assert offset.created_at is not None
    assert offset.created_at.utcoffset() is not None
    empty = Group.model_validate({"id": "g", "name": "n", "created_at": ""})
    assert empty.created_at is None
    garbage = Group.model_validate({"id": "g", "name": "n", "created_at": "yesterday"})
    assert garbage.created_at == "yesterday"  # kept, not a crash


def test_connection_helpers() -> None:
    conn = Connection.model_validate(fixture("connection_details_full.json")["data"])
    assert conn.sync_state == "scheduled"
    assert not conn.is_syncing
    assert not conn.is_paused
    assert conn.setup_state == "connected"
    assert conn.name == conn.schema_ == "schema.table"
    assert conn.last_synced_at == conn.failed_at
    assert conn.to_dict()["schema"] == "schema.table"
    syncing = Connection.model_validate({**IDENTITY, "status": {"sync_state": "syncing"}})
    assert syncing.is_syncing
    assert Connection.model_validate({**IDENTITY, "paused": True}).is_paused
    assert Connection.model_validate({**IDENTITY, "status": {"sync_state": "paused"}}).is_paused


def test_sync_status_from_connection() -> None:
    data = fixture("connection_details.json")["data"]
    for source in (data, Connection.model_validate(data)):
        status = SyncStatus.from_connection(source)
        assert status.connection_id == "speak_inexpensive"
        assert status.is_scheduled
        assert status.is_paused  # paused flag set
        assert status.succeeded_at is None
        assert status.is_historical_sync is True
    assert SyncStatus.from_connector(data) == SyncStatus.from_connection(data)
    assert SyncStatus(connection_id="c", sync_state="syncing").is_syncing
    assert SyncStatus(connection_id="c", sync_state="rescheduled").is_rescheduled


def test_schema_config_tree() -> None:
    config = SchemaConfig.model_validate(fixture("schema_config.json")["data"])
    schema = config.schemas["schema_1"]
    assert isinstance(schema, Schema)
    table = next(iter(schema.tables.values()))
    assert isinstance(table, Table)
    assert all(isinstance(c, Column) for c in table.columns.values())
    assert set(config.enabled_schemas) <= set(config.schemas)
    assert set(schema.enabled_tables) <= set(schema.tables)


def test_table_column_helpers() -> None:
    table = Table.model_validate(
        {
            "enabled": True,
            "columns": {
                "id": {"enabled": True, "is_primary_key": True},
                "email": {"enabled": True, "hashed": True},
                "notes": {"enabled": False},
            },
        }
    )
    assert table.primary_key_columns == ["id"]
    assert table.hashed_columns == ["email"]
    assert set(table.enabled_columns) == {"id", "email"}


@pytest.mark.parametrize(
    ("kind", "account", "group"), [("account", True, False), ("group", False, True)]
)
def test_webhook_levels(kind: str, account: bool, group: bool) -> None:
    hook = Webhook.model_validate(
        {
            "id": "w",
            "type": kind,
            "url": "https://example.com/hook",
            "events": ["sync_end"],
            "active": True,
            "created_at": "2024-01-01T00:00:00Z",
            "created_by": "u",
        }
    )
    assert hook.is_account_level is account
    assert hook.is_group_level is group


def test_page_roundtrip() -> None:
    page = Page[Group].model_validate(fixture("groups_list.json")["data"])
    assert page.has_next
    assert isinstance(page.items[0], Group)
    assert Page[Group]().has_next is False
    assert '"next_cursor"' in page.to_json()


def test_to_dict_of_drifted_values_does_not_warn() -> None:
    import warnings

    conn = Connection.model_validate({**IDENTITY, "paused": "maybe", "created_at": "yesterday"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = conn.to_dict()
        text = conn.to_json()
    assert data["paused"] == "maybe"
    assert "yesterday" in text


def test_every_exported_model_resolves_lazily_and_consistently() -> None:
    import subprocess
    import sys

    import fivetrex
    from fivetrex import models as models_module

    for name in models_module.__all__:
        assert getattr(models_module, name) is getattr(fivetrex, name)
        assert name in dir(models_module)
    assert set(models_module.__all__) - {"FivetrexModel"} <= set(fivetrex.__all__)
    with pytest.raises(AttributeError):
        models_module.NoSuchModel  # noqa: B018
    with pytest.raises(AttributeError):
        fivetrex.NoSuchThing  # noqa: B018
    # importing the package does not import every model module
    code = "import sys, fivetrex; print('fivetrex.models.transformations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "from fivetrex import *; print(Transformation.__name__, Group.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Transformation", "Group"]


def test_an_object_without_its_identity_is_refused() -> None:
    """Required fields are required at run time too (not kept-as-sent like drift)."""
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        Connection.model_validate({"schema": "s"})
    with pytest.raises(pydantic.ValidationError):  # in a page: not a raw dict among models
        Page[Group].model_validate({"items": [{"id": "g"}, {"name": "no id"}]})


def test_a_drifted_identity_is_kept_as_sent() -> None:
    conn = Connection.model_validate({**IDENTITY, "id": 42, "paused": "maybe"})
    assert conn.id == 42  # type: ignore[comparison-overlap]
    assert conn.paused == "maybe"


def test_connection_schema_is_the_field_not_pydantics_method() -> None:
    conn = Connection.model_validate({**IDENTITY, "schema": "shop.orders"})
    assert conn.schema == conn.schema_ == conn.name == "shop.orders"
    assert conn.to_dict()["schema"] == "shop.orders"
