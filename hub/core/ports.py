"""The ports between the runtime and its integrations: what each side may ask of the other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from hub.core.events import HubEvent
from hub.core.model import Area, EntitySpec, EntityState, JsonObject, JsonValue, Origin, ServiceCall


class Clock(Protocol):
    """Wall-clock time (timezone-aware) and a monotonic counter; tests pass a fake one."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class EntitySink(Protocol):
    """What an integration reports into: the registry implements this.

    Integrations never decide who caused a change: they pass the `call_id` of the hub's call
    when they know a change answers it, and the registry attributes the rest (manual, sensor).
    """

    def upsert_area(self, area: Area) -> None:
        """Add an area or update its name and aliases."""

    def upsert_entity(self, spec: EntitySpec, state: EntityState | None = None) -> None:
        """Add an entity or update its description (and optionally its state)."""

    def remove_entity(self, entity_id: str) -> None:
        """Forget an entity (its device was removed)."""

    def report_state(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        call_id: str | None = None,
        ts: datetime | None = None,
    ) -> None:
        """A new state (and attributes, merged) seen for an entity."""

    def set_available(self, entity_id: str, available: bool) -> None:
        """An entity became reachable or unreachable."""

    def emit(self, event: HubEvent) -> None:
        """Record a hub event (alerts, integration availability, ...)."""


class Integration(Protocol):
    """A source and executor of entities (virtual home, MQTT, Home Assistant).

    It is an async context manager that owns its tasks: entering it connects and registers its
    entities with the sink; leaving it stops everything within a few seconds.
    """

    name: str

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def call(self, call: ServiceCall, call_id: str) -> None:
        """Carry out a validated call on entities this integration owns.

        Raises IntegrationError when it cannot (server down, device refused).
        New states come back through the sink, tagged with `call_id`.
        """


class RequestHandler(Protocol):
    """Answers requests that arrive from outside (HTTP API, MQTT topics, satellites).

    `kind` is "call" (a service call: {"service", "entity_id", "data", "delay_s", "at"}) or
    "command" (text: {"text", "area", "session"}). The answer is a JSON object; errors are
    answered as {"ok": false, "error": "..."}, never raised.
    """

    async def handle(self, kind: str, request: JsonObject, origin: Origin) -> JsonObject: ...
