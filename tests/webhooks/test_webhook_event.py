"""WebhookEvent parsing, construct_event, test helpers and the shared receiver core."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from fivetrex.webhooks import (
    DEFAULT_MAX_BODY_SIZE,
    SIGNATURE_HEADER,
    InvalidContentLengthError,
    InvalidSignatureError,
    MethodNotAllowedError,
    MissingSignatureError,
    PayloadTooLargeError,
    WebhookConfigurationError,
    WebhookEvent,
    WebhookEventType,
    WebhookPayloadError,
    WebhookReceiver,
    compute_signature,
    construct_event,
    from_env,
    make_signed_request,
    parse_event,
    resolve_secret,
)

LIVE = {
    "event": "sync_end",
    "created": "2026-05-22T00:06:08.638Z",
    "connector_type": "google_cloud_postgresql",
    "connector_id": "assimilate_seem",
    "connector_name": "ftar_pg",
    "sync_id": "b4703f73-6315-4e22-8d7a-3bfb18b2fed2",
    "destination_group_id": "inappropriate_implode",
    "data": {"status": "SUCCESSFUL"},
}


def test_parses_the_live_payload() -> None:
    event = parse_event(json.dumps(LIVE).encode())
    assert isinstance(event, WebhookEvent)
    assert event.event == "sync_end"
    assert event.created == datetime(2026, 5, 22, 0, 6, 8, 638000, tzinfo=timezone.utc)
    assert event.created.utcoffset() == timedelta(0)
    assert event.connector_type == "google_cloud_postgresql"
    assert event.connector_id == "assimilate_seem"
    assert event.connector_name == "ftar_pg"
    assert event.sync_id == "b4703f73-6315-4e22-8d7a-3bfb18b2fed2"
    assert event.group_id == "inappropriate_implode"
    assert event.destination_group_id == "inappropriate_implode"
    assert event.data == {"status": "SUCCESSFUL"}
    assert event.is_sync_end
    assert not event.is_sync_start
    assert event.status == "SUCCESSFUL"
    assert event.succeeded
    assert not event.failed
    assert event.event == WebhookEventType.SYNC_END


@pytest.mark.parametrize("payload", [json.dumps(LIVE), json.dumps(LIVE).encode(), LIVE])
def test_parse_event_accepts_bytes_str_and_mappings(payload: Any) -> None:
    assert parse_event(payload).connector_id == "assimilate_seem"


def test_older_payloads_with_group_id() -> None:
    event = parse_event(
        {"event": "sync_start", "created": "2022-04-09T00:08:12Z", "group_id": "g1"}
    )
    assert event.group_id == "g1"
    assert event.destination_group_id is None
    assert event.is_sync_start
    assert event.status is None
    assert not event.succeeded
    assert not event.failed


def test_destination_group_id_wins_over_group_id() -> None:
    event = parse_event({**LIVE, "group_id": "legacy"})
    assert event.group_id == "inappropriate_implode"


def test_unknown_fields_are_kept() -> None:
    event = parse_event({**LIVE, "brand_new_field": {"x": 1}})
    assert event.model_extra == {"brand_new_field": {"x": 1}}
    assert event.brand_new_field == {"x": 1}  # type: ignore[attr-defined]
    assert event.model_dump()["brand_new_field"] == {"x": 1}


def test_official_test_payload_without_data() -> None:
    # Sent by POST /v1/webhooks/{id}/test (reference section 7.3): no data, no sync_id.
    event = parse_event(
        b'{"event": "sync_end", "created": "2022-04-09T00:08:12.294Z", '
        b'"connector_type": "_connector_type", "connector_id": "_connector_1", '
        b'"destination_group_id": "_destination_1"}'
    )
    assert event.data == {}
    assert event.sync_id is None
    assert event.status is None
    assert not event.succeeded


def test_null_data_becomes_empty() -> None:
    assert parse_event({**LIVE, "data": None}).data == {}


def test_naive_created_is_assumed_utc_and_offsets_are_kept() -> None:
    naive = parse_event({**LIVE, "created": "2026-05-22T00:06:08"})
    assert naive.created == datetime(2026, 5, 22, 0, 6, 8, tzinfo=timezone.utc)
    offset = parse_event({**LIVE, "created": "2026-05-22T02:06:08+02:00"})
    assert offset.created.utcoffset() == timedelta(hours=2)
    assert offset.created == naive.created


@pytest.mark.parametrize(
    ("status", "succeeded", "failed"),
    [
        ("SUCCESSFUL", True, False),
        ("FAILURE", False, True),
        ("FAILURE_WITH_TASK", False, True),
        ("RESCHEDULED", False, False),
        ("CANCELED", False, False),
        (None, False, False),
        (42, False, False),
    ],
)
def test_sync_end_outcomes(status: Any, succeeded: bool, failed: bool) -> None:
    event = parse_event({**LIVE, "data": {"status": status}})
    assert event.succeeded is succeeded
    assert event.failed is failed
    assert event.status == (status if isinstance(status, str) else None)


def test_outcome_helpers_require_sync_end() -> None:
    event = parse_event({**LIVE, "event": "dbt_run_failed", "data": {"status": "SUCCESSFUL"}})
    assert not event.succeeded
    assert not event.failed
    assert not event.is_sync_end


def test_events_are_immutable() -> None:
    event = parse_event(LIVE)
    with pytest.raises(ValidationError):
        event.event = "sync_start"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[1, 2]", "JSON object, not list"),
        (b'"sync_end"', "JSON object, not str"),
        (b"null", "JSON object, not NoneType"),
        (b'{"created": "2026-05-22T00:06:08Z"}', "event: Field required"),
        (b'{"event": "sync_end"}', "created: Field required"),
        (b'{"event": "sync_end", "created": "yesterday"}', "created:"),
        (b'{"event": 1, "created": "2026-05-22T00:06:08Z"}', "event:"),
        (b'{"event": "x", "created": "2026-05-22T00:06:08Z", "data": []}', "data:"),
    ],
)
def test_invalid_payloads(payload: bytes, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=message) as info:
        parse_event(payload)
    assert info.value.status_code == 422
    assert isinstance(info.value, ValueError)


def test_payload_errors_do_not_echo_input_values() -> None:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(b'{"event": "x", "created": "sensitive-value-123"}')
    assert "sensitive-value-123" not in str(info.value)


def test_construct_event_verifies_then_parses() -> None:
    body, headers = make_signed_request(LIVE, "s3cret")
    event = construct_event(body, headers[SIGNATURE_HEADER], "s3cret")
    assert event == parse_event(body)
    with pytest.raises(InvalidSignatureError):
        construct_event(body, headers[SIGNATURE_HEADER], "other")
    with pytest.raises(MissingSignatureError):
        construct_event(body, None, "s3cret")
    # Verification happens before parsing: an unsigned invalid body is a signature error.
    with pytest.raises(InvalidSignatureError):
        construct_event(b"{not json", headers[SIGNATURE_HEADER], "s3cret")
    signed_garbage = compute_signature(b"{not json", "s3cret")
    with pytest.raises(WebhookPayloadError):
        construct_event(b"{not json", signed_garbage, "s3cret")


def test_construct_event_needs_the_raw_body() -> None:
    with pytest.raises(TypeError, match="raw request body"):
        construct_event(LIVE, "A" * 64, "s3cret")  # type: ignore[arg-type]


def test_construct_event_verifies_raw_bytes_not_reserialised_json() -> None:
    spaced = json.dumps(LIVE, indent=2).encode()
    compact = json.dumps(LIVE, separators=(",", ":")).encode()
    signature = compute_signature(spaced, "s3cret")
    assert construct_event(spaced, signature, "s3cret").connector_id == "assimilate_seem"
    # Same JSON value, different bytes: must not verify.
    with pytest.raises(InvalidSignatureError):
        construct_event(compact, signature, "s3cret")


def test_make_signed_request() -> None:
    body, headers = make_signed_request(LIVE, "s3cret")
    assert body == json.dumps(LIVE, separators=(",", ":")).encode()
    assert len(body) == 287  # byte-identical to the live capture
    assert headers == {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: compute_signature(body, "s3cret"),
    }
    raw, raw_headers = make_signed_request(b"{not json", "s3cret")
    assert raw == b"{not json"
    assert raw_headers[SIGNATURE_HEADER] == compute_signature(b"{not json", "s3cret")
    text, _ = make_signed_request("{}", "s3cret")
    assert text == b"{}"
    model_body, _ = make_signed_request(parse_event(LIVE), "s3cret")
    assert parse_event(model_body) == parse_event(LIVE)


# ---------------------------------------------------------------------------
# Secret sources
# ---------------------------------------------------------------------------


def test_from_env_reads_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    source = from_env("FIVETREX_TEST_SECRET")
    monkeypatch.delenv("FIVETREX_TEST_SECRET", raising=False)
    with pytest.raises(WebhookConfigurationError, match="FIVETREX_TEST_SECRET"):
        source()
    monkeypatch.setenv("FIVETREX_TEST_SECRET", "")
    with pytest.raises(WebhookConfigurationError):
        source()
    monkeypatch.setenv("FIVETREX_TEST_SECRET", "one")
    assert source() == "one"
    monkeypatch.setenv("FIVETREX_TEST_SECRET", "two")
    assert source() == "two"
    assert "two" not in repr(source)


def test_from_env_default_name_and_separator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIVETRAN_WEBHOOK_SECRET", "new, old ,")
    assert from_env()() == "new, old ,"
    assert from_env(separator=",")() == ["new", "old"]
    monkeypatch.setenv("FIVETRAN_WEBHOOK_SECRET", " , ")
    with pytest.raises(WebhookConfigurationError):
        from_env(separator=",")()
    with pytest.raises(ValueError, match="must not be empty"):
        from_env("")


def test_resolve_secret() -> None:
    assert resolve_secret("abc") == "abc"
    assert resolve_secret(["a", "b"]) == ["a", "b"]
    assert resolve_secret(lambda: ["a"]) == ["a"]
    with pytest.raises(WebhookConfigurationError, match="returned no secret"):
        resolve_secret(lambda: [])

    def leaky() -> str:
        raise RuntimeError("the secret is hunter2")

    with pytest.raises(WebhookConfigurationError) as info:
        resolve_secret(leaky)
    assert "hunter2" not in str(info.value)
    assert "RuntimeError" in str(info.value)


@pytest.mark.parametrize("secret", ["", [], [""], ["ok", b""]])
def test_receivers_reject_empty_static_secrets_at_construction(secret: Any) -> None:
    with pytest.raises(WebhookConfigurationError):
        WebhookReceiver(secret)


@pytest.mark.parametrize("secret", [None, 5, [5], {"a"}])
def test_receivers_reject_wrong_secret_types_at_construction(secret: Any) -> None:
    with pytest.raises(TypeError):
        WebhookReceiver(secret)


@pytest.mark.parametrize("size", [0, -1, True, 1.5])
def test_receivers_reject_bad_limits(size: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        WebhookReceiver("s", max_body_size=size)


# ---------------------------------------------------------------------------
# The shared receiver core
# ---------------------------------------------------------------------------


def test_receiver_check_order() -> None:
    receiver = WebhookReceiver("s3cret", max_body_size=10)
    assert receiver.max_body_size == 10
    assert WebhookReceiver("s").max_body_size == DEFAULT_MAX_BODY_SIZE == 1_048_576
    # Method first, even when everything else is wrong too.
    with pytest.raises(MethodNotAllowedError):
        receiver.check_request("GET", "999", None)
    # Then the declared length, before the signature.
    with pytest.raises(PayloadTooLargeError):
        receiver.check_request("POST", "11", None)
    with pytest.raises(PayloadTooLargeError):
        receiver.check_request("post", 11, "sig")
    with pytest.raises(MissingSignatureError):
        receiver.check_request("POST", "10", None)
    with pytest.raises(MissingSignatureError):
        receiver.check_request("POST", None, " ")
    assert receiver.check_request("POST", "10", "sig") == "sig"
    # A malformed Content-Length is a bad request (400), not read as an empty body (which
    # would end as a 401 signature mismatch); after the method, before the signature.
    with pytest.raises(MethodNotAllowedError):
        receiver.check_request("GET", "12abc", None)
    for malformed in ("12abc", "\u0661\u0662", "-1"):
        with pytest.raises(InvalidContentLengthError) as caught:
            receiver.check_request("POST", malformed, None)
        assert (caught.value.status_code, caught.value.code) == (400, "InvalidContentLength")
    assert receiver.check_request("POST", "", "sig") == "sig"  # blank: absent, as in CGI


def test_receiver_verify() -> None:
    receiver = WebhookReceiver(["new", "old"], max_body_size=400)
    body, headers = make_signed_request(LIVE, "old")
    assert receiver.verify(body, headers[SIGNATURE_HEADER]).succeeded
    with pytest.raises(PayloadTooLargeError):
        WebhookReceiver("old", max_body_size=286).verify(body, headers[SIGNATURE_HEADER])
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body + b" ", headers[SIGNATURE_HEADER])


def test_receiver_secret_callable_is_called_per_request() -> None:
    calls: list[int] = []

    def secret() -> str:
        calls.append(1)
        return "s3cret"

    receiver = WebhookReceiver(secret)
    body, headers = make_signed_request(LIVE, "s3cret")
    receiver.verify(body, headers[SIGNATURE_HEADER])
    receiver.verify(body, headers[SIGNATURE_HEADER])
    assert len(calls) == 2


def test_receiver_bad_callable_secret_is_a_configuration_error() -> None:
    body, headers = make_signed_request(LIVE, "s3cret")
    with pytest.raises(WebhookConfigurationError):
        WebhookReceiver(lambda: "").verify(body, headers[SIGNATURE_HEADER])
    with pytest.raises(WebhookConfigurationError):
        WebhookReceiver(lambda: 42).verify(body, headers[SIGNATURE_HEADER])  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (MissingSignatureError("m"), 400, "MissingSignature"),
        (InvalidSignatureError("m"), 401, "InvalidSignature"),
        (MethodNotAllowedError("m"), 405, "MethodNotAllowed"),
        (PayloadTooLargeError("m"), 413, "PayloadTooLarge"),
        (WebhookPayloadError("m"), 422, "InvalidPayload"),
        (WebhookConfigurationError("m"), 500, "WebhookMisconfigured"),
    ],
)
def test_error_responses(error: Any, status: int, code: str) -> None:
    response = WebhookReceiver.error_response(error)
    assert response.status_code == status
    assert json.loads(response.body) == {"code": code, "message": "m"}
    assert response.content == {"code": code, "message": "m"}
    headers = dict(response.headers)
    assert headers["Content-Type"] == "application/json"
    assert ("Allow" in headers) is (status == 405)


def test_importing_the_package_never_imports_a_web_framework() -> None:
    code = (
        "import sys, fivetrex, fivetrex.webhooks, fivetrex.webhooks.asgi, fivetrex.webhooks.wsgi\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'fastapi', 'starlette', 'flask', 'werkzeug', 'django', 'uvicorn'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
