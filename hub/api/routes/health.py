"""GET /api/health (no auth, for supervisors and `hub run`) and GET /api (the route listing)."""

from __future__ import annotations

from aiohttp import web

from hub.api.context import Route, api_context
from hub.api.http import json_response
from hub.core.model import JsonValue

ROUTES_KEY = web.AppKey("lamhub.api.routes", tuple[Route, ...])


async def get_health(request: web.Request) -> web.Response:
    """200 {"status": "ok"} once the hub is ready, 503 {"status": "starting"} before."""
    if api_context(request).ready.is_set():
        return json_response({"status": "ok"})
    return json_response({"status": "starting"}, status=503)


async def get_index(request: web.Request) -> web.Response:
    """Every route of this API with a one-line summary, so a person can explore it with curl."""
    routes: list[JsonValue] = [
        {"method": r.method, "path": r.path, "summary": r.summary, "auth": r.auth}
        for r in request.app[ROUTES_KEY]
    ]
    return json_response(
        {"name": "lamhub", "auth": "Authorization: Bearer <token>", "routes": routes}
    )


ROUTES = (
    Route(
        "GET",
        "/api/health",
        get_health,
        "200 once the hub is ready, 503 while starting",
        auth=False,
    ),
    Route("GET", "/api", get_index, "this list of routes"),
)
