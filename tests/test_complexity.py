"""The lint step ``scripts/complexity.py``: nothing in src/ worse than radon's grade C."""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import load_script

complexity = load_script("complexity")


def _branches(count: int, indent: str) -> str:
    """``count`` if-branches: a body of cyclomatic complexity ``count + 1``."""
    return "".join(f"{indent}if x == {i}:\n{indent}    return {i}\n" for i in range(count))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "module.py"
    path.write_text(
        "def simple(x):\n    return x\n\n\n"
        f"def top(x):\n{_branches(21, '    ')}    return -1\n\n\n"
        "class Holder:\n"
        "    def method(self):\n"
        f"        def inner(x):\n{_branches(20, '            ')}            return -1\n"
        "        return inner\n"
    )
    return path


def test_functions_and_closures_over_c_are_offenders(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offenders, _ = complexity.check([source])
    assert [(b.name, b.complexity) for b in offenders] == [
        (f"{source}.top", 22),
        (f"{source}.Holder.method.inner", 21),
    ]
    assert complexity.main([str(source)]) == 1
    out = capsys.readouterr().out
    assert f"{source}.top - D (22)" in out
    assert "simple" not in out


def test_an_allowed_offender_passes_until_it_grows(
    source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(complexity.ALLOWED, f"{source}.top", 22)
    monkeypatch.setitem(complexity.ALLOWED, f"{source}.Holder.method.inner", 21)
    assert complexity.check([source])[0] == []
    monkeypatch.setitem(complexity.ALLOWED, f"{source}.top", 21)
    assert [b.name for b in complexity.check([source])[0]] == [f"{source}.top"]
