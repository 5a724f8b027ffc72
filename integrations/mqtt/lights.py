"""MQTT lights: the default schema (one topic per attribute) and the JSON schema."""

from __future__ import annotations

import json
from collections.abc import Mapping

from hub.core.services import COLORS  # one table: the planner's names and rgb
from integrations.mqtt.codec import (
    CommandError,
    Component,
    Json,
    Publish,
    Update,
    command_payload,
    on_off,
    require_topic,
    value_parser,
)
from integrations.mqtt.discovery import Discovered, DiscoveryError

_COLOR_MODES = frozenset({"rgb", "rgbw", "rgbww", "hs", "xy"})


def _brightness(data: Mapping[str, Json], current: Json) -> int | None:
    """The requested brightness on HA's 0..255 scale, from any of the brightness fields."""
    if isinstance(data.get("brightness"), int | float):
        return round(float(data["brightness"]))  # type: ignore[arg-type]
    pct = data.get("brightness_pct")
    if isinstance(pct, int | float):
        return round(float(pct) * 255 / 100)
    step = data.get("brightness_step_pct")
    if isinstance(step, int | float):
        base = float(current) if isinstance(current, int | float) else 0.0
        return max(0, min(255, round(base + float(step) * 255 / 100)))
    return None


def _rgb(data: Mapping[str, Json]) -> tuple[int, int, int] | None:
    rgb = data.get("rgb_color")
    if isinstance(rgb, list) and len(rgb) == 3:
        return (int(rgb[0]), int(rgb[1]), int(rgb[2]))  # type: ignore[arg-type]
    name = data.get("color_name")
    if isinstance(name, str):
        if name not in COLORS:
            raise CommandError(f"unknown colour {name!r}")
        return COLORS[name]
    return None


def _kelvin(data: Mapping[str, Json]) -> int | None:
    kelvin = data.get("color_temp_kelvin")
    return round(float(kelvin)) if isinstance(kelvin, int | float) else None


class DefaultLight(Component):
    """A light with a topic per attribute (`schema: default`)."""

    def setup(self, found: Discovered) -> None:
        c = found.config
        self.command_topic = require_topic(found, "command_topic")
        self.payload_on = c.text("payload_on", "ON")
        self.payload_off = c.text("payload_off", "OFF")
        self.scale = c.number("brightness_scale", 255) or 255
        self.on_command_type = c.text("on_command_type", "last")
        self.kelvin_native = c.flag("color_temp_kelvin", False)
        self.bri_topic = c.topic("brightness_command_topic")
        self.bri_tpl = c.template("brightness_command_template")
        self.rgb_topic = c.topic("rgb_command_topic")
        self.rgb_tpl = c.template("rgb_command_template")
        self.ct_topic = c.topic("color_temp_command_topic")
        self.ct_tpl = c.template("color_temp_command_template")
        self.features = frozenset(
            name
            for name, topic in (
                ("brightness", self.bri_topic),
                ("color", self.rgb_topic),
                ("color_temp", self.ct_topic),
            )
            if topic is not None
        )
        state = on_off(self.payload_on, self.payload_off)
        self.route(c.topic("state_topic"), value_parser(c.template("state_value_template"), state))
        scale = self.scale

        def brightness(value: str) -> Update:
            return Update(attributes={"brightness": round(float(value) * 255 / scale)})

        def rgb(value: str) -> Update:
            return Update(attributes={"rgb_color": [int(p) for p in value.split(",")]})

        native = self.kelvin_native

        def color_temp(value: str) -> Update:
            number = float(value)
            kelvin = number if native else 1_000_000 / number
            return Update(attributes={"color_temp_kelvin": round(kelvin)})

        for key, tpl, parser in (
            ("brightness_state_topic", "brightness_value_template", brightness),
            ("rgb_state_topic", "rgb_value_template", rgb),
            ("color_temp_state_topic", "color_temp_value_template", color_temp),
        ):
            self.route(c.topic(key), value_parser(c.template(tpl), parser))

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        if service == "toggle":
            service = "turn_off" if self.state == "on" else "turn_on"
        if service == "turn_off":
            return [Publish(self.command_topic, self.payload_off, self.retain)], Update("off")
        if service != "turn_on":
            return super().command(service, data)
        out: list[Publish] = []
        attrs: dict[str, Json] = {}
        bri = _brightness(data, self.attributes.get("brightness"))
        if bri is not None and self.bri_topic is not None:
            value = round(bri * self.scale / 255)
            out.append(Publish(self.bri_topic, command_payload(self.bri_tpl, value), self.retain))
            attrs["brightness"] = bri
        rgb = _rgb(data)
        if rgb is not None and self.rgb_topic is not None:
            text = command_payload(
                self.rgb_tpl, ",".join(map(str, rgb)), red=rgb[0], green=rgb[1], blue=rgb[2]
            )
            out.append(Publish(self.rgb_topic, text, self.retain))
            attrs["rgb_color"] = list(rgb)
        kelvin = _kelvin(data)
        if kelvin is not None and self.ct_topic is not None:
            value = kelvin if self.kelvin_native else round(1_000_000 / kelvin)
            out.append(Publish(self.ct_topic, command_payload(self.ct_tpl, value), self.retain))
            attrs["color_temp_kelvin"] = kelvin
        on = Publish(self.command_topic, self.payload_on, self.retain)
        if self.on_command_type == "first":
            out.insert(0, on)
        elif not (self.on_command_type == "brightness" and bri is not None):
            out.append(on)
        return out, Update("on", attrs or None)


class JsonLight(Component):
    """A light speaking JSON on one state and one command topic (`schema: json`)."""

    def setup(self, found: Discovered) -> None:
        c = found.config
        self.command_topic = require_topic(found, "command_topic")
        self.scale = c.number("brightness_scale", 255) or 255
        modes = set(c.str_list("supported_color_modes"))
        features = set()
        if c.flag("brightness", False) or modes - {"onoff"}:
            features.add("brightness")
        if modes & _COLOR_MODES or c.flag("rgb", False):
            features.add("color")
        if "color_temp" in modes or c.flag("color_temp", False):
            features.add("color_temp")
        self.features = frozenset(features)
        self.kelvin_native = c.flag("color_temp_kelvin", False)
        self.route(c.topic("state_topic"), self._parse)

    def _parse(self, value: str) -> Update | None:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise ValueError("JSON light state must be an object")
        attrs: dict[str, Json] = {}
        bri = data.get("brightness")
        if isinstance(bri, int | float):
            attrs["brightness"] = round(float(bri) * 255 / self.scale)
        color = data.get("color")
        if isinstance(color, dict) and all(isinstance(color.get(k), int) for k in "rgb"):
            attrs["rgb_color"] = [color["r"], color["g"], color["b"]]
        ct = data.get("color_temp")
        if isinstance(ct, int | float) and ct > 0:
            attrs["color_temp_kelvin"] = round(ct if self.kelvin_native else 1_000_000 / ct)
        state = data.get("state")
        new = {"ON": "on", "OFF": "off"}.get(state) if isinstance(state, str) else None
        return Update(new, attrs or None) if new or attrs else None

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        if service == "toggle":
            service = "turn_off" if self.state == "on" else "turn_on"
        if service not in ("turn_on", "turn_off"):
            return super().command(service, data)
        on = service == "turn_on"
        body: dict[str, Json] = {"state": "ON" if on else "OFF"}
        attrs: dict[str, Json] = {}
        if isinstance(data.get("transition"), int | float):
            body["transition"] = data["transition"]
        if on:
            bri = _brightness(data, self.attributes.get("brightness"))
            if bri is not None:
                body["brightness"] = round(bri * self.scale / 255)
                attrs["brightness"] = bri
            rgb = _rgb(data)
            if rgb is not None:
                body["color"] = {"r": rgb[0], "g": rgb[1], "b": rgb[2]}
                attrs["rgb_color"] = list(rgb)
            kelvin = _kelvin(data)
            if kelvin is not None:
                body["color_temp"] = kelvin if self.kelvin_native else round(1_000_000 / kelvin)
                attrs["color_temp_kelvin"] = kelvin
        payload = json.dumps(body, separators=(",", ":"))
        return [Publish(self.command_topic, payload, self.retain)], Update(
            "on" if on else "off", attrs or None
        )


def light(found: Discovered) -> Component:
    """The light codec for a config's schema."""
    schema = found.config.text("schema", "default")
    component: DefaultLight | JsonLight
    if schema in ("default", "basic"):
        component = DefaultLight("light")
    elif schema == "json":
        component = JsonLight("light")
    else:
        raise DiscoveryError(f"light schema {schema!r} is not supported (default, json)")
    component.setup(found)
    return component
