"""Derived commands against the in-process emulator: arguments, options, output formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner, Result

from cli._cli_support import Harness, first_connection, first_group
from fivetrex import Fivetrex
from fivetrex.cli import CliState, cli
from fivetrex.emulator import Emulator

Run = Callable[..., Result]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


# --------------------------------------------------------------------------- lists


def test_groups_list_json_is_one_array_of_every_page(run: Run, emu: Emulator) -> None:
    result = ok(run("groups", "list", "--page-size", "2"))
    groups = json.loads(result.stdout)
    assert isinstance(groups, list)
    assert len(groups) == emu.counts()["groups"] > 2  # several pages were followed
    assert {"id", "name", "created_at"} <= set(groups[0])


def test_default_format_is_json_when_piped(run: Run) -> None:
    result = ok(run("groups", "list"))
    assert result.stdout.lstrip().startswith("[")
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_list_uses_the_stream_and_limit_caps_items(run: Run, harness: Harness) -> None:
    result = ok(run("groups", "list", "--limit", "2", "-o", "json"))
    assert len(json.loads(result.stdout)) == 2
    # one page was enough: the page size follows --limit
    assert harness.sent == ["GET /v1/groups"]
    assert harness.recorder.requests[0].url.params["limit"] == "2"


def test_jsonl_prints_one_item_per_line(run: Run, emu: Emulator) -> None:
    result = ok(run("groups", "list", "-o", "jsonl"))
    lines = result.stdout.strip().splitlines()
    assert len(lines) == emu.counts()["groups"]
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_fields_with_dotted_paths_keep_nesting_in_json(run: Run, emu: Emulator) -> None:
    group = first_group(emu)
    result = ok(run("connections", "list", group, "--fields", "id,status.sync_state,service"))
    items = json.loads(result.stdout)
    assert items
    for item in items:
        assert set(item) == {"id", "status", "service"}
        assert set(item["status"]) == {"sync_state"}


def test_fields_reach_model_properties(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = ok(run("connections", "get", connection, "--fields", "id,sync_state,is_paused"))
    data = json.loads(result.stdout)
    assert data == {"id": connection, "sync_state": "scheduled", "is_paused": False}


def test_table_output_is_aligned_columns(run: Run, emu: Emulator) -> None:
    result = ok(run("groups", "list", "-o", "table"))
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "name" in line and "id" in line)
    assert header.index("id") < header.index("name") < header.index("created_at")
    with emu.client() as client:
        names = [g.name for g in client.groups.stream()]
    for name in names:
        assert any(name in line for line in lines)


def test_table_fields_pick_columns(run: Run, emu: Emulator) -> None:
    group = first_group(emu)
    result = ok(
        run("connections", "list", group, "-o", "table", "--fields", "id,status.sync_state")
    )
    header = next(line for line in result.stdout.splitlines() if "sync_state" in line)
    assert header.split() == ["id", "sync_state"]  # the last segment of a dotted path


def test_global_output_option_is_the_default_of_commands(run: Run) -> None:
    result = ok(run("-o", "jsonl", "groups", "list", "--limit", "1"))
    assert len(result.stdout.strip().splitlines()) == 1


def test_hidden_stream_alias_behaves_like_list(run: Run, emu: Emulator) -> None:
    result = ok(run("groups", "stream", "--limit", "3"))
    assert len(json.loads(result.stdout)) == 3


def test_connectors_is_a_hidden_alias_group(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = ok(run("connectors", "get", connection))
    assert json.loads(result.stdout)["id"] == connection
    listed = [
        line.split()[0] for line in ok(run("--help")).stdout.splitlines() if line[:3] == "  c"
    ]
    assert "connections" in listed
    assert "connectors" not in listed


def test_empty_list_is_an_empty_array(run: Run) -> None:
    created = json.loads(ok(run("groups", "create", "--name", "empty_group")).stdout)
    result = ok(run("connections", "list", created["id"]))
    assert json.loads(result.stdout) == []
    table = ok(run("connections", "list", created["id"], "-o", "table"))
    assert "(no items)" in table.stdout


# --------------------------------------------------------------------------- single objects


def test_get_prints_the_model_as_json(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    data = json.loads(ok(run("connections", "get", connection)).stdout)
    assert data["id"] == connection
    assert data["schema"]  # the API's field name (to_dict), not schema_
    assert "status" in data


def test_get_as_table_is_a_field_value_table(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    out = ok(run("connections", "get", connection, "-o", "table")).stdout
    assert any(line.split()[:2] == ["id", connection] for line in out.splitlines() if line.strip())
    assert "status.sync_state" in out


def test_create_with_required_options_json_and_set(run: Run, emu: Emulator, tmp_path: Path) -> None:
    group = first_group(emu)
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"schema_prefix": "cli_pg", "host": "db.example.com"}))
    result = ok(
        run(
            "connections",
            "create",
            "--group-id",
            group,
            "--service",
            "postgres",
            "--config",
            f"@{config}",
            "--paused",
            "--sync-frequency",
            "60",
            "--set",
            "trust_certificates=true",
        )
    )
    data = json.loads(result.stdout)
    assert data["service"] == "postgres"
    assert data["paused"] is True
    assert data["sync_frequency"] == 60
    assert data["config"]["host"] == "db.example.com"


def test_required_option_missing_is_a_usage_error(run: Run, harness: Harness) -> None:
    result = run("connections", "create", "--service", "postgres")
    assert result.exit_code == 2
    assert "--group-id" in result.stderr
    assert harness.sent == []


def test_choice_rejects_values_outside_the_literal(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = run("connections", "set-sync-frequency", connection, "7")
    assert result.exit_code == 2
    assert "1440" in result.stderr


def test_literal_int_argument_is_sent_as_int(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    data = json.loads(ok(run("connections", "set-sync-frequency", connection, "360")).stdout)
    assert data["sync_frequency"] == 360
    body = json.loads(harness.recorder.requests[-1].content)
    assert body == {"sync_frequency": 360}


def test_update_with_set_and_json_body(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    ok(
        run(
            "connections",
            "update",
            connection,
            "--json",
            '{"paused": true, "sync_frequency": 60}',
            "--set",
            "sync_frequency=120",
            "--set",
            "config.note=hello",
        )
    )
    body = json.loads(harness.recorder.requests[-1].content)
    assert body["paused"] is True
    assert body["sync_frequency"] == 120  # --set wins over --json
    assert body["config"] == {"note": "hello"}  # dotted keys nest; non-JSON stays a string


def test_bad_set_and_bad_json_are_usage_errors(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    assert run("connections", "update", connection, "--set", "novalue").exit_code == 2
    bad = run("connections", "update", connection, "--json", "{nope")
    assert bad.exit_code == 2
    assert "not valid JSON" in bad.stderr
    assert harness.sent == []


def test_json_argument_from_stdin(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    patch = {"schema_change_handling": "BLOCK_ALL"}
    result = ok(
        run("connections", "update-schema-config", connection, "-", input=json.dumps(patch))
    )
    assert json.loads(result.stdout)["schema_change_handling"] == "BLOCK_ALL"


def test_bool_flags_are_only_sent_when_given(run: Run, harness: Harness, emu: Emulator) -> None:
    group = first_group(emu)
    ok(
        run(
            "webhooks", "create-group", group, "--url", "https://h.example/x", "--event", "sync_end"
        )
    )
    body = json.loads(harness.recorder.requests[-1].content)
    assert "active" not in body or body["active"] is True  # the library default applies
    ok(
        run(
            "webhooks",
            "create-group",
            group,
            "--url",
            "https://h.example/y",
            "--event",
            "sync_end",
            "--no-active",
        )
    )
    assert json.loads(harness.recorder.requests[-1].content)["active"] is False


def test_webhooks_create_account_with_repeated_event(run: Run, harness: Harness) -> None:
    result = ok(
        run(
            "webhooks",
            "create-account",
            "--url",
            "https://hooks.example.com/fivetran",
            "--event",
            "sync_end",
            "--event",
            "sync_start",
            "--secret",
            "whsec",
        )
    )
    data = json.loads(result.stdout)
    assert data["events"] == ["sync_end", "sync_start"]
    assert data["type"] == "account"
    body = json.loads(harness.recorder.requests[-1].content)
    assert body["events"] == ["sync_end", "sync_start"]
    # the plural spelling works too
    ok(run("webhooks", "create-account", "--url", "https://h.example/z", "--events", "sync_end"))


def test_none_result_prints_null_in_json(run: Run, emu: Emulator) -> None:
    created = json.loads(ok(run("groups", "create", "--name", "to_delete")).stdout)
    result = ok(run("groups", "delete", created["id"], "--yes"))
    assert json.loads(result.stdout) is None
    table = ok(run("groups", "create", "--name", "to_delete_2", "-o", "json"))
    gid = json.loads(table.stdout)["id"]
    assert "Done." in ok(run("groups", "delete", gid, "--yes", "-o", "table")).stdout


def test_api_escape_hatch(run: Run, emu: Emulator) -> None:
    data = json.loads(ok(run("api", "get", "/groups", "--params", '{"limit": 1}')).stdout)
    assert len(data["items"]) == 1
    created = json.loads(
        ok(run("api", "post", "/groups", "--json", '{"name": "raw_group"}')).stdout
    )
    assert created["name"] == "raw_group"
    refused = run("api", "delete", f"/groups/{created['id']}")
    assert refused.exit_code == 2  # raw deletes need --yes too
    ok(run("api", "delete", f"/groups/{created['id']}", "--yes"))


# --------------------------------------------------------------------------- schema tree


def test_schema_is_a_tree_of_schemas_tables_columns(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    with emu.client() as client:
        config = client.connections.get_schema_config(connection)
    schema_name, schema = next(iter(config.schemas.items()))
    table_name = next(iter(schema.tables))
    out = ok(run("connections", "schema", connection, "-o", "table")).stdout
    assert out.splitlines()[0].startswith(connection)
    assert f"✓ {schema_name}" in out
    assert f"✓ {table_name}" in out
    assert "├──" in out or "└──" in out


def test_schema_tree_marks_disabled_tables_and_columns(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    with emu.client() as client:
        config = client.connections.get_schema_config(connection)
        schema_name, schema = next(iter(config.schemas.items()))
        table_name = next(iter(schema.tables))
        client.connections.update_schema_config(
            connection,
            {"schemas": {schema_name: {"tables": {table_name: {"enabled": False}}}}},
        )
    out = ok(run("connections", "schema", connection, "-o", "table")).stdout
    assert f"✗ {table_name}" in out


def test_schema_as_json_is_the_schema_config(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    data = json.loads(ok(run("connections", "schema", connection)).stdout)
    raw = json.loads(ok(run("connections", "get-schema-config", connection)).stdout)
    assert data == raw
    assert "schemas" in data


# --------------------------------------------------------------------------- sync --wait


def test_sync_without_wait_returns_at_once(run: Run, harness: Harness, emu: Emulator) -> None:
    connection = first_connection(emu)
    data = json.loads(ok(run("connections", "sync", connection)).stdout)
    assert data["success"] is True
    assert harness.sent == [f"POST /v1/connections/{connection}/sync"]


def test_sync_wait_succeeds_and_prints_the_final_status(
    run: Run, harness: Harness, emu: Emulator
) -> None:
    connection = first_connection(emu)
    before = emu.clock.now()
    result = ok(run("connections", "sync", connection, "--wait", "--timeout", "3600"))
    status = json.loads(result.stdout)
    assert status["connection_id"] == connection
    assert status["succeeded_at"] > before.isoformat()[:19]
    assert result.stderr == ""  # no progress when piped
    assert f"POST /v1/connections/{connection}/sync" in harness.sent


def test_sync_wait_failure_exits_7(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    emu.set_sync_outcome(connection, "failure", reason="credentials expired")
    result = run("connections", "sync", connection, "--wait")
    assert result.exit_code == 7
    assert result.stderr.startswith("error: ")
    assert "fail" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_sync_wait_timeout_exits_7(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    emu.configure(sync_polls_to_complete=None, sync_duration_seconds=100_000)
    result = run("connections", "sync", connection, "--wait", "--timeout", "30")
    assert result.exit_code == 7
    assert "error:" in result.stderr


def test_sync_wait_on_paused_needs_resume(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    with emu.client() as client:
        client.connections.pause(connection)
    assert run("connections", "sync", connection, "--wait").exit_code == 7
    ok(run("connections", "sync", connection, "--wait", "--resume"))


def test_wait_options_need_wait(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    assert run("connections", "sync", connection, "--timeout", "5").exit_code == 2


def test_sync_wait_table_mode_says_it_succeeded(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    out = ok(run("connections", "sync", connection, "--wait", "-o", "table")).stdout
    assert f"Sync of {connection} succeeded" in out


def test_progress_enabled_goes_to_stderr_only(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = ok(run("connections", "sync", connection, "--wait", progress=True))
    json.loads(result.stdout)  # stdout stays one clean JSON document
    assert "finished" in result.stderr


def test_derived_sync_and_wait_command(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    status = json.loads(ok(run("connections", "sync-and-wait", connection)).stdout)
    assert status["connection_id"] == connection


def test_bulk_result_json_and_exit_code(run: Run, emu: Emulator) -> None:
    connection = first_connection(emu)
    result = run("connections", "get-statuses", connection, "nope")
    assert result.exit_code == 4  # one item was not found
    data = json.loads(result.stdout)
    assert data[connection]["ok"] is True
    assert data[connection]["value"]["connection_id"] == connection
    assert data["nope"] == {
        "ok": False,
        "error": "NotFoundError",
        "message": data["nope"]["message"],
        "type": "not_found",
        "status": 404,
        "code": data["nope"]["code"],
    }
    table = run("connections", "get-statuses", connection, "nope", "-o", "table")
    assert "nope" in table.stdout


def test_narrow_tables_leave_out_columns_and_say_so(run: Run, emu: Emulator) -> None:
    group = first_group(emu)
    result = ok(run("connections", "list", group, "-o", "table", env={"COLUMNS": "60"}))
    assert "not shown (too narrow)" in result.stdout
    assert "use --fields or -o json" in result.stdout
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    connection = first_connection(emu, group)
    assert any(line.split()[:1] == [connection] for line in result.stdout.splitlines())


def test_table_cells_are_not_rich_markup(run: Run) -> None:
    url = "https://hooks.example.com/[bold]x[/bold]"
    result = ok(
        run("webhooks", "create-account", "--url", url, "--event", "sync_end", "-o", "table")
    )
    assert url in result.stdout


def test_ctrl_c_during_sync_wait_says_the_sync_keeps_running(
    harness: Harness, emu: Emulator
) -> None:
    connection = first_connection(emu)
    emu.configure(sync_polls_to_complete=None, sync_duration_seconds=100_000)

    def factory(**options: Any) -> Fivetrex:
        def interrupt(seconds: float) -> None:  # Ctrl-C while it sleeps between polls
            raise KeyboardInterrupt

        return Fivetrex(
            **{"base_url": emu.base_url, **options},
            http_client=httpx.Client(transport=harness.recorder),
            sleep=interrupt,
        )

    state = CliState(client_factory=factory)
    argv = ["--api-key", emu.api_key, "--api-secret", emu.api_secret]
    command = [*argv, "connections", "sync", connection, "--wait"]
    result = CliRunner().invoke(cli, command, obj=state)
    assert result.exit_code == 130
    assert f"POST /v1/connections/{connection}/sync" in harness.sent  # it was triggered
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"interrupted: stopped waiting for the sync of {connection}; a sync already triggered "
        "keeps running on Fivetran (Ctrl-C does not cancel it)."
    )
    assert f"fivetrex connections get-sync-status {connection}" in lines[1]
    assert f"fivetrex connections sync {connection} --wait" in lines[2]
    assert "--resume" not in result.stderr  # that resumes a paused connection, not a wait
    assert "Traceback" not in result.stderr
    with emu.client() as client:  # the sync is still running on the server
        assert client.connections.get_sync_status(connection).sync_state == "syncing"
