"""Test doubles for the hub runtime: a fake integration and a small home to act on."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from hub.bus import Bus
from hub.clock import FakeClock
from hub.core import Area, EntitySpec, EntityState, Event, ServiceCall
from hub.registry import Registry

# The state each service leaves, for the fake to report back.
_LEAVES = {
    "turn_on": "on",
    "turn_off": "off",
    "open_cover": "open",
    "close_cover": "closed",
    "lock": "locked",
    "unlock": "unlocked",
}


class FakeIntegration:
    """Records calls; reports the resulting state tagged with the call id, or fails on demand."""

    def __init__(self, sink: Registry, name: str = "fake") -> None:
        self.name = name
        self.sink = sink
        self.calls: list[tuple[ServiceCall, str]] = []
        self.fail: Exception | None = None
        self.delay_s = 0.0
        self.tag_reports = True  # False: report like a device that doesn't know the call id

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def call(self, call: ServiceCall, call_id: str) -> None:
        self.calls.append((call, call_id))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.fail is not None:
            raise self.fail
        state = _LEAVES.get(call.name)
        for entity_id in call.entity_ids:
            entity = self.sink.get(entity_id)
            assert entity is not None
            new = state or entity.state.state
            cid = call_id if self.tag_reports else None
            self.sink.report_state(entity_id, new, dict(call.data), call_id=cid)


KITCHEN = Area("kitchen", "Kitchen", ("cooking area",))


def specs(integration: str = "fake") -> list[EntitySpec]:
    return [
        EntitySpec(
            "light.kitchen",
            "Kitchen light",
            "kitchen",
            features=frozenset({"brightness"}),
            integration=integration,
        ),
        EntitySpec(
            "light.living",
            "Living room light",
            features=frozenset({"brightness", "color"}),
            integration=integration,
        ),
        EntitySpec(
            "climate.thermostat",
            "Thermostat",
            features=frozenset({"temperature", "hvac_mode"}),
            min_value=7,
            max_value=30,
            integration=integration,
        ),
        EntitySpec("switch.coffee", "Coffee maker", "kitchen", integration=integration),
        EntitySpec(
            "cover.blind", "Blind", features=frozenset({"position"}), integration=integration
        ),
        EntitySpec(
            "sensor.kitchen_temp",
            "Kitchen temperature",
            "kitchen",
            unit="°C",
            integration=integration,
        ),
        EntitySpec("binary_sensor.door", "Front door", integration=integration),
    ]


def make_home(clock: FakeClock | None = None) -> tuple[Bus, FakeClock, Registry]:
    """A bus, a fake clock and a registry holding the small test home (all entities off)."""
    bus = Bus()
    clock = clock or FakeClock()
    registry = Registry(bus, clock)
    registry.upsert_area(KITCHEN)
    initial = {"climate": "heat", "cover": "closed", "sensor": "20.5"}
    for spec in specs():
        registry.upsert_entity(spec, EntityState(initial.get(spec.domain, "off")))
    return bus, clock, registry


def collect(bus: Bus) -> list[Event]:
    """Every event published from now on, in order (a sync listener)."""
    seen: list[Event] = []
    bus.add_listener(seen.append)
    return seen
