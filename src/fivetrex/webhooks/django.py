"""Django view decorator verifying Fivetran webhooks.

Importing this module imports Django (install ``fivetrex[django]``). Works for
sync and async views, under WSGI and ASGI. The decorated view is exempt from
CSRF checks (Fivetran cannot send a CSRF token; the signature authenticates
the request instead).

Example:
    >>> from django.http import JsonResponse  # doctest: +SKIP
    >>> @verify_webhook(secret=from_env())  # doctest: +SKIP
    ... def fivetran(request):
    ...     return JsonResponse({"received": request.fivetran_event.event})
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

try:  # asgiref comes with Django: either one missing means Django is not installed
    from asgiref.sync import iscoroutinefunction, markcoroutinefunction
    from django.core.exceptions import RequestDataTooBig  # type: ignore[import-untyped]
    from django.http import HttpResponse  # type: ignore[import-untyped]
    from django.http.request import RawPostDataException  # type: ignore[import-untyped]
    from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped]
except ImportError as _exc:
    raise ImportError(
        'fivetrex.webhooks.django needs Django: pip install "fivetrex[django]"', name="django"
    ) from _exc

from fivetrex.webhooks._errors import (
    PayloadTooLargeError,
    WebhookConfigurationError,
    WebhookError,
)
from fivetrex.webhooks._event import WebhookEvent
from fivetrex.webhooks._receiver import (
    DEFAULT_MAX_BODY_SIZE,
    SecretSource,
    WebhookReceiver,
)
from fivetrex.webhooks._signature import SIGNATURE_HEADER

__all__ = ["DjangoErrorHandler", "verify_webhook"]

DjangoErrorHandler: TypeAlias = Callable[[WebhookError, Any], Any]
"""``on_error(error, request)``: return an ``HttpResponse`` to answer instead of
the default JSON error, or ``None`` for the default."""

F = TypeVar("F", bound=Callable[..., Any])


def _read_terminated(receiver: WebhookReceiver, request: Any) -> bytes | None:
    """The body of a delivery without ``Content-Length`` (chunked), under WSGI.

    Django's WSGI request reads exactly ``Content-Length`` bytes, so a chunked body
    looks empty to it. Servers that de-chunk (Werkzeug, Gunicorn, mod_wsgi) mark the
    input as terminated (``wsgi.input_terminated``): then it is safe to read to its end,
    at most ``max_body_size + 1`` bytes. Returns ``None`` when Django's own
    ``request.body`` applies (a declared length, or ASGI, which reads chunked bodies).
    """
    meta = request.META
    if request.headers.get("Content-Length") or not meta.get("wsgi.input_terminated"):
        return None
    stream = meta.get("wsgi.input")
    if stream is None:
        return None
    parts: list[bytes] = []
    size = 0
    while size <= receiver.max_body_size:
        part = stream.read(min(65536, receiver.max_body_size + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    receiver.check_body_size(size)
    body = b"".join(parts)
    # what Django's own HttpRequest.body does once read: the view sees the same bytes
    request._body = body
    request._stream = io.BytesIO(body)
    return body


def _check(receiver: WebhookReceiver, request: Any) -> WebhookEvent:
    signature = receiver.check_request(
        request.method,
        request.headers.get("Content-Length"),
        request.headers.get(SIGNATURE_HEADER),
    )
    chunked = _read_terminated(receiver, request)
    if chunked is not None:
        return receiver.verify(chunked, signature)
    try:
        body: bytes = request.body
    except RequestDataTooBig:
        raise PayloadTooLargeError(
            "the request body exceeds Django's DATA_UPLOAD_MAX_MEMORY_SIZE"
        ) from None
    except RawPostDataException:
        raise WebhookConfigurationError(
            "the request body was consumed before the webhook could be verified"
        ) from None
    return receiver.verify(body, signature)


def verify_webhook(
    *,
    secret: SecretSource,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    on_error: DjangoErrorHandler | None = None,
    event_attr: str = "fivetran_event",
) -> Callable[[F], F]:
    """Decorate a Django view so it only runs for verified Fivetran webhooks.

    The verified :class:`~fivetrex.webhooks.WebhookEvent` is set as
    ``request.fivetran_event``; ``request.body`` is the raw body. Failures
    answer 405/413/400/401/422/500 with a JSON body ``{"code": ..., "message":
    ...}`` (see :class:`~fivetrex.webhooks.WebhookReceiver`). Django itself
    buffers the body; ``Content-Length`` is checked against ``max_body_size``
    before it is read, and Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` also applies.
    A chunked delivery (no ``Content-Length``) is accepted under ASGI and under WSGI
    servers that de-chunk the body (Werkzeug, Gunicorn, mod_wsgi: they set
    ``wsgi.input_terminated``); it is read up to ``max_body_size``.

    Args:
        secret: The secret, a list of secrets (rotation), or a zero-argument
            callable returning them, called per request (e.g. :func:`from_env`).
        max_body_size: Largest accepted body in bytes (default 1 MiB).
        on_error: Optional ``on_error(error, request)`` hook returning an
            ``HttpResponse`` to use instead of the default error, or ``None``.
        event_attr: Request attribute receiving the event.

    Returns:
        The view decorator (the view is also made CSRF-exempt).
    """
    receiver = WebhookReceiver(secret, max_body_size=max_body_size)

    def reject(error: WebhookError, request: Any) -> Any:
        if on_error is not None:
            replacement = on_error(error, request)
            if replacement is not None:
                return replacement
        response = receiver.error_response(error)
        http_response = HttpResponse(response.body, status=response.status_code)
        for name, value in response.headers:
            http_response[name] = value
        return http_response

    def decorator(view: F) -> F:
        if iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    event = _check(receiver, request)
                except WebhookError as error:
                    return reject(error, request)
                setattr(request, event_attr, event)
                return await view(request, *args, **kwargs)

            wrapped: Callable[..., Any] = markcoroutinefunction(async_wrapper)
        else:

            @functools.wraps(view)
            def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    event = _check(receiver, request)
                except WebhookError as error:
                    return reject(error, request)
                setattr(request, event_attr, event)
                return view(request, *args, **kwargs)

            wrapped = wrapper
        exempt: F = csrf_exempt(wrapped)
        return exempt

    return decorator
