"""The hub's HTTP API: bearer-token auth, JSON routes, a websocket event stream."""

from hub.api.context import (
    ApiContext,
    BusView,
    EventLogView,
    RegistryView,
    Route,
    SubscriptionView,
    api_context,
)
from hub.api.http import ApiError, json_error, json_response, read_json
from hub.api.routes import DEFAULT_ROUTES
from hub.api.server import DEFAULT_HOST, DEFAULT_PORT, ApiServer, build_app

__all__ = [
    "DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_ROUTES", "ApiContext", "ApiError", "ApiServer",
    "BusView", "EventLogView", "RegistryView", "Route", "SubscriptionView", "api_context",
    "build_app", "json_error", "json_response", "read_json",
]  # fmt: skip
