"""Meta-tests: every public client operation has a command; the mapping rules; extensibility."""

from __future__ import annotations

import functools
import inspect
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Literal

import click
import httpx
import pytest
from click.testing import CliRunner, Result

from fivetrex import Fivetrex
from fivetrex._flow import Flow
from fivetrex._operation import (
    BlockingResource,
    Operation,
    Resource,
    StreamOperation,
    endpoint,
    flow,
)
from fivetrex.cli import BUILTIN_COMMANDS, EXCLUDED, CliState, build_cli, cli, command_index
from fivetrex.cli._discover import declarations_of, kebab
from fivetrex.cli._params import parse_arg_docs, singular
from fivetrex.models import Page

# --------------------------------------------------------------------------- coverage


def public_operations(client: Any) -> Iterator[tuple[tuple[str, ...], str, Any]]:
    """(resource attribute path, attribute, declaration), found on a live client.

    Independent of the CLI's own discovery: walks ``dir()`` of the live objects.
    """

    def visit(obj: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str, Any]]:
        declared = declarations_of(type(obj))  # the live object's methods are generated
        for name in dir(declared):
            if name.startswith("_"):
                continue
            static = inspect.getattr_static(declared, name)
            if isinstance(static, functools.cached_property):
                value = getattr(obj, name)
                if issubclass(declarations_of(type(value)), Resource) and value is not obj:
                    yield from visit(value, (*path, name))
            elif isinstance(static, (Operation, StreamOperation)):
                yield path, name, static

    yield from visit(client, ())


def find_command(root: click.Group, path: Sequence[str]) -> click.Command | None:
    command: click.Command | None = root
    for part in path:
        if not isinstance(command, click.Group):
            return None
        command = command.get_command(click.Context(command), part)
        if command is None:
            return None
    return command


def test_every_public_operation_has_a_command_or_a_reasoned_exclusion() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    found = list(public_operations(client))
    assert len(found) > 40  # the walk did find the client's surface
    missing = []
    for path, attr, op in found:
        if (".".join(path) or "client", attr) in EXCLUDED:
            continue
        names = [kebab(p) for p in path] if path else ["api"]
        action = str(op.cli.get("name") or kebab(attr))
        if find_command(cli, [*names, action]) is None:
            missing.append(
                f"client.{'.'.join((*path, attr))} -> fivetrex {' '.join(names)} {action}"
            )
    assert missing == []
    for reason in EXCLUDED.values():
        assert len(reason) > 10  # every exclusion says why


def test_command_index_points_at_real_commands() -> None:
    index = command_index()
    assert index[("connections", "get_schema_config")] == ("connections", "get-schema-config")
    assert index[("groups", "stream")] == ("groups", "stream")
    assert index[("get",)] == ("api", "get")
    for command_path in index.values():
        assert find_command(cli, command_path) is not None, command_path


def test_every_resource_is_listed_in_help_with_kebab_names() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    listed = {
        line.split()[0]
        for line in result.stdout.split("Commands:")[1].split("Exit codes")[0].splitlines()
        if line.startswith("  ") and line.strip() and not line.startswith("   ")
    }
    client = Fivetrex(api_key="k", api_secret="s")
    declared = declarations_of(type(client))
    resources = {
        kebab(name)
        for name in dir(declared)
        if isinstance(inspect.getattr_static(declared, name), functools.cached_property)
        and issubclass(declarations_of(type(getattr(client, name))), Resource)
    }
    assert len(resources) >= 20
    assert resources <= listed
    assert all(name == name.lower() and "_" not in name for name in listed)
    assert not (resources & set(BUILTIN_COMMANDS))


def test_every_visible_command_has_help_and_required_params_are_mapped() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    for path, attr, op in public_operations(client):
        names = [kebab(p) for p in path] if path else ["api"]
        command = find_command(cli, [*names, str(op.cli.get("name") or kebab(attr))])
        assert command is not None
        if not command.hidden:
            assert command.get_short_help_str(), (path, attr)
        dests = {p.name or "" for p in command.params}
        for name, param in op.signature.parameters.items():
            if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL) or name == "confirm":
                continue
            if param.default is inspect.Parameter.empty:
                assert any(d.endswith("_" + name) for d in dests), (path, attr, name)


def test_importing_fivetrex_does_not_import_click_or_rich() -> None:
    # httpx itself imports click and rich when they are installed (its own CLI), so
    # compare with what ``import httpx`` alone loads
    code = (
        "import sys; import httpx; before = set(sys.modules); "
        "import fivetrex, fivetrex.models, fivetrex.errors, fivetrex.resources; "
        "new = set(sys.modules) - before; "
        "bad = sorted(m for m in new if m.split('.')[0] in ('click', 'rich')); "
        "print(bad); sys.exit(1 if bad or 'fivetrex.cli' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- a new resource


class Widgets(Resource):
    """Widgets (a resource invented by this test)."""

    @endpoint("POST", "/widgets/{widget_id}/things", operation_id="make_thing")
    def make_thing(
        self,
        widget_id: str,
        size: Literal[1, 2, 4],
        *,
        label: str,
        tags: Sequence[str] = (),
        enabled: bool | None = None,
        ratio: float | None = None,
        count: int = 3,
        mode: Literal["a", "b"] = "a",
        meta: dict[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Make a thing.

        Args:
            widget_id: The widget.
            size: How big.
            label: The label shown
                to people.
            tags: Tags to attach.
        """
        ...

    @endpoint("DELETE", "/widgets/{widget_id}", operation_id="drop_widget")
    def drop(self, widget_id: str) -> None:
        """Drop a widget."""
        ...

    @endpoint("GET", "/widgets", operation_id="list_widgets")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[dict[str, Any]]:
        """List one page of widgets."""
        ...

    @flow(cli={"progress": "on_progress"})  # the CLI passes its progress display here
    def crunch(
        self,
        widget_id: str,
        *,
        since: datetime | None,
        on_progress: Callable[[Any], Any] | None = None,
    ) -> Flow[dict[str, Any]]:
        """Crunch a widget (a multi-step flow)."""
        if on_progress is not None:
            on_progress("halfway")
        return {"widget": widget_id, "since": since.isoformat() if since else None}
        yield  # a generator


class BlockingWidgets(BlockingResource):
    """What ``scripts/generate.py`` would write for ``Widgets`` (the calls, in short)."""

    _declarations = Widgets

    def make_thing(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self._run(Widgets.make_thing.flow(self._owner, *args, **kwargs))

    def drop(self, widget_id: str) -> None:
        return self._run(Widgets.drop.flow(self._owner, widget_id))

    def list(self, **kwargs: Any) -> Page[dict[str, Any]]:
        return self._run(Widgets.list.flow(self._owner, **kwargs))

    def crunch(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self._run(Widgets.crunch.flow(self._owner, *args, **kwargs))


class WidgetClient(Fivetrex):
    """A client with one more resource."""

    @functools.cached_property
    def hybrid_widget_things(self) -> BlockingWidgets:
        """Hybrid widget things: a made-up API area."""
        return BlockingWidgets(self)


@pytest.fixture
def widget_cli() -> tuple[Callable[..., Result], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/widgets":
            cursor = request.url.params.get("cursor")
            page = {
                None: {"items": [{"id": "w1"}, {"id": "w2"}], "next_cursor": "c2"},
                "c2": {"items": [{"id": "w3"}]},
            }[cursor]
            return httpx.Response(200, json={"code": "Success", "data": page})
        return httpx.Response(200, json={"code": "Success", "data": {"ok": True}})

    root = build_cli(WidgetClient)

    def factory(**options: Any) -> WidgetClient:
        return WidgetClient(
            **options, http_client=httpx.Client(transport=httpx.MockTransport(handler))
        )

    def run(*args: str, **state: Any) -> Result:
        obj = CliState(client_factory=factory, **state)
        return CliRunner().invoke(root, ["--api-key", "k", "--api-secret", "s", *args], obj=obj)

    return run, seen


def test_a_new_resource_and_its_operations_get_commands(widget_cli: Any) -> None:
    run, seen = widget_cli
    result = run(
        "hybrid-widget-things",
        "make-thing",
        "W1",
        "2",
        "--label",
        "hello",
        "--tag",
        "a",
        "--tags",
        "b",
        "--no-enabled",
        "--ratio",
        "0.5",
        "--count",
        "4",
        "--mode",
        "b",
        "--meta",
        '{"k": [1, 2]}',
        "--set",
        "extra=1",
        "--set",
        "note=plain text",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"ok": True}
    request = seen[-1]
    assert (request.method, request.url.path) == ("POST", "/v1/widgets/W1/things")
    assert json.loads(request.content) == {
        "size": 2,
        "label": "hello",
        "tags": ["a", "b"],
        "enabled": False,
        "ratio": 0.5,
        "count": 4,
        "mode": "b",
        "meta": {"k": [1, 2]},
        "extra": 1,
        "note": "plain text",
    }


def test_options_not_given_are_not_sent(widget_cli: Any) -> None:
    run, seen = widget_cli
    result = run("hybrid-widget-things", "make-thing", "W1", "1", "--label", "x")
    assert result.exit_code == 0, result.stderr
    body = json.loads(seen[-1].content)
    assert body == {"size": 1, "label": "x", "tags": [], "count": 3, "mode": "a"}  # defaults


def test_mapping_errors_are_usage_errors(widget_cli: Any) -> None:
    run, seen = widget_cli
    assert run("hybrid-widget-things", "make-thing", "W1", "3", "--label", "x").exit_code == 2
    assert run("hybrid-widget-things", "make-thing", "W1", "1").exit_code == 2  # --label
    assert run("hybrid-widget-things", "make-thing", "W1", "1", "--label", "x", "--count", "many")
    assert seen == []


def test_help_comes_from_the_docstring(widget_cli: Any) -> None:
    run, _ = widget_cli
    out = run("hybrid-widget-things", "make-thing", "--help").stdout
    assert "Make a thing." in out
    assert "The label shown to people." in out
    assert "--tag, --tags" in out
    assert "--mode [a|b]" in out
    assert "--enabled / --no-enabled" in out
    assert "API: POST /widgets/{widget_id}/things (make_thing)" in out
    assert "Library: client.hybrid_widget_things.make_thing()" in out


def test_delete_needs_yes(widget_cli: Any) -> None:
    run, seen = widget_cli
    assert run("hybrid-widget-things", "drop", "W1").exit_code == 2
    assert seen == []
    assert run("hybrid-widget-things", "drop", "W1", "--yes").exit_code == 0
    assert seen[-1].method == "DELETE"


def test_a_page_list_without_stream_follows_cursors(widget_cli: Any) -> None:
    run, seen = widget_cli
    result = run("hybrid-widget-things", "list")
    assert [w["id"] for w in json.loads(result.stdout)] == ["w1", "w2", "w3"]
    assert len(seen) == 2
    limited = run("hybrid-widget-things", "list", "--limit", "1")
    assert [w["id"] for w in json.loads(limited.stdout)] == ["w1"]


def test_flow_gets_progress_and_datetime_options(widget_cli: Any) -> None:
    run, _ = widget_cli
    out = run("hybrid-widget-things", "crunch", "--help").stdout
    assert "--on-progress" not in out  # callables are not command-line values
    assert "--since ISO-8601" in out
    result = run("hybrid-widget-things", "crunch", "W1", "--since", "2026-01-02T03:04:05Z")
    assert json.loads(result.stdout) == {"widget": "W1", "since": "2026-01-02T03:04:05+00:00"}
    # required-but-None-able: not given means None
    assert json.loads(run("hybrid-widget-things", "crunch", "W1").stdout)["since"] is None
    bad = run("hybrid-widget-things", "crunch", "W1", "--since", "yesterday")
    assert bad.exit_code == 2
    shown = run("hybrid-widget-things", "crunch", "W1", progress=True)
    assert "halfway" in shown.stderr or "done" in shown.stderr


# --------------------------------------------------------------------------- helpers


def test_singular() -> None:
    words = ("events", "policies", "addresses", "ids", "access")
    assert [singular(w) for w in words] == ["event", "policy", "address", "id", "access"]


def test_parse_arg_docs() -> None:
    doc = """Summary.

    Args:
        a: First
            continued.
        b (int): Second.
        **fields: Other fields.

    Returns:
        Something.
    """
    assert parse_arg_docs(doc) == {
        "a": "First continued.",
        "b": "Second.",
        "fields": "Other fields.",
    }


def test_library_lines_name_real_methods_and_limit_is_a_total() -> None:
    """The help's ``Library:`` line names what the command calls; ``--limit`` is a total.

    And no help says ``None`` (derived from docstrings, it is said in CLI terms).
    """
    client = Fivetrex(api_key="k", api_secret="s")
    calls = re.compile(r"\bclient((?:\.\w+)+)\(\)")
    checked = 0
    for command_path in command_index().values():
        result = CliRunner().invoke(cli, [*command_path, "--help"])
        assert result.exit_code == 0, command_path
        text = " ".join(result.stdout.split())  # unwrapped
        assert not re.search(r"\bNone\b", text), command_path  # Python's word, not the CLI's
        library = text.split("Library: ", 1)[1].split(" Options:", 1)[0]
        for dotted in calls.findall(library):
            target: Any = client
            for part in dotted.strip(".").split("."):
                target = getattr(target, part)  # a method that really exists
            assert callable(target), (command_path, dotted)
        if "--limit" in text:
            checked += 1
            assert "--limit INTEGER RANGE Stop after this many items in all, across pages" in text
            if "--page-size" in text:
                assert "Not a page size: that is --page-size (limit= in the library)" in text
    assert checked > 20
    out = " ".join(CliRunner().invoke(cli, ["groups", "list", "--help"]).stdout.split())
    assert (
        "Library: client.groups.stream() (every page, as here); client.groups.list() returns "
        "one page" in out
    )
    out = " ".join(CliRunner().invoke(cli, ["groups", "stream", "--help"]).stdout.split())
    assert "client.groups.list() returns one page" in out
    out = " ".join(
        CliRunner().invoke(cli, ["connections", "wait-for-sync", "--help"]).stdout.split()
    )
    assert "Give up after this many seconds (if not given: wait forever)." in out
