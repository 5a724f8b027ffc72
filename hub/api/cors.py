"""CORS for browser apps on other origins: preflights answered, allowed origins echoed back."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from aiohttp.typedefs import Middleware

from hub.api.context import Handler

ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type"


def cors_middleware(origins: Iterable[str]) -> Middleware:
    """A middleware allowing `origins` ("*" for any); others get no CORS headers at all."""
    allowed = frozenset(o.rstrip("/") for o in origins)

    def permits(origin: str | None) -> bool:
        return origin is not None and ("*" in allowed or origin in allowed)

    @web.middleware
    async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if not permits(origin):
            return await handler(request)
        assert origin is not None
        headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            # A preflight: answered here, before routing, as no route takes OPTIONS.
            headers |= {
                "Access-Control-Allow-Methods": ALLOW_METHODS,
                "Access-Control-Allow-Headers": ALLOW_HEADERS,
                "Access-Control-Max-Age": "600",
            }
            return web.Response(status=204, headers=headers)
        response = await handler(request)
        if not response.prepared:  # a websocket has sent its headers already
            response.headers.update(headers)
        return response

    return cors
