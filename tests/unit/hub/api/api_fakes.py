"""Fakes of what the API reads (registry, bus, event log, request handler) and a server fixture."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from hub.api import ApiContext, ApiServer
from hub.core import (
    Area,
    Entity,
    EntitySpec,
    EntityState,
    Event,
    HomeSnapshot,
    JsonObject,
    Origin,
)

TOKEN = "s3cret-token"
TS = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def _entity(entity_id: str, name: str, area: str | None, state: str, **attrs: Any) -> Entity:
    spec = EntitySpec(entity_id, name, area=area, features=frozenset({"brightness"}))
    return Entity(spec, EntityState(state, attrs, last_changed=TS))


class FakeRegistry:
    """A fixed home: two areas, three entities."""

    def __init__(self) -> None:
        self._areas = [
            Area("kitchen", "Kitchen", ("cooking area",)),
            Area("living_room", "Living room"),
        ]
        self._entities = {
            e.entity_id: e
            for e in (
                _entity("light.kitchen", "Kitchen light", "kitchen", "off", brightness=0),
                _entity("light.sofa", "Sofa lamp", "living_room", "on", brightness=120),
                _entity("switch.kettle", "Kettle", "kitchen", "off"),
            )
        }

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def areas(self) -> list[Area]:
        return list(self._areas)

    def snapshot(self) -> HomeSnapshot:
        return HomeSnapshot({a.id: a for a in self._areas}, dict(self._entities))


class FakeSubscription:
    """An unbounded queue of published events."""

    def __init__(self, bus: FakeBus) -> None:
        self._bus = bus
        self.queue: asyncio.Queue[Event] = asyncio.Queue()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Event:
        return await self.queue.get()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bus.subs.remove(self)


class FakeBus:
    """Publishes to every open FakeSubscription."""

    def __init__(self) -> None:
        self.subs: list[FakeSubscription] = []

    def subscribe(self, maxsize: int = 10000) -> FakeSubscription:
        sub = FakeSubscription(self)
        self.subs.append(sub)
        return sub

    def publish(self, event: Event) -> None:
        for sub in self.subs:
            sub.queue.put_nowait(event)


@dataclass
class FakeEventLog:
    """Remembers each query and answers with canned rows."""

    rows: list[JsonObject] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)

    def query(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 1000,
    ) -> list[JsonObject]:
        self.queries.append(
            {"since": since, "until": until, "types": types, "entity_id": entity_id, "limit": limit}
        )
        return self.rows[:limit]


class FakeHandler:
    """Answers like the hub's RequestHandler: the registry decides unknown entities."""

    def __init__(self, registry: FakeRegistry) -> None:
        self.registry = registry
        self.requests: list[tuple[str, JsonObject, Origin]] = []

    async def handle(self, kind: str, request: JsonObject, origin: Origin) -> JsonObject:
        self.requests.append((kind, request, origin))
        if kind == "command":
            return {"ok": True, "reply": f"Done: {request['text']}", "calls": []}
        ids = request["entity_id"]
        ids = [ids] if isinstance(ids, str) else ids
        assert isinstance(ids, list)
        for entity_id in ids:
            if not isinstance(entity_id, str) or self.registry.get(entity_id) is None:
                return {
                    "ok": False,
                    "code": "unknown_entity",
                    "error": f"unknown entity: {entity_id}",
                }
        data = request["data"]
        assert isinstance(data, dict)
        level = data.get("brightness_pct", 0)
        if isinstance(level, int | float) and not 0 <= level <= 100:
            return {"ok": False, "code": "invalid", "error": "brightness_pct must be 0..100"}
        if data.get("boom"):
            raise RuntimeError("the handler broke")
        later = request["delay_s"] is not None or request["at"] is not None
        return {
            "ok": True,
            "call_id": "c1",
            "states": {} if later else {str(i): "on" for i in ids},
            "scheduled_for": "2025-01-06T19:00:00+00:00" if later else None,
        }


@dataclass
class Fakes:
    """A running ApiServer on a free port and the fakes behind it."""

    server: ApiServer
    ctx: ApiContext
    registry: FakeRegistry
    bus: FakeBus
    eventlog: FakeEventLog
    handler: FakeHandler

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}


@asynccontextmanager
async def running_api(
    ready: bool = True, max_body_bytes: int = 65536, trusted: frozenset[str] = frozenset()
) -> AsyncIterator[Fakes]:
    """An ApiServer on 127.0.0.1, port 0, over fresh fakes."""
    registry = FakeRegistry()
    bus = FakeBus()
    eventlog = FakeEventLog()
    handler = FakeHandler(registry)
    ready_event = asyncio.Event()
    if ready:
        ready_event.set()
    ctx = ApiContext(registry, bus, eventlog, handler, TOKEN, ready_event, trusted)
    async with ApiServer(ctx, "127.0.0.1", 0, max_body_bytes=max_body_bytes) as server:
        yield Fakes(server, ctx, registry, bus, eventlog, handler)
