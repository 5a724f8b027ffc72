"""From an intent, its slots and resolved entities to service calls, checked against each entity."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.core import Entity, JsonValue, ServiceCall
from hub.core.services import COLOR_NAMES, COLORS, lookup, needs_confirmation
from intents.slots import Slots

# Intents that act, and the domains that can carry each out (for "the lights", "everything").
ACTION_DOMAINS: dict[str, frozenset[str]] = {
    "turn_on": frozenset({"light", "switch", "fan", "media_player", "climate", "input_boolean",
                          "script", "scene", "vacuum", "alarm_control_panel", "button"}),
    "turn_off": frozenset({"light", "switch", "fan", "media_player", "climate", "input_boolean",
                           "script", "vacuum", "alarm_control_panel"}),
    "toggle": frozenset({"light", "switch", "fan", "media_player", "cover", "input_boolean"}),
    "set_brightness": frozenset({"light", "fan", "cover", "media_player"}),
    "set_fan_speed": frozenset({"fan"}),
    "set_position": frozenset({"cover"}),
    "set_volume": frozenset({"media_player"}),
    "increase": frozenset({"light", "fan", "media_player", "climate"}),
    "decrease": frozenset({"light", "fan", "media_player", "climate"}),
    "set_color": frozenset({"light"}),
    "set_color_temp": frozenset({"light"}),
    "set_temperature": frozenset({"climate"}),
    "set_hvac_mode": frozenset({"climate"}),
    "open_cover": frozenset({"cover", "lock"}),
    "close_cover": frozenset({"cover", "lock"}),
    "stop": frozenset({"cover", "media_player", "vacuum", "switch", "fan"}),
    "lock": frozenset({"lock"}),
    "unlock": frozenset({"lock"}),
    "arm_alarm": frozenset({"alarm_control_panel"}),
    "disarm_alarm": frozenset({"alarm_control_panel"}),
    "media_play": frozenset({"media_player", "vacuum"}),
    "media_pause": frozenset({"media_player", "vacuum"}),
    "media_next": frozenset({"media_player"}),
    "media_previous": frozenset({"media_player"}),
    "mute": frozenset({"media_player"}),
    "vacuum_start": frozenset({"vacuum", "switch"}),
    "vacuum_dock": frozenset({"vacuum"}),
    "activate_scene": frozenset({"scene", "script"}),
}  # fmt: skip
LEVEL_INTENTS = frozenset({"set_brightness", "set_fan_speed", "set_position", "set_volume"})
LEVEL_DOMAINS = frozenset({"light", "fan", "cover", "media_player", "climate"})
SETS_A_VALUE = LEVEL_INTENTS | {"set_temperature", "set_color", "set_color_temp", "set_hvac_mode"}
# Where a value alone can only be one level. Not a player's: "did you feed the cat", heard as
# "could you tv at half", had set the TV's volume.
_VALUE_MEANS_LEVEL = frozenset({"light", "fan", "cover", "climate"})
_SIMPLE = {
    "media_play": "media_play", "media_pause": "media_pause", "media_next": "media_next_track",
    "media_previous": "media_previous_track", "vacuum_dock": "return_to_base",
    "lock": "lock", "unlock": "unlock", "disarm_alarm": "alarm_disarm",
}  # fmt: skip
Action = tuple[str, dict[str, JsonValue]]


@dataclass(slots=True)
class Outcome:
    """Calls to make, and why some targets were refused."""

    calls: list[ServiceCall] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def _needs(entity: Entity, feature: str) -> bool:
    return feature in entity.spec.features


FAN_SPEEDS_BELOW = 10  # a bare number under this, said to a fan, is a speed


def _level(intent: str, entity: Entity, slots: Slots) -> Action | str:
    spec = entity.spec
    value = slots.percent if slots.percent is not None else slots.number
    if spec.domain == "climate" and slots.percent is None:
        return _temperature(entity, slots)
    if value is None:
        return f"to what level should I set the {spec.name}"
    if not 0 <= value <= 100:
        return f"{value:g} percent is out of range for the {spec.name}"
    if spec.domain == "light":
        if not _needs(entity, "brightness"):
            return f"the {spec.name} can't be dimmed"
        data: dict[str, JsonValue] = {"brightness_pct": value}
        # "at 3500 kelvin and 80 percent": the white said with it, where the light has one
        kelvin = slots.kelvin or slots.kelvin_word
        if kelvin is not None and _needs(entity, "color_temp") and 1500 <= kelvin <= 9000:
            data["color_temp_kelvin"] = int(kelvin)
        elif slots.color in COLOR_NAMES and _needs(entity, "color"):
            data["color_name"] = slots.color
        return "light.turn_on", data
    if spec.domain == "fan":
        if slots.percent is None and 0 < value < FAN_SPEEDS_BELOW:
            # "set the fan to 3" is a speed, not 3%: a step of the fan's own when it has
            # them (Home Assistant's percentage_step), else a question, never near-off.
            step = entity.state.attributes.get("percentage_step")
            if not isinstance(step, int | float) or step <= 0:
                return f"is {value:g} a speed or a percentage for the {spec.name}"
            return "fan.set_percentage", {"percentage": min(100, round(value * step))}
        return "fan.set_percentage", {"percentage": round(value)}
    if spec.domain == "cover":
        return "cover.set_cover_position", {"position": round(value)}
    if spec.domain == "media_player":
        return "media_player.volume_set", {"volume_level": round(value / 100, 3)}
    return f"I can't set the {spec.name} to a level"


def _temperature(entity: Entity, slots: Slots) -> Action | str:
    spec = entity.spec
    value = slots.degrees if slots.degrees is not None else slots.number
    if value is None and slots.hvac_mode:  # "put the AC on cool": a mode, no temperature
        return "climate.set_hvac_mode", {"hvac_mode": slots.hvac_mode}
    if value is None:
        return f"to what temperature should I set the {spec.name}"
    lo = spec.min_value if spec.min_value is not None else 5.0
    hi = spec.max_value if spec.max_value is not None else 35.0
    if not lo <= value <= hi:
        return f"{value:g} degrees is out of range for the {spec.name} ({lo:g} to {hi:g})"
    data: dict[str, JsonValue] = {"temperature": value}
    if slots.hvac_mode:
        data["hvac_mode"] = slots.hvac_mode
    return "climate.set_temperature", data


def _relative(intent: str, entity: Entity, slots: Slots) -> Action | str:
    spec = entity.spec
    sign = 1 if intent == "increase" else -1
    if spec.domain == "light":
        if not _needs(entity, "brightness"):
            return f"the {spec.name} can't be dimmed"
        return "light.turn_on", {"brightness_step_pct": sign * (slots.step or 20.0)}
    if spec.domain == "fan":
        return f"fan.{'increase' if sign > 0 else 'decrease'}_speed", {}
    if spec.domain == "media_player":
        return f"media_player.volume_{'up' if sign > 0 else 'down'}", {}
    current = entity.state.attributes.get("temperature")
    if spec.domain == "climate" and isinstance(current, int | float):
        return _temperature(
            entity, Slots(rest="", degrees=float(current) + sign * (slots.step or 1))
        )
    if spec.domain == "climate":  # it has not reported its setting yet: up from what?
        return f"I don't know what the {spec.name} is set to yet: say a temperature"
    return f"I can't turn the {spec.name} {'up' if sign > 0 else 'down'}"


_WHITE_KELVIN = {"warm white": 2700, "cool white": 6500}


def _color(entity: Entity, slots: Slots) -> Action | str:
    spec = entity.spec
    data: dict[str, JsonValue] = {}
    if slots.percent is not None:
        if not 0 <= slots.percent <= 100:
            return f"{slots.percent:g} percent is out of range for the {spec.name}"
        data["brightness_pct"] = slots.percent
    kelvin = slots.kelvin or slots.kelvin_word
    if slots.color == "white" and not _needs(entity, "color"):
        kelvin = kelvin or 4000
    if slots.color in _WHITE_KELVIN and kelvin is None:
        if _needs(entity, "color") and not _needs(entity, "color_temp"):
            # A colour light without white LEDs: the white as RGB (not a CSS colour name).
            return "light.turn_on", {**data, "rgb_color": list(COLORS[slots.color])}
        kelvin = _WHITE_KELVIN[slots.color]
    # A colour named and no white asked for is the colour, whichever of the two intents the
    # classifier weighed higher ("make the floor lamp red" came as set_color_temp, 0.98).
    if slots.color and _needs(entity, "color") and slots.color in COLOR_NAMES and kelvin is None:
        return "light.turn_on", {**data, "color_name": slots.color}
    if kelvin is not None:
        if not _needs(entity, "color_temp"):
            return f"the {spec.name} can't change its white"
        if not 1500 <= kelvin <= 9000:
            return f"{kelvin:g} kelvin is out of range for the {spec.name}"
        return "light.turn_on", {**data, "color_temp_kelvin": int(kelvin)}
    if slots.color:
        return f"the {spec.name} can't change colour"
    if data:  # taken for a colour, but only a brightness was said ("... at 60 percent please")
        return "light.turn_on", data
    if slots.number is not None and 0 <= slots.number <= 100 and _needs(entity, "brightness"):
        # "set the floor lamp to 60": no colour or white is a number that small; its brightness
        return "light.turn_on", {"brightness_pct": slots.number}
    return f"what colour should the {spec.name} be"


def action_for(intent: str, entity: Entity, slots: Slots) -> Action | str:
    """The service and data carrying out `intent` on one entity, or why it can't."""
    spec, d = entity.spec, entity.spec.domain
    # "set X to 60 percent" means brightness, speed, position or volume by what X is.
    allowed = LEVEL_DOMAINS if intent in LEVEL_INTENTS else ACTION_DOMAINS.get(intent, frozenset())
    if d not in allowed:
        # The classifier weighed the words; the device says what they can mean. A value said
        # to what takes a level is its level ("floor lamp to 60" came as set_temperature), and
        # anything but off said to a scene starts it ("the good morning setting" came as
        # set_hvac_mode).
        value = slots.number if slots.percent is None else slots.percent
        if intent in SETS_A_VALUE and d in _VALUE_MEANS_LEVEL and value is not None:
            return _level("set_brightness", entity, slots)
        if d in ("scene", "script") and intent not in ("turn_off", "stop", "toggle"):
            return f"{d}.turn_on", {}
        return f"I can't do that with the {spec.name}"
    if intent in LEVEL_INTENTS:
        return _level(intent, entity, slots)
    if intent in ("increase", "decrease"):
        return _relative(intent, entity, slots)
    if intent in ("set_color", "set_color_temp"):
        return _color(entity, slots)
    if intent == "set_temperature":
        return _temperature(entity, slots)
    if intent == "set_hvac_mode":
        said = slots.rest.split()
        if not slots.hvac_mode and ("on" in said or "off" in said):
            # "put the heating on": the mode it is on in (heat, or cool for an AC), or off
            return _on_off("turn_on" if "on" in said else "turn_off", entity, slots)
        if not slots.hvac_mode:
            return f"which mode should the {spec.name} be in"
        return "climate.set_hvac_mode", {"hvac_mode": slots.hvac_mode}
    if intent in ("turn_on", "turn_off", "toggle"):
        return _on_off(intent, entity, slots)
    if intent in ("open_cover", "close_cover"):
        opening = intent == "open_cover"
        if d == "lock":
            return ("lock.unlock" if opening else "lock.lock"), {}
        return ("cover.open_cover" if opening else "cover.close_cover"), {}
    if intent == "stop":
        return {"cover": "cover.stop_cover", "media_player": "media_player.media_stop",
                "vacuum": "vacuum.stop"}.get(d, f"{d}.turn_off"), {}  # fmt: skip
    if intent == "arm_alarm":
        return f"alarm_control_panel.alarm_arm_{slots.arm_mode}", {}
    if d == "vacuum" and intent in ("media_pause", "media_play"):  # "pause the roomba"
        return ("vacuum.pause" if intent == "media_pause" else "vacuum.start"), {}
    if intent == "mute":
        # The training data says "mute" and "unmute" alike: the word tells which.
        return "media_player.volume_mute", {"is_volume_muted": "unmute" not in slots.rest.split()}
    if intent == "vacuum_start":
        return ("vacuum.start" if d == "vacuum" else f"{d}.turn_on"), {}
    if intent == "activate_scene":
        return f"{d}.turn_on", {}
    return f"{d}.{_SIMPLE[intent]}", {}


def _on_off(intent: str, entity: Entity, slots: Slots) -> Action | str:
    spec, d = entity.spec, entity.spec.domain
    on = intent == "turn_on"
    if intent == "toggle":
        return f"{d}.toggle", {}
    if d == "climate":
        cooling = any(
            w in " ".join((spec.name, *spec.aliases)).lower() for w in ("air con", "ac", "cool")
        )
        return "climate.set_hvac_mode", {
            "hvac_mode": ("cool" if cooling else "heat") if on else "off"
        }
    if d == "alarm_control_panel":
        return (
            "alarm_control_panel.alarm_arm_away" if on else "alarm_control_panel.alarm_disarm"
        ), {}
    if d == "vacuum":
        return ("vacuum.start" if on else "vacuum.return_to_base"), {}
    if d == "scene":
        return "scene.turn_on", {}
    if d == "button":
        return "button.press", {}
    if on and d == "light" and (slots.color or slots.kelvin or slots.kelvin_word):
        return _color(entity, slots)  # "put the string lights on, in purple if you can"
    data: dict[str, JsonValue] = {}
    if on and d == "light" and slots.percent is not None and _needs(entity, "brightness"):
        if not 0 <= slots.percent <= 100:
            return f"{slots.percent:g} percent is out of range for the {spec.name}"
        data["brightness_pct"] = slots.percent
    return f"{d}.{intent}", data


def plan_calls(intent: str, entities: list[Entity], slots: Slots) -> Outcome:
    """Service calls for all targets, grouped so one call carries every entity it applies to."""
    out = Outcome()
    groups: dict[tuple[str, str, bool], tuple[dict[str, JsonValue], list[str]]] = {}
    for entity in entities:
        result = action_for(intent, entity, slots)
        if isinstance(result, str):
            out.refusals.append(result)
            continue
        service, data = result
        if lookup(service) is None:
            out.refusals.append(f"I can't do that with the {entity.spec.name}")
            continue
        confirm = needs_confirmation(service, entity.spec.sensitive)
        key = (service, repr(sorted(data.items())), confirm)
        groups.setdefault(key, (data, []))[1].append(entity.entity_id)
    for (service, _, confirm), (data, ids) in groups.items():
        out.calls.append(ServiceCall(service, tuple(ids), data, slots.delay_s, slots.at, confirm))
        if slots.for_s and intent == "turn_on" and service.endswith("turn_on"):
            off = service.replace("turn_on", "turn_off")
            if lookup(off) is not None:
                delay = (slots.delay_s or 0) + slots.for_s
                out.calls.append(ServiceCall(off, tuple(ids), {}, delay, None, confirm))
    return out
