"""ApiServer: the hub's HTTP API as an async context manager (aiohttp AppRunner + TCPSite)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from aiohttp import web

from hub.api.context import CONTEXT_KEY, ApiContext, Handler, Route
from hub.api.cors import cors_middleware
from hub.api.http import (
    MAX_BODY_KEY,
    AccessLogger,
    error_middleware,
    require_auth,
    set_server_header,
)
from hub.api.routes import DEFAULT_ROUTES
from hub.api.routes.health import ROUTES_KEY
from hub.api.routes.ws import WEBSOCKETS_KEY

log = logging.getLogger("hub.api")

DEFAULT_HOST = "127.0.0.1"  # the API controls the home: only this machine, unless configured
DEFAULT_PORT = 8321
SHUTDOWN_TIMEOUT_S = 1.0  # requests still running when the hub stops get this long to finish


def build_app(
    ctx: ApiContext,
    routes: Sequence[Route] = DEFAULT_ROUTES,
    max_body_bytes: int = 65536,
    cors_origins: Sequence[str] = (),
) -> web.Application:
    """The aiohttp application serving `routes` (tests may use it with aiohttp's TestClient)."""
    # CORS outermost, so error replies carry its headers too and browsers can read them.
    middlewares = [cors_middleware(cors_origins)] if cors_origins else []
    middlewares.append(error_middleware)
    # client_max_size makes aiohttp itself refuse larger bodies; read_json answers them as JSON.
    app = web.Application(middlewares=middlewares, client_max_size=max_body_bytes)
    app[CONTEXT_KEY] = ctx
    app[MAX_BODY_KEY] = max_body_bytes
    app[ROUTES_KEY] = tuple(routes)
    sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
    app[WEBSOCKETS_KEY] = sockets
    for route in routes:
        app.router.add_route(
            route.method, route.path, _guarded(route.handler) if route.auth else route.handler
        )
    app.on_response_prepare.append(set_server_header)
    app.on_shutdown.append(_close_websockets)
    return app


def _guarded(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        require_auth(request)
        return await handler(request)

    guarded.__doc__ = handler.__doc__
    return guarded


async def _close_websockets(app: web.Application) -> None:
    open_sockets = app[WEBSOCKETS_KEY]
    sockets = list(open_sockets)
    if not sockets:
        return
    closing = [ws.close(code=1001, message=b"hub shutting down") for ws in sockets]
    # A client that never answers the close frame must not hold the hub's shutdown.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), SHUTDOWN_TIMEOUT_S)


class ApiServer:
    """Serves the API while entered; leaving closes websockets and stops within ~2 s.

    `port=0` picks a free port; read the bound one from `.port` after entering. `extra_routes`
    adds routes of later features; `cors_origins` lets browser apps on those origins call it.
    """

    def __init__(
        self,
        ctx: ApiContext,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        max_body_bytes: int = 65536,
        extra_routes: Sequence[Route] = (),
        cors_origins: Sequence[str] = (),
    ) -> None:
        self.ctx = ctx
        self.host = host
        self._port = port
        self.max_body_bytes = max_body_bytes
        self.routes: tuple[Route, ...] = (*DEFAULT_ROUTES, *extra_routes)
        self.cors_origins = tuple(cors_origins)
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The bound port (the real one when constructed with port 0)."""
        return self._port

    @property
    def url(self) -> str:
        """The base URL clients use, e.g. http://127.0.0.1:8321."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    async def __aenter__(self) -> Self:
        app = build_app(self.ctx, self.routes, self.max_body_bytes, self.cors_origins)
        runner = web.AppRunner(
            app, access_log_class=AccessLogger, shutdown_timeout=SHUTDOWN_TIMEOUT_S
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self._port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        addresses = runner.addresses
        if addresses:
            self._port = int(addresses[0][1])
        log.info("API listening on %s", self.url)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
            log.info("API stopped")
