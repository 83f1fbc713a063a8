"""Django receives a correctly signed chunked delivery (no ``Content-Length``).

Served by Werkzeug's WSGI server, which de-chunks request bodies and sets
``wsgi.input_terminated`` (as Gunicorn and mod_wsgi do); the client sends the body as
an iterator, so httpx uses ``Transfer-Encoding: chunked``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path as django_path

from fivetrex.webhooks import django as webhooks_django
from fivetrex.webhooks import make_signed_request

SECRET = "whsec_chunked"
LIMIT = 2048
EVENT = {"event": "sync_end", "connector_id": "c1", "created": "2026-05-22T00:06:08.638Z"}


@webhooks_django.verify_webhook(secret=SECRET, max_body_size=LIMIT)
def receive(request: HttpRequest) -> HttpResponse:
    event = request.fivetran_event  # type: ignore[attr-defined]
    return JsonResponse({"event": event.event, "body": request.body.decode()})


urlpatterns = [django_path("hook", receive)]


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings
    from werkzeug.serving import make_server

    if not settings.configured:
        settings.configure(DEBUG=False, SECRET_KEY="fivetrex-tests", INSTALLED_APPS=[], USE_TZ=True)
        django.setup()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], MIDDLEWARE=[]):
        server = make_server("127.0.0.1", 0, WSGIHandler(), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/hook"
        finally:
            server.shutdown()
            thread.join(5)


def _post_chunked(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    def pieces() -> Iterator[bytes]:
        for start in range(0, len(body), 7):
            yield body[start : start + 7]

    with httpx.Client(timeout=10, trust_env=False) as client:
        return client.post(url, content=pieces(), headers=headers)


def test_signed_chunked_delivery_is_accepted(server_url: str) -> None:
    body, headers = make_signed_request(EVENT, SECRET)
    response = _post_chunked(server_url, body, headers)
    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in response.request.headers
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    assert payload == {"event": "sync_end", "body": body.decode()}


def test_chunked_delivery_with_a_bad_signature_is_refused(server_url: str) -> None:
    body, headers = make_signed_request(EVENT, "whsec_other")
    response = _post_chunked(server_url, body, headers)
    assert response.status_code == 401


def test_chunked_delivery_over_the_limit_is_refused(server_url: str) -> None:
    big = {**EVENT, "data": {"padding": "x" * (LIMIT * 2)}}
    body, headers = make_signed_request(big, SECRET)
    response = _post_chunked(server_url, body, headers)
    assert response.status_code == 413
