"""The API's routes, one module per feature; DEFAULT_ROUTES is what ApiServer serves.

To add a feature's routes: write a module with `ROUTES = (Route(...), ...)` whose handlers read
`api_context(request)`, and add it below; or, when its handlers need more than ApiContext, build
the routes where those dependencies live and pass them to ApiServer(extra_routes=...).
"""

from hub.api.context import Route
from hub.api.routes import actions, events, health, home, ws

DEFAULT_ROUTES: tuple[Route, ...] = (
    *health.ROUTES,
    *home.ROUTES,
    *actions.ROUTES,
    *events.ROUTES,
    *ws.ROUTES,
)

__all__ = ["DEFAULT_ROUTES"]
