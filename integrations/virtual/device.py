"""The simulation's building blocks: the device base class, its shared context and data checks."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from hub.core import EntitySpec, IntegrationError, JsonObject, JsonValue

Snapshot = tuple[str, JsonObject]


@dataclass
class Sim:
    """What every simulated device shares: the seeded randomness and the clocks."""

    rng: random.Random
    now: Callable[[], datetime]  # the hub's wall clock (local time of the home)
    t: float = 0.0  # simulated seconds since the home started


class Device:
    """One simulated entity: it takes services, moves with simulated time and draws power."""

    SERVICES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        self.spec = spec
        self.sim = sim
        # The call a multi-step change answers (a cover still moving): its later states carry it.
        self.cause: str | None = None
        self.busy = False

    @property
    def name(self) -> str:
        return self.spec.name

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        """Carry out one service (already known to be in SERVICES)."""
        raise IntegrationError(f"{self.name} cannot do {service}")

    def step(self, dt: float) -> None:
        """Advance this device by `dt` simulated seconds."""

    def snapshot(self) -> Snapshot:
        """The state and attributes as Home Assistant would show them."""
        raise NotImplementedError

    def watts(self) -> float:
        """The electrical draw right now (W), for its power sensor and the house total."""
        return 0.0

    def should_report(self, snap: Snapshot, prev: Snapshot, age: float) -> bool:
        """Whether `snap` is news compared with the last report, made `age` simulated s ago."""
        return snap != prev


def relax(value: float, target: float, dt: float, tau: float) -> float:
    """Move `value` toward `target` as a first-order lag with time constant `tau` (exact for any dt)."""
    return target + (value - target) * math.exp(-dt / tau)


def wander(
    value: float, mean: float, dt: float, tau: float, sigma: float, rng: random.Random
) -> float:
    """One step of mean-reverting noise (Ornstein-Uhlenbeck) with stationary spread `sigma`."""
    decay = math.exp(-dt / tau)
    return mean + (value - mean) * decay + sigma * math.sqrt(1 - decay * decay) * rng.gauss(0, 1)


def number(data: Mapping[str, JsonValue], key: str, lo: float, hi: float) -> float | None:
    """A numeric field within [lo, hi], or None when absent; IntegrationError when invalid."""
    raw = data.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise IntegrationError(f"{key} must be a number, got {raw!r}")
    try:
        value = float(raw)
    except ValueError:
        raise IntegrationError(f"{key} must be a number, got {raw!r}") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise IntegrationError(f"{key} must be between {lo:g} and {hi:g}, got {raw}")
    return value


def text(data: Mapping[str, JsonValue], key: str) -> str | None:
    """A string field, or None when absent; IntegrationError when it is not a string."""
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise IntegrationError(f"{key} must be text, got {raw!r}")
    return raw


def flag(data: Mapping[str, JsonValue], key: str) -> bool | None:
    """A boolean field (true/false, also as text), or None when absent."""
    raw = data.get(key)
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in {"true", "false"}:
        return raw.lower() == "true"
    raise IntegrationError(f"{key} must be true or false, got {raw!r}")


def words(spec: EntitySpec) -> str:
    """The entity's id, name and aliases in lower case, to recognise kinds of appliance."""
    return " ".join((spec.entity_id, spec.name, *spec.aliases)).lower().replace("_", " ")
