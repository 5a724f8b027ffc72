"""The hub's core: model, events, ports, errors and the service catalogue (stdlib only)."""

from hub.core.errors import (
    ConfigError,
    HubError,
    IntegrationError,
    InvalidCallError,
    UnknownEntityError,
    UnknownServiceError,
)
from hub.core.events import (
    CallDone,
    CallFailed,
    CallRequested,
    Event,
    HubEvent,
    StateChanged,
    event_to_json,
    event_type,
)
from hub.core.model import (
    SENSOR_DOMAINS,
    UNAVAILABLE,
    UNKNOWN,
    Area,
    Entity,
    EntitySpec,
    EntityState,
    HomeSnapshot,
    JsonObject,
    JsonScalar,
    JsonValue,
    Origin,
    Plan,
    Question,
    ServiceCall,
    split_service,
)
from hub.core.ports import Clock, EntitySink, Integration, RequestHandler

__all__ = [
    "SENSOR_DOMAINS", "UNAVAILABLE", "UNKNOWN", "Area", "CallDone", "CallFailed", "CallRequested",
    "Clock", "ConfigError", "Entity", "EntitySink", "EntitySpec", "EntityState", "Event",
    "HomeSnapshot", "HubError", "HubEvent", "Integration", "IntegrationError", "InvalidCallError",
    "JsonObject", "JsonScalar", "JsonValue", "Origin", "Plan", "Question", "RequestHandler",
    "ServiceCall", "StateChanged", "UnknownEntityError", "UnknownServiceError", "event_to_json",
    "event_type", "split_service",
]  # fmt: skip
