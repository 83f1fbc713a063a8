"""Every ``python`` code block of docs/emulator.md runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks() -> list[str]:
    return _BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_guide_has_python_examples() -> None:
    assert len(_blocks()) >= 8


@pytest.mark.parametrize("index", range(len(_blocks())))
def test_code_block_runs(index: int) -> None:
    source = _blocks()[index]
    namespace: dict[str, object] = {"__name__": f"emulator_doc_block_{index}"}
    exec(compile(source, f"{DOC.name}[block {index}]", "exec"), namespace)  # noqa: S102
    # Blocks that define tests are run with a fresh emulator and client.
    tests = {k: v for k, v in namespace.items() if k.startswith("test_") and callable(v)}
    if tests:
        from fivetrex.emulator import Emulator

        for name, func in tests.items():
            marks = getattr(func, "pytestmark", [])
            options = next((m.kwargs for m in marks if m.name == "fivetran_emulator"), {})
            emu = Emulator(**options)
            client = emu.client()
            try:
                params = func.__code__.co_varnames[: func.__code__.co_argcount]
                fixtures = {"fivetran_emulator": emu, "fivetran_client": client}
                func(**{p: fixtures[p] for p in params})
            finally:
                client.close()
                emu.close()
            assert name
