"""GET /api/ws: every bus event, streamed as event_to_json over a websocket.

Protocol (JSON text messages, modelled on Home Assistant's):
- Auth: an "Authorization: Bearer <token>" header or a `?token=` query (browsers cannot set
  headers) authenticates at once and the server sends {"type": "auth_ok"}. Otherwise the
  server sends {"type": "auth_required"} and the client has 10 s to send
  {"type": "auth", "token": "..."}; a wrong token gets {"type": "auth_invalid"} and a close.
- Then each event arrives as event_to_json ({"type": "state_changed", "ts": ..., ...}).
- {"type": "subscribe", "event_types": [...], "entity_id": [...]} narrows the stream (either
  key may be left out or null for "all"); the server answers {"type": "subscribed", ...}.
- {"type": "ping"} is answered {"type": "pong"}; anything else gets {"type": "error", ...}.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from dataclasses import dataclass
from typing import Literal

from aiohttp import WSMsgType, web
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from hub.api.context import Route, SubscriptionView, api_context
from hub.api.http import bearer_token, format_validation, token_matches, trusted_ingress
from hub.api.routes.events import EVENT_TYPES
from hub.core.events import (
    CallDone,
    CallFailed,
    CallRequested,
    Event,
    StateChanged,
    event_to_json,
    event_type,
)

log = logging.getLogger("hub.api")

AUTH_TIMEOUT_S = 10.0
QUEUE_SIZE = 2000  # per client; a slow client loses its oldest events, never slows the bus

# Open websockets, closed by the server on shutdown so no client holds it up.
WEBSOCKETS_KEY: web.AppKey[weakref.WeakSet[web.WebSocketResponse]] = web.AppKey(
    "lamhub.api.websockets"
)


class AuthMessage(BaseModel):
    """The first message of a client that did not authenticate by header or query."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["auth"]
    token: str | None = None
    access_token: str | None = None  # Home Assistant's spelling


class SubscribeMessage(BaseModel):
    """A client narrowing its stream."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["subscribe"]
    event_types: list[str] | None = None
    entity_id: str | list[str] | None = None

    @field_validator("event_types")
    @classmethod
    def _known(cls, values: list[str] | None) -> list[str] | None:
        unknown = sorted(set(values or ()) - EVENT_TYPES)
        if unknown:
            raise ValueError(f"unknown event type {unknown[0]!r}; known: {sorted(EVENT_TYPES)}")
        return values


@dataclass
class EventFilter:
    """Which events a client wants; None means all."""

    types: frozenset[str] | None = None
    entity_ids: frozenset[str] | None = None

    def matches(self, event: Event) -> bool:
        if self.types is not None and event_type(event) not in self.types:
            return False
        if self.entity_ids is None:
            return True
        if isinstance(event, StateChanged):
            return event.entity_id in self.entity_ids
        if isinstance(event, CallRequested | CallDone | CallFailed):
            return not self.entity_ids.isdisjoint(event.call.entity_ids)
        return event.data.get("entity_id") in self.entity_ids


async def websocket(request: web.Request) -> web.WebSocketResponse:
    """Stream bus events to one client until it or the server goes away."""
    # `timeout` bounds the close handshake, so shutdown never waits long on a silent client.
    ws = web.WebSocketResponse(heartbeat=30.0, timeout=1.0)
    await ws.prepare(request)
    request.app[WEBSOCKETS_KEY].add(ws)
    # A client that vanishes mid-send ends its stream; there is no reply left to give it.
    with contextlib.suppress(ConnectionResetError):
        await _serve(ws, request)
    return ws


async def _serve(ws: web.WebSocketResponse, request: web.Request) -> None:
    ctx = api_context(request)
    if not await _authenticate(ws, request, ctx.token):
        await ws.close()
        return
    flt = EventFilter()
    with ctx.bus.subscribe(maxsize=QUEUE_SIZE) as sub:
        pump = asyncio.create_task(_forward(ws, sub, flt), name="api.ws_forward")
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await _on_message(ws, msg.data, flt)
        finally:
            pump.cancel()
            await asyncio.gather(pump, return_exceptions=True)


async def _authenticate(ws: web.WebSocketResponse, request: web.Request, token: str) -> bool:
    if trusted_ingress(request):
        await ws.send_json({"type": "auth_ok"})
        return True
    given = bearer_token(request) or request.query.get("token")
    if given is None:
        await ws.send_json({"type": "auth_required"})
        try:
            msg = await ws.receive(timeout=AUTH_TIMEOUT_S)
        except TimeoutError:
            await ws.send_json({"type": "auth_invalid", "message": "no auth message in time"})
            return False
        if msg.type != WSMsgType.TEXT:
            return False
        try:
            auth = AuthMessage.model_validate_json(msg.data)
        except ValidationError:
            await ws.send_json({"type": "auth_invalid", "message": "expected an auth message"})
            return False
        given = auth.token or auth.access_token
    if not token_matches(token, given):
        await ws.send_json({"type": "auth_invalid", "message": "wrong API token"})
        return False
    await ws.send_json({"type": "auth_ok"})
    return True


async def _forward(ws: web.WebSocketResponse, sub: SubscriptionView, flt: EventFilter) -> None:
    try:
        async for event in sub:
            if flt.matches(event):
                await ws.send_json(event_to_json(event))
    except (ConnectionResetError, RuntimeError):
        pass  # the client went away mid-send; the reader loop ends on its own
    finally:
        # Either the bus ended the subscription or sending failed: end the connection too.
        if not ws.closed:
            await ws.close()


async def _on_message(ws: web.WebSocketResponse, data: str, flt: EventFilter) -> None:
    try:
        kind = json.loads(data).get("type")
    except (ValueError, AttributeError):
        await ws.send_json({"type": "error", "error": "messages must be JSON objects"})
        return
    if kind == "ping":
        await ws.send_json({"type": "pong"})
    elif kind == "subscribe":
        try:
            sub = SubscribeMessage.model_validate_json(data)
        except ValidationError as exc:
            await ws.send_json({"type": "error", "error": format_validation(exc)})
            return
        flt.types = frozenset(sub.event_types) if sub.event_types is not None else None
        ids = [sub.entity_id] if isinstance(sub.entity_id, str) else sub.entity_id
        flt.entity_ids = frozenset(ids) if ids is not None else None
        await ws.send_json(
            {
                "type": "subscribed",
                "event_types": sorted(flt.types) if flt.types is not None else None,
                "entity_id": sorted(flt.entity_ids) if flt.entity_ids is not None else None,
            }
        )
    else:
        await ws.send_json({"type": "error", "error": f"unknown message type {kind!r}"})


ROUTES = (
    Route(
        "GET",
        "/api/ws",
        websocket,
        "websocket stream of events (token by header, ?token= or auth message)",
        auth=False,
    ),
)
