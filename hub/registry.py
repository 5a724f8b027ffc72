"""The registry: areas, entities and their current state; attributes who caused each change."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

from hub.bus import Bus
from hub.core.events import HubEvent, StateChanged
from hub.core.model import (
    SENSOR_DOMAINS,
    UNAVAILABLE,
    UNKNOWN,
    Area,
    Entity,
    EntitySpec,
    EntityState,
    HomeSnapshot,
    JsonValue,
    Origin,
)
from hub.core.ports import Clock

log = logging.getLogger(__name__)

_MISSING = object()
_MAX_WARNED = 1000  # unknown ids warned about, bounded so a noisy source cannot grow it


@dataclass(frozen=True, slots=True)
class _Expectation:
    """A call the hub made: changes it causes get its origin, service and call_id."""

    call_id: str
    origin: Origin
    service: str
    deadline: float  # clock.monotonic()


class Registry:
    """The home as the hub knows it now; implements hub.core.ports.EntitySink.

    Every change is published on the bus as a StateChanged carrying its origin: the hub's own
    calls (by call_id, or by an unexpired expectation on the entity), SENSOR for sensor
    domains, MANUAL for everything else.
    """

    def __init__(self, bus: Bus, clock: Clock) -> None:
        self._bus = bus
        self._clock = clock
        self._areas: dict[str, Area] = {}
        self._entities: dict[str, Entity] = {}
        self._last_state: dict[str, str] = {}  # the state to restore when it comes back
        self._by_call: dict[str, _Expectation] = {}
        self._by_entity: dict[str, _Expectation] = {}
        self._snapshot: HomeSnapshot | None = None
        self._warned: set[str] = set()

    # -- EntitySink ------------------------------------------------------------------------

    def upsert_area(self, area: Area) -> None:
        old = self._areas.get(area.id)
        if old is not None:
            # Several sources may name the same room: keep every alias any of them gave.
            extra = tuple(a for a in old.aliases if a not in area.aliases)
            area = replace(area, aliases=area.aliases + extra)
        if old != area:
            self._areas[area.id] = area
            self._snapshot = None

    def upsert_entity(self, spec: EntitySpec, state: EntityState | None = None) -> None:
        old = self._entities.get(spec.entity_id)
        if old is not None and old.spec.integration and spec.integration != old.spec.integration:
            # Two sources claim one id: the first keeps it, so calls never go astray.
            key = f"clash:{spec.entity_id}"
            if key not in self._warned:
                self._warned.add(key)
                log.warning(
                    "%s is announced by both %s and %s; keeping %s's",
                    spec.entity_id, old.spec.integration, spec.integration, old.spec.integration,
                )  # fmt: skip
            return
        now = self._clock.now()
        if state is None:
            state = old.state if old else EntityState(UNKNOWN, last_changed=now)
        else:
            # Our own copy: the caller may go on mutating its attributes dict.
            state = replace(
                state, attributes=dict(state.attributes), last_changed=state.last_changed or now
            )
        self._entities[spec.entity_id] = Entity(spec, state)
        if state.state != UNAVAILABLE:
            self._last_state[spec.entity_id] = state.state
        self._snapshot = None
        if old is None:
            # First sight (start-up, discovery) is a restore by the hub, not a person's action.
            self._bus.publish(
                StateChanged(now, spec.entity_id, None, state.state, Origin.HUB, state.attributes)
            )
        elif old.state.state != state.state:
            self._publish(spec.entity_id, old.state.state, state, None, spec)

    def remove_entity(self, entity_id: str) -> None:
        if self._entities.pop(entity_id, None) is not None:
            self._last_state.pop(entity_id, None)
            self._by_entity.pop(entity_id, None)
            self._snapshot = None

    def report_state(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        call_id: str | None = None,
        ts: datetime | None = None,
    ) -> None:
        entity = self._entities.get(entity_id)
        if entity is None:
            self._warn_unknown(entity_id)
            return
        if call_id is not None:
            # The integration tags its answers, so later untagged reports are not the call's.
            exp = self._by_entity.get(entity_id)
            if exp is not None and exp.call_id == call_id:
                del self._by_entity[entity_id]
        old = entity.state
        attrs = old.attributes
        # Copy only this entity's attributes, and only when something differs.
        if attributes and any(attrs.get(k, _MISSING) != v for k, v in attributes.items()):
            attrs = {**attrs, **attributes}
        if state == old.state and attrs is old.attributes and old.available:
            return
        now = ts or self._clock.now()
        new = EntityState(
            state=state,
            attributes=attrs,
            last_changed=now if state != old.state else old.last_changed,
            available=True,  # a device that reports is reachable
        )
        self._entities[entity_id] = Entity(entity.spec, new)
        self._last_state[entity_id] = state
        self._snapshot = None
        reading = state == old.state and _readings_only(old.attributes, attrs)
        self._publish(entity_id, old.state, new, call_id, entity.spec, ts=now, reading=reading)

    def set_available(self, entity_id: str, available: bool) -> None:
        entity = self._entities.get(entity_id)
        if entity is None:
            self._warn_unknown(entity_id)
            return
        old = entity.state
        if old.available == available:
            return
        state = self._last_state.get(entity_id, UNKNOWN) if available else UNAVAILABLE
        now = self._clock.now()
        new = replace(old, state=state, available=available, last_changed=now)
        self._entities[entity_id] = Entity(entity.spec, new)
        self._snapshot = None
        # Reachability is reported by the source, not done by a person: never MANUAL.
        self._bus.publish(
            StateChanged(now, entity_id, old.state, state, Origin.SENSOR, new.attributes)
        )

    def emit(self, event: HubEvent) -> None:
        self._bus.publish(event)

    # -- attribution -----------------------------------------------------------------------

    def expect(
        self,
        call_id: str,
        entity_ids: Sequence[str],
        origin: Origin,
        service: str,
        window_s: float = 10.0,
    ) -> None:
        """Attribute the coming changes of these entities to a call, for `window_s` seconds."""
        now = self._clock.monotonic()
        self._purge(now)
        exp = _Expectation(call_id, origin, service, now + window_s)
        self._by_call[call_id] = exp
        for entity_id in entity_ids:
            self._by_entity[entity_id] = exp

    def _purge(self, now: float) -> None:
        # Few calls are ever in flight, so a sweep per new call keeps both maps small.
        self._by_call = {k: e for k, e in self._by_call.items() if e.deadline > now}
        self._by_entity = {k: e for k, e in self._by_entity.items() if e.deadline > now}

    def _attribute(
        self, entity_id: str, call_id: str | None, spec: EntitySpec, reading: bool = False
    ) -> tuple[Origin, str | None, str | None]:
        if call_id is not None:
            exp = self._by_call.get(call_id)
            # A tagged report answers one of our calls even after the window closed.
            return (exp.origin, exp.service, call_id) if exp else (Origin.HUB, None, call_id)
        exp = self._by_entity.get(entity_id)
        if exp is not None:
            if exp.deadline > self._clock.monotonic():
                return exp.origin, exp.service, exp.call_id
            del self._by_entity[entity_id]
        # A device's own readings (a thermostat's room temperature, a battery) are not a
        # person's doing, even on a device people control.
        manual = spec.domain not in SENSOR_DOMAINS and not reading
        return (Origin.MANUAL if manual else Origin.SENSOR), None, None

    def _publish(
        self,
        entity_id: str,
        old_state: str | None,
        new: EntityState,
        call_id: str | None,
        spec: EntitySpec,
        ts: datetime | None = None,
        reading: bool = False,
    ) -> None:
        origin, service, cid = self._attribute(entity_id, call_id, spec, reading)
        self._bus.publish(
            StateChanged(
                ts or self._clock.now(),
                entity_id,
                old_state,
                new.state,
                origin,
                new.attributes,
                service=service,
                call_id=cid,
            )
        )

    def _warn_unknown(self, entity_id: str) -> None:
        if entity_id not in self._warned and len(self._warned) < _MAX_WARNED:
            self._warned.add(entity_id)
            log.warning("state reported for unknown entity %s: ignored", entity_id)

    # -- reads -----------------------------------------------------------------------------

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def snapshot(self) -> HomeSnapshot:
        """An immutable view; rebuilt only after a change, so repeated reads are free."""
        if self._snapshot is None:
            self._snapshot = HomeSnapshot(
                areas=MappingProxyType(dict(self._areas)),
                entities=MappingProxyType(dict(self._entities)),
            )
        return self._snapshot

    def areas(self) -> list[Area]:
        return list(self._areas.values())

    def entities(self) -> list[Entity]:
        return list(self._entities.values())


# Attributes a device measures or reports by itself, as opposed to settings a person makes.
READING_ATTRIBUTES = frozenset(
    {
        "current_temperature", "current_humidity", "hvac_action", "battery_level", "battery",
        "media_position", "media_position_updated_at", "media_duration", "fan_speed_rpm",
        "status", "cleaned_area", "last_activated", "power", "energy",
    }
)  # fmt: skip


def _readings_only(old: Mapping[str, JsonValue], new: Mapping[str, JsonValue]) -> bool:
    """Whether every attribute that differs is a reading, not a setting."""
    if old is new:
        return True
    keys = old.keys() | new.keys()
    changed = [k for k in keys if old.get(k, _MISSING) != new.get(k, _MISSING)]
    return bool(changed) and all(k in READING_ATTRIBUTES for k in changed)
