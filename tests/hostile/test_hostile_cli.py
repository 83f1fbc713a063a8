"""The CLI against a hostile server: a malformed 200 is a server failure (exit 1), not bad input."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hostile._server import Conn, HostileServer, Request, respond


@pytest.mark.parametrize(
    ("body", "args"),
    [
        ({"code": "Success", "data": "oops"}, ["groups", "get", "g1"]),
        ({"code": "Success", "data": [1, 2, 3]}, ["groups", "get", "g1"]),
        ([1, 2, 3], ["groups", "list"]),
        ({"code": "Success", "data": {"items": "notalist"}}, ["groups", "list"]),
        ({"code": "Success", "data": {"name": "no id"}}, ["groups", "get", "g1"]),
    ],
    ids=["data-string", "data-list", "body-array", "items-not-a-list", "no-id"],
)
def test_malformed_success_exits_as_a_server_failure(body: object, args: list[str]) -> None:
    def behave(conn: Conn, request: Request, index: int) -> None:
        respond(conn, 200, body)

    with HostileServer(behave) as server:
        env = {
            **os.environ,
            "FIVETRAN_BASE_URL": server.url,
            "FIVETRAN_API_KEY": "key",
            "FIVETRAN_API_SECRET": "secret-value",
            "COLUMNS": "120",
        }
        result = subprocess.run(
            [sys.executable, "-m", "fivetrex", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    assert "malformed response" in result.stderr
    assert "Traceback" not in result.stderr
    assert "secret-value" not in result.stderr
