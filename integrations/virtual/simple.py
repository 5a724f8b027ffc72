"""Entities with little to simulate: scenes, buttons, scripts, helpers and unknown kinds."""

from __future__ import annotations

from collections.abc import Mapping

from hub.core import UNKNOWN, EntitySpec, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot

# The calls a scene makes, as ("domain.service", entity_id, data); the home applies them.
SceneTarget = tuple[str, str, Mapping[str, JsonValue]]


class Scene(Device):
    """A scene: its state is when it was last activated, as Home Assistant shows it."""

    SERVICES = frozenset({"turn_on"})

    def __init__(self, spec: EntitySpec, sim: Sim, targets: tuple[SceneTarget, ...] = ()) -> None:
        super().__init__(spec, sim)
        self.activated: str | None = None
        self.targets = targets

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        self.activated = self.sim.now().isoformat(timespec="milliseconds")

    def snapshot(self) -> Snapshot:
        return self.activated or UNKNOWN, {}


class Button(Scene):
    """A button: like a scene, its state is the time it was last pressed."""

    SERVICES = frozenset({"press"})


class Toggle(Device):
    """An input_boolean helper: on or off, nothing else."""

    SERVICES = frozenset({"turn_on", "turn_off", "toggle"})

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        super().__init__(spec, sim)
        self.on = False

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        self.on = {"turn_on": True, "turn_off": False}.get(service, not self.on)

    def snapshot(self) -> Snapshot:
        return ("on" if self.on else "off"), {}


class Script(Device):
    """A script: on while it runs (a few seconds), then off again."""

    SERVICES = frozenset({"turn_on", "turn_off", "toggle"})
    RUN_S = 3.0

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        super().__init__(spec, sim)
        self.left = 0.0
        self.triggered: str | None = None

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        start = service == "turn_on" or (service == "toggle" and self.left <= 0)
        self.left = self.RUN_S if start else 0.0
        self.busy = start
        if start:
            self.triggered = self.sim.now().isoformat(timespec="milliseconds")

    def step(self, dt: float) -> None:
        if self.left > 0:
            self.left -= dt
            if self.left <= 0:
                self.left, self.busy = 0.0, False

    def snapshot(self) -> Snapshot:
        return ("on" if self.left > 0 else "off"), {"last_triggered": self.triggered}


class Passive(Device):
    """An entity of a kind the virtual home does not simulate: it exists, with no services."""

    def snapshot(self) -> Snapshot:
        return UNKNOWN, {}
