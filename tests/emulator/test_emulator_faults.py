"""Fault injection: status faults, rate limits, delays, drops before/after, chaos."""

from __future__ import annotations

import json

import httpx
import pytest

from emulator._emu_support import BASE, control, data, make_group
from fivetrex.emulator import Emulator, Fault


def test_next_request_gets_a_503_with_retry_after(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("error", status=503, retry_after=7)
    response = http.get("/groups")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    assert response.json()["code"] == "ServiceUnavailable"
    assert http.get("/groups").status_code == 200


def test_injected_429(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("rate_limit", retry_after=30, times=2)
    for _ in range(2):
        response = http.get("/groups")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "30"
        assert response.json()["code"] == "TooManyRequests"
    assert http.get("/groups").status_code == 200


def test_502_with_html_body(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("error", status=502, html=True)
    response = http.get("/groups")
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")


def test_faults_match_method_and_path(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("error", status=500, method="POST", path="/v1/groups", times=None)
    emu.inject("error", status=502, path_regex=r"^/v1/destinations/[a-z]+_[a-z]+$")
    assert http.get("/groups").status_code == 200
    assert http.post("/groups", json={"name": "x"}).status_code == 500
    assert http.post("/groups", json={"name": "x"}).status_code == 500
    assert http.get("/destinations").status_code == 200
    assert http.get("/destinations/some_group").status_code == 502
    assert http.get("/destinations/some_group").status_code == 404
    emu.clear_faults()
    assert http.post("/groups", json={"name": "x"}).status_code == 201


def test_faults_do_not_touch_the_control_plane(emu: Emulator) -> None:
    emu.inject("error", status=500, times=None)
    assert control(emu, "GET", "/_emulator/health").status == 200


def test_delay_is_virtual_in_process(emu: Emulator, http: httpx.Client) -> None:
    before = emu.clock.now()
    emu.inject("delay", delay=90)
    assert http.get("/groups").status_code == 200
    assert (emu.clock.now() - before).total_seconds() == 90


def test_delay_uses_the_injectable_sleep(http: httpx.Client, emu: Emulator) -> None:
    slept: list[float] = []
    emu.sleep = slept.append
    emu.inject("delay", delay=2.5)
    http.get("/groups")
    assert slept == [2.5]


def test_timeout_fault_raises_read_timeout(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("timeout", delay=30)
    with pytest.raises(httpx.ReadTimeout):
        http.get("/groups")


def test_drop_before_never_reaches_the_core(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("drop", stage="before", method="POST")
    with pytest.raises(httpx.ConnectError):
        http.post("/groups", json={"name": "lost"})
    assert data(http.get("/groups"))["items"] == []


def test_drop_after_applies_the_change(emu: Emulator, http: httpx.Client) -> None:
    emu.inject("drop", stage="after", method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/groups", json={"name": "applied"})
    assert [g["name"] for g in data(http.get("/groups"))["items"]] == ["applied"]


def test_probability_is_reproducible() -> None:
    def run(seed: int) -> list[int]:
        emu = Emulator(fault_seed=seed)
        emu.inject("error", status=500, times=None, probability=0.5)
        return [emu.request("GET", "/groups").status for _ in range(40)]

    first = run(3)
    assert first == run(3)
    assert 0 < first.count(500) < 40
    assert first != run(4)


def _chaos_run(seed: int) -> list[str]:
    emu = Emulator()
    emu.chaos(seed=seed, error_rate=0.2, rate_limit_rate=0.1, drop_rate=0.1)
    outcomes = []
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, auth=(emu.api_key, emu.api_secret)
    ) as http:
        for index in range(80):
            try:
                outcomes.append(str(http.post("/groups", json={"name": f"g{index}"}).status_code))
            except httpx.TransportError as exc:
                outcomes.append(type(exc).__name__)
    return outcomes


def test_chaos_is_reproducible_from_its_seed() -> None:
    first = _chaos_run(1)
    assert first == _chaos_run(1)
    assert first != _chaos_run(2)
    kinds = set(first)
    assert {"201", "429"} <= kinds
    assert kinds & {"ConnectError", "RemoteProtocolError"}
    assert kinds & {"500", "502", "503"}
    assert 0.5 < first.count("201") / len(first) < 0.8


def test_chaos_scoping_and_stop(emu: Emulator, http: httpx.Client) -> None:
    emu.chaos(seed=5, error_rate=1.0, method="POST")
    assert http.get("/groups").status_code == 200
    assert http.post("/groups", json={"name": "x"}).status_code >= 500
    emu.faults.stop_chaos()
    assert http.post("/groups", json={"name": "x"}).status_code == 201


def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="kind"):
        Fault("explode")
    with pytest.raises(ValueError, match="stage"):
        Fault("drop", stage="during")
    with pytest.raises(ValueError, match="status"):
        Fault("error", status=200)
    with pytest.raises(ValueError, match="times"):
        Fault("error", times=0)
    with pytest.raises(ValueError, match="probability"):
        Fault("error", probability=2)
    with pytest.raises(ValueError, match="rates"):
        Emulator().chaos(seed=1, error_rate=0.8, drop_rate=0.5)


def test_control_plane_faults(emu: Emulator, http: httpx.Client) -> None:
    added = control(
        emu,
        "POST",
        "/_emulator/faults",
        body=json.dumps({"kind": "error", "status": 500, "times": 2, "path": "/v1/groups*"}),
    ).json()["data"]
    assert added["kind"] == "error"
    listed = control(emu, "GET", "/_emulator/faults").json()["data"]
    assert [f["id"] for f in listed["faults"]] == [added["id"]]
    assert http.get("/groups").status_code == 500
    assert emu.faults.list()[0].hits == 1
    removed = control(emu, "DELETE", f"/_emulator/faults/{added['id']}").json()["data"]
    assert removed == {"removed": True}
    assert http.get("/groups").status_code == 200
    control(emu, "POST", "/_emulator/chaos", body='{"seed": 1, "error_rate": 1.0}')
    assert http.get("/groups").status_code >= 500
    cleared = control(emu, "DELETE", "/_emulator/faults").json()["data"]
    assert cleared == {"faults": [], "chaos": None}
    assert http.get("/groups").status_code == 200
    bad = control(emu, "POST", "/_emulator/faults", body='{"kind": "explode"}')
    assert bad.status == 400


def test_faults_apply_before_auth(emu: Emulator) -> None:
    emu.inject("error", status=502)
    assert emu.handle("GET", "/v1/groups").status == 502
    assert emu.handle("GET", "/v1/groups").status == 401


def test_fault_does_not_consume_rate_limit(emu: Emulator, http: httpx.Client) -> None:
    make_group(http)
    remaining = int(http.get("/groups").headers["X-Rate-Limit-Remaining"])
    emu.inject("error", status=500)
    http.get("/groups")
    assert int(http.get("/groups").headers["X-Rate-Limit-Remaining"]) == remaining - 1
