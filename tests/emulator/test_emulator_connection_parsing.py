"""Request-body parsing of destinations, connections and their syncs (``emulator/_api``).

The route turns a body into typed arguments before the domain runs: ``null`` and an absent
field differ where a PATCH clears a value, a malformed body is a 400 before any lookup (so
before a 404), and nothing changes when any field of an update is refused.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from emulator._emu_support import Captured, control, data, error, make_connection, make_group
from fivetrex.emulator import Emulator
from fivetrex.emulator._api.connections import connection_changes, new_connection
from fivetrex.emulator._api.destinations import destination_changes, new_destination
from fivetrex.emulator._domain._common import UNSET
from fivetrex.emulator._domain.syncs import SyncOutcome
from fivetrex.emulator._errors import InvalidInputError

# -- parsers: null vs absent -----------------------------------------------------------------


def test_connection_update_tells_null_from_absent_where_null_clears() -> None:
    absent = connection_changes({"paused": True})
    cleared = connection_changes(
        {"destination_configuration": None, "auth": None, "private_link_id": None}
    )
    assert absent.options.destination_configuration is UNSET
    assert absent.auth is UNSET
    assert absent.options.refs.private_link_id is UNSET
    assert cleared.options.destination_configuration is None
    assert cleared.auth is None
    assert cleared.options.refs.private_link_id is None


def test_connection_update_null_keeps_the_schedule_fields() -> None:
    changes = connection_changes(
        {"sync_frequency": None, "schedule_type": None, "data_delay_threshold": None}
    )
    assert changes.options.sync_frequency is None
    assert changes.options.schedule_type is None
    assert changes.options.data_delay_threshold is None
    # pause_after_trial: null is false, absent keeps
    assert connection_changes({"pause_after_trial": None}).options.pause_after_trial is False
    assert connection_changes({"paused": False}).options.pause_after_trial is None


def test_connection_update_needs_a_persistent_field() -> None:
    with pytest.raises(InvalidInputError, match="At least one persistent field"):
        connection_changes({"run_setup_tests": True, "trust_certificates": True})


@pytest.mark.parametrize(
    ("body", "edits"),
    [
        ({"paused": True}, False),
        ({"is_historical_sync": True, "run_setup_tests": True}, False),
        ({"sync_frequency": 60}, True),
        ({"proxy_agent_id": None}, True),
        ({"auth": {"password": "x"}}, True),
        ({"schema_status": "READY"}, True),
    ],
)
def test_which_updates_edit_the_connection(body: dict[str, Any], edits: bool) -> None:
    assert connection_changes(body).edits_connection() is edits


def test_connection_create_reads_strings_of_digits_as_a_frequency() -> None:
    new = new_connection({"group_id": "g", "service": "stripe", "sync_frequency": "1440"})
    assert new.options.sync_frequency == 1440
    assert new.config == {}
    assert new.connect_card_config is None


def test_destination_update_tells_null_from_absent() -> None:
    absent = destination_changes({"region": "AWS_US_EAST_1"})
    cleared = destination_changes({"networking_method": None, "proxy_agent_id": None})
    assert absent.networking_method is UNSET
    assert absent.refs.proxy_agent_id is UNSET
    assert cleared.networking_method is None
    assert cleared.refs.proxy_agent_id is None
    # region and time zone: null keeps
    assert destination_changes({"region": None}).region is None


@pytest.mark.parametrize(("offset", "stored"), [(5, "+5"), (-3, "-3"), (0, "0"), ("+1", "+1")])
def test_destination_create_takes_whole_hours_as_an_offset(offset: Any, stored: str) -> None:
    body = {"group_id": "g", "service": "snowflake", "time_zone_offset": offset}
    assert new_destination(body).time_zone_offset == stored


def test_destination_create_refuses_a_boolean_offset() -> None:
    body = {"group_id": "g", "service": "snowflake", "time_zone_offset": True}
    with pytest.raises(InvalidInputError, match="Invalid value 'True' for field"):
        new_destination(body)


# -- over HTTP -------------------------------------------------------------------------------


def test_destination_configuration_null_clears_it_absent_keeps_it(http: httpx.Client) -> None:
    group_id = make_group(http)
    conn = make_connection(http, group_id, "stripe", destination_configuration={"a": 1})
    assert conn["destination_configuration"] == {"a": 1}
    path = f"/connections/{conn['id']}"
    kept = data(http.patch(path, json={"sync_frequency": 60}))
    assert kept["destination_configuration"] == {"a": 1}
    cleared = data(http.patch(path, json={"destination_configuration": None}))
    assert cleared["destination_configuration"] is None


def test_a_malformed_body_is_refused_before_the_lookup(http: httpx.Client) -> None:
    body = error(http.patch("/connections/nope", json={"sync_frequency": 7}), 400, "InvalidInput")
    assert "sync_frequency" in body["message"]
    error(http.patch("/connections/nope", json={"sync_frequency": 60}), 404)
    error(http.post("/connections/nope/test"), 400, "InvalidInput")
    error(http.post("/connections/nope/test", json={}), 404)
    error(http.post("/connections/nope/connect-card", json={}), 400, "InvalidInput")
    scope = {"scope": {"public": []}}
    error(http.post("/connections/nope/resync", json=scope), 400, "InvalidInput")
    error(http.patch("/destinations/nope", json={"time_zone_offset": "+99"}), 400)


def test_a_refused_destination_update_changes_nothing(http: httpx.Client) -> None:
    group_id = make_group(http)
    before = data(http.get(f"/destinations/{group_id}"))
    body = {"region": "AWS_US_WEST_2", "time_zone_offset": "+99"}
    error(http.patch(f"/destinations/{group_id}", json=body), 400, "InvalidInput")
    assert data(http.get(f"/destinations/{group_id}")) == before


def test_a_refused_connection_update_changes_nothing(http: httpx.Client) -> None:
    group_id = make_group(http)
    conn = make_connection(http, group_id, "stripe")
    body = {"sync_frequency": 60, "private_link_id": "missing"}
    message = error(http.patch(f"/connections/{conn['id']}", json=body), 400)["message"]
    assert message == "Private link with id 'missing' does not exist (field 'private_link_id')"
    assert data(http.get(f"/connections/{conn['id']}"))["sync_frequency"] == 360


def test_only_an_update_of_settings_reports_an_edit(http: httpx.Client, captured: Captured) -> None:
    group_id = make_group(http)
    conn = make_connection(http, group_id, "stripe")
    events = {"url": "https://h.test", "events": ["edit_connector", "pause_connector"]}
    data(http.post("/webhooks/account", json=events))
    path = f"/connections/{conn['id']}"
    data(http.patch(path, json={"paused": True}))
    assert captured.events() == ["pause_connector"]
    data(http.patch(path, json={"sync_frequency": 60}))
    assert captured.events() == ["pause_connector", "edit_connector"]


# -- the control plane's sync outcomes -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "explode"}, "Invalid outcome 'explode'"),
        ({"outcome": None}, "Invalid outcome 'None'"),
        ({"reason": 5}, "Field 'reason' must be a string"),
        ({"duration": -1}, "Field 'duration' must be a non-negative number"),
        ({"reschedule_after": True}, "Field 'reschedule_after' must be a non-negative number"),
        ({"polls": 1.5}, "Field 'polls' must be a non-negative integer"),
        ({"times": 0}, "Field 'times' must be a positive integer"),
        ({"times": None}, "Field 'times' must be a positive integer"),
    ],
)
def test_a_sync_outcome_checks_its_values(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        SyncOutcome(**fields)


def test_a_sync_outcome_is_checked_from_python_and_over_http(emu: Emulator) -> None:
    with pytest.raises(InvalidInputError, match="Field 'times' must be a positive integer"):
        emu.set_sync_outcome("any", "failure", times=0)
    path = "/_emulator/connections/ghost/sync-outcome"
    refused = control(emu, "POST", path, body='{"outcome": "failure", "polls": -1}')
    assert refused.status == 400
    assert control(emu, "POST", path, body='{"outcome": "failure"}').status == 404


def test_a_sync_outcome_queues_its_set_fields(http: httpx.Client, emu: Emulator) -> None:
    conn = make_connection(http, make_group(http), "stripe")
    body = '{"outcome": "rescheduled", "reschedule_after": 30, "times": 2, "unknown": 1}'
    path = f"/_emulator/connections/{conn['id']}/sync-outcome"
    queued = control(emu, "POST", path, body=body).json()["data"]["queued"]
    assert queued == [{"outcome": "rescheduled", "reschedule_after": 30.0}] * 2
