"""A webhook adapter whose framework is not installed says which extra to install."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

# adapter module -> (the framework's modules, as a missing install leaves them, the message)
ADAPTERS = {
    "fivetrex.webhooks.fastapi": (
        ("fastapi",),
        'fivetrex.webhooks.fastapi needs FastAPI: pip install "fivetrex[fastapi]"',
    ),
    "fivetrex.webhooks.flask": (
        ("flask", "werkzeug"),
        'fivetrex.webhooks.flask needs Flask: pip install "fivetrex[flask]"',
    ),
    "fivetrex.webhooks.django": (
        ("django", "asgiref"),
        'fivetrex.webhooks.django needs Django: pip install "fivetrex[django]"',
    ),
}


def _forget(monkeypatch: pytest.MonkeyPatch, prefix: str) -> None:
    """Make ``prefix`` (and its submodules) unimportable, as when it is not installed."""
    for name in [n for n in sys.modules if n == prefix or n.startswith(prefix + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, prefix, None)  # `import prefix` raises ImportError


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_a_missing_framework_gives_the_pip_hint(
    monkeypatch: pytest.MonkeyPatch, adapter: str
) -> None:
    frameworks, message = ADAPTERS[adapter]
    monkeypatch.delitem(sys.modules, adapter, raising=False)
    for framework in frameworks:
        _forget(monkeypatch, framework)
    with pytest.raises(ImportError) as caught:
        importlib.import_module(adapter)
    assert str(caught.value) == message
    assert "asgiref" not in str(caught.value)
    assert isinstance(caught.value.__cause__, ImportError)  # what was missing, kept
    assert caught.value.name == frameworks[0]  # the package to install


def test_django_without_asgiref_still_names_django(monkeypatch: pytest.MonkeyPatch) -> None:
    # what the review saw: "No module named 'asgiref'", with no word of Django
    monkeypatch.delitem(sys.modules, "fivetrex.webhooks.django", raising=False)
    _forget(monkeypatch, "asgiref")
    with pytest.raises(ImportError, match=r'needs Django: pip install "fivetrex\[django\]"'):
        importlib.import_module("fivetrex.webhooks.django")


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_with_the_framework_installed_the_adapter_imports(adapter: str) -> None:
    module = importlib.import_module(adapter)
    assert module.__name__ == adapter


def test_the_plain_adapters_need_no_framework() -> None:
    # in a fresh interpreter: no framework importable, the ASGI and WSGI adapters load
    code = (
        "import sys; "
        "sys.modules.update(dict.fromkeys(['starlette', 'fastapi', 'flask', 'werkzeug', "
        "'django', 'asgiref'])); "
        "import fivetrex.webhooks.asgi, fivetrex.webhooks.wsgi; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
