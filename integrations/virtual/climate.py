"""Simulated thermostats and air conditioners: the room temperature drifts toward the target."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from hub.core import EntitySpec, IntegrationError, JsonValue
from integrations.virtual.device import Device, Sim, Snapshot, number, relax, text

HEAT_ONLY = ("off", "heat", "auto")
ALL_MODES = ("off", "heat", "cool", "heat_cool", "auto", "dry", "fan_only")
LOSS_TAU = 4 * 3600.0  # how fast a room loses its heat to the unheated house (s)
ON_BELOW, OFF_ABOVE = 0.3, 0.2  # thermostat hysteresis around the target (°C)


class Climate(Device):
    """A thermostat (heat only, drives a boiler) or an air conditioner (heats and cools)."""

    SERVICES = frozenset({"turn_on", "turn_off", "set_temperature", "set_hvac_mode"})

    def __init__(
        self,
        spec: EntitySpec,
        sim: Sim,
        *,
        ambient: Callable[[], float],
        air_con: bool,
        rated_w: float | None,
    ) -> None:
        super().__init__(spec, sim)
        self.ambient = ambient  # the temperature the room falls to with no heating or cooling
        self.air_con = air_con
        self.modes = ALL_MODES if air_con else HEAT_ONLY
        self.min_temp = spec.min_value if spec.min_value is not None else 7.0
        self.max_temp = spec.max_value if spec.max_value is not None else 35.0
        # A boiler's electrics (pump, fan) draw ~110 W; a split air conditioner ~900 W.
        self.rated_w = rated_w or (900.0 if air_con else 110.0)
        self.rate = (4.0 if air_con else 2.5) / 3600  # °C per second at full power
        self.mode = "off" if air_con else "heat"
        self.last_on = "cool" if air_con else "heat"
        self.target = min(self.max_temp, max(self.min_temp, 22.0 if air_con else 20.0))
        self.current = 20.4 if air_con else 19.6
        self.action = "off"
        self._update_action()

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        mode = text(data, "hvac_mode")
        if service == "turn_on":
            mode = self.last_on
        elif service == "turn_off":
            mode = "off"
        elif service == "set_hvac_mode" and mode is None:
            raise IntegrationError("set_hvac_mode needs an hvac_mode")
        if service == "set_temperature":
            target = number(data, "temperature", self.min_temp, self.max_temp)
            if target is None:
                raise IntegrationError("set_temperature needs a temperature")
            self.target = round(target, 1)
        if mode is not None:
            if mode not in self.modes:
                raise IntegrationError(f"{self.name} cannot do hvac mode {mode!r}")
            self.mode = mode
            if mode != "off":
                self.last_on = mode
        self._update_action()

    def room_temperature(self) -> float:
        """The air temperature at the device, for the room sensors that follow it."""
        return self.current

    def _update_action(self) -> None:
        """Decide heating/cooling/idle with hysteresis, as a thermostat's relay does."""
        mode, t, goal = self.mode, self.current, self.target
        if mode == "off":
            self.action = "off"
            return
        if mode in {"fan_only", "dry"}:
            self.action = "fan" if mode == "fan_only" else "drying"
            return
        can_heat = mode in {"heat", "heat_cool", "auto"}
        can_cool = mode in {"cool", "heat_cool", "auto"} and self.air_con
        if self.action == "heating" and can_heat and t < goal + OFF_ABOVE:
            return
        if self.action == "cooling" and can_cool and t > goal - OFF_ABOVE:
            return
        if can_heat and t < goal - ON_BELOW:
            self.action = "heating"
        elif can_cool and t > goal + ON_BELOW:
            self.action = "cooling"
        else:
            self.action = "idle"

    def step(self, dt: float) -> None:
        self.current = relax(self.current, self.ambient(), dt, LOSS_TAU)
        if self.action == "heating":
            self.current += self.rate * dt
        elif self.action == "cooling":
            self.current -= self.rate * dt
        self._update_action()

    def snapshot(self) -> Snapshot:
        attrs: dict[str, JsonValue] = {
            "hvac_modes": list(self.modes),
            "min_temp": self.min_temp,
            "max_temp": self.max_temp,
            "target_temp_step": 0.5,
            "current_temperature": round(self.current, 1),
            "temperature": self.target,
            "hvac_action": self.action,
        }
        return self.mode, attrs

    def should_report(self, snap: Snapshot, prev: Snapshot, age: float) -> bool:
        # Report the room temperature once it moved a full 0.1 °C from what was reported, so a
        # value sitting on a rounding edge does not flap.
        if snap[0] != prev[0]:
            return True
        new, old = dict(snap[1]), dict(prev[1])
        t_new, t_old = new.pop("current_temperature", None), old.pop("current_temperature", None)
        if new != old:
            return True
        if isinstance(t_new, float) and isinstance(t_old, int | float):
            return abs(self.current - t_old) >= 0.1
        return t_new != t_old

    def watts(self) -> float:
        if self.action in {"heating", "cooling"}:
            return self.rated_w
        if self.action == "drying":
            return self.rated_w / 3
        if self.action == "fan":
            return 40.0
        return 15.0 if self.air_con and self.mode != "off" else 2.0


def is_air_con(words: str) -> bool:
    """Whether an entity described by these words can cool (an air conditioner, a heat pump)."""
    padded = f" {words} "
    return any(k in padded for k in (" ac ", "air con", "heat pump", "split", "aircon"))


def seasonal_mean(day_of_year: int) -> float:
    """A temperate climate's mean outdoor temperature: ~3 °C mid-January, ~19 °C mid-July."""
    return 11.0 - 8.0 * math.cos(2 * math.pi * (day_of_year - 15) / 365)
