"""``import fivetrex`` stays light: what it must not import, and that lazy names still work.

Each check runs in a fresh interpreter (``sys.modules`` of the test process is full of
everything). The import-time *ratio* is measured by ``python3 dev.py bench --only imports``;
these tests pin the causes: pydantic's models, asyncio, the CLI and the emulator are
loaded on first use, not by ``import fivetrex``.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import pickle
import subprocess
import sys
import textwrap
import typing

import pytest

#: Never imported by ``import fivetrex`` (each costs milliseconds or is another feature).
HEAVY = (
    "asyncio",  # only the asyncio client needs it
    "pydantic.main",  # pydantic's BaseModel: models are built on first use
    "fivetrex.models._base",
    "fivetrex.models.connections",
    "fivetrex.resources",
    "fivetrex.cli",
    "fivetrex.emulator",
    "fivetrex.webhooks",
    "fivetrex.transports",
    "aiohttp",
)


def _loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; return its ``RESULT`` dict plus loaded modules."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _json, sys as _sys
        RESULT = globals().get("RESULT", {})
        RESULT["modules"] = sorted(_sys.modules)
        print(_json.dumps(RESULT))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _heavy(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_import_fivetrex_loads_none_of_the_heavy_parts() -> None:
    loaded = _loaded_after("import fivetrex")
    assert _heavy(loaded["modules"]) == []
    assert "fivetrex" in loaded["modules"]  # the check itself works


def test_a_blocking_call_never_imports_asyncio() -> None:
    loaded = _loaded_after(
        """
        import httpx
        from fivetrex import Fivetrex

        def answer(request):
            return httpx.Response(200, json={"code": "Success", "data": {"id": "g1", "name": "n"}})

        http = httpx.Client(transport=httpx.MockTransport(answer))
        with Fivetrex(api_key="k", api_secret="s", http_client=http) as client:
            group = client.groups.get("g1")
        RESULT = {"group": [type(group).__name__, group.id]}
        """
    )
    assert loaded["group"] == ["Group", "g1"]
    modules = loaded["modules"]
    assert isinstance(modules, list)
    assert "pydantic.main" in modules  # the model was built, on first use
    assert "asyncio" not in modules


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("fivetrex.Connection.__name__", "Connection"),
        ("fivetrex.Page.__name__", "Page"),
        ("fivetrex.models.FivetrexModel.__name__", "FivetrexModel"),
        ("fivetrex.pagination.Page.__name__", "Page"),
        ("fivetrex.SyncEvents.__name__", "SyncEvents"),
        ("fivetrex.AsyncFivetrex(api_key='k', api_secret='s').__class__.__name__", "AsyncFivetrex"),
    ],
)
def test_lazy_names_resolve_on_first_use(expression: str, expected: str) -> None:
    loaded = _loaded_after(f"import fivetrex\nRESULT = {{'value': {expression}}}")
    assert loaded["value"] == expected


def test_the_lazy_page_is_the_model_everyone_else_uses() -> None:
    from fivetrex import Page, pagination
    from fivetrex.models import Page as ModelsPage
    from fivetrex.models._base import Page as BasePage

    assert Page is ModelsPage is BasePage is pagination.Page
    assert "Page" in dir(pagination)
    with pytest.raises(AttributeError):
        _ = pagination.NoSuchThing  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "used_by"), [("SyncEvents", "sync_and_wait"), ("BulkResult", "sync_many_and_wait")]
)
def test_a_class_exported_from_a_private_module_shows_its_public_home(
    name: str, used_by: str
) -> None:
    import pydoc

    import fivetrex

    cls = getattr(fivetrex, name)
    assert cls.__module__ == "fivetrex"
    assert f"class {name} in module fivetrex\n" in pydoc.render_doc(cls, renderer=pydoc.plaintext)
    # what the signature of a method taking or returning one shows
    method = getattr(fivetrex.Fivetrex(api_key="k", api_secret="s").connections, used_by)
    assert f"fivetrex.{name}" in str(inspect.signature(method))


def test_a_rehomed_class_keeps_its_type_hints_and_pickles() -> None:
    from fivetrex import BulkResult
    from fivetrex._flow import Outcome
    from fivetrex._waiting import T

    expected = {"outcomes": dict[str, Outcome[T]]}
    assert typing.get_type_hints(BulkResult) == expected
    assert typing.get_type_hints(BulkResult.__init__) == {**expected, "return": type(None)}
    assert [f.type for f in dataclasses.fields(BulkResult)] == [expected["outcomes"]]
    result: BulkResult[int] = BulkResult({"c1": Outcome(value=1)})
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 (our own object)


@pytest.mark.parametrize("name", ["Fivetrex", "AsyncFivetrex", "RateLimit"])
def test_the_clients_and_rate_limit_show_their_public_home(name: str) -> None:
    import pydoc

    import fivetrex

    cls = getattr(fivetrex, name)
    assert cls.__module__ == "fivetrex"
    assert repr(cls) == f"<class 'fivetrex.{name}'>"
    assert f"class {name} in module fivetrex\n" in pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert pickle.loads(pickle.dumps(cls)) is cls  # noqa: S301 (a class, by reference)


def test_the_rehomed_clients_and_rate_limit_keep_their_type_hints() -> None:
    from fivetrex import AsyncFivetrex, Fivetrex, RateLimit
    from fivetrex._throttle import Throttle

    for client in (Fivetrex, AsyncFivetrex):
        hints = typing.get_type_hints(client.__init__)
        assert hints["rate_limit"] == RateLimit | Throttle | str | int | None
        assert hints["return"] is type(None)
    fields = {"per_hour", "setup_tests_per_minute", "setup_tests_per_hour"}
    fields |= {"source_per_minute", "source_per_hour"}
    expected: dict[str, object] = dict.fromkeys(sorted(fields), int | None)
    expected["low_remaining"] = float
    assert typing.get_type_hints(RateLimit) == expected
    assert typing.get_type_hints(RateLimit.__init__) == {**expected, "return": type(None)}
    assert {f.name: f.type for f in dataclasses.fields(RateLimit)} == expected
    limit = RateLimit.trial()
    assert pickle.loads(pickle.dumps(limit)) == limit  # noqa: S301 (our own object)


def test_only_the_generic_page_model_keeps_a_private_module() -> None:
    """A new export from a private module shows its public home, or is listed here."""
    import fivetrex

    private = [
        name
        for name in fivetrex.__all__
        if isinstance(getattr(fivetrex, name), type)
        and any(part.startswith("_") for part in getattr(fivetrex, name).__module__.split("."))
    ]
    # pydantic resolves a model's annotations (and builds Page[Group]) in the namespace
    # of its __module__: a generic pydantic model keeps the module it is defined in
    assert private == ["Page"]
