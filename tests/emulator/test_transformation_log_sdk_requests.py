"""Request parsing of the transformation, transformation project, log service and Connector
SDK package routes (``fivetrex.emulator._api``): what each parser turns a body into, and
that a malformed body answers 400 before the domain looks anything up."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulator._emu_support import data, error, make_connection, make_group
from emulator._platform_scenario import make_zip
from fivetrex.emulator._api._fields import UNSET
from fivetrex.emulator._api.log_services import log_service_patch, new_log_service
from fivetrex.emulator._api.projects import new_project, project_settings
from fivetrex.emulator._api.sdk_packages import Upload, package_file
from fivetrex.emulator._api.transformations import (
    new_transformation,
    run_options,
    schedule,
    transformation_patch,
)
from fivetrex.emulator._domain.transformations import DbtConfig, QuickstartConfig
from fivetrex.emulator._errors import InvalidInputError

_DBT_CONFIG = {"project_id": "p1", "name": "n", "steps": [{"name": "s", "command": "dbt run"}]}
_PROJECT_CONFIG = {
    "dbt_version": "1.8.7",
    "default_schema": "analytics",
    "git_remote_url": "git@github.com:acme/dbt.git",
}


def _message(fn: Any, *args: Any) -> str:
    with pytest.raises(InvalidInputError) as caught:
        fn(*args)
    return caught.value.message


# -- transformations -------------------------------------------------------------------------


def test_transformation_patch_tells_an_absent_schedule_from_null() -> None:
    assert transformation_patch({}).schedule is UNSET  # keep the schedule
    assert transformation_patch({"schedule": None}).schedule is None  # back to the default
    patch = transformation_patch({"paused": None, "transformation_config": None})
    assert (patch.paused, patch.project_id, patch.steps) == (None, None, None)


def test_transformation_patch_checks_config_fields_sent_even_as_null() -> None:
    assert transformation_patch({"transformation_config": {"name": "x"}}).name == "x"
    message = _message(transformation_patch, {"transformation_config": {"project_id": None}})
    assert message == "Field 'project_id' is required"
    message = _message(transformation_patch, {"transformation_config": {"steps": []}})
    assert message == "Field 'transformation_config.steps' must be a non-empty array"


def test_schedule_orders_days_and_checks_the_timing_its_type_needs() -> None:
    parsed = schedule(
        {"schedule_type": "INTEGRATED", "days_of_week": ["SUNDAY", "MONDAY"], "interval": 5}
    )
    assert parsed is not None
    assert (parsed.days_of_week, parsed.interval, parsed.connection_ids) == (
        ("MONDAY", "SUNDAY"),
        5,
        None,
    )
    assert schedule({"schedule_type": "TIME_OF_DAY", "time_of_day": "23:30"}) is not None
    assert "half-hour slot" in _message(
        schedule, {"schedule_type": "TIME_OF_DAY", "time_of_day": "10:15"}
    )
    assert "(minutes, >= 1) is required" in _message(schedule, {"schedule_type": "INTERVAL"})
    assert "5-field CRON" in _message(schedule, {"schedule_type": "CRON", "cron": ["* * *"]})
    assert "array of connection ids" in _message(
        schedule, {"schedule_type": "INTEGRATED", "connection_ids": "c1"}
    )
    assert "Allowed: CRON, INTEGRATED, INTERVAL, TIME_OF_DAY" in _message(
        schedule, {"schedule_type": "HOURLY"}
    )


def test_new_transformation_reads_the_config_of_its_type() -> None:
    dbt = new_transformation({"type": "DBT_CORE", "transformation_config": _DBT_CONFIG})
    assert dbt.config == DbtConfig("p1", "n", (("s", "dbt run"),))
    assert (dbt.schedule, dbt.paused) == (None, False)
    quick = new_transformation(
        {"type": "QUICKSTART", "transformation_config": {"connection_ids": ["c1"]}}
    )
    assert quick.config == QuickstartConfig(("c1",))
    step = {**_DBT_CONFIG, "steps": [{"name": "s", "command": "run"}]}
    assert _message(new_transformation, {"type": "DBT_CORE", "transformation_config": step}) == (
        "Step 's': 'command' must be a dbt command (e.g. 'dbt run')"
    )
    assert _message(
        new_transformation,
        {"type": "QUICKSTART", "transformation_config": {"package_name": 7}},
    ) == ("Unknown Quickstart package '7'")


def test_run_options_take_no_body_or_an_object() -> None:
    assert run_options(None) is False
    assert run_options({"full_refresh": True}) is True
    assert _message(run_options, [True]) == "The request body must be a JSON object"


def test_a_malformed_transformation_body_is_a_400_before_any_lookup(http: httpx.Client) -> None:
    body = {"schedule": {"schedule_type": "CRON"}}
    error(http.patch("/transformations/missing_tf", json=body), 400, "InvalidInput")
    config = {**_DBT_CONFIG, "project_id": "missing_project", "steps": []}
    created = http.post(
        "/transformations", json={"type": "DBT_CORE", "transformation_config": config}
    )
    error(created, 400, "InvalidInput")
    config = {**_DBT_CONFIG, "project_id": "missing_project"}
    created = http.post(
        "/transformations", json={"type": "DBT_CORE", "transformation_config": config}
    )
    assert error(created, 404)["code"] == "NotFound_TransformationProject"


def test_a_null_schedule_resets_it_and_an_absent_one_keeps_it(http: httpx.Client) -> None:
    group_id = make_group(http)
    connection_id = make_connection(http, group_id, "stripe")["id"]
    created = data(
        http.post(
            "/transformations",
            json={
                "type": "QUICKSTART",
                "transformation_config": {"connection_ids": [connection_id]},
                "schedule": {"schedule_type": "INTERVAL", "interval": 60},
            },
        ),
        201,
    )
    path = f"/transformations/{created['id']}"
    kept = data(http.patch(path, json={"paused": True}))
    assert (kept["paused"], kept["schedule"]["schedule_type"]) == (True, "INTERVAL")
    reset = data(http.patch(path, json={"schedule": None, "paused": None}))
    assert reset["paused"] is True
    assert reset["schedule"]["schedule_type"] == "INTEGRATED"
    assert reset["schedule"]["connection_ids"] == [connection_id]


# -- transformation projects -----------------------------------------------------------------


def test_project_parsers_keep_given_settings_and_refuse_fixed_ones_on_update() -> None:
    new = new_project({"group_id": "g1", "project_config": {**_PROJECT_CONFIG, "threads": 8}})
    assert (new.dbt_version, new.settings.threads, new.settings.git_branch) == ("1.8.7", 8, None)
    assert new.settings.given() == {"threads": 8}
    assert _message(new_project, {"group_id": 5, "project_config": _PROJECT_CONFIG}) == (
        "Field 'group_id' is required"
    )
    assert _message(new_project, {"group_id": "g1", "project_config": {}}) == (
        "Field 'project_config.dbt_version' is required"
    )
    assert project_settings({"threads": None, "git_branch": "dev"}).given() == {"git_branch": "dev"}
    assert "'DBT_NAME=value'" in _message(project_settings, {"environment_vars": ["X=1"]})


def test_a_malformed_project_update_is_a_400_before_the_lookup(http: httpx.Client) -> None:
    body = {"project_config": {"dbt_version": "2.0.0"}}
    found = error(http.patch("/transformation-projects/missing_p", json=body), 400)
    assert found["message"] == "Field 'project_config.dbt_version' cannot be changed"
    missing = http.patch("/transformation-projects/missing_p", json={"project_config": {}})
    assert error(missing, 404)["code"] == "NotFound_TransformationProject"


# -- log services ----------------------------------------------------------------------------


def test_log_service_parsers() -> None:
    new = new_log_service({"service": "new_relic_log", "config": {"api_key": "k"}})
    assert (new.service, new.config, new.enabled, new.run_setup_tests) == (
        "new_relic_log",
        {"api_key": "k"},
        True,
        False,
    )
    assert _message(new_log_service, {"service": "syslog"}) == "Unsupported log service 'syslog'"
    assert _message(new_log_service, {"service": "splunkLog", "config": []}) == (
        "The field 'config' must be a JSON object"
    )
    patch = log_service_patch({"enabled": None})
    assert (patch.enabled, patch.config, patch.run_setup_tests) == (None, None, False)


def test_a_log_service_update_merges_config_and_checks_the_result(http: httpx.Client) -> None:
    group_id = make_group(http)
    created = {"group_id": group_id, "service": "datadog_log", "config": {"api_key": "k"}}
    data(http.post("/external-logging", json=created), 201)
    path = f"/external-logging/{group_id}"
    updated = data(http.patch(path, json={"config": {"region": "EU"}, "enabled": None}))
    assert (updated["config"], updated["enabled"]) == ({"api_key": "******", "region": "EU"}, True)
    cleared = error(http.patch(path, json={"config": {"api_key": ""}}), 400)
    assert cleared["message"] == "Field(s) config.api_key required for log service 'datadog_log'"
    missing = http.patch("/external-logging/account", json={"config": "nope"})
    assert error(missing, 400)["message"] == "The field 'config' must be a JSON object"


# -- Connector SDK packages ------------------------------------------------------------------


def _upload(files: dict[str, Any]) -> Upload:
    request = httpx.Request("POST", "http://x", files=files)
    return Upload(request.headers["Content-Type"], request.read())


def test_package_file_is_the_zip_of_the_file_part() -> None:
    code = make_zip("v1")
    assert package_file(_upload({"file": ("code.zip", code)})) == code
    assert _message(package_file, {"file": "x"}).startswith("The request must be multipart")
    assert _message(package_file, _upload({"other": ("a.zip", code)})) == (
        "The multipart 'file' part is required"
    )
    assert _message(package_file, _upload({"file": ("a.zip", b"PK nope")})) == (
        "Invalid package file: a ZIP archive is expected"
    )


def test_a_bad_package_upload_is_a_400_before_the_lookup(http: httpx.Client) -> None:
    path = "/connector-sdk/packages/missing_pkg"
    not_zip = http.patch(path, files={"file": ("code.zip", b"not a zip")})
    assert error(not_zip, 400)["message"] == "Invalid package file: a ZIP archive is expected"
    missing = http.patch(path, files={"file": ("code.zip", make_zip("v1"))})
    assert error(missing, 404)["code"] == "NotFound_ConnectorSdkPackage"
