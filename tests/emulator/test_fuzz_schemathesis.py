"""Schemathesis over every operation of the official spec, against the server on loopback.

A bounded run (a few positive and negative examples per operation, derandomized): the
emulator must never answer 5xx, every answer must be JSON with the API's envelope, and
2xx bodies must conform to the spec with exactly the leniency documented in
``_spec.py`` (``SPEC_QUIRKS``).

Marked ``schemathesis`` so CI can run it on one Python only:
``python3 dev.py test -m schemathesis`` runs only this, ``-m "not schemathesis"`` skips it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from emulator._spec import MISSING_SPEC_MESSAGE, load_oracle, spec_path
from fivetrex.emulator import Emulator, EmulatorServer

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

pytestmark = pytest.mark.schemathesis

EXAMPLES_PER_MODE = 5
"""Examples per operation and generation mode (positive, negative)."""
BUDGET_SECONDS = 90.0
"""The run stops starting new operations after this long (it reports what it covered)."""


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    emu = Emulator(seed="demo", clock="wall", sync_duration_seconds=1)
    with EmulatorServer(emu) as srv:
        yield srv
    emu.close()


def _run_operation(
    operation: Any, mode: Any, base_url: str, headers: dict[str, str], sink: list[Any]
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case: Any) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        sink.append((case, response))

    # Unsatisfiable: nothing to violate (negative mode on an operation without inputs)
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        exercise()


def _content_type(response: Any) -> str:
    for name, values in response.headers.items():
        if name.lower() == "content-type":
            return str(values[0] if isinstance(values, list) else values)
    return ""


def test_schemathesis_finds_no_server_errors(server: EmulatorServer) -> None:
    oracle = load_oracle()
    if oracle is None:
        pytest.skip(MISSING_SPEC_MESSAGE)
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_path(str(spec_path()))
    emu = server.emulator
    headers = {"Authorization": emu.auth_header()}
    operations = [result.ok() for result in schema.get_all_operations()]
    exchanges: list[Any] = []
    started = time.monotonic()
    covered = 0
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run_operation(operation, mode, server.url, headers, exchanges)
        covered += 1
    elapsed = time.monotonic() - started
    server_errors: list[str] = []
    not_json: list[str] = []
    nonconforming: list[str] = []
    for case, response in exchanges:
        label = f"{case.method} {case.formatted_path} -> {response.status_code}"
        if response.status_code >= 500:
            server_errors.append(f"{label}: {response.text[:300]}")
            continue
        if not _content_type(response).startswith("application/json"):
            if response.status_code < 300 and case.path.endswith("/download"):
                continue  # downloads are files, not envelopes
            not_json.append(label)
            continue
        body = response.json()
        if response.status_code >= 300:
            if not (isinstance(body, dict) and {"code", "message"} <= set(body)):
                not_json.append(f"{label}: {str(body)[:200]}")
            continue
        path = case.formatted_path
        nonconforming.extend(oracle.errors(case.method.upper(), path, response.status_code, body))
    print(
        f"\nschemathesis: {covered}/{len(operations)} operations, {len(exchanges)} requests, "
        f"{len(server_errors)} 5xx, {elapsed:.1f} s"
    )
    assert covered == len(operations), f"only {covered} operations within the budget"
    assert not server_errors, "\n".join(server_errors[:20])
    assert not not_json, "\n".join(not_json[:20])
    assert not nonconforming, "\n".join(nonconforming[:20])
