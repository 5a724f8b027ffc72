"""Builds the simulated devices of a home file, wired to each other (meters, rooms, weather)."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core import EntitySpec
from integrations.virtual.appliances import Appliance, profile_for
from integrations.virtual.climate import Climate, is_air_con
from integrations.virtual.device import Device, Sim, words
from integrations.virtual.environment import (
    BinarySensor,
    OutdoorTemperature,
    RoomTemperature,
    WanderingSensor,
    Weather,
    sensor_kind,
)
from integrations.virtual.homefile import HomeFile
from integrations.virtual.lights import Fan, Light
from integrations.virtual.media import MediaPlayer
from integrations.virtual.movers import Cover, Vacuum
from integrations.virtual.power import HousePower, PowerSensor, is_house_meter
from integrations.virtual.security import Alarm, Lock
from integrations.virtual.simple import Button, Passive, Scene, SceneTarget, Script, Toggle

# Typical LED draw at full brightness (W), by what the light is; the first match wins.
LIGHT_WATTS = (
    (("ceiling", "chandelier"), 40.0),
    (("garden", "string"), 30.0),
    (("backlight", "ambilight"), 15.0),
    (("night",), 4.0),
    (("garage", "porch", "mirror"), 12.0),
)
DEFAULT_LIGHT_W = 9.0
OUTDOOR_WORDS = ("outdoor", "outside", "exterior")


@dataclass
class Simulation:
    """The devices of a home in stepping order (causes before effects), and its weather."""

    devices: dict[str, Device]
    weather: Weather


def _light_watts(w: str) -> float:
    return next(
        (watts for keys, watts in LIGHT_WATTS if any(k in w for k in keys)), DEFAULT_LIGHT_W
    )


def _actuator(
    spec: EntitySpec,
    sim: Sim,
    weather: Weather,
    hints: tuple[float | None, float | None],
    scene: tuple[SceneTarget, ...] = (),
) -> Device:
    rated, standby = hints
    w = words(spec)
    match spec.domain:
        case "light":
            return Light(spec, sim, rated or _light_watts(w), 0.3 if standby is None else standby)
        case "fan":
            return Fan(spec, sim, rated or (30.0 if "ceiling" in w else 25.0), standby or 0.5)
        case "switch":
            return Appliance(spec, sim, profile_for(w, rated, standby))
        case "climate":
            return Climate(
                spec, sim, ambient=weather.indoor_ambient, air_con=is_air_con(w), rated_w=rated
            )
        case "cover":
            return Cover(spec, sim, garage="garage" in w)
        case "lock":
            return Lock(spec, sim)
        case "alarm_control_panel":
            return Alarm(spec, sim)
        case "media_player":
            return MediaPlayer(
                spec, sim, tv=spec.device_class == "tv" or " tv" in f" {w}" or "television" in w
            )
        case "vacuum":
            return Vacuum(spec, sim)
        case "scene":
            return Scene(spec, sim, scene)
        case "button":
            return Button(spec, sim)
        case "script":
            return Script(spec, sim)
        case "input_boolean":
            return Toggle(spec, sim)
        case _:
            return Passive(spec, sim)


def build(home: HomeFile, sim: Sim) -> Simulation:
    """Every virtual entity of `home` as a device; sensors read the devices they follow."""
    specs = [s for s in home.entities if s.integration == "virtual"]
    weather = Weather(sim)
    devices: dict[str, Device] = {}
    for spec in specs:
        if spec.domain not in {"sensor", "binary_sensor"}:
            hints = home.watts.get(spec.entity_id, (None, None))
            scene = tuple(home.scenes.get(spec.entity_id, ()))
            devices[spec.entity_id] = _actuator(spec, sim, weather, hints, scene)
    climates = [d for d in devices.values() if isinstance(d, Climate)]
    house_climate = next((c for c in climates if not c.air_con), None)
    meters = {
        s.power_sensor: devices[s.entity_id]
        for s in specs
        if s.power_sensor and s.entity_id in devices
    }
    power: list[Device] = []
    for spec in specs:
        if spec.domain == "binary_sensor":
            devices[spec.entity_id] = BinarySensor(spec, sim)
        elif spec.domain != "sensor":
            continue
        elif spec.entity_id in meters:
            power.append(PowerSensor(spec, sim, meters[spec.entity_id].watts))
        elif spec.device_class == "power":
            power.append(_lone_power(spec, sim, home, devices))
        elif spec.device_class == "temperature" and any(k in words(spec) for k in OUTDOOR_WORDS):
            devices[spec.entity_id] = OutdoorTemperature(spec, sim, weather)
        elif spec.device_class == "temperature":
            same = next((c for c in climates if spec.area and c.spec.area == spec.area), None)
            anchor = same or house_climate
            weight = 0.7 if same else 0.4
            devices[spec.entity_id] = RoomTemperature(
                spec, sim, anchor.room_temperature if anchor else None, weight
            )
        else:
            devices[spec.entity_id] = WanderingSensor(spec, sim, sensor_kind(spec.device_class))
    # Power sensors come last: they read the draw the other devices settled on in this step.
    devices.update((d.spec.entity_id, d) for d in power)
    return Simulation(devices, weather)


def _lone_power(spec: EntitySpec, sim: Sim, home: HomeFile, devices: dict[str, Device]) -> Device:
    rated = home.watts.get(spec.entity_id, (None, None))[0]
    if rated is None and is_house_meter(words(spec)):
        # The house meter sees every device, metered or not (not itself: sensors draw nothing).
        everything = list(devices.values())
        return HousePower(spec, sim, lambda: everything)
    return PowerSensor(spec, sim, lambda: rated or 0.0)
