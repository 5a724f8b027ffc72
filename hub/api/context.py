"""What the HTTP API needs from the running hub: small Protocols and the ApiContext bundle."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from aiohttp import web

from hub.core.events import Event
from hub.core.model import Area, Entity, HomeSnapshot, JsonObject
from hub.core.ports import RequestHandler


class RegistryView(Protocol):
    """The registry, read-only: current entities and areas."""

    def get(self, entity_id: str) -> Entity | None: ...

    def entities(self) -> list[Entity]: ...

    def areas(self) -> list[Area]: ...

    def snapshot(self) -> HomeSnapshot: ...


class SubscriptionView(Protocol):
    """One bus subscription: iterate it for events; leaving the `with` block unsubscribes."""

    def __aiter__(self) -> Self: ...

    async def __anext__(self) -> Event: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class BusView(Protocol):
    """The event bus, as far as the API subscribes to it."""

    def subscribe(self, maxsize: int = 10000) -> SubscriptionView: ...


class EventLogView(Protocol):
    """The append-only event log, queried (synchronously: call it in a thread)."""

    def query(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 1000,
    ) -> list[JsonObject]: ...


@dataclass
class ApiContext:
    """Everything the API's routes read or call; the app builds one and hands it to ApiServer.

    `handler` answers "call" and "command" requests (see hub.core.ports.RequestHandler and
    hub.api.routes.actions for the "code" field of refusals); `token` is the bearer token every
    route but /api/health requires; `ready` is set once the hub has started (health turns 200).
    """

    registry: RegistryView
    bus: BusView
    eventlog: EventLogView
    handler: RequestHandler
    token: str
    ready: asyncio.Event
    # Proxies that authenticate people themselves (Home Assistant's ingress, 172.30.32.2):
    # their requests, marked with X-Ingress-Path, need no token.
    trusted_proxies: frozenset[str] = frozenset()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Route:
    """One API route: method, path, handler and a one-line summary for the route listing.

    Routes with `auth=False` skip the bearer check (health; the websocket checks by itself).
    A handler reads the context with `api_context(request)`; routes of later features that need
    more than ApiContext close over their own dependencies and are passed to ApiServer.
    """

    method: str
    path: str
    handler: Handler
    summary: str
    auth: bool = True


CONTEXT_KEY = web.AppKey("lamhub.api.context", ApiContext)


def api_context(request: web.Request) -> ApiContext:
    """The ApiContext of the server answering `request`."""
    return request.app[CONTEXT_KEY]
