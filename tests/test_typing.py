"""Every client method is a real method to help(), inspect, Jedi and the type checkers.

The methods of ``Fivetrex`` and ``AsyncFivetrex`` and of their resources are generated
from the declarations (``scripts/generate.py``); these tests check what users' tools
see, for every method of both clients, and that the generated code is fresh.
"""

from __future__ import annotations

import collections.abc
import inspect
import os
import pydoc
import re
import subprocess
import sys
import types
import typing
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typing_extensions

import fivetrex
import fivetrex.models
from _support import load_script
from fivetrex import AsyncFivetrex, Fivetrex

ROOT = Path(__file__).resolve().parent.parent


def _clients() -> Iterator[Any]:
    yield Fivetrex(api_key="k", api_secret="s")
    yield AsyncFivetrex(api_key="k", api_secret="s")


def methods(client: Any) -> Iterator[tuple[str, Any]]:
    """``("connections.get", bound method)`` for every public method of a client."""
    owners: list[tuple[str, Any]] = [("", client)]
    for name in dir(type(client)):
        static = inspect.getattr_static(type(client), name)
        if name.startswith("_") or not isinstance(static, property) or name == "connectors":
            continue
        value = getattr(client, name)
        if hasattr(type(value), "_declarations"):  # a resource (not base_url, timeout...)
            owners.append((name + ".", value))
    for prefix, owner in owners:
        for name in dir(type(owner)):
            if name.startswith("_"):
                continue
            static = inspect.getattr_static(type(owner), name)
            if inspect.isfunction(static):
                yield prefix + name, getattr(owner, name)


ALL = [
    pytest.param(client, name, id=f"{type(client).__name__}.{name}")
    for client in _clients()
    for name, _ in methods(client)
]


def test_the_walk_finds_every_method() -> None:
    blocking = dict(methods(Fivetrex(api_key="k", api_secret="s")))
    asyncio_ = dict(methods(AsyncFivetrex(api_key="k", api_secret="s")))
    assert len(blocking) > 200
    assert set(blocking) == set(asyncio_) - {"aclose"}
    assert {"connections.get", "connections.sync_and_wait", "groups.stream", "get"} <= set(blocking)


#: Methods that are another name of a method (``client.copy is client.with_options``).
ALIASES = {"copy": "with_options", "aclose": "close"}

_PUBLIC_MODULES = (fivetrex, fivetrex.models)
_STDLIB_ORIGINS = {
    "builtins",
    "typing",
    "collections.abc",
    "datetime",
    "types",
    "pathlib",
    "os",
    "typing_extensions",
}


def _public(hint: Any) -> bool:
    """Whether every class in a type hint is public (built in or exported by fivetrex)."""
    if hint is None or hint is Any or hint is type(None) or isinstance(hint, (str, int, bool)):
        return True
    if hint is typing_extensions.Self:  # with_options() returns the client's own type
        return True
    origin = typing.get_origin(hint)
    if origin is not None:
        return _public(origin) and all(
            _public(arg) for arg in typing.get_args(hint) if arg is not Ellipsis
        )
    meta = getattr(hint, "__pydantic_generic_metadata__", None)
    if meta and meta.get("origin") is not None:  # Page[Group]
        return _public(meta["origin"]) and all(_public(a) for a in meta["args"])
    if isinstance(hint, type):
        if hint.__module__.split(".")[0] in _STDLIB_ORIGINS or hint.__module__ in _STDLIB_ORIGINS:
            return True
        return any(getattr(m, hint.__name__, None) is hint for m in _PUBLIC_MODULES)
    return isinstance(hint, (list, tuple))


@pytest.mark.parametrize(("client", "name"), ALL)
def test_every_method_is_a_method_to_inspect(client: Any, name: str) -> None:
    method = dict(methods(client))[name]
    func = method.__func__
    attr = name.rsplit(".", 1)[-1]
    assert inspect.ismethod(method)
    assert func.__name__ == ALIASES.get(attr, attr)
    assert func.__qualname__.endswith(f".{func.__name__}")
    assert func.__module__.startswith("fivetrex.")
    assert inspect.getdoc(method), "no docstring"
    signature = inspect.signature(method)
    assert "self" not in signature.parameters
    assert signature.return_annotation is not inspect.Signature.empty, "no return annotation"
    hints = typing.get_type_hints(func)  # every annotation resolves at run time
    assert "Flow" not in str(signature.return_annotation)
    assert _public(hints["return"]), f"return type {hints['return']} is not public"
    is_stream = typing.get_origin(hints["return"]) in (
        collections.abc.Iterator,
        collections.abc.AsyncIterator,
    )
    if isinstance(client, AsyncFivetrex) and name not in {"with_options", "copy"}:
        if is_stream:
            assert inspect.isasyncgenfunction(func)
        else:
            assert inspect.iscoroutinefunction(func)
    elif isinstance(client, Fivetrex):
        assert not inspect.iscoroutinefunction(func)
        assert not inspect.isasyncgenfunction(func)


def test_blocking_and_asyncio_signatures_match() -> None:
    blocking = dict(methods(Fivetrex(api_key="k", api_secret="s")))
    asyncio_ = dict(methods(AsyncFivetrex(api_key="k", api_secret="s")))
    for name, method in blocking.items():
        if name in {"close", "with_options", "copy"}:
            continue
        ours, theirs = inspect.signature(method), inspect.signature(asyncio_[name])
        assert ours.parameters == theirs.parameters, name
        returned = str(ours.return_annotation).replace("Iterator", "AsyncIterator")
        assert returned == str(theirs.return_annotation).replace("AsyncAsync", "Async"), name


def test_generated_methods_have_the_declarations_signature_and_docstring() -> None:
    from fivetrex.resources.connections import Connections

    client = Fivetrex(api_key="k", api_secret="s")
    for name in ("create", "get", "sync_and_wait", "update_table"):
        declared = getattr(Connections, name)
        method = getattr(client.connections, name)
        assert inspect.getdoc(method) == inspect.getdoc(declared.fn)
        assert list(inspect.signature(method).parameters) == list(declared.signature.parameters)


def test_help_shows_the_method_itself() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    text = pydoc.render_doc(client.connections.create, renderer=pydoc.plaintext)
    # Python 3.13's pydoc puts a long signature on several lines: compare it on one
    flat = re.sub(r",\s+", ", ", re.sub(r"\(\s+", "(", text))
    assert "create(*, group_id: str, service: str, config: dict[str, typing.Any] | None" in flat
    assert "Create a connection." in text
    assert "group_id: The group (destination) to load into." in text
    for internal in ("SyncMethod", "P.kwargs", "Flow[", "__call__"):
        assert internal not in text
    wait = inspect.signature(client.connections.sync_and_wait)
    assert wait.return_annotation is fivetrex.SyncStatus


def test_async_methods_are_coroutine_functions_and_streams_async_generators() -> None:
    client = AsyncFivetrex(api_key="k", api_secret="s")
    assert inspect.iscoroutinefunction(client.connections.get)
    assert inspect.iscoroutinefunction(client.get)
    assert inspect.isasyncgenfunction(client.groups.stream)
    assert inspect.signature(client.connections.get).return_annotation is fivetrex.Connection


def test_deprecated_names_warn_and_are_marked_for_type_checkers() -> None:
    client = Fivetrex(api_key="k", api_secret="s")
    marked = client.connections.list_all.__deprecated__  # type: ignore[attr-defined]
    assert "list_in_account" in marked
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(fivetrex.InvalidArgumentError):  # limit=0: nothing is sent
            client.connections.list_all(limit=0)
    assert [w.category for w in caught] == [DeprecationWarning]


# --------------------------------------------------------------------------- generated code


def _generator() -> types.ModuleType:
    return load_script("generate")


def test_generated_code_is_fresh() -> None:
    stale = _generator().stale()
    assert stale == [], f"stale generated modules {stale}: run `python3 dev.py generate`"


def test_a_changed_declaration_makes_the_generated_code_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    generator = _generator()
    files = generator.generate()
    files["groups.py"] = files["groups.py"].replace("Retrieve a group.", "Fetch a group.")
    assert generator.stale(files) == ["groups.py"]


def test_every_declared_operation_is_a_method_of_both_clients() -> None:
    from fivetrex._operation import Operation, StreamOperation

    checked = 0
    for client in _clients():
        for name in dir(type(client)):
            if name.startswith("_") or name == "connectors":
                continue
            resource = type(getattr(client, name))
            declarations = getattr(resource, "_declarations", None)
            if declarations is None:
                continue
            declared = {
                n
                for n in dir(declarations)
                if not n.startswith("_")
                and isinstance(
                    inspect.getattr_static(declarations, n), (Operation, StreamOperation)
                )
            }
            generated = {
                n
                for n in dir(resource)
                if not n.startswith("_") and inspect.isfunction(inspect.getattr_static(resource, n))
            }
            assert declared == generated, name
            checked += len(declared)
    assert checked > 400


def test_a_big_resource_is_generated_as_mixins_by_area() -> None:
    from fivetrex._generated.connections import AsyncConnections, BlockingConnections

    # the core stays in the resource's class; the areas' methods come from its mixins
    assert BlockingConnections.get.__qualname__ == "BlockingConnections.get"
    assert AsyncConnections.get.__qualname__ == "AsyncConnections.get"
    assert BlockingConnections.update_table.__qualname__ == (
        "BlockingConnectionsSchemaMethods.update_table"
    )
    assert AsyncConnections.sync_and_wait.__qualname__ == (
        "AsyncConnectionsWaitingMethods.sync_and_wait"
    )
    assert inspect.iscoroutinefunction(AsyncConnections.resync_tables)
    assert inspect.isasyncgenfunction(AsyncConnections.stream_fingerprints)
    # the mixins are no resources of their own: the CLI and the docs find only the class
    assert all("_declarations" not in vars(base) for base in BlockingConnections.__mro__[1:])


def test_the_generator_splits_by_the_areas_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from fivetrex.resources.connections import Connections

    generator = _generator()
    resource = generator.ResourceClass(Connections, list(generator.declared_methods(Connections)))
    core, parts = generator.split(resource)
    by_area = {area.name: [m.name for m in methods] for area, methods in parts}
    placed = [m.name for m in core] + [name for names in by_area.values() for name in names]
    assert sorted(placed) == sorted(m.name for m in resource.methods)  # each in one place
    assert {"get", "create", "list_in_account", "test"} <= {m.name for m in core}
    assert "update_table" in by_area["schema"]
    assert "sync_and_wait" in by_area["waiting"]
    assert "sync" in by_area["syncs"]
    assert "get_fingerprint" in by_area["certificates"]
    # an area that matches nothing is a stale table entry
    stale_area = generator.Area("nothing", "Nothing", "nothing", r"^no_such_method$")
    monkeypatch.setitem(generator.AREAS, "Connections", (stale_area,))
    with pytest.raises(ValueError, match="areas without methods"):
        generator.split(resource)


def test_no_generated_module_passes_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = _generator()
    generated = ROOT / "src" / "fivetrex" / "_generated"
    sizes = {p.name: p.read_text().count("\n") for p in generated.glob("*.py")}
    assert max(sizes.values()) <= generator.MAX_LINES <= 700
    assert generator.oversized({"a.py": "x\n" * 701, "b.py": "x\n" * 700}) == ["a.py"]
    # a resource that grows past the limit fails generation, naming the module
    monkeypatch.setattr(generator, "MAX_LINES", 520)
    with pytest.raises(ValueError, match=r"over 520 lines: client\.py, connections\.py"):
        generator.generate()


# --------------------------------------------------------------------------- Jedi


JEDI_SCRIPT = """\
from fivetrex import AsyncFivetrex, Fivetrex

client = Fivetrex()
connection = client.connections.get("conn_1")
connection.
client.connections.
client.connections.create(

async def main() -> None:
    async_client = AsyncFivetrex()
    awaited = await async_client.connections.get("conn_1")
    awaited.
    async for group in async_client.groups.stream():
        group.
"""


@pytest.fixture(scope="module")
def jedi_script() -> Any:
    jedi = pytest.importorskip("jedi")
    project = jedi.Project(ROOT, environment_path=sys.prefix)
    return jedi.Script(JEDI_SCRIPT, path=ROOT / "jedi_example.py", project=project)


def _line(text: str) -> int:
    return JEDI_SCRIPT.splitlines().index(text) + 1


#: What the old descriptor-based methods leaked into completions (public-looking names).
_INTERNALS = {"attrname", "func", "cr_await", "send", "flow", "operation", "throw"}


def test_jedi_infers_the_model_of_a_blocking_call(jedi_script: Any) -> None:
    line = _line('connection = client.connections.get("conn_1")')
    assert [d.full_name for d in jedi_script.infer(line, 2)] == [
        "fivetrex.models.connections.Connection"
    ]
    names = {c.name for c in jedi_script.complete(line + 1, len("connection."))}
    assert {"id", "schema", "sync_state", "succeeded_at", "status"} <= names
    assert not names & _INTERNALS


def test_jedi_infers_the_model_of_an_awaited_call(jedi_script: Any) -> None:
    line = _line('    awaited = await async_client.connections.get("conn_1")')
    assert [d.full_name for d in jedi_script.infer(line, 6)] == [
        "fivetrex.models.connections.Connection"
    ]
    names = {c.name for c in jedi_script.complete(line + 1, len("    awaited."))}
    assert {"id", "schema", "sync_state"} <= names
    assert not names & _INTERNALS
    items = {c.name for c in jedi_script.complete(line + 3, len("        group."))}
    assert {"id", "name", "created_at"} <= items


def test_jedi_completes_a_resource_with_its_methods(jedi_script: Any) -> None:
    line = _line("client.connections.")
    names = {c.name for c in jedi_script.complete(line, len("client.connections."))}
    assert {"get", "create", "list_in_account", "stream", "sync_and_wait"} <= names
    assert not names & _INTERNALS


def test_jedi_shows_the_methods_signature(jedi_script: Any) -> None:
    line = _line("client.connections.create(")
    (signature,) = jedi_script.get_signatures(line, len("client.connections.create("))
    assert signature.name == "create"
    assert [p.name for p in signature.params][:3] == ["group_id", "service", "config"]
    names = {c.name for c in jedi_script.complete(line - 2, len("connection."))}
    assert "schema_" in names  # the field itself is still there


# --------------------------------------------------------------------------- mypy


def test_a_type_error_names_the_method(tmp_path: Path) -> None:
    (tmp_path / "wrong.py").write_text(
        "from fivetrex import Fivetrex\n\nFivetrex().connections.get(42)\n"
    )
    cache = ROOT / ".cache" / "mypy-examples"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "wrong.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert 'Argument 1 to "get" of "BlockingConnections" has incompatible type "int"' in (
        result.stdout
    ), result.stdout
