"""Short natural replies: what the hub says it does, asks, or refuses; the default answerer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hub.core import HomeSnapshot, Question, ServiceCall
from hub.core.services import COLORS

Answerer = Callable[[Question, HomeSnapshot], str]

_VERBS = {
    "turn_on": "turn on", "turn_off": "turn off", "toggle": "toggle", "open_cover": "open",
    "close_cover": "close", "stop_cover": "stop", "set_cover_position": "set", "lock": "lock",
    "unlock": "unlock", "open": "open", "alarm_arm_away": "arm", "alarm_arm_home": "arm",
    "alarm_arm_night": "arm", "alarm_disarm": "disarm", "media_play": "play",
    "media_pause": "pause", "media_stop": "stop", "media_next_track": "skip to the next track on",
    "media_previous_track": "go back a track on", "volume_set": "set the volume of",
    "volume_up": "turn up", "volume_down": "turn down", "volume_mute": "mute",
    "start": "start", "stop": "stop", "return_to_base": "send home", "set_temperature": "set",
    "set_hvac_mode": "switch", "set_percentage": "set", "increase_speed": "speed up",
    "decrease_speed": "slow down", "press": "press",
}  # fmt: skip


def spoken(name: str) -> str:
    """A name as said mid-sentence: "Kitchen light" -> "kitchen light", "TV" stays "TV"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def names(entity_ids: Sequence[str], snapshot: HomeSnapshot) -> str:
    labels = []
    for eid in entity_ids:
        entity = snapshot.entities.get(eid)
        name = entity.spec.name if entity else eid
        labels.append(name if entity and entity.spec.domain == "scene" else f"the {spoken(name)}")
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _detail(call: ServiceCall) -> str:
    d = call.data
    for key, fmt in (("brightness_pct", " to {:g}%"), ("percentage", " to {:g}%"),
                     ("position", " to {:g}%"), ("temperature", " to {:g} degrees"),
                     ("color_temp_kelvin", " to {:g} K")):  # fmt: skip
        value = d.get(key)
        if isinstance(value, int | float):
            return fmt.format(value)
    if "color_name" in d:
        return f" to {d['color_name']}"
    rgb = d.get("rgb_color")
    if isinstance(rgb, list):  # "warm white" on a colour light goes as RGB: say it by name
        name = next((n for n, v in COLORS.items() if list(v) == rgb), None)
        return f" to {name}" if name else " to that colour"
    if "hvac_mode" in d:
        return f" to {str(d['hvac_mode']).replace('_', ' ')}"
    if "volume_level" in d and isinstance(d["volume_level"], int | float):
        return f" to {d['volume_level'] * 100:g}%"
    return ""


def describe(call: ServiceCall, snapshot: HomeSnapshot) -> str:
    """'turn on the kitchen light in 30 minutes'."""
    verb = _VERBS.get(call.name, call.name.replace("_", " "))
    detail = _detail(call)
    if call.name == "turn_on" and detail.startswith(" to "):
        verb = "set"  # "set the kitchen light to 40%", not "turn on ... to 40%"
    step = call.data.get("brightness_step_pct")
    if call.name == "turn_on" and isinstance(step, int | float):
        verb = "brighten" if step > 0 else "dim"  # not "turn on the kitchen light up"
    what = f"{verb} {names(call.entity_ids, snapshot)}{detail}"
    if call.name == "turn_on" and call.domain == "scene":
        what = f"activate {names(call.entity_ids, snapshot)}"
    if call.delay_s:
        minutes = call.delay_s / 60
        what += (
            f" in {minutes:g} minutes" if call.delay_s >= 60 else f" in {call.delay_s:g} seconds"
        )
    if call.at:
        what += f" at {call.at}"
    return what


def acting(calls: Sequence[ServiceCall], snapshot: HomeSnapshot) -> str:
    now = [describe(c, snapshot) for c in calls if not c.confirm]
    held = [describe(c, snapshot) for c in calls if c.confirm]
    parts = []
    if now:
        text = " and ".join(now)
        parts.append("OK, I'll " + text + ".")
    if held:
        parts.append("Do you want me to " + " and ".join(held) + "?")
    return " ".join(parts)


def default_answer(question: Question, snapshot: HomeSnapshot) -> str:
    """A plain answer from the snapshot; the runtime plugs in live state and the energy store."""
    if question.kind == "state":
        parts = []
        for eid in question.entity_ids:
            entity = snapshot.entities.get(eid)
            if entity is None:
                continue
            unit = entity.spec.unit or ""
            parts.append(f"the {entity.spec.name} is {entity.state.state}{unit and ' ' + unit}")
        text = "; ".join(parts) or "I don't know"
        return text[0].upper() + text[1:] + "."
    what = names(question.entity_ids, snapshot)
    if question.kind == "power":
        return f"Reading the power of {what}."
    period = (question.period or "today").replace("_", " ")
    return f"Looking up the energy of {what} {period}."
