"""Test doubles for the virtual home: a fake sink that records every area, entity and report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from hub.clock import FakeClock
from hub.core import Area, EntitySpec, EntityState, HubEvent, JsonValue, ServiceCall
from integrations.virtual import REFERENCE_HOME, VirtualConfig, VirtualHome, load_home


@dataclass(frozen=True)
class Report:
    """One report_state the fake sink received."""

    entity_id: str
    state: str
    attributes: dict[str, JsonValue]
    call_id: str | None
    ts: datetime | None


class FakeSink:
    """An EntitySink that records areas, entities and every report, and keeps current states."""

    def __init__(self) -> None:
        self.areas: dict[str, Area] = {}
        self.specs: dict[str, EntitySpec] = {}
        self.states: dict[str, EntityState] = {}
        self.reports: list[Report] = []
        self.events: list[HubEvent] = []

    def upsert_area(self, area: Area) -> None:
        self.areas[area.id] = area

    def upsert_entity(self, spec: EntitySpec, state: EntityState | None = None) -> None:
        self.specs[spec.entity_id] = spec
        if state is not None:
            self.states[spec.entity_id] = state

    def remove_entity(self, entity_id: str) -> None:
        self.specs.pop(entity_id, None)

    def report_state(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        call_id: str | None = None,
        ts: datetime | None = None,
    ) -> None:
        attrs = dict(attributes or {})
        self.reports.append(Report(entity_id, state, attrs, call_id, ts))
        old = self.states[entity_id]
        self.states[entity_id] = EntityState(state, {**old.attributes, **attrs}, ts)

    def set_available(self, entity_id: str, available: bool) -> None:
        return None

    def emit(self, event: HubEvent) -> None:
        self.events.append(event)

    def state(self, entity_id: str) -> str:
        return self.states[entity_id].state

    def attr(self, entity_id: str, name: str) -> JsonValue:
        return self.states[entity_id].attributes.get(name)

    def num_attr(self, entity_id: str, name: str) -> float:
        value = self.attr(entity_id, name)
        assert isinstance(value, int | float), f"{entity_id}.{name} is {value!r}"
        return float(value)

    def number(self, entity_id: str) -> float:
        return float(self.states[entity_id].state)

    def of(self, entity_id: str) -> list[Report]:
        return [r for r in self.reports if r.entity_id == entity_id]

    def clear(self) -> None:
        self.reports.clear()


async def call(home: VirtualHome, service: str, entity_id: str, **data: JsonValue) -> None:
    """Make a hub call on one entity with call id "c1"."""
    await home.call(ServiceCall(service, (entity_id,), data), "c1")


def loaded_home(sink: FakeSink, clock: FakeClock, seed: int = 1) -> VirtualHome:
    """The reference home, loaded but not entered (no tick task): stepped by hand."""
    home = VirtualHome(VirtualConfig(seed=seed), sink, clock)
    home.load(load_home(REFERENCE_HOME))
    return home
