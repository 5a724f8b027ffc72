"""Simulated weather and sensors: outdoor and room temperatures, humidity, contacts, motion."""

from __future__ import annotations

import math
from collections.abc import Callable

from hub.core import EntitySpec, JsonValue
from integrations.virtual.climate import seasonal_mean
from integrations.virtual.device import Device, Sim, Snapshot, relax, wander
from integrations.virtual.simple import Toggle

HOUR = 3600.0


class Weather:
    """The outdoor temperature: a seasonal mean, a daily sine from local time, and some noise."""

    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.noise = 0.0

    def step(self, dt: float) -> None:
        self.noise = wander(self.noise, 0.0, dt, HOUR, 0.4, self.sim.rng)

    def outdoor(self) -> float:
        now = self.sim.now()
        hour = now.hour + now.minute / 60
        # Coldest around 03:00, warmest around 15:00.
        daily = 4.5 * math.sin(2 * math.pi * (hour - 9) / 24)
        return seasonal_mean(now.timetuple().tm_yday) + daily + self.noise

    def indoor_ambient(self) -> float:
        """Where an unheated, uncooled room settles: buildings damp the outdoor swing."""
        return 16.0 + 0.25 * self.outdoor()


class NumericSensor(Device):
    """A sensor with a numeric state, reported when it moves by its resolution or more."""

    def __init__(
        self, spec: EntitySpec, sim: Sim, *, unit: str | None, value: float, resolution: float
    ) -> None:
        super().__init__(spec, sim)
        self.value = value
        self.resolution = resolution
        self.decimals = max(0, round(-math.log10(resolution)))
        self.attrs: dict[str, JsonValue] = {
            "unit_of_measurement": spec.unit or unit,
            "device_class": spec.device_class,
            "state_class": "measurement",
        }

    def snapshot(self) -> Snapshot:
        return f"{self.value:.{self.decimals}f}", dict(self.attrs)

    def should_report(self, snap: Snapshot, prev: Snapshot, age: float) -> bool:
        if snap[1] != prev[1]:
            return True
        try:
            return abs(self.value - float(prev[0])) >= self.resolution - 1e-9
        except ValueError:
            return True


class OutdoorTemperature(NumericSensor):
    """The outdoor thermometer reads the weather."""

    def __init__(self, spec: EntitySpec, sim: Sim, weather: Weather) -> None:
        super().__init__(spec, sim, unit="°C", value=weather.outdoor(), resolution=0.1)
        self.weather = weather

    def step(self, dt: float) -> None:
        self.value = self.weather.outdoor()


class RoomTemperature(NumericSensor):
    """A room thermometer: it follows the climate device that heats or cools it, a little."""

    def __init__(
        self, spec: EntitySpec, sim: Sim, anchor: Callable[[], float] | None, weight: float
    ) -> None:
        self.offset = sim.rng.uniform(-0.6, 0.6)  # rooms are never all alike
        self.base = 19.5 + self.offset
        self.anchor, self.weight = anchor, weight
        super().__init__(spec, sim, unit="°C", value=self._goal(), resolution=0.1)
        self.drift = 0.0

    def _goal(self) -> float:
        if self.anchor is None:
            return self.base
        return self.weight * (self.anchor() + self.offset) + (1 - self.weight) * self.base

    def step(self, dt: float) -> None:
        self.drift = wander(self.drift, 0.0, dt, 0.5 * HOUR, 0.15, self.sim.rng)
        # A room lags the air at the thermostat by some minutes.
        self.value = relax(self.value, self._goal() + self.drift, dt, 0.5 * HOUR)


class WanderingSensor(NumericSensor):
    """A reading that wanders slowly around a typical value (humidity, CO2, pressure, ...)."""

    def __init__(self, spec: EntitySpec, sim: Sim, kind: tuple[str | None, float, float, float]):
        unit, mean, sigma, resolution = kind
        self.mean, self.sigma = mean, sigma
        super().__init__(spec, sim, unit=unit, value=mean, resolution=resolution)

    def step(self, dt: float) -> None:
        self.value = wander(self.value, self.mean, dt, HOUR, self.sigma, self.sim.rng)


# device_class -> (unit, typical value, spread, resolution)
SENSOR_KINDS: dict[str, tuple[str | None, float, float, float]] = {
    "humidity": ("%", 55.0, 5.0, 1.0),
    "battery": ("%", 90.0, 0.5, 1.0),
    "pressure": ("hPa", 1013.0, 4.0, 1.0),
    "carbon_dioxide": ("ppm", 650.0, 120.0, 10.0),
    "illuminance": ("lx", 250.0, 60.0, 10.0),
    "pm25": ("µg/m³", 8.0, 3.0, 1.0),
    "voltage": ("V", 231.0, 1.5, 1.0),
    "temperature": ("°C", 20.0, 0.3, 0.1),
}


def sensor_kind(device_class: str | None) -> tuple[str | None, float, float, float]:
    """How to simulate a sensor of this class (a generic reading when the class is unknown)."""
    return SENSOR_KINDS.get(device_class or "", (None, 0.0, 0.0, 1.0))


class BinarySensor(Toggle):
    """A contact, motion or window sensor: off until a person (press) sets it."""

    def snapshot(self) -> Snapshot:
        return ("on" if self.on else "off"), {"device_class": self.spec.device_class}
