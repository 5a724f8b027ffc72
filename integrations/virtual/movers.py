"""Things that take time to move: covers (blinds, curtains, garage doors) and robot vacuums."""

from __future__ import annotations

from collections.abc import Mapping

from hub.core import EntitySpec, IntegrationError, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot, number


class Cover(Device):
    """A blind, curtain or garage door that travels fully open or closed in `travel_s`."""

    SERVICES = frozenset(
        {"open_cover", "close_cover", "stop_cover", "toggle", "set_cover_position"}
    )

    def __init__(self, spec: EntitySpec, sim: Sim, *, garage: bool) -> None:
        super().__init__(spec, sim)
        self.travel_s = 15.0 if garage else 18.0
        self.motor_w, self.standby_w = (350.0, 4.0) if garage else (45.0, 0.4)
        self.position = 0.0  # 0 closed, 100 fully open
        self.target: float | None = None
        self.heading = 0  # +1 opening, -1 closing, 0 still

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "toggle":
            if self.heading:
                service = "stop_cover"
            else:
                service = "close_cover" if self.position > 0 else "open_cover"
        if service == "stop_cover":
            self.target, self.heading, self.busy = None, 0, False
            return
        if service == "set_cover_position":
            pos = number(data, "position", 0, 100)
            if pos is None:
                raise IntegrationError("set_cover_position needs a position")
            target = pos
        else:
            target = 100.0 if service == "open_cover" else 0.0
        self._move_to(target)

    def _move_to(self, target: float) -> None:
        if abs(target - self.position) < 1e-9:
            self.target, self.heading, self.busy = None, 0, False
            return
        self.target = target
        self.heading = 1 if target > self.position else -1
        self.busy = True

    def step(self, dt: float) -> None:
        if self.target is None:
            return
        self.position += self.heading * 100.0 * dt / self.travel_s
        if (self.position - self.target) * self.heading >= 0:
            self.position, self.target, self.heading, self.busy = self.target, None, 0, False

    def snapshot(self) -> Snapshot:
        if self.heading:
            state = "opening" if self.heading > 0 else "closing"
        else:
            state = "open" if self.position > 0 else "closed"
        return state, {"current_position": round(self.position)}

    def watts(self) -> float:
        return self.motor_w if self.heading else self.standby_w


class Vacuum(Device):
    """A robot vacuum: cleans on its battery, returns to its dock, and charges there."""

    SERVICES = frozenset({"start", "pause", "stop", "return_to_base", "locate", "clean_spot"})
    CLEAN_S = 45 * 60.0  # a whole-home run
    SPOT_S = 3 * 60.0
    RETURN_S = 60.0
    DRAIN = 100 / (100 * 60)  # % per second while moving: 100 minutes on a charge
    CHARGE = 100 / (120 * 60)  # % per second on the dock: two hours to full
    LOW = 15.0  # heads home below this battery level

    def __init__(self, spec: EntitySpec, sim: Sim) -> None:
        super().__init__(spec, sim)
        self.state = "docked"
        self.battery = 100.0
        self.job_left = 0.0  # seconds of cleaning left (kept while paused)
        self.return_left = 0.0
        self.area = 0.0  # m² cleaned in this run

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "locate":
            return  # it beeps; nothing a sensor would see
        if service in {"start", "clean_spot"}:
            if service == "clean_spot" or self.state != "paused" or self.job_left <= 0:
                self.job_left = self.SPOT_S if service == "clean_spot" else self.CLEAN_S
                self.area = 0.0
            if self.battery <= self.LOW:
                raise IntegrationError(f"{self.name} battery is too low to clean")
            self.state, self.busy = "cleaning", True
        elif service == "pause":
            if self.state in {"cleaning", "returning"}:
                self.state, self.busy = "paused", False
        elif service == "stop":
            if self.state != "docked":
                self.state, self.busy, self.job_left = "idle", False, 0.0
        elif self.state != "docked":  # return_to_base
            self.state, self.return_left, self.busy = "returning", self.RETURN_S, True

    def step(self, dt: float) -> None:
        if self.state == "cleaning":
            self.battery = max(0.0, self.battery - self.DRAIN * dt)
            self.job_left -= dt
            self.area += 0.012 * dt  # ~32 m² in 45 minutes
            if self.job_left <= 0 or self.battery <= self.LOW:
                self.state, self.return_left = "returning", self.RETURN_S
        elif self.state == "returning":
            self.battery = max(0.0, self.battery - self.DRAIN * dt)
            self.return_left -= dt
            if self.return_left <= 0:
                self.state, self.busy = "docked", False
        elif self.state == "docked":
            self.battery = min(100.0, self.battery + self.CHARGE * dt)

    def snapshot(self) -> Snapshot:
        status = {
            "docked": "Charging" if self.battery < 99.5 else "Docked",
            "cleaning": "Cleaning",
            "returning": "Returning home",
            "paused": "Paused",
            "idle": "Stopped",
        }[self.state]
        attrs: dict[str, JsonValue] = {
            "battery_level": round(self.battery),
            "status": status,
            "fan_speed": "standard",
            "fan_speed_list": ["quiet", "standard", "turbo"],
            "cleaned_area": round(self.area),
        }
        return self.state, attrs

    def watts(self) -> float:
        # Only the dock draws from the mains: charging ~30 W, otherwise its standby.
        return 30.0 if self.state == "docked" and self.battery < 99.5 else 2.5
