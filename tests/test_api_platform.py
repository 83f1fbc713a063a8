"""Metadata, SDK packages, transformations, logging, agents, links, keys, ESM, HVR: both clients."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from _api_support import Case, Stream, case_ids, run_case, run_stream
from _cases_platform import CASES, PACKAGE, STREAMS, ZIP
from _support import Recorder, make_client, ok, resolve
from fivetrex import ConnectorSdkPackage

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
async def test_request_and_result(mode: str, case: Case) -> None:
    await run_case(mode, case)


@pytest.mark.parametrize("stream", STREAMS, ids=[s.id for s in STREAMS])
async def test_stream_walks_every_page(mode: str, stream: Stream) -> None:
    await run_stream(mode, stream)


async def test_upload_from_a_path(mode: str, tmp_path: Path) -> None:
    archive = tmp_path / "connector.zip"
    archive.write_bytes(ZIP)
    await run_case(
        mode,
        Case(
            "connector_sdk_packages.create(path)",
            lambda c: c.connector_sdk_packages.create(archive),
            "POST",
            "/v1/connector-sdk/packages",
            PACKAGE,
            ConnectorSdkPackage,
            files=("connector.zip", ZIP),
        ),
    )


async def test_upload_refuses_text_files(mode: str) -> None:
    recorder = Recorder()
    client = make_client(mode, recorder)
    with pytest.raises(TypeError, match="binary mode"):
        await resolve(client.connector_sdk_packages.create(io.StringIO("text")))
    assert recorder.requests == []


async def test_public_connector_types_with_an_empty_reply(mode: str) -> None:
    recorder = Recorder(ok({}))
    client = make_client(mode, recorder)
    assert await resolve(client.connector_types.list_public()) == []
