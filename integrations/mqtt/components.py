"""The MQTT components other than lights: their state topics and command payloads."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from integrations.mqtt.codec import (
    CommandError,
    Component,
    Json,
    Publish,
    Update,
    command_payload,
    json_attributes,
    on_off,
    require_topic,
    value_parser,
)
from integrations.mqtt.discovery import Config, Discovered, DiscoveryError
from integrations.mqtt.lights import light
from integrations.mqtt.templates import Template


def _text(value: str) -> Update:
    return Update(value)


def _mapped(table: dict[str, str]) -> Callable[[str], Update | None]:
    """Map device payloads to HA states; payloads not in the table are ignored."""

    def convert(value: str) -> Update | None:
        state = table.get(value)
        return None if state is None else Update(state)

    return convert


class Commanded(Component):
    """An entity whose services each publish one payload to its command topic."""

    def setup(
        self, found: Discovered, payloads: dict[str, str], state: Callable[[str], Update | None]
    ) -> None:
        c = found.config
        self.command_topic = require_topic(found, "command_topic")
        self.template: Template | None = c.template("command_template")
        self.payloads = payloads  # service -> payload
        self.assumed: dict[str, str] = {}  # service -> state assumed when optimistic
        self.route(c.topic("state_topic"), value_parser(c.template("value_template"), state))

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        if service == "toggle":
            service = "turn_off" if self.state == "on" else "turn_on"
        payload = self.payloads.get(service)
        if payload is None:
            return super().command(service, data)
        extra: dict[str, Json] = {}
        if self.domain == "alarm_control_panel":
            extra = {"action": payload, "code": data.get("code")}
        text = command_payload(self.template, payload, **extra)
        return [Publish(self.command_topic, text, self.retain)], Update(self.assumed.get(service))


def _switch(found: Discovered) -> Component:
    c = found.config
    on, off = c.text("payload_on", "ON"), c.text("payload_off", "OFF")
    entity = Commanded("switch")
    entity.setup(
        found,
        {"turn_on": on, "turn_off": off},
        on_off(c.text("state_on", on), c.text("state_off", off)),
    )
    entity.assumed = {"turn_on": "on", "turn_off": "off"}
    return entity


def _lock(found: Discovered) -> Component:
    c = found.config
    states = {
        c.text("state_locked", "LOCKED"): "locked", c.text("state_unlocked", "UNLOCKED"): "unlocked",
        c.text("state_locking", "LOCKING"): "locking", c.text("state_unlocking", "UNLOCKING"): "unlocking",
        c.text("state_jammed", "JAMMED"): "jammed", c.text("state_open", "OPEN"): "open",
        c.text("state_opening", "OPENING"): "opening",
    }  # fmt: skip
    payloads = {
        "lock": c.text("payload_lock", "LOCK"),
        "unlock": c.text("payload_unlock", "UNLOCK"),
    }
    if c.has("payload_open"):
        payloads["open"] = c.text("payload_open", "OPEN")
    entity = Commanded("lock", sensitive=True)
    entity.setup(found, payloads, _mapped(states))
    entity.assumed = {"lock": "locked", "unlock": "unlocked", "open": "open"}
    return entity


def _alarm(found: Discovered) -> Component:
    c = found.config
    payloads = {
        "alarm_disarm": c.text("payload_disarm", "DISARM"),
        "alarm_arm_home": c.text("payload_arm_home", "ARM_HOME"),
        "alarm_arm_away": c.text("payload_arm_away", "ARM_AWAY"),
        "alarm_arm_night": c.text("payload_arm_night", "ARM_NIGHT"),
    }
    entity = Commanded("alarm_control_panel", sensitive=True)
    entity.setup(found, payloads, _text)
    entity.assumed = {"alarm_disarm": "disarmed", "alarm_arm_home": "armed_home",
                      "alarm_arm_away": "armed_away", "alarm_arm_night": "armed_night"}  # fmt: skip
    return entity


def _vacuum(found: Discovered) -> Component:
    c = found.config
    names = ("start", "pause", "stop", "return_to_base", "locate", "clean_spot")
    payloads = {name: c.text(f"payload_{name}", name) for name in names}

    def state(value: str) -> Update | None:
        data = json.loads(value)  # the state schema: {"state": "cleaning", "battery_level": 80}
        if not isinstance(data, dict):
            raise ValueError("vacuum state must be a JSON object")
        attrs = {k: v for k, v in data.items() if k != "state"}
        status = data.get("state")
        return Update(status if isinstance(status, str) else None, attrs or None)

    entity = Commanded("vacuum")
    entity.setup(found, payloads, state)
    return entity


def _button(found: Discovered) -> Component:
    entity = Commanded("button")
    entity.setup(found, {"press": found.config.text("payload_press", "PRESS")}, _text)
    return entity


def _scene(found: Discovered) -> Component:
    entity = Commanded("scene")
    entity.setup(found, {"turn_on": found.config.text("payload_on", "ON")}, _text)
    return entity


class Cover(Component):
    """A cover: open/close/stop payloads and an optional position topic (0..100)."""

    def setup(self, found: Discovered) -> None:
        c = found.config
        self.command_topic = c.topic("command_topic")
        self.payloads = {
            "open_cover": c.text("payload_open", "OPEN"),
            "close_cover": c.text("payload_close", "CLOSE"),
            "stop_cover": c.text("payload_stop", "STOP"),
        }
        self.pos_open = c.number("position_open", 100)
        self.pos_closed = c.number("position_closed", 0)
        self.set_topic = c.topic("set_position_topic")
        self.set_tpl = c.template("set_position_template")
        if self.set_topic is not None:
            self.features = frozenset({"position"})
        states = {
            c.text("state_open", "open"): "open", c.text("state_closed", "closed"): "closed",
            c.text("state_opening", "opening"): "opening", c.text("state_closing", "closing"): "closing",
            c.text("state_stopped", "stopped"): "stopped",
        }  # fmt: skip
        self.route(
            c.topic("state_topic"), value_parser(c.template("value_template"), _mapped(states))
        )
        self.route(
            c.topic("position_topic"), value_parser(c.template("position_template"), self._position)
        )

    def _position(self, value: str) -> Update:
        span = self.pos_open - self.pos_closed
        pct = max(0, min(100, round((float(value) - self.pos_closed) * 100 / span)))
        return Update("closed" if pct == 0 else "open", {"current_position": pct})

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        if service == "toggle":
            service = "close_cover" if self.state in ("open", "opening") else "open_cover"
        if service in self.payloads and self.command_topic is not None:
            assumed = {"open_cover": "open", "close_cover": "closed"}.get(service)
            return [Publish(self.command_topic, self.payloads[service], self.retain)], Update(
                assumed
            )
        position = data.get("position")
        if service == "set_cover_position" and self.set_topic and isinstance(position, int | float):
            raw = round(self.pos_closed + float(position) * (self.pos_open - self.pos_closed) / 100)
            text = command_payload(self.set_tpl, raw, position=raw)
            state = "closed" if position == 0 else "open"
            return [Publish(self.set_topic, text, self.retain)], Update(
                state, {"current_position": round(position)}
            )
        return super().command(service, data)


class Fan(Component):
    """A fan: on/off payloads and an optional percentage topic."""

    def setup(self, found: Discovered) -> None:
        c = found.config
        self.command_topic = require_topic(found, "command_topic")
        self.template = c.template("command_template")
        self.on, self.off = c.text("payload_on", "ON"), c.text("payload_off", "OFF")
        self.pct_topic = c.topic("percentage_command_topic")
        self.pct_tpl = c.template("percentage_command_template")
        self.lo = c.number("speed_range_min", 1)
        self.hi = c.number("speed_range_max", 100)
        if self.pct_topic is not None:
            self.features = frozenset({"percentage"})
        self.route(
            c.topic("state_topic"),
            value_parser(c.template("state_value_template"), on_off(self.on, self.off)),
        )
        self.route(
            c.topic("percentage_state_topic"),
            value_parser(c.template("percentage_value_template"), self._pct),
        )

    def _pct(self, value: str) -> Update:
        speed = float(value)
        speeds = self.hi - self.lo + 1
        pct = 0 if speed <= 0 else round((speed - self.lo + 1) * 100 / speeds)
        attributes: dict[str, Json] = {"percentage": pct}
        if speeds <= 10:  # a fan of a few speeds: "set the fan to 3" is its third (as in HA)
            attributes["percentage_step"] = round(100 / speeds, 2)
        return Update(attributes=attributes)

    def _set(self, pct: float) -> Publish:
        if self.pct_topic is None:
            raise CommandError("this fan has no percentage_command_topic")
        speed = 0 if pct <= 0 else round(self.lo - 1 + pct * (self.hi - self.lo + 1) / 100)
        return Publish(self.pct_topic, command_payload(self.pct_tpl, speed), self.retain)

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        if service == "toggle":
            service = "turn_off" if self.state == "on" else "turn_on"
        current = self.attributes.get("percentage")
        base = float(current) if isinstance(current, int | float) else 0.0
        pct = data.get("percentage")
        step = data.get("percentage_step")
        step_pct = float(step) if isinstance(step, int | float) else 10.0
        if service == "increase_speed":
            pct = min(100.0, base + step_pct)
        elif service == "decrease_speed":
            pct = max(0.0, base - step_pct)
        out: list[Publish] = []
        if service == "turn_off":
            return [
                Publish(self.command_topic, command_payload(self.template, self.off), self.retain)
            ], Update("off")
        if service not in ("turn_on", "set_percentage", "increase_speed", "decrease_speed"):
            return super().command(service, data)
        if service == "turn_on" or (self.state != "on" and pct):
            out.append(
                Publish(self.command_topic, command_payload(self.template, self.on), self.retain)
            )
        if isinstance(pct, int | float):
            out.append(self._set(float(pct)))
            return out, Update("on" if pct else "off", {"percentage": round(pct)})
        return out, Update("on")


class Climate(Component):
    """A thermostat: mode and target temperature topics; the state is the HVAC mode."""

    def setup(self, found: Discovered) -> None:
        c = found.config
        self.mode_topic = c.topic("mode_command_topic")
        self.mode_tpl = c.template("mode_command_template")
        self.temp_topic = c.topic("temperature_command_topic")
        self.temp_tpl = c.template("temperature_command_template")
        self.power_topic = c.topic("power_command_topic")
        self.power_tpl = c.template("power_command_template")
        self.power_on, self.power_off = c.text("payload_on", "ON"), c.text("payload_off", "OFF")
        self.modes = c.str_list("modes") or ("auto", "off", "cool", "heat", "dry", "fan_only")
        self.min_value = c.number("min_temp", 7)
        self.max_value = c.number("max_temp", 35)
        self.features = frozenset(
            f for f, t in (("temperature", self.temp_topic), ("hvac_mode", self.mode_topic)) if t
        )
        modes = set(self.modes)
        self.route(c.topic("mode_state_topic"), value_parser(c.template("mode_state_template"),
                   lambda v: Update(v) if v in modes else None))  # fmt: skip
        for key, tpl, attr in (
            ("temperature_state_topic", "temperature_state_template", "temperature"),
            ("current_temperature_topic", "current_temperature_template", "current_temperature"),
        ):
            self.route(c.topic(key), value_parser(c.template(tpl), _number_attr(attr)))
        self.route(c.topic("action_topic"), value_parser(c.template("action_template"),
                   lambda v: Update(attributes={"hvac_action": v})))  # fmt: skip

    def _mode(self, mode: str) -> Publish:
        if self.mode_topic is None:
            raise CommandError("this thermostat has no mode_command_topic")
        if mode not in self.modes:
            raise CommandError(
                f"this thermostat has no mode {mode!r} (modes: {', '.join(self.modes)})"
            )
        return Publish(self.mode_topic, command_payload(self.mode_tpl, mode), self.retain)

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        mode = data.get("hvac_mode")
        temp = data.get("temperature")
        out: list[Publish] = []
        if service == "set_hvac_mode" and isinstance(mode, str):
            return [self._mode(mode)], Update(mode)
        if service == "set_temperature" and isinstance(temp, int | float):
            if self.temp_topic is None:
                raise CommandError("this thermostat has no temperature_command_topic")
            if isinstance(mode, str):
                out.append(self._mode(mode))
            out.append(Publish(self.temp_topic, command_payload(self.temp_tpl, temp), self.retain))
            return out, Update(mode if isinstance(mode, str) else None, {"temperature": temp})
        if service in ("turn_on", "turn_off"):
            on = service == "turn_on"
            if self.power_topic is not None:
                text = command_payload(self.power_tpl, self.power_on if on else self.power_off)
                return [Publish(self.power_topic, text, self.retain)], Update(None if on else "off")
            target = ("heat" if "heat" in self.modes else self.modes[0]) if on else "off"
            return [self._mode(target)], Update(target)
        return super().command(service, data)


def _number_attr(name: str) -> Callable[[str], Update]:
    def convert(value: str) -> Update:
        return Update(attributes={name: float(value)})

    return convert


def _readonly(domain: str) -> Callable[[Discovered], Component]:
    def build(found: Discovered) -> Component:
        c = found.config
        entity = Component(domain, device_class=c.opt_text("device_class"),
                           unit=c.opt_text("unit_of_measurement"))  # fmt: skip
        topic = require_topic(found, "state_topic")
        convert: Callable[[str], Update | None] = _text
        if domain == "binary_sensor":
            convert = on_off(c.text("payload_on", "ON"), c.text("payload_off", "OFF"))
        if domain == "number":
            entity.min_value, entity.max_value = c.number("min", 1), c.number("max", 100)
        entity.route(topic, value_parser(c.template("value_template"), convert))
        return entity

    return build


def _with_setup(
    cls: type[Cover] | type[Fan] | type[Climate], domain: str
) -> Callable[[Discovered], Component]:
    def build(found: Discovered) -> Component:
        entity = cls(domain)
        entity.setup(found)
        return entity

    return build


BUILDERS: dict[str, Callable[[Discovered], Component]] = {
    "light": light, "switch": _switch, "lock": _lock, "alarm_control_panel": _alarm,
    "vacuum": _vacuum, "button": _button, "scene": _scene,
    "cover": _with_setup(Cover, "cover"), "fan": _with_setup(Fan, "fan"),
    "climate": _with_setup(Climate, "climate"),
    "sensor": _readonly("sensor"), "binary_sensor": _readonly("binary_sensor"),
    "number": _readonly("number"), "select": _readonly("select"),
}  # fmt: skip


def build(found: Discovered) -> Component:
    """The codec of a discovered entity; DiscoveryError when its config cannot work."""
    component = BUILDERS[found.component](found)
    c: Config = found.config
    component.device_class = component.device_class or c.opt_text("device_class")
    component.unit = component.unit or c.opt_text("unit_of_measurement")
    component.retain = c.flag("retain", False)
    topic, parser = json_attributes(c)
    component.route(topic, parser, state=False)
    if c.has("qos") and c.raw["qos"] not in (0, 1, 2):
        raise DiscoveryError("qos must be 0, 1 or 2")
    return component
