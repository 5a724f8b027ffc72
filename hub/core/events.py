"""Typed events that travel on the bus and into the append-only event log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from hub.core.model import JsonObject, JsonValue, Origin, ServiceCall


@dataclass(frozen=True, slots=True)
class StateChanged:
    """An entity's state or attributes changed (or it became (un)available)."""

    ts: datetime
    entity_id: str
    old_state: str | None
    new_state: str
    origin: Origin
    attributes: Mapping[str, JsonValue] = field(default_factory=dict)
    # The service whose call caused this change, when the hub caused it.
    service: str | None = None
    call_id: str | None = None


@dataclass(frozen=True, slots=True)
class CallRequested:
    """Someone asked the hub to make a service call."""

    ts: datetime
    call_id: str
    call: ServiceCall
    origin: Origin


@dataclass(frozen=True, slots=True)
class CallDone:
    """A service call was carried out; `states` are the entities' states right after."""

    ts: datetime
    call_id: str
    call: ServiceCall
    origin: Origin
    states: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CallFailed:
    """A service call was refused or failed; `error` says why in plain words."""

    ts: datetime
    call_id: str
    call: ServiceCall
    origin: Origin
    error: str


@dataclass(frozen=True, slots=True)
class HubEvent:
    """Anything else worth recording: alerts, suggestions, integration availability."""

    ts: datetime
    kind: str  # e.g. "integration_unavailable", "energy_alert"
    data: JsonObject = field(default_factory=dict)


Event: TypeAlias = StateChanged | CallRequested | CallDone | CallFailed | HubEvent


def event_type(event: Event) -> str:
    """The stable name of an event's type, as stored and streamed."""
    return {
        StateChanged: "state_changed",
        CallRequested: "call_requested",
        CallDone: "call_done",
        CallFailed: "call_failed",
        HubEvent: "hub_event",
    }[type(event)]


def event_to_json(event: Event) -> JsonObject:
    """A JSON-ready dict of an event (the API's and the event log's format)."""
    out: JsonObject = {"type": event_type(event), "ts": event.ts.isoformat()}
    if isinstance(event, StateChanged):
        out.update(
            entity_id=event.entity_id,
            old_state=event.old_state,
            new_state=event.new_state,
            origin=event.origin.value,
            attributes=dict(event.attributes),
            service=event.service,
            call_id=event.call_id,
        )
    elif isinstance(event, HubEvent):
        out.update(kind=event.kind, data=dict(event.data))
    else:
        out.update(call_id=event.call_id, call=event.call.to_json(), origin=event.origin.value)
        if isinstance(event, CallDone):
            out["states"] = dict(event.states)
        elif isinstance(event, CallFailed):
            out["error"] = event.error
    return out
