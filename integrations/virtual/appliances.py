"""Switched appliances and their power profiles: a kettle boils, a washing machine runs a cycle.

The switch is the smart plug. It never changes state by itself: when a kettle has boiled or a
wash has finished, the plug stays on and the draw falls to the appliance's idle level, as a
real metered plug shows it. (A switch turning itself off would be recorded as a manual action.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from hub.core import EntitySpec, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot

INF = math.inf


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of an appliance's run at one nominal draw, optionally thermostat-cycled."""

    name: str
    seconds: float
    watts: float
    jitter: float = 0.005  # relative noise of the reading
    duty: tuple[float, float, float] | None = None  # (on s, off s, W while off) of a thermostat


@dataclass(frozen=True, slots=True)
class Profile:
    """How an appliance draws power once switched on; `rated` is its main heating draw."""

    rated: float
    standby: float  # switched off (the plug's own draw and the appliance's standby)
    phases: tuple[Phase, ...]
    done: float = 1.0  # after the last phase while the plug stays on


_MIN = 60.0
PROFILES: dict[str, Profile] = {
    "kettle": Profile(2000, 0.5, (Phase("boiling", 3 * _MIN, 2000),), done=0.5),
    "coffee": Profile(
        1200,
        1.0,
        (Phase("heating", 4 * _MIN, 1200), Phase("keeping warm", 40 * _MIN, 40, jitter=0.05)),
        done=1.5,
    ),
    "dishwasher": Profile(
        1800,
        0.8,
        (
            Phase("heating", 20 * _MIN, 1800),
            Phase("washing", 50 * _MIN, 120, jitter=0.2),
            Phase("drying", 20 * _MIN, 15, jitter=0.1),
        ),
        done=1.5,
    ),
    "washing": Profile(
        2000,
        0.8,
        (
            Phase("heating", 15 * _MIN, 2000),
            Phase("washing", 40 * _MIN, 300, jitter=0.3),
            Phase("spinning", 10 * _MIN, 500, jitter=0.15),
        ),
        done=1.5,
    ),
    "dryer": Profile(
        2500,
        0.8,
        (
            Phase("drying", 60 * _MIN, 2500, duty=(4 * _MIN, 1 * _MIN, 250)),
            Phase("cooling down", 10 * _MIN, 200, jitter=0.05),
        ),
        done=1.0,
    ),
    "heater": Profile(
        1500,
        0.6,
        (
            Phase("warming up", 20 * _MIN, 1500),
            Phase("thermostat", INF, 1500, duty=(10 * _MIN, 5 * _MIN, 3)),
        ),
    ),
    "blanket": Profile(100, 0.5, (Phase("heating", INF, 100, jitter=0.01),)),
    "ev": Profile(
        7400,
        2.0,
        (
            Phase("charging", 5.5 * 60 * _MIN, 7400, jitter=0.002),
            Phase("topping up", 15 * _MIN, 2300),
        ),
        done=3.0,
    ),
    "tree": Profile(40, 0.5, (Phase("on", INF, 40, jitter=0.01),)),
    "sprinkler": Profile(6, 0.5, (Phase("watering", INF, 6, jitter=0.02),)),
    "generic": Profile(25, 0.5, (Phase("on", INF, 25, jitter=0.01),)),
}

# First match wins: "dishwasher" before "washing"/"washer", "coffee" before "heater".
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kettle", ("kettle",)),
    ("coffee", ("coffee", "espresso")),
    ("dishwasher", ("dishwasher",)),
    ("washing", ("washing machine", "washer")),
    ("dryer", ("dryer", "drier")),
    ("blanket", ("blanket",)),
    ("ev", ("ev charger", "car charger", "wallbox")),
    ("heater", ("heater", "radiator")),
    ("tree", ("christmas", "tree lights")),
    ("sprinkler", ("sprinkler", "watering", "irrigation")),
)


def profile_for(words: str, rated: float | None, standby: float | None) -> Profile:
    """The profile of the appliance these words describe, scaled to the home file's hints."""
    kind = next((k for k, keys in _KEYWORDS if any(key in words for key in keys)), "generic")
    base = PROFILES[kind]
    scale = rated / base.rated if rated else 1.0
    phases = tuple(
        replace(
            p,
            watts=p.watts * scale,
            duty=(p.duty[0], p.duty[1], p.duty[2] * scale) if p.duty else None,
        )
        for p in base.phases
    )
    return replace(
        base,
        rated=base.rated * scale,
        standby=base.standby if standby is None else standby,
        phases=phases,
    )


class Appliance(Device):
    """A switch (smart plug) feeding an appliance that runs its profile while on."""

    SERVICES = frozenset({"turn_on", "turn_off", "toggle"})

    def __init__(self, spec: EntitySpec, sim: Sim, profile: Profile) -> None:
        super().__init__(spec, sim)
        self.profile = profile
        self.on = False
        self.elapsed = 0.0  # simulated seconds since the appliance was started
        self.noise = 0.0

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "toggle":
            service = "turn_off" if self.on else "turn_on"
        if service == "turn_off":
            self.on = False
        elif not self.on or self.phase() is None:
            # Switching on a finished appliance starts it again (a new boil, a new wash).
            self.on, self.elapsed = True, 0.0

    def phase(self) -> tuple[Phase, float] | None:
        """The running phase and the seconds spent in it, or None once the run is over."""
        left = self.elapsed
        for p in self.profile.phases:
            if left < p.seconds:
                return p, left
            left -= p.seconds
        return None

    def step(self, dt: float) -> None:
        if self.on:
            self.elapsed += dt
        current = self.phase() if self.on else None
        jitter = current[0].jitter if current else 0.02
        self.noise = self.sim.rng.gauss(0, jitter)

    def snapshot(self) -> Snapshot:
        return ("on" if self.on else "off"), {}

    def watts(self) -> float:
        if not self.on:
            return self.profile.standby * (1 + self.noise)
        current = self.phase()
        if current is None:
            return self.profile.done * (1 + self.noise)
        p, t = current
        w = p.watts
        if p.duty is not None and t % (p.duty[0] + p.duty[1]) >= p.duty[0]:
            w = p.duty[2]
        return max(0.0, w * (1 + self.noise))
