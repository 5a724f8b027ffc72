"""Power sensors: a metered device's draw, and the whole house's total over a base load."""

from __future__ import annotations

import math
from collections.abc import Callable

from hub.core import EntitySpec, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot, wander

CHANGE_W = 1.0  # report a reading that moved by more than this
HEARTBEAT_S = 30.0  # and at least this often while non-zero, so energy integrates steadily
HOUSE_WORDS = ("house", "total", "whole", "home", "main", "grid", "mains")


class PowerSensor(Device):
    """A power reading in W, taken from whatever it meters (a smart plug, a clamp meter)."""

    def __init__(self, spec: EntitySpec, sim: Sim, source: Callable[[], float]) -> None:
        super().__init__(spec, sim)
        self.source = source
        self.attrs: dict[str, JsonValue] = {
            "unit_of_measurement": spec.unit or "W",
            "device_class": "power",
            "state_class": "measurement",
        }

    def snapshot(self) -> Snapshot:
        return f"{max(0.0, self.source()):.1f}", dict(self.attrs)

    def should_report(self, snap: Snapshot, prev: Snapshot, age: float) -> bool:
        if snap[1] != prev[1]:
            return True
        try:
            new, old = float(snap[0]), float(prev[0])
        except ValueError:
            return True
        return abs(new - old) > CHANGE_W or (new > 0 and age >= HEARTBEAT_S)


class BaseLoad:
    """What a house draws with nothing switched on: fridge, router, chargers, standby."""

    def __init__(self, sim: Sim, base_w: float = 170.0) -> None:
        self.sim = sim
        self.base_w = base_w
        self.noise = 0.0
        # The fridge compressor cycles ~15 min on, ~25 min off, from a random start.
        self.fridge_t = sim.rng.uniform(0, 40 * 60)

    def step(self, dt: float) -> None:
        self.fridge_t = math.fmod(self.fridge_t + dt, 40 * 60)
        self.noise = wander(self.noise, 0.0, dt, 120.0, 8.0, self.sim.rng)

    def watts(self) -> float:
        fridge = 95.0 if self.fridge_t < 15 * 60 else 0.0
        return self.base_w + fridge + self.noise


class HousePower(PowerSensor):
    """The whole house: a base load plus every simulated device's draw."""

    def __init__(self, spec: EntitySpec, sim: Sim, devices: Callable[[], list[Device]]) -> None:
        super().__init__(spec, sim, self.total)
        self.base = BaseLoad(sim)
        self.devices = devices

    def step(self, dt: float) -> None:
        self.base.step(dt)

    def total(self) -> float:
        return self.base.watts() + sum(d.watts() for d in self.devices())


def is_house_meter(words: str) -> bool:
    """Whether a power sensor with no device of its own meters the whole house."""
    return any(w in words for w in HOUSE_WORDS)
