"""GET /api/events: the event log, filtered by time, type and entity, newest limit capped."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.api.context import Route, api_context
from hub.api.http import ApiError, format_validation, json_response
from hub.core.model import JsonValue

EVENT_TYPES = frozenset(
    {"state_changed", "call_requested", "call_done", "call_failed", "hub_event"}
)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class EventsQuery(BaseModel):
    """The query string of GET /api/events."""

    model_config = ConfigDict(extra="forbid")

    since: datetime | None = None
    until: datetime | None = None
    type: list[str] = Field(default_factory=list)
    entity_id: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT

    @field_validator("since", "until")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        # A time without a zone is the hub's local time, as a person typing it would mean.
        return value.astimezone() if value is not None and value.tzinfo is None else value

    @field_validator("type")
    @classmethod
    def _types(cls, values: list[str]) -> list[str]:
        # ?type=a&type=b and ?type=a,b both work.
        types = [t.strip() for v in values for t in v.split(",") if t.strip()]
        unknown = sorted(set(types) - EVENT_TYPES)
        if unknown:
            raise ValueError(f"unknown event type {unknown[0]!r}; known: {sorted(EVENT_TYPES)}")
        return types


def parse_query(request: web.Request) -> EventsQuery:
    """The validated query string; ApiError(400) when it is not valid."""
    raw: dict[str, str | list[str]] = {}
    for key in request.query:
        values = request.query.getall(key)
        raw[key] = values if key == "type" else values[-1]
    try:
        return EventsQuery.model_validate(raw)
    except ValidationError as exc:
        raise ApiError(400, f"invalid query: {format_validation(exc)}") from None


async def get_events(request: web.Request) -> web.Response:
    """Recorded events as the event log returns them (in the event_to_json format)."""
    q = parse_query(request)
    eventlog = api_context(request).eventlog
    # The event log is SQLite and synchronous: keep it off the loop.
    rows = await asyncio.to_thread(
        eventlog.query,
        since=q.since,
        until=q.until,
        types=q.type or None,
        entity_id=q.entity_id,
        limit=q.limit,
    )
    body: list[JsonValue] = list(rows)
    return json_response(body)


ROUTES = (
    Route(
        "GET",
        "/api/events",
        get_events,
        "recorded events (?since= &until= &type= &entity_id= &limit=)",
    ),
)
