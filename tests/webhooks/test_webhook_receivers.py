"""Every framework receiver, driven over HTTP through a real server on loopback.

The same request matrix runs against each receiver: Starlette and FastAPI
behind the ASGI middleware (uvicorn), the FastAPI dependency (uvicorn), Flask
behind the WSGI middleware and with the view decorator (Werkzeug's server),
and Django sync and async views with the decorator (``wsgiref``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import pytest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path as django_path
from fastapi import Depends, FastAPI, HTTPException, Request
from flask import Flask, g
from flask import request as flask_request
from starlette.applications import Starlette
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse
from starlette.routing import Route
from werkzeug.wrappers import Response as WerkzeugResponse

from fivetrex.webhooks import (
    SIGNATURE_HEADER,
    InvalidContentLengthError,
    MissingSignatureError,
    WebhookError,
    WebhookEvent,
    WebhookReceiver,
    compute_signature,
    from_env,
    make_signed_request,
)
from fivetrex.webhooks import asgi as webhooks_asgi
from fivetrex.webhooks import django as webhooks_django
from fivetrex.webhooks import fastapi as webhooks_fastapi
from fivetrex.webhooks import flask as webhooks_flask
from fivetrex.webhooks import wsgi as webhooks_wsgi

CURRENT = "whsec_current"
PREVIOUS = "whsec_previous"
SECRETS = [CURRENT, PREVIOUS]
LIMIT = 1024

MAIN = "/webhooks/fivetran"
CUSTOM = "/custom"
MISCONFIGURED = "/misconfigured"
OTHER = "/other"

ENV_SECRETS = "FIVETREX_TEST_WEBHOOK_SECRETS"
ENV_UNSET = "FIVETREX_TEST_WEBHOOK_SECRET_NEVER_SET"

EVENT: dict[str, Any] = {
    "event": "sync_end",
    "created": "2026-05-22T00:06:08.638Z",
    "connector_type": "google_cloud_postgresql",
    "connector_id": "assimilate_seem",
    "connector_name": "ftar_pg",
    "sync_id": "b4703f73-6315-4e22-8d7a-3bfb18b2fed2",
    "destination_group_id": "inappropriate_implode",
    "data": {"status": "SUCCESSFUL"},
}


def summary(event: WebhookEvent, body: bytes) -> dict[str, Any]:
    """What every test endpoint answers: the event it saw and a hash of the body it read."""
    return {
        "event": event.event,
        "connector_id": event.connector_id,
        "group_id": event.group_id,
        "succeeded": event.succeeded,
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }


def sized_event(size: int) -> bytes:
    """A valid compact JSON event body of exactly ``size`` bytes."""
    base = json.dumps({**EVENT, "padding": ""}, separators=(",", ":")).encode()
    assert len(base) <= size
    body = json.dumps({**EVENT, "padding": "x" * (size - len(base))}, separators=(",", ":"))
    assert len(body) == size
    return body.encode()


def other_summary(has_event: bool) -> dict[str, Any]:
    return {"passed_through": True, "has_event": has_event}


# ---------------------------------------------------------------------------
# Apps under test
# ---------------------------------------------------------------------------


async def starlette_custom_error(error: WebhookError, scope: Any) -> JSONResponse | None:
    """An async ``on_error`` hook: keep the default for a missing signature."""
    if isinstance(error, MissingSignatureError):
        return None
    return JSONResponse({"custom": error.code}, status_code=418)


def sync_custom_error(error: WebhookError, scope: Any) -> JSONResponse | None:
    """A sync ``on_error`` hook for the ASGI middleware."""
    if isinstance(error, MissingSignatureError):
        return None
    return JSONResponse({"custom": error.code}, status_code=418)


def build_starlette() -> Any:
    async def echo(request: StarletteRequest) -> JSONResponse:
        return JSONResponse(summary(request.state.fivetran_event, await request.body()))

    async def other(request: StarletteRequest) -> JSONResponse:
        return JSONResponse(other_summary(hasattr(request.state, "fivetran_event")))

    routes = [Route(p, echo, methods=["POST"]) for p in (MAIN, CUSTOM, MISCONFIGURED)]
    routes.append(Route(OTHER, other, methods=["GET", "POST"]))
    app: Any = Starlette(routes=routes)
    app = webhooks_asgi.WebhookMiddleware(app, secret=SECRETS, paths=[MAIN], max_body_size=LIMIT)
    app = webhooks_asgi.WebhookMiddleware(
        app, secret=SECRETS, paths=CUSTOM, max_body_size=LIMIT, on_error=starlette_custom_error
    )
    return webhooks_asgi.WebhookMiddleware(app, secret=from_env(ENV_UNSET), paths=MISCONFIGURED)


def build_fastapi_middleware() -> Any:
    app = FastAPI()

    @app.post(MAIN)
    @app.post(CUSTOM)
    @app.post(MISCONFIGURED)
    async def echo(request: Request) -> dict[str, Any]:
        return summary(request.state.fivetran_event, await request.body())

    @app.api_route(OTHER, methods=["GET", "POST"])
    async def other(request: Request) -> dict[str, Any]:
        return other_summary(hasattr(request.state, "fivetran_event"))

    # add_middleware wraps outermost-last; every layer only handles its own path.
    app.add_middleware(
        webhooks_asgi.WebhookMiddleware,
        secret=from_env(ENV_SECRETS, separator=","),
        paths=(MAIN,),
        max_body_size=LIMIT,
    )
    app.add_middleware(
        webhooks_asgi.WebhookMiddleware,
        secret=from_env(ENV_SECRETS, separator=","),
        paths=(CUSTOM,),
        max_body_size=LIMIT,
        on_error=sync_custom_error,
    )
    app.add_middleware(
        webhooks_asgi.WebhookMiddleware, secret=from_env(ENV_UNSET), paths=(MISCONFIGURED,)
    )
    return app


def fastapi_custom_error(error: WebhookError, request: Request) -> HTTPException | None:
    if isinstance(error, MissingSignatureError):
        return None
    return HTTPException(status_code=418, detail={"custom": error.code})


# FastAPI resolves (string) annotations in module globals, so the dependencies live here.
MainEvent = Annotated[
    WebhookEvent,
    Depends(webhooks_fastapi.verified_event(secret=lambda: SECRETS, max_body_size=LIMIT)),
]
CustomEvent = Annotated[
    WebhookEvent,
    Depends(
        webhooks_fastapi.verified_event(
            secret=lambda: SECRETS, max_body_size=LIMIT, on_error=fastapi_custom_error
        )
    ),
]
MisconfiguredEvent = Annotated[
    WebhookEvent, Depends(webhooks_fastapi.verified_event(secret=from_env(ENV_UNSET)))
]


def build_fastapi_dependency() -> Any:
    app = FastAPI()

    # GET is routed too, so the dependency (not FastAPI's router) answers 405.
    @app.api_route(MAIN, methods=["GET", "POST", "PUT"])
    async def main(request: Request, event: MainEvent) -> dict[str, Any]:
        return summary(event, await request.body())

    @app.post(CUSTOM)
    async def custom(request: Request, event: CustomEvent) -> dict[str, Any]:
        return summary(event, await request.body())

    @app.post(MISCONFIGURED)
    async def misconfigured(event: MisconfiguredEvent) -> dict[str, Any]:
        return summary(event, b"")

    return app


def werkzeug_custom_error(error: WebhookError, environ: Any) -> Any:
    if isinstance(error, MissingSignatureError):
        return None
    return WerkzeugResponse(
        json.dumps({"custom": error.code}), status=418, mimetype="application/json"
    )


def build_wsgi_middleware() -> Any:
    app = Flask("wsgi_middleware_target")

    @app.post(MAIN)
    @app.post(CUSTOM, endpoint="custom")
    @app.post(MISCONFIGURED, endpoint="misconfigured")
    def echo() -> Any:
        event = flask_request.environ["fivetrex.webhook_event"]
        return summary(event, flask_request.get_data())

    @app.route(OTHER, methods=["GET", "POST"])
    def other() -> Any:
        return other_summary("fivetrex.webhook_event" in flask_request.environ)

    wsgi: Any = app.wsgi_app
    wsgi = webhooks_wsgi.WebhookMiddleware(wsgi, secret=SECRETS, paths=MAIN, max_body_size=LIMIT)
    wsgi = webhooks_wsgi.WebhookMiddleware(
        wsgi, secret=SECRETS, paths=[CUSTOM], max_body_size=LIMIT, on_error=werkzeug_custom_error
    )
    wsgi = webhooks_wsgi.WebhookMiddleware(wsgi, secret=from_env(ENV_UNSET), paths=[MISCONFIGURED])
    app.wsgi_app = wsgi  # type: ignore[method-assign]
    return app


def flask_custom_error(error: WebhookError, request: Any) -> Any:
    if isinstance(error, MissingSignatureError):
        return None
    return {"custom": error.code}, 418


def build_flask_decorator() -> Any:
    app = Flask("flask_decorator_target")

    @app.route(MAIN, methods=["GET", "POST", "PUT"])
    @webhooks_flask.verify_webhook(secret=from_env(ENV_SECRETS, separator=","), max_body_size=LIMIT)
    def main() -> Any:
        return summary(g.fivetran_event, flask_request.get_data())

    @app.post(CUSTOM)
    @webhooks_flask.verify_webhook(secret=SECRETS, max_body_size=LIMIT, on_error=flask_custom_error)
    def custom() -> Any:
        return summary(g.fivetran_event, flask_request.get_data())

    @app.post(MISCONFIGURED)
    @webhooks_flask.verify_webhook(secret=from_env(ENV_UNSET))
    def misconfigured() -> Any:
        return summary(g.fivetran_event, flask_request.get_data())

    return app


# Django: views and URLconf at module level (ROOT_URLCONF points at this module).


def django_custom_error(error: WebhookError, request: HttpRequest) -> HttpResponse | None:
    if isinstance(error, MissingSignatureError):
        return None
    return JsonResponse({"custom": error.code}, status=418)


@webhooks_django.verify_webhook(secret=lambda: SECRETS, max_body_size=LIMIT)
def django_main(request: HttpRequest) -> HttpResponse:
    return JsonResponse(summary(request.fivetran_event, request.body))  # type: ignore[attr-defined]


@webhooks_django.verify_webhook(secret=lambda: SECRETS, max_body_size=LIMIT)
async def django_async_main(request: HttpRequest) -> HttpResponse:
    return JsonResponse(summary(request.fivetran_event, request.body))  # type: ignore[attr-defined]


@webhooks_django.verify_webhook(secret=SECRETS, max_body_size=LIMIT, on_error=django_custom_error)
def django_custom(request: HttpRequest) -> HttpResponse:
    return JsonResponse(summary(request.fivetran_event, request.body))  # type: ignore[attr-defined]


@webhooks_django.verify_webhook(secret=SECRETS, max_body_size=LIMIT, on_error=django_custom_error)
async def django_async_custom(request: HttpRequest) -> HttpResponse:
    return JsonResponse(summary(request.fivetran_event, request.body))  # type: ignore[attr-defined]


@webhooks_django.verify_webhook(secret=from_env(ENV_UNSET))
def django_misconfigured(request: HttpRequest) -> HttpResponse:
    return JsonResponse(summary(request.fivetran_event, request.body))  # type: ignore[attr-defined]


def django_not_exempt(request: HttpRequest) -> HttpResponse:
    """Not decorated, so CSRF protection applies: proves the middleware is active."""
    return JsonResponse({"ok": True})


urlpatterns = [
    django_path("sync" + MAIN, django_main),
    django_path("sync" + CUSTOM, django_custom),
    django_path("sync" + MISCONFIGURED, django_misconfigured),
    django_path("async" + MAIN, django_async_main),
    django_path("async" + CUSTOM, django_async_custom),
    django_path("async" + MISCONFIGURED, django_misconfigured),
    django_path("not-exempt", django_not_exempt),
]


@pytest.fixture(scope="module")
def django_wsgi_app() -> Iterator[Any]:
    """A Django WSGI application using this module's URLconf and CSRF middleware."""
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="fivetrex-webhook-tests",
            INSTALLED_APPS=[],
            USE_TZ=True,
        )
        django.setup()
    with override_settings(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["127.0.0.1"],
        MIDDLEWARE=[
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ],
    ):
        yield WSGIHandler()


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


@dataclass
class Target:
    """A running receiver and how to read its answers."""

    name: str
    base_url: str
    prefix: str = ""
    detail_wrapped: bool = False  # FastAPI HTTPException bodies: {"detail": {...}}
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=10, trust_env=False)

    def url(self, path: str) -> str:
        return self.prefix + path

    def error(self, response: httpx.Response) -> dict[str, Any]:
        payload: dict[str, Any] = response.json()
        return payload["detail"] if self.detail_wrapped else payload


TARGETS = [
    "starlette-middleware",
    "fastapi-middleware",
    "fastapi-dependency",
    "wsgi-middleware",
    "flask-decorator",
    "django-sync",
    "django-async",
]
MIDDLEWARE_TARGETS = ["starlette-middleware", "fastapi-middleware", "wsgi-middleware"]
# wsgiref (serving Django here) does not support chunked request bodies.
CHUNKED_TARGETS = [t for t in TARGETS if not t.startswith("django")]
DJANGO_TARGETS = ["django-sync", "django-async"]


@pytest.fixture(scope="module")
def secrets_env() -> Iterator[None]:
    """Set the env var read by ``from_env(ENV_SECRETS, separator=",")`` receivers."""
    previous = os.environ.get(ENV_SECRETS)
    os.environ[ENV_SECRETS] = f"{CURRENT}, {PREVIOUS}"
    os.environ.pop(ENV_UNSET, None)
    yield
    if previous is None:
        os.environ.pop(ENV_SECRETS, None)
    else:
        os.environ[ENV_SECRETS] = previous


@pytest.fixture(scope="module", params=TARGETS)
def target(
    request: pytest.FixtureRequest,
    servers: dict[str, Callable[[Any], Any]],
    secrets_env: None,
) -> Iterator[Target]:
    name: str = request.param
    kwargs: dict[str, Any] = {}
    if name == "starlette-middleware":
        app, server = build_starlette(), "uvicorn"
    elif name == "fastapi-middleware":
        app, server = build_fastapi_middleware(), "uvicorn"
    elif name == "fastapi-dependency":
        app, server, kwargs = build_fastapi_dependency(), "uvicorn", {"detail_wrapped": True}
    elif name == "wsgi-middleware":
        app, server = build_wsgi_middleware(), "werkzeug"
    elif name == "flask-decorator":
        app, server = build_flask_decorator(), "werkzeug"
    else:
        app = request.getfixturevalue("django_wsgi_app")
        server = "wsgiref"
        prefix = "/sync" if name == "django-sync" else "/async"
        kwargs = {"prefix": prefix}
    with servers[server](app) as base_url:
        t = Target(name, base_url, **kwargs)
        with t.client:
            yield t


# ---------------------------------------------------------------------------
# The request matrix
# ---------------------------------------------------------------------------

VALID_BODY, VALID_HEADERS = make_signed_request(EVENT, CURRENT)


@dataclass(frozen=True)
class Case:
    method: str
    body: bytes
    headers: dict[str, str]
    status: int
    code: str | None  # None: a success


def signed(body: bytes, secret: str = CURRENT, *, lower: bool = False) -> dict[str, str]:
    sig = compute_signature(body, secret)
    return {"Content-Type": "application/json", SIGNATURE_HEADER: sig.lower() if lower else sig}


def tampered(body: bytes) -> bytes:
    return body.replace(b"SUCCESSFUL", b"SUCCESSFUm")


CASES: dict[str, Case] = {
    "valid": Case("POST", VALID_BODY, VALID_HEADERS, 200, None),
    "valid-previous-secret": Case("POST", VALID_BODY, signed(VALID_BODY, PREVIOUS), 200, None),
    "valid-lower-case-hex": Case("POST", VALID_BODY, signed(VALID_BODY, lower=True), 200, None),
    "valid-at-size-limit": Case("POST", sized_event(LIMIT), signed(sized_event(LIMIT)), 200, None),
    "missing-signature": Case(
        "POST", VALID_BODY, {"Content-Type": "application/json"}, 400, "MissingSignature"
    ),
    "blank-signature": Case("POST", VALID_BODY, {SIGNATURE_HEADER: ""}, 400, "MissingSignature"),
    "wrong-secret": Case(
        "POST", VALID_BODY, signed(VALID_BODY, "whsec_other"), 401, "InvalidSignature"
    ),
    "not-hex-signature": Case(
        "POST", VALID_BODY, {SIGNATURE_HEADER: "not-a-signature"}, 401, "InvalidSignature"
    ),
    "tampered-body": Case("POST", tampered(VALID_BODY), VALID_HEADERS, 401, "InvalidSignature"),
    "invalid-json": Case("POST", b"{not json", signed(b"{not json"), 422, "InvalidPayload"),
    "json-array": Case("POST", b"[1,2]", signed(b"[1,2]"), 422, "InvalidPayload"),
    "missing-created": Case(
        "POST", b'{"event":"sync_end"}', signed(b'{"event":"sync_end"}'), 422, "InvalidPayload"
    ),
    "get": Case("GET", b"", {}, 405, "MethodNotAllowed"),
    "put-signed": Case("PUT", VALID_BODY, VALID_HEADERS, 405, "MethodNotAllowed"),
    "over-size-limit": Case(
        "POST", sized_event(LIMIT + 1), signed(sized_event(LIMIT + 1)), 413, "PayloadTooLarge"
    ),
}


@pytest.mark.parametrize("case_name", list(CASES))
def test_request_matrix(target: Target, case_name: str) -> None:
    case = CASES[case_name]
    response = target.client.request(
        case.method, target.url(MAIN), content=case.body or None, headers=case.headers
    )
    assert response.status_code == case.status, response.text
    if case.code is None:
        assert response.json() == {
            "event": "sync_end",
            "connector_id": "assimilate_seem",
            "group_id": "inappropriate_implode",
            "succeeded": True,
            "body_sha256": hashlib.sha256(case.body).hexdigest(),
        }
        return
    assert response.headers["content-type"].startswith("application/json")
    error = target.error(response)
    assert error["code"] == case.code
    assert isinstance(error["message"], str)
    assert error["message"]
    if case.status == 405:
        assert response.headers["allow"] == "POST"


def test_errors_never_echo_secret_or_signature(target: Target) -> None:
    wrong = compute_signature(VALID_BODY, "whsec_other")
    expected = compute_signature(VALID_BODY, CURRENT)
    response = target.client.post(
        target.url(MAIN), content=VALID_BODY, headers={SIGNATURE_HEADER: wrong}
    )
    assert response.status_code == 401
    text = response.text.lower()
    for secret in (CURRENT, PREVIOUS, "whsec_other", wrong.lower(), expected.lower()):
        assert secret.lower() not in text


def test_oversized_content_length_is_rejected_before_reading_body(
    target: Target, raw_post: Callable[..., tuple[int, dict[str, str], bytes]]
) -> None:
    # Only the headers are sent: a receiver reading the body would block until timeout.
    status, _headers, body = raw_post(
        target.base_url,
        target.url(MAIN),
        {"Content-Length": str(10**9), SIGNATURE_HEADER: VALID_HEADERS[SIGNATURE_HEADER]},
    )
    assert status == 413
    payload = json.loads(body)
    assert (payload["detail"] if target.detail_wrapped else payload)["code"] == "PayloadTooLarge"


def _chunks(body: bytes, size: int = 100) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("target", CHUNKED_TARGETS, indirect=True)
def test_streamed_body_without_content_length(target: Target) -> None:
    ok = target.client.post(
        target.url(MAIN), content=_chunks(VALID_BODY), headers=signed(VALID_BODY)
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["body_sha256"] == hashlib.sha256(VALID_BODY).hexdigest()

    big = sized_event(LIMIT * 3)
    response = target.client.post(target.url(MAIN), content=_chunks(big), headers=signed(big))
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert target.error(response)["code"] == "PayloadTooLarge"


def test_on_error_replaces_the_response(target: Target) -> None:
    response = target.client.post(
        target.url(CUSTOM), content=VALID_BODY, headers=signed(VALID_BODY, "whsec_other")
    )
    assert response.status_code == 418
    payload = response.json()
    assert (payload["detail"] if target.detail_wrapped else payload) == {
        "custom": "InvalidSignature"
    }

    # The hook returns None for a missing signature: the default response is sent.
    default = target.client.post(target.url(CUSTOM), content=VALID_BODY)
    assert default.status_code == 400
    assert target.error(default)["code"] == "MissingSignature"

    # And a valid delivery on the hooked endpoint still works.
    ok = target.client.post(target.url(CUSTOM), content=VALID_BODY, headers=VALID_HEADERS)
    assert ok.status_code == 200, ok.text


def test_missing_secret_environment_variable_is_a_500(target: Target) -> None:
    assert ENV_UNSET not in os.environ
    response = target.client.post(
        target.url(MISCONFIGURED), content=VALID_BODY, headers=VALID_HEADERS
    )
    assert response.status_code == 500
    error = target.error(response)
    assert error["code"] == "WebhookMisconfigured"
    assert ENV_UNSET in error["message"]


@pytest.mark.parametrize("target", MIDDLEWARE_TARGETS, indirect=True)
def test_other_paths_pass_through_middleware(target: Target) -> None:
    for method in ("GET", "POST"):
        response = target.client.request(method, OTHER, content=b"anything")
        assert response.status_code == 200, response.text
        assert response.json() == other_summary(False)
    # A path is protected exactly, not by prefix.
    assert target.client.get(MAIN + "/sub").status_code == 404


# ---------------------------------------------------------------------------
# Framework-specific checks
# ---------------------------------------------------------------------------


def test_fastapi_router_still_answers_405_for_post_only_routes(
    servers: dict[str, Callable[[Any], Any]],
) -> None:
    app = build_fastapi_dependency()
    with servers["uvicorn"](app) as base_url:
        response = httpx.get(base_url + CUSTOM, timeout=10, trust_env=False)
    assert response.status_code == 405


@pytest.mark.parametrize("target", DJANGO_TARGETS, indirect=True)
def test_django_csrf_middleware_is_active_but_webhook_views_are_exempt(target: Target) -> None:
    assert target.client.post("/not-exempt", content=b"{}").status_code == 403
    ok = target.client.post(target.url(MAIN), content=VALID_BODY, headers=VALID_HEADERS)
    assert ok.status_code == 200


def test_asgi_middleware_ignores_non_http_scopes() -> None:
    import anyio

    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    middleware = webhooks_asgi.WebhookMiddleware(app, secret=CURRENT, paths=["/"])

    async def main() -> None:
        async def receive() -> dict[str, Any]:
            return {"type": "lifespan.startup"}

        async def send(message: Any) -> None:
            raise AssertionError("nothing should be sent")

        await middleware({"type": "lifespan"}, receive, send)
        await middleware({"type": "websocket", "path": "/"}, receive, send)

    anyio.run(main)
    assert seen == ["lifespan", "websocket"]


def test_a_content_length_that_is_not_a_number_is_a_bad_request(
    target: Target, raw_post: Callable[..., tuple[int, dict[str, str], bytes]]
) -> None:
    status, _headers, body = raw_post(
        target.base_url,
        target.url(MAIN),
        {"Content-Length": "abc", SIGNATURE_HEADER: VALID_HEADERS[SIGNATURE_HEADER]},
    )
    assert status == 400, (target.name, body)  # never 401: the signature is not the problem
    if target.name.startswith(("wsgi", "flask", "django")):  # uvicorn refuses it itself
        assert json.loads(body)["code"] == "InvalidContentLength"


@pytest.mark.parametrize("value", ["abc", "-1", "1e3", "12 34", "٣"])
def test_check_request_refuses_a_content_length_that_is_not_a_number(value: str) -> None:
    receiver = WebhookReceiver(CURRENT)
    with pytest.raises(InvalidContentLengthError) as caught:
        receiver.check_request("POST", value, VALID_HEADERS[SIGNATURE_HEADER])
    assert caught.value.status_code == 400
    assert receiver.check_request("POST", " ", "sig") == "sig"  # blank: absent (CGI)
    assert receiver.check_request("POST", " 12 ", "sig") == "sig"
