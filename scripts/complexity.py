#!/usr/bin/env python3
"""Fail when a function in ``src/`` is more complex than radon's grade C (cyclomatic > 20).

``python3 dev.py lint`` runs it. It checks what ``radon cc -n D -s src`` lists (functions,
methods and classes), nested functions included, and prints every offender::

    python3 dev.py run scripts/complexity.py          # src/ (exit 1 on an offender)
    python3 dev.py run scripts/complexity.py PATH...  # other files or folders

An offender is allowed only if ``ALLOWED`` names it, and only up to its complexity there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from radon.complexity import cc_rank, cc_visit  # type: ignore[import-untyped]
from radon.visitors import Class  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
#: radon's grade C ends at 20; D (21-30), E and F fail.
LIMIT = 20

#: The offenders of the day this check landed, each with its complexity then (it may not
#: grow). They sit in code other branches are reworking right now (issue 11: the emulator
#: split, the CLI): shrink this as they land; never add to it, fix the function instead.
ALLOWED: dict[str, int] = {}


@dataclass(frozen=True)
class Block:
    """A function, method or class and its cyclomatic complexity."""

    name: str  # qualified: fivetrex.cli._app.build_operation_command
    path: Path
    line: int
    complexity: int

    def __str__(self) -> str:
        where = f"{_display(self.path)}:{self.line}"
        return f"{where} {self.name} - {cc_rank(self.complexity)} ({self.complexity})"


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _module(path: Path) -> str:
    """``fivetrex.cli._app`` for src/fivetrex/cli/_app.py (other files: their path)."""
    if not path.is_relative_to(SRC):
        return _display(path)
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _walk(blocks: Iterable[Any], prefix: str) -> Iterator[tuple[str, Any]]:
    """``(qualified name, radon block)``, methods, nested classes and closures included."""
    for block in blocks:
        name = f"{prefix}.{block.name}"
        yield name, block
        if isinstance(block, Class):
            yield from _walk(block.methods, name)
            yield from _walk(block.inner_classes, name)
        else:
            yield from _walk(block.closures, name)


def blocks(path: Path) -> Iterator[Block]:
    """Every block of one file."""
    # cc_visit also lists each method at the top (with its classname): _walk reaches them
    # through their class, with the full qualified name.
    top = [b for b in cc_visit(path.read_text(encoding="utf-8")) if not _is_method(b)]
    for name, block in _walk(top, _module(path)):
        yield Block(name, path, int(block.lineno), int(block.complexity))


def _is_method(block: Any) -> bool:
    return not isinstance(block, Class) and block.classname is not None


def check(paths: Iterable[Path]) -> tuple[list[Block], list[str]]:
    """``(offenders, allowed names that no longer offend)``."""
    offenders: list[Block] = []
    seen: set[str] = set()
    for path in sorted(p for root in paths for p in _files(root)):
        for block in blocks(path):
            if block.complexity <= LIMIT:
                continue
            seen.add(block.name)
            if block.complexity > ALLOWED.get(block.name, LIMIT):
                offenders.append(block)
    return offenders, sorted(set(ALLOWED) - seen)


def _files(root: Path) -> list[Path]:
    return [root] if root.is_file() else sorted(root.rglob("*.py"))


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or [SRC]
    offenders, stale = check(paths)
    for name in stale if paths == [SRC] else []:
        print(
            f"complexity: {name} is no longer over C: remove it from scripts/complexity.py ALLOWED"
        )
    if offenders:
        print(f"complexity: functions worse than grade C (cyclomatic > {LIMIT}), split them:")
        for block in sorted(offenders, key=lambda b: (b.path, b.line)):
            allowed = ALLOWED.get(block.name)
            note = f" (allowed up to {allowed})" if allowed else ""
            print(f"    {block}{note}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
