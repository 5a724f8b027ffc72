"""Locks and alarm panels: they pass through locking / arming states before they settle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from hub.core import EntitySpec, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot, text


class Lock(Device):
    """A motorised door lock: locking and unlocking take a couple of seconds."""

    SERVICES = frozenset({"lock", "unlock", "open"})
    MOTOR_S = 2.0
    OPEN_HOLD_S = 5.0  # the latch stays pulled back this long after "open"

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        super().__init__(spec, sim)
        self.state = "locked"
        self.after: list[tuple[float, str]] = []  # (seconds, state) still to come

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        text(data, "code")  # accepted, like a keypad, but this lock has no code set
        if service == "lock":
            if self.state == "locked":
                return
            self.state, self.after = "locking", [(self.MOTOR_S, "locked")]
        elif service == "unlock":
            if self.state == "unlocked":
                return
            self.state, self.after = "unlocking", [(self.MOTOR_S, "unlocked")]
        else:
            self.state = "opening"
            self.after = [(self.MOTOR_S, "open"), (self.OPEN_HOLD_S, "unlocked")]
        self.busy = True

    def step(self, dt: float) -> None:
        while self.after and dt > 0:
            wait, state = self.after[0]
            if dt < wait:
                self.after[0] = (wait - dt, state)
                return
            dt -= wait
            self.state = state
            self.after.pop(0)
        self.busy = bool(self.after)

    def snapshot(self) -> Snapshot:
        return self.state, {}

    def watts(self) -> float:
        return 6.0 if self.state in {"locking", "unlocking", "opening"} else 0.2


class Alarm(Device):
    """An alarm panel: arming waits out an exit delay; disarming is immediate."""

    SERVICES = frozenset({"alarm_arm_away", "alarm_arm_home", "alarm_arm_night", "alarm_disarm"})
    EXIT_DELAY_S: ClassVar[dict[str, float]] = {
        "armed_away": 30.0,
        "armed_home": 10.0,
        "armed_night": 10.0,
    }

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        super().__init__(spec, sim)
        self.state = "disarmed"
        self.next_state: str | None = None
        self.delay = 0.0

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        text(data, "code")  # any code is accepted: the virtual panel has none configured
        if service == "alarm_disarm":
            self.state, self.next_state, self.busy = "disarmed", None, False
            return
        goal = "armed_" + service.removeprefix("alarm_arm_")
        if goal in {self.state, self.next_state}:
            return
        self.state, self.next_state, self.delay = "arming", goal, self.EXIT_DELAY_S[goal]
        self.busy = True

    def step(self, dt: float) -> None:
        if self.next_state is None:
            return
        self.delay -= dt
        if self.delay <= 0:
            self.state, self.next_state, self.busy = self.next_state, None, False

    def snapshot(self) -> Snapshot:
        attrs: dict[str, JsonValue] = {
            "code_format": None,
            "changed_by": None,
            "code_arm_required": False,
            "next_state": self.next_state,
        }
        return self.state, attrs

    def watts(self) -> float:
        return 4.0
