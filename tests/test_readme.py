"""Every Python example in the README runs, in order, against a real emulator server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from fivetrex.emulator import Emulator, EmulatorServer

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks(text: str) -> list[str]:
    """The ```python fenced blocks of a markdown text."""
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_readme_has_exactly_two_quick_start_commands() -> None:
    text = README.read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", section, re.S)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 dev.py demo", "python3 dev.py test"]


def test_readme_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emu = Emulator()
    emu.seed("demo")
    emu.configure(sync_polls_to_complete=1)  # syncs finish on the first poll: no waiting
    with EmulatorServer(emu) as server:
        monkeypatch.setenv("FIVETRAN_BASE_URL", server.base_url)
        monkeypatch.setenv("FIVETRAN_API_KEY", "emulator-key")
        monkeypatch.setenv("FIVETRAN_API_SECRET", "emulator-secret")
        namespace: dict[str, Any] = {"__name__": "readme"}
        blocks = python_blocks(README.read_text())
        assert len(blocks) >= 8
        for index, block in enumerate(blocks):
            try:
                exec(compile(block, f"README.md[python block {index}]", "exec"), namespace)  # noqa: S102
            except Exception as error:  # pragma: no cover - the message says which block
                raise AssertionError(
                    f"README python block {index} failed: {error!r}\n{block}"
                ) from error
            if "test_pause" in namespace:
                with Emulator().client() as fresh:
                    namespace.pop("test_pause")(fresh)
        namespace["client"].close()
    out = capsys.readouterr().out
    assert "******" in out  # the connection's password came back masked
    assert "synced at" in out
    assert "not_found 404 NotFound_Connection" in out
    assert "groups" in out


def test_readme_webhook_receivers_verify_signatures() -> None:
    """The README's receivers, driven with signed and forged deliveries."""
    import asyncio

    import httpx

    from fivetrex.webhooks import make_signed_request

    namespace: dict[str, Any] = {"__name__": "readme_receivers"}
    for block in python_blocks(README.read_text()):
        if "fivetrex.webhooks" in block and "django" not in block:
            exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    event = {
        "event": "sync_end",
        "created": "2026-05-22T00:06:08.638Z",
        "data": {"status": "SUCCESSFUL"},
    }
    body, headers = make_signed_request(event, "my-webhook-secret")
    _, forged = make_signed_request(event, "wrong-secret")

    async def post_both(asgi: Any) -> list[int]:
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            good = await http.post("/webhooks/fivetran", content=body, headers=headers)
            bad = await http.post("/webhooks/fivetran", content=body, headers=forged)
            return [good.status_code, bad.status_code]

    for asgi in (namespace["app"], namespace["starlette_app"]):
        assert asyncio.run(post_both(asgi)) == [200, 401]
    flask = namespace["flask_app"].test_client()
    ok_reply = flask.post("/webhooks/fivetran", data=body, headers=headers)
    assert ok_reply.status_code == 200
    assert ok_reply.json == {"received": "sync_end", "succeeded": True}
    assert flask.post("/webhooks/fivetran", data=body, headers=forged).status_code == 401
    assert flask.post("/webhooks/fivetran", data=body).status_code == 400
