"""Connections beyond the seed, destinations, certificates and fingerprints: both clients."""

from __future__ import annotations

import pytest

from _api_support import Case, Stream, case_ids, run_case, run_stream
from _cases_connections import CASES, STREAMS
from _support import ok

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
async def test_request_and_result(mode: str, case: Case) -> None:
    await run_case(mode, case)


@pytest.mark.parametrize("stream", STREAMS, ids=[s.id for s in STREAMS])
async def test_stream_walks_every_page(mode: str, stream: Stream) -> None:
    await run_stream(mode, stream)


async def test_update_state_reads_a_reply_without_the_state_key(mode: str) -> None:
    from _support import Recorder, make_client, resolve

    recorder = Recorder(ok({"cursor": "c"}))
    client = make_client(mode, recorder)
    assert await resolve(client.connections.update_state("x", {"cursor": "c"})) == {"cursor": "c"}
