"""HTTP-level behaviour: auth, Accept, Content-Type, envelope, 404/405/501, rate limits."""

from __future__ import annotations

import base64

import httpx
import pytest

from emulator._emu_support import BASE, control, data, error, make_group
from fivetrex.emulator import Emulator


def test_account_info_envelope(http: httpx.Client) -> None:
    response = http.get("/account/info")
    body = response.json()
    assert body["code"] == "Success"
    assert body["message"] == "Account information retrieved successfully"
    assert body["data"] == {
        "account_id": "emulator_account",
        "account_name": "fivetrex emulator",
        "user_id": "emulator_user",
    }
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    "auth",
    [None, ("emulator-key", "wrong"), ("wrong", "emulator-secret"), ("", "")],
    ids=["missing", "bad-secret", "bad-key", "empty"],
)
def test_v1_requires_valid_basic_auth(emu: Emulator, auth: tuple[str, str] | None) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE, auth=auth) as client:
        response = client.get("/groups")
    error(response, 401, "Unauthorized")
    assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "header", ["Bearer abc", "Basic !!!notbase64", "Basic " + "bm9jb2xvbg==", "Digest x"]
)
def test_malformed_authorization_is_401(emu: Emulator, header: str) -> None:
    response = emu.handle("GET", "/v1/groups", headers={"Authorization": header})
    assert response.status == 401
    assert response.json()["code"] == "Unauthorized"


def test_custom_credentials() -> None:
    emu = Emulator(api_key="k1", api_secret="s1")
    with httpx.Client(transport=emu.transport(), base_url=BASE, auth=("k1", "s1")) as client:
        assert client.get("/groups").status_code == 200
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, auth=("emulator-key", "emulator-secret")
    ) as client:
        assert client.get("/groups").status_code == 401


@pytest.mark.parametrize(
    "accept",
    [
        None,
        "*/*",
        "application/json",
        "application/json;version=2",
        "application/json; version=2",
        "text/html, application/json",
    ],
)
def test_acceptable_accept_headers(http: httpx.Client, accept: str | None) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    request = http.build_request("GET", "/groups", headers=headers)
    if accept is None:
        del request.headers["Accept"]
    assert http.send(request).status_code == 200


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/json;version=3"])
def test_unsupported_accept_is_406(http: httpx.Client, accept: str) -> None:
    error(http.get("/groups", headers={"Accept": accept}), 406, "NotAcceptable")


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_body_without_json_content_type_is_415(http: httpx.Client, method: str) -> None:
    group_id = make_group(http)
    path = "/groups" if method == "POST" else f"/groups/{group_id}"
    response = http.request(
        method, path, content=b'{"name": "other"}', headers={"Content-Type": "text/plain"}
    )
    error(response, 415, "UnsupportedMediaType")
    missing = http.request(method, path, content=b'{"name": "other"}')
    error(missing, 415)


def test_json_content_type_with_charset_is_accepted(http: httpx.Client) -> None:
    response = http.post(
        "/groups",
        content=b'{"name": "charset_ok"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert data(response, 201)["name"] == "charset_ok"


def test_bad_json_is_400(http: httpx.Client) -> None:
    response = http.post(
        "/groups", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    error(response, 400, "InvalidInput")


def test_body_that_is_not_an_object_is_400(http: httpx.Client) -> None:
    error(http.post("/groups", json=["a"]), 400, "InvalidInput")


def test_unimplemented_documented_operation_is_501_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every spec operation is implemented today, so take two away to see the fallback.
    from fivetrex.emulator import _app

    removed = {"GET /v1/roles", "POST /v1/teams"}
    monkeypatch.setattr(_app, "ROUTES", tuple(r for r in _app.ROUTES if r.operation not in removed))
    emu = Emulator()
    assert set(emu.coverage()["not_implemented"]) == removed
    with emu.http_client() as http:
        for operation in sorted(removed):
            method, template = operation.split(" ", 1)
            body = error(
                http.request(method, template.removeprefix("/v1"), json={}), 501, "NotImplemented"
            )
            assert body["message"] == f"{operation} is not implemented by the fivetrex emulator"
        assert http.get("/teams").status_code == 200  # the rest still works


def test_unknown_v1_path_is_404_and_wrong_method_405(http: httpx.Client) -> None:
    error(http.get("/no-such-thing"), 404, "NotFound")
    error(http.put("/groups", json={}), 405, "MethodNotAllowed")


def test_unknown_non_v1_path_is_404_without_auth(emu: Emulator) -> None:
    response = emu.handle("GET", "/v2/groups")
    assert response.status == 404
    assert emu.handle("GET", "/").status == 404


def test_rate_limit_headers_on_every_response(http: httpx.Client) -> None:
    first = http.get("/groups")
    second = http.get("/groups/nope")
    assert first.headers["X-Rate-Limit"] == "20000"
    remaining = [int(r.headers["X-Rate-Limit-Remaining"]) for r in (first, second)]
    assert remaining[1] == remaining[0] - 1
    assert "X-Rate-Limit" in second.headers


def test_rate_limit_enforced_on_rolling_virtual_hour(emu: Emulator, http: httpx.Client) -> None:
    emu.configure(rate_limit_per_hour=3)
    statuses = []
    for _ in range(3):
        response = http.get("/groups")
        statuses.append(response.status_code)
        emu.advance(600)
    assert statuses == [200, 200, 200]
    limited = http.get("/groups")
    body = error(limited, 429, "TooManyRequests")
    assert "3" in body["message"]
    assert limited.headers["X-Rate-Limit"] == "3"
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"
    # The oldest request leaves the window 3600 s after it was made: 1800 s from now.
    assert int(limited.headers["Retry-After"]) == 1800
    emu.advance(1800)
    assert http.get("/groups").status_code == 200
    assert http.get("/groups").status_code == 429


def test_rate_limited_requests_do_not_change_state(emu: Emulator, http: httpx.Client) -> None:
    emu.configure(rate_limit_per_hour=1)
    assert http.get("/groups").status_code == 200
    assert http.post("/groups", json={"name": "blocked"}).status_code == 429
    emu.configure(rate_limit_per_hour=None)
    assert data(http.get("/groups"))["items"] == []


def test_control_plane_requires_the_emulators_credentials(emu: Emulator) -> None:
    response = control(emu, "GET", "/_emulator/health")
    assert response.status == 200
    assert response.json()["data"]["status"] == "ok"
    assert response.json()["data"]["clock"] == "virtual"
    assert control(emu, "GET", "/_emulator/nope").status == 404
    assert control(emu, "PUT", "/_emulator/health").status == 405
    wrong = "Basic " + base64.b64encode(b"emulator-key:wrong").decode()
    for headers in ({}, {"Authorization": wrong}, {"Authorization": "Bearer anything"}):
        for method, path in (("POST", "/_emulator/reset"), ("GET", "/_emulator/state")):
            refused = emu.handle(method, path, headers=headers)
            assert refused.status == 401, (headers, path)
            assert refused.json()["code"] == "Unauthorized"
            assert "Basic" in refused.headers["WWW-Authenticate"]


def test_control_plane_accepts_a_control_token() -> None:
    emu = Emulator(control_token="tok-123")
    ok = emu.handle("GET", "/_emulator/clock", headers={"Authorization": "Bearer tok-123"})
    assert ok.status == 200
    bad = emu.handle("GET", "/_emulator/clock", headers={"Authorization": "Bearer tok-12"})
    assert bad.status == 401
    # the token opens the control plane only, not the Fivetran API
    api = emu.handle("GET", "/v1/groups", headers={"Authorization": "Bearer tok-123"})
    assert api.status == 401


def test_control_plane_errors_are_400(emu: Emulator) -> None:
    bad = control(emu, "POST", "/_emulator/clock/advance", body='{"seconds": -1}')
    assert bad.status == 400
    assert control(emu, "POST", "/_emulator/settings", body='{"nope": 1}').status == 400
    assert control(emu, "POST", "/_emulator/seed", body='{"name": "nope"}').status == 400
    assert control(emu, "POST", "/_emulator/faults", body="{bad").status == 400


def test_request_helper_adds_v1_and_auth(emu: Emulator) -> None:
    created = emu.request("POST", "groups", {"name": "helper"})
    assert created.status == 201
    assert emu.request("GET", "/v1/groups").json()["data"]["items"][0]["name"] == "helper"


def test_percent_encoded_path_segments_are_decoded(emu: Emulator, http: httpx.Client) -> None:
    response = http.get("/groups/a%2Fb")
    body = error(response, 404, "NotFound_Group")
    assert "a/b" in body["message"]


def test_an_emulator_bug_answers_500_not_a_raw_exception(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import fivetrex

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("private_links")

    monkeypatch.setattr(emu.backend, "list_groups", broken)
    with emu.http_client() as http:
        body = error(http.get("/groups"), 500, "InternalError")
    assert "KeyError" in body["message"]
    assert "internal error on GET /v1/groups" in caplog.text
    with emu.client(max_retries=0) as client, pytest.raises(fivetrex.ServerError):
        client.groups.list()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/external-secrets-managers", {"type": {"a": 1}, "config": {}}, "type"),
        ("/external-secrets-managers", {"type": ["AZURE_KEY_VAULT"]}, "type"),
        (
            "/system-keys",
            {"name": "k", "permissions": [{"access_level": {}, "resource_type": "CONNECTOR"}]},
            "access_level",
        ),
        (
            "/system-keys",
            {"name": "k", "permissions": [{"access_level": "READ", "resource_type": ["x"]}]},
            "resource_type",
        ),
        (
            "/destinations",
            {"group_id": "g", "service": "snowflake", "time_zone_offset": {"tz": 1}},
            "time_zone_offset",
        ),
    ],
)
def test_objects_or_arrays_in_enum_fields_are_400_not_500(
    emu: Emulator, path: str, body: dict[str, object], field: str
) -> None:
    """Schemathesis found these: ``value in frozenset`` raised TypeError (unhashable)."""
    if path == "/destinations":
        body["group_id"] = emu.request("POST", "/groups", {"name": "g"}).json()["data"]["id"]
    response = emu.request("POST", path, body)
    assert response.status == 400, response.body
    assert response.json()["code"] in ("InvalidInput", "BadRequest")
    assert field in response.json()["message"] or "type" in response.json()["message"]
