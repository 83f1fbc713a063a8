"""Every Python block in docs/webhooks.md runs, and its receiver really works.

Each snippet is a complete program. It is executed in a fresh interpreter
(Django settings and environment stay isolated) with ``__name__`` not
``"__main__"``, so it defines its app without serving it; the driver then
serves that app on loopback (uvicorn for ASGI, wsgiref for WSGI) and sends a
correctly signed delivery and a forged one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fivetrex.webhooks import compute_signature

HERE = Path(__file__).resolve().parent
DOC = HERE.parents[1] / "docs" / "webhooks.md"
SECRET = "docs-snippet-secret"

DRIVER = r"""
import inspect, json, sys, types

import httpx

sys.path.insert(0, sys.argv[2])
from conftest import run_uvicorn, run_wsgiref  # the tests' own server helpers
from fivetrex.webhooks import make_signed_request

path = sys.argv[1]
module = types.ModuleType("docs_snippet")
module.__file__ = path
sys.modules["docs_snippet"] = module
exec(compile(open(path, encoding="utf-8").read(), path, "exec"), module.__dict__)

app = getattr(module, "app", None)
if app is None and hasattr(module, "urlpatterns"):  # the Django snippet
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    app = WSGIHandler()
if app is None:
    print(json.dumps({"kind": "script"}))
    raise SystemExit(0)

is_asgi = inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(type(app).__call__)
event = {"event": "sync_end", "created": "2026-05-22T00:06:08.638Z",
         "connector_id": "c1", "data": {"status": "SUCCESSFUL"}}
body, headers = make_signed_request(event, sys.argv[3])
_, forged = make_signed_request(event, "not-the-secret")
with (run_uvicorn if is_asgi else run_wsgiref)(app) as base_url:
    url = base_url + "/webhooks/fivetran"
    with httpx.Client(timeout=10, trust_env=False) as client:
        ok = client.post(url, content=body, headers=headers)
        bad = client.post(url, content=body, headers=forged)
        unsigned = client.post(url, content=body)
print(json.dumps({
    "kind": "asgi" if is_asgi else "wsgi",
    "ok": [ok.status_code, ok.json()],
    "bad": bad.status_code,
    "unsigned": unsigned.status_code,
}))
"""


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)


BLOCKS = python_blocks(DOC.read_text(encoding="utf-8"))


def test_the_guide_has_a_snippet_per_framework() -> None:
    joined = "\n".join(BLOCKS)
    for module in ("asgi", "fastapi", "flask", "wsgi", "django"):
        assert f"from fivetrex.webhooks.{module} import" in joined
    assert len(BLOCKS) == 7


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_snippets_are_short(index: int) -> None:
    assert len(BLOCKS[index].splitlines()) < 15


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_snippet_runs(index: int, tmp_path: Path) -> None:
    snippet = tmp_path / f"snippet_{index}.py"
    snippet.write_text(BLOCKS[index], encoding="utf-8")
    env = {**os.environ, "FIVETRAN_WEBHOOK_SECRET": SECRET}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(snippet), str(HERE), SECRET],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,  # a hang guard for the child process, not a time limit on the test
        check=False,
    )
    assert result.returncode == 0, result.stderr
    *printed, last = result.stdout.strip().splitlines()
    outcome = json.loads(last)
    if outcome["kind"] == "script":
        if "construct_event" in BLOCKS[index]:
            assert printed == ["sync_end True"]
        else:
            assert printed[0] == compute_signature(
                b'{"event":"sync_end","created":"2026-05-22T00:06:08.638Z",'
                b'"data":{"status":"SUCCESSFUL"}}',
                "s3cret",
            )
        return
    status, payload = outcome["ok"]
    assert status == 200, payload
    assert payload["received"] == "sync_end"
    assert payload.get("succeeded", True) is True
    assert outcome["bad"] == 401
    assert outcome["unsigned"] == 400
