"""Simulated lights and fans: on/off, brightness, colour, speed, and what they draw."""

from __future__ import annotations

import colorsys
from collections.abc import Mapping

from hub.core import EntitySpec, IntegrationError, JsonValue
from hub.core.services import COLORS
from integrations.virtual.device import Device, Sim, Snapshot, number, text

WHITE_KELVIN = {"warm white": 2700, "cool white": 6500}
MIN_KELVIN, MAX_KELVIN = 2000, 6500
_ON_OFF = frozenset({"turn_on", "turn_off", "toggle"})


def _hs(rgb: tuple[int, int, int]) -> list[JsonValue]:
    h, s, _ = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    return [round(h * 360, 1), round(s * 100, 1)]


class Light(Device):
    """A bulb or lamp: dimmable, coloured or white-tunable according to its features."""

    SERVICES = _ON_OFF

    def __init__(self, spec: EntitySpec, sim: Sim, rated_w: float, standby_w: float) -> None:
        super().__init__(spec, sim)
        self.rated_w, self.standby_w = rated_w, standby_w
        f = spec.features
        self.dimmable = bool(f & {"brightness", "color", "color_temp"})
        modes = [m for m, feat in (("color_temp", "color_temp"), ("hs", "color")) if feat in f]
        self.modes = modes or (["brightness"] if self.dimmable else ["onoff"])
        self.on = False
        self.brightness = 255  # kept while off: turn_on restores it, as real bulbs do
        self.mode = self.modes[0]
        self.rgb: tuple[int, int, int] = (255, 255, 255)
        self.kelvin = 2700

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        if service == "toggle":
            service = "turn_off" if self.on else "turn_on"
        if service == "turn_off":
            self.on = False
            return
        level = self.brightness
        if (b := number(data, "brightness", 0, 255)) is not None:
            level = round(b)
        elif (pct := number(data, "brightness_pct", 0, 100)) is not None:
            level = round(pct * 255 / 100)
        elif (step := number(data, "brightness_step_pct", -100, 100)) is not None:
            level = max(0, min(255, (self.brightness if self.on else 0) + round(step * 2.55)))
        self._color(data)
        if level <= 0:  # Home Assistant turns a light off when asked for brightness 0
            self.on = False
            return
        self.on, self.brightness = True, level

    def _color(self, data: Mapping[str, JsonValue]) -> None:
        name = text(data, "color_name")
        if name is not None:
            key = name.lower()
            if key in WHITE_KELVIN and "color_temp" in self.modes:
                self.mode, self.kelvin = "color_temp", WHITE_KELVIN[key]
            elif key in COLORS:
                self.mode, self.rgb = "hs", COLORS[key]
            else:
                raise IntegrationError(f"unknown colour {name!r}")
        rgb = data.get("rgb_color")
        if rgb is not None:
            if not (isinstance(rgb, list) and len(rgb) == 3):
                raise IntegrationError(f"rgb_color must be three numbers 0..255, got {rgb!r}")
            self.mode = "hs"
            self.rgb = (self._channel(rgb[0]), self._channel(rgb[1]), self._channel(rgb[2]))
        kelvin = number(data, "color_temp_kelvin", 1000, 10000)
        if kelvin is not None:
            self.mode, self.kelvin = "color_temp", round(min(MAX_KELVIN, max(MIN_KELVIN, kelvin)))
        if self.mode not in self.modes:  # a colour the bulb cannot show: it keeps its own mode
            self.mode = self.modes[0]

    @staticmethod
    def _channel(value: JsonValue) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 255:
            raise IntegrationError(f"rgb_color values must be 0..255, got {value!r}")
        return round(value)

    def snapshot(self) -> Snapshot:
        on = self.on
        attrs: dict[str, JsonValue] = {
            "supported_color_modes": list(self.modes),
            "color_mode": self.mode if on else None,
        }
        if self.dimmable:
            attrs["brightness"] = self.brightness if on else None
        if "hs" in self.modes:
            hs = on and self.mode == "hs"
            attrs["hs_color"] = _hs(self.rgb) if hs else None
            attrs["rgb_color"] = list(self.rgb) if hs else None
        if "color_temp" in self.modes:
            attrs["color_temp_kelvin"] = self.kelvin if on and self.mode == "color_temp" else None
            attrs["min_color_temp_kelvin"] = MIN_KELVIN
            attrs["max_color_temp_kelvin"] = MAX_KELVIN
        return ("on" if on else "off"), attrs

    def watts(self) -> float:
        if not self.on:
            return self.standby_w
        if not self.dimmable:
            return self.standby_w + self.rated_w
        # LEDs keep a floor of driver losses even when dimmed low.
        return self.standby_w + self.rated_w * (0.1 + 0.9 * self.brightness / 255)


class Fan(Device):
    """A ceiling or desk fan with a speed in percent."""

    SERVICES = _ON_OFF | {"set_percentage", "increase_speed", "decrease_speed"}
    STEP = 25  # four speeds, like most ceiling fans

    def __init__(self, spec: EntitySpec, sim: Sim, rated_w: float, standby_w: float) -> None:
        super().__init__(spec, sim)
        self.rated_w, self.standby_w = rated_w, standby_w
        self.percentage = 0
        self.last = 50  # the speed turn_on restores

    def apply(self, service: str, data: Mapping[str, JsonValue]) -> None:
        on = self.percentage > 0
        pct = number(data, "percentage", 0, 100)
        step = number(data, "percentage_step", 0, 100)
        if service == "toggle":
            service = "turn_off" if on else "turn_on"
        if service == "turn_off":
            target = 0.0
        elif service in {"turn_on", "set_percentage"}:
            target = pct if pct is not None else (self.percentage if on else self.last)
        elif service == "increase_speed":
            target = min(100, self.percentage + (step or self.STEP))
        else:
            target = max(0, self.percentage - (step or self.STEP))
        self.percentage = round(target)
        if self.percentage:
            self.last = self.percentage

    def snapshot(self) -> Snapshot:
        attrs: dict[str, JsonValue] = {
            "percentage": self.percentage,
            "percentage_step": float(self.STEP),
            "preset_mode": None,
        }
        return ("on" if self.percentage else "off"), attrs

    def watts(self) -> float:
        if not self.percentage:
            return self.standby_w
        return self.standby_w + self.rated_w * (0.2 + 0.8 * self.percentage / 100)
