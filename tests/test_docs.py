"""The documentation site: every example runs, the site builds strictly, no page is orphaned.

The Python examples of the pages this suite owns (``docs/index.md``,
``docs/architecture.md``, ``docs/guide/``, ``docs/reference/``) run in order, one shared
namespace per page, against an emulator served on loopback, exactly as a reader would run them with
``FIVETRAN_BASE_URL``/``FIVETRAN_API_KEY``/``FIVETRAN_API_SECRET`` set. Blocks that
are deliberately not runnable are fenced ``text`` or ``bash``.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fivetrex import AsyncFivetrex, Fivetrex
from fivetrex.emulator import Emulator, EmulatorServer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"

#: Pages owned by other docs (linked from the nav when they exist; tested elsewhere).
OTHER_PAGES = ("webhooks.md", "sync-logs.md", "emulator.md", "cli.md", "coverage.md")

#: Pages whose examples need an orchestrator: tests/orchestrators runs them, in their own
#: environments (``python3 dev.py integrations``).
ORCHESTRATOR_PAGES = ("guide/airflow.md", "guide/dagster.md")

#: Fence languages allowed in the pages tested here: python runs, the others never do.
FENCES = {"python", "text", "bash"}

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[^\s`]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)

#: Text each page's examples must print (a check that they ran the way the page says).
EXPECTED_OUTPUT: dict[str, list[str]] = {
    "index.md": ["******", "synced at", "not_found 404 NotFound_Connection"],
    "architecture.md": [
        "BlockingConnections.get",
        "AsyncConnections.get",
        "BlockingConnectionsSchemaMethods.update_table",
        "PATCH /connections/conn_1 {'sync_frequency': 1440, 'daily_sync_time': '03:00'}",
        "/connections/a%2Fb",
        "Send GET /v1/groups/",
    ],
    "guide/async.md": ["['paused', 'scheduled', 'syncing']", "statuses over aiohttp, all ok: True"],
    "guide/client.md": [
        "fivetrex DEBUG request GET /v1/groups?limit=1 (attempt 1) [groups.list]",
        "10 True",
        "['/v1/groups']",
        "fake",
    ],
    "guide/coverage.md": ["POST /connections/{connection_id}/sync sync_connection"],
    "guide/errors.md": [
        "not_found 404 NotFound_Connection",
        "limit must be an integer from 1 to 1000, got 0",
        "pass confirm=True",
        "attempt 2 failed; waiting 0.02s",
        "200 groups.get",
        "malformed response",
        "done 3",
    ],
    "guide/models.md": ["often", "2026-01-15T10:00:00.123000+00:00", '"name":"Production"'],
    "guide/pagination.md": ["5 groups"],
    "guide/sync-logs.md": ["True FAILURE Cannot connect to host UTC"],
    "guide/syncs.md": ["synced at", "is paused", "all ok: True"],
    "guide/testing.md": ["failed: credentials expired"],
    "guide/webhooks.md": ["sync_end conn_1 True False"],
}


def owned_pages() -> list[Path]:
    """The markdown pages whose examples this suite runs."""
    return [
        DOCS / "index.md",
        DOCS / "architecture.md",
        *sorted((DOCS / "guide").rglob("*.md")),
        *sorted((DOCS / "reference").rglob("*.md")),
    ]


def fences(text: str) -> list[tuple[str, str]]:
    """``(language, body)`` of every fenced block, bodies dedented (blocks may sit in tabs)."""
    return [(m["lang"], textwrap.dedent(m["body"])) for m in _FENCE.finditer(text)]


def python_blocks(text: str) -> list[str]:
    """The ``python`` fenced blocks of a markdown text, in order."""
    return [body for lang, body in fences(text) if lang == "python"]


def _page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


# --------------------------------------------------------------------------- examples


def _fixtures(function: Any) -> dict[str, Any]:
    """What a ``def test_...(fixture)`` example may ask for (the pytest plugin's fixtures).

    Honours the example's ``@pytest.mark.fivetran_emulator(...)`` options, as the plugin does.
    """
    options: dict[str, Any] = {}
    for mark in getattr(function, "pytestmark", []):
        if mark.name == "fivetran_emulator":
            options.update(mark.kwargs)
    emulator = Emulator(**options)
    return {
        "fivetran_emulator": emulator,
        "fivetran_client": emulator.client(),
    }


def _run_test_functions(namespace: dict[str, Any]) -> None:
    """Call the ``test_*`` functions an example defined, as pytest would."""
    for name in [n for n in namespace if n.startswith("test_")]:
        function = namespace.pop(name)
        if not callable(function):
            continue
        if not set(inspect.signature(function).parameters) <= {
            "fivetran_emulator",
            "fivetran_client",
        }:  # other plugin fixtures: run by a real pytest in tests/cli/test_cli_pytest_plugin.py
            continue
        provided = _fixtures(function)
        try:
            kwargs = {p: provided[p] for p in inspect.signature(function).parameters}
            result = function(**kwargs)
            if inspect.isawaitable(result):
                asyncio.run(result)  # type: ignore[arg-type]
        finally:
            provided["fivetran_client"].close()
            provided["fivetran_emulator"].close()


def _close_clients(namespace: dict[str, Any]) -> None:
    for value in namespace.values():
        if isinstance(value, Fivetrex):
            value.close()
        elif isinstance(value, AsyncFivetrex):
            asyncio.run(value.close())


@pytest.fixture
def emulator_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    """A demo-seeded emulator on loopback; the environment points the clients at it."""
    emu = Emulator()
    emu.seed("demo")
    emu.configure(sync_polls_to_complete=1)  # syncs finish on the first poll: no waiting
    with EmulatorServer(emu) as server:
        monkeypatch.setenv("FIVETRAN_BASE_URL", server.base_url)
        monkeypatch.setenv("FIVETRAN_API_KEY", "emulator-key")
        monkeypatch.setenv("FIVETRAN_API_SECRET", "emulator-secret")
        yield emu
    emu.close()


def pages_with_examples() -> list[Path]:
    return [
        page
        for page in owned_pages()
        if python_blocks(page.read_text()) and _page_id(page) not in ORCHESTRATOR_PAGES
    ]


def test_the_examples_are_found() -> None:
    """A guard against a fence parser that silently finds nothing to run."""
    assert len(pages_with_examples()) >= 12
    assert sum(len(python_blocks(p.read_text())) for p in owned_pages()) >= 40
    assert set(EXPECTED_OUTPUT) <= {_page_id(p) for p in pages_with_examples()}


@pytest.mark.parametrize("page", pages_with_examples(), ids=_page_id)
def test_page_examples_run(
    page: Path, emulator_env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    text = page.read_text()
    namespace: dict[str, Any] = {"__name__": f"docs:{_page_id(page)}"}
    try:
        for index, block in enumerate(python_blocks(text)):
            source = f"{_page_id(page)}[python block {index}]"
            try:
                exec(compile(block, source, "exec"), namespace)  # noqa: S102
                _run_test_functions(namespace)
            except Exception as error:  # pragma: no cover - the message says which block
                raise AssertionError(f"{source} failed: {error!r}\n{block}") from error
    finally:
        _close_clients(namespace)
    captured = capsys.readouterr()
    out = captured.out + captured.err  # logging handlers write to stderr
    for expected in EXPECTED_OUTPUT.get(_page_id(page), []):
        assert expected in out, f"{_page_id(page)}: {expected!r} not printed:\n{out}"


@pytest.mark.parametrize("page", owned_pages(), ids=_page_id)
def test_page_fences_are_python_text_or_bash(page: Path) -> None:
    """Anything not runnable is said to be so: no ``py``/``pycon``/unlabelled fences."""
    languages = {lang for lang, _ in fences(page.read_text())}
    assert languages <= FENCES, f"{_page_id(page)}: fences {sorted(languages - FENCES)}"


def test_fence_parser_handles_tabs_and_admonitions() -> None:
    text = '=== "Sync"\n\n    ```python\n    x = 1\n    ```\n\n```text\nno\n```\n'
    assert fences(text) == [("python", "x = 1\n"), ("text", "no\n")]


# --------------------------------------------------------------------------- the site


def _nav_pages(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        if node.endswith(".md"):
            yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def _config() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(MKDOCS_YML.read_text())  # type: ignore[no-any-return]


def test_every_page_is_in_the_nav() -> None:
    nav = list(_nav_pages(_config()["nav"]))
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert sorted(set(nav)) == sorted(nav), "a page is listed twice in the nav"
    assert [p for p in pages if p not in nav] == [], "pages missing from mkdocs.yml nav"
    assert [p for p in nav if p not in pages] == [], "nav entries without a page"


def test_other_docs_pages_are_linked_from_the_nav() -> None:
    nav = set(_nav_pages(_config()["nav"]))
    for page in OTHER_PAGES:
        if (DOCS / page).exists():
            assert page in nav


def test_every_client_namespace_has_a_reference_page() -> None:
    reference = "\n".join(p.read_text() for p in (DOCS / "reference").rglob("*.md"))
    checked = 0
    with Emulator().client() as client:
        names = [n for n in dir(type(client)) if not n.startswith("_")]
        for name in names:
            # the reference documents the declarations behind the generated classes
            cls = getattr(type(getattr(client, name)), "_declarations", None)
            if cls is None or not cls.__module__.startswith("fivetrex.resources."):
                continue
            assert f"::: {cls.__module__}.{cls.__qualname__}" in reference, name
            checked += 1
    assert checked >= 20


def _inventory(path: Path) -> set[str]:
    """Object names in a Sphinx ``objects.inv`` (version 2) written by mkdocstrings."""
    raw = path.read_bytes()
    head = b"".join(raw.splitlines(keepends=True)[:4])
    body = zlib.decompress(raw[len(head) :]).decode()
    return {line.split(" ", 1)[0] for line in body.splitlines() if line.strip()}


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").exists()
    # Everything `fivetrex` exports is rendered somewhere in the API reference.
    import fivetrex

    inventory = _inventory(site / "objects.inv")
    modules = {"errors", "models", "pagination", "retry", "__version__"}
    missing = [
        name
        for name in fivetrex.__all__
        if name not in modules
        and f"fivetrex.{name}" not in inventory
        and f"{getattr(fivetrex, name).__module__}.{name}" not in inventory
    ]
    assert missing == [], f"exported but not in the API reference: {missing}"
