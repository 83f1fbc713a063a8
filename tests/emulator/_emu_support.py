"""Helpers of the emulator tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from fivetrex.emulator import Emulator, Response

BASE = "http://emulator.fivetrex.invalid/v1"


class Captured:
    """A webhook deliverer that records instead of sending."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        self.calls.append((url, body, dict(headers)))
        return self.status

    def events(self) -> list[str]:
        """Event names delivered so far."""
        return [json.loads(body)["event"] for _, body, _ in self.calls]


def data(response: httpx.Response, status: int = 200) -> Any:
    """Assert the status and a success envelope; return ``data``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == "Success", body
    return body.get("data")


def error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert an error response; return the body."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= {"code", "message"}, body
    assert isinstance(body["message"], str)
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


def make_group(http: httpx.Client, name: str = "Warehouse") -> str:
    """Create a group (with a Snowflake destination); return its id."""
    group_id: str = data(http.post("/groups", json={"name": name}), 201)["id"]
    data(
        http.post(
            "/destinations",
            json={
                "group_id": group_id,
                "service": "snowflake",
                "time_zone_offset": "0",
                "config": {"host": "x.snowflakecomputing.com", "password": "pw"},
            },
        ),
        201,
    )
    return group_id


def make_connection(
    http: httpx.Client,
    group_id: str,
    service: str = "postgres",
    **fields: Any,
) -> dict[str, Any]:
    """Create a connection; return its data."""
    config = fields.pop("config", None)
    if config is None:
        if service in ("postgres", "mysql", "sql_server", "oracle"):
            config = {"schema_prefix": f"{service}_{len(fields)}", "password": "pw"}
        elif service == "google_sheets":
            config = {"schema": "sheets", "table": "budget"}
        else:
            config = {"schema": service}
    result: dict[str, Any] = data(
        http.post(
            "/connections",
            json={"group_id": group_id, "service": service, "config": config, **fields},
        ),
        201,
    )
    return result


def control(emu: Emulator, method: str, path: str, body: str | None = None) -> Response:
    """Call the emulator's control plane in-process with its credentials."""
    return emu.handle(method, path, headers={"Authorization": emu.auth_header()}, body=body)
