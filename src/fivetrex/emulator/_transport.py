"""In-process httpx transport: requests go straight into the emulator, no sockets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from fivetrex.emulator._app import Request, Response

if TYPE_CHECKING:
    from fivetrex.emulator._emulator import Emulator

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport (sync and async) answering from an :class:`Emulator`.

    Injected ``drop`` faults raise :class:`httpx.ConnectError` (``stage="before"``:
    the request never reached the emulator) or :class:`httpx.RemoteProtocolError`
    (``stage="after"``: the change was applied, the response was lost); ``timeout``
    faults raise :class:`httpx.ReadTimeout`. ``delay`` faults call the emulator's
    ``sleep`` (by default it advances the virtual clock instead of sleeping).

    Args:
        emulator: The emulator to serve from.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def _serve(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in request.headers.raw}
        emu_request = Request(request.method.upper(), target, headers, request.content)
        response: Response = self.emulator.app.handle(emu_request, self.emulator.sleep)
        if response.drop == "before":
            raise httpx.ConnectError(
                "Connection dropped before the request reached the server (injected fault)",
                request=request,
            )
        if response.drop == "after":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response (injected fault)",
                request=request,
            )
        if response.drop == "timeout":
            raise httpx.ReadTimeout(
                "Timed out waiting for the response (injected fault)", request=request
            )
        return httpx.Response(
            response.status,
            headers=response.headers,
            content=response.body,
            request=request,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve a request from a sync :class:`httpx.Client`."""
        request.read()
        return self._serve(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve a request from an :class:`httpx.AsyncClient`."""
        await request.aread()
        return self._serve(request)
