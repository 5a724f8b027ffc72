"""A recording EntitySink (a fake registry) for the integrations' tests, unit and live."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from hub.core import Area, EntitySpec, EntityState, HubEvent, JsonValue


class FakeSink:
    """Records what the integration reports, like the registry would hold it."""

    def __init__(self) -> None:
        self.areas: dict[str, Area] = {}
        self.specs: dict[str, EntitySpec] = {}
        self.states: dict[str, str] = {}
        self.attributes: dict[str, dict[str, JsonValue]] = {}
        self.available: dict[str, bool] = {}
        self.reports: list[tuple[str, str, str | None]] = []  # entity, state, call_id
        self.availability: list[tuple[str, bool]] = []
        self.events: list[HubEvent] = []
        self.removed: list[str] = []

    def upsert_area(self, area: Area) -> None:
        self.areas[area.id] = area

    def upsert_entity(self, spec: EntitySpec, state: EntityState | None = None) -> None:
        self.specs[spec.entity_id] = spec
        if state is not None:
            self.states[spec.entity_id] = state.state
            self.attributes[spec.entity_id] = dict(state.attributes)
            self.available[spec.entity_id] = state.available

    def remove_entity(self, entity_id: str) -> None:
        self.specs.pop(entity_id, None)
        self.removed.append(entity_id)

    def report_state(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        call_id: str | None = None,
        ts: datetime | None = None,
    ) -> None:
        self.states[entity_id] = state
        self.attributes.setdefault(entity_id, {}).update(attributes or {})
        self.reports.append((entity_id, state, call_id))

    def set_available(self, entity_id: str, available: bool) -> None:
        self.available[entity_id] = available
        self.availability.append((entity_id, available))

    def emit(self, event: HubEvent) -> None:
        self.events.append(event)

    def reports_of(self, entity_id: str) -> list[tuple[str, str | None]]:
        return [(state, call_id) for eid, state, call_id in self.reports if eid == entity_id]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]
