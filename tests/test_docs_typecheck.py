"""Every Python example in README.md and docs/ type-checks under mypy --strict and pyright strict.

Each page's ``python`` blocks are joined, in order, into one module (the examples of a
page build on each other, as they run in ``test_docs.py`` / ``test_readme.py``). Then
both checkers run once over all the modules, as a user's project would run them: no
plugin, no project configuration beyond strictness. A block that is deliberately not a
whole program, or uses a package that ships no types, is marked with the HTML comment
``<!-- typecheck: skip (the reason) -->`` on the line before its fence; a block that is a
program of its own (the same receiver in another framework) with
``<!-- typecheck: separate -->``, and is checked as its own module.

Joining blocks re-imports and re-defines names (each block stands alone for a reader),
so redefinition checks are off; everything else is strict.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = "<!-- typecheck: skip"
SEPARATE = "<!-- typecheck: separate"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[^\s`]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)

#: Untyped third-party packages the examples use (a user would configure the same).
UNTYPED = ("django", "django.*")

#: Packages whose pages are tested in their own environments (``dev.py integrations``):
#: a page importing one that is not installed here is left to those runs.
OWN_ENVIRONMENT = ("airflow", "dagster")

_IMPORT = re.compile(r"^\s*(?:from|import)\s+(\w+)", re.M)


def needs_other_environment(text: str) -> bool:
    """Whether a page's examples import a package only installed in its own environment."""
    imported = set(_IMPORT.findall(text))
    return any(
        name in imported and importlib.util.find_spec(name) is None for name in OWN_ENVIRONMENT
    )


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _marked_blocks(text: str) -> list[tuple[str, str]]:
    """``(marker, body)`` of a page's ``python`` blocks (marker: the comment before, or "")."""
    found = []
    for match in _FENCE.finditer(text):
        if match["lang"] != "python":
            continue
        before = (text[: match.start()].rstrip().splitlines()[-1:] or [""])[0].strip()
        found.append((before if before.startswith("<!--") else "", textwrap.dedent(match["body"])))
    return found


def typed_blocks(text: str) -> list[str]:
    """The ``python`` blocks of a page that are joined into one module (in order)."""
    return [
        body for marker, body in _marked_blocks(text) if not marker.startswith((SKIP, SEPARATE))
    ]


def separate_blocks(text: str) -> list[str]:
    """Blocks that are programs of their own (alternatives: the same app in other frameworks)."""
    return [body for marker, body in _marked_blocks(text) if marker.startswith(SEPARATE)]


def module_name(page: Path) -> str:
    rel = page.relative_to(ROOT).with_suffix("").as_posix()
    return "ex_" + re.sub(r"\W", "_", rel).lower()


def write_examples(where: Path) -> dict[str, Path]:
    """One module per page with examples; ``{module file: page}``."""
    written: dict[str, Path] = {}
    for page in pages():
        text = page.read_text()
        if needs_other_environment("\n".join(body for _, body in _marked_blocks(text))):
            continue
        blocks = typed_blocks(text)
        if blocks:
            name = module_name(page) + ".py"
            (where / name).write_text("\n\n".join(blocks))
            written[name] = page
        for index, block in enumerate(separate_blocks(text)):
            name = f"{module_name(page)}_{index}.py"
            (where / name).write_text(block)
            written[name] = page
    return written


def test_fragment_marker_skips_only_the_next_block() -> None:
    text = f"{SKIP} (a fragment) -->\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n"
    assert typed_blocks(text) == ["y = 2\n"]


def test_separate_blocks_are_their_own_modules() -> None:
    text = f"```python\na = 1\n```\n{SEPARATE} -->\n```python\nb = 2\n```\n"
    assert typed_blocks(text) == ["a = 1\n"]
    assert separate_blocks(text) == ["b = 2\n"]


def test_examples_are_found() -> None:
    found = {p.relative_to(ROOT).as_posix() for p in pages() if typed_blocks(p.read_text())}
    assert {"README.md", "docs/index.md", "docs/guide/async.md"} <= found
    assert len(found) >= 15


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("examples")
    write_examples(where)
    return where


def test_examples_pass_mypy_strict(examples: Path) -> None:
    (examples / "mypy.ini").write_text(
        "[mypy]\nstrict = True\npython_version = 3.10\nallow_redefinition = True\n"
        "disable_error_code = no-redef\n"
        + "".join(f"\n[mypy-{m}]\nignore_missing_imports = True\n" for m in UNTYPED)
    )
    cache = ROOT / ".cache" / "mypy-examples"  # warm runs take seconds
    result = _run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary", "."],
        examples,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_examples_pass_pyright_strict(examples: Path) -> None:
    pyright = pytest.importorskip("pyright")
    del pyright
    (examples / "pyrightconfig.json").write_text(
        '{"typeCheckingMode": "strict", "pythonVersion": "3.10", "reportMissingTypeStubs": false,'
        ' "reportRedeclaration": false, "reportDuplicateImport": false}'
    )
    result = _run([sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "."], examples)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr
