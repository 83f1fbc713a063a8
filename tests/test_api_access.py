"""Account, users, teams, roles, memberships and the new group operations: both clients."""

from __future__ import annotations

import pytest

from _api_support import Case, Stream, case_ids, run_case, run_stream
from _cases_access import CASES, STREAMS
from fivetrex import AccountInfo

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
async def test_request_and_result(mode: str, case: Case) -> None:
    await run_case(mode, case)


@pytest.mark.parametrize("stream", STREAMS, ids=[s.id for s in STREAMS])
async def test_stream_walks_every_page(mode: str, stream: Stream) -> None:
    await run_stream(mode, stream)


def test_system_key_callers_are_recognised() -> None:
    info = AccountInfo.model_validate({"account_id": "a", "system_key_id": "sk"})
    assert info.is_system_key
