"""Plain English for suggestions, e.g. "You turn on the coffee maker around 6:45 on weekdays"."""

from __future__ import annotations

from collections.abc import Mapping

from hub.core.model import JsonValue

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ACRONYMS = {"tv": "TV", "ac": "AC", "ev": "EV", "usb": "USB"}
# Service verbs; "{x}" is the device. Data-dependent ones are handled in action_phrase.
VERBS = {
    "turn_on": "turn on {x}",
    "turn_off": "turn off {x}",
    "toggle": "toggle {x}",
    "open_cover": "open {x}",
    "close_cover": "close {x}",
    "stop_cover": "stop {x}",
    "lock": "lock {x}",
    "unlock": "unlock {x}",
    "media_play": "start playing on {x}",
    "media_pause": "pause {x}",
    "media_stop": "stop {x}",
    "start": "start {x}",
    "return_to_base": "send {x} back to its base",
    "alarm_arm_away": "arm {x} (away)",
    "alarm_arm_home": "arm {x} (home)",
    "alarm_disarm": "disarm {x}",
}


def entity_name(entity_id: str, names: Mapping[str, str] | None = None) -> str:
    """A device's name in a sentence: "the hallway light", or the registry's name."""
    if names and entity_id in names:
        return f"the {names[entity_id][0].lower()}{names[entity_id][1:]}"
    domain, _, object_id = entity_id.partition(".")
    words = [ACRONYMS.get(w, w) for w in object_id.split("_") if w]
    if domain == "light" and "light" not in words and "lamp" not in words:
        words.append("light")
    if domain == "climate" and not words:
        words.append("heating")
    return "the " + " ".join(words)


def action_phrase(
    service: str, entity_id: str, data: Mapping[str, JsonValue], names: Mapping[str, str] | None
) -> str:
    """What the action does: "turn on the coffee maker", "set the thermostat to 17°"."""
    name = service.partition(".")[2]
    x = entity_name(entity_id, names)
    if name == "set_temperature" and "temperature" in data:
        return f"set {x} to {data['temperature']}°"
    if name == "set_cover_position" and "position" in data:
        return f"set {x} to {data['position']}% open"
    if name == "set_percentage" and "percentage" in data:
        return f"set {x} to {data['percentage']}%"
    phrase = VERBS.get(name, name.replace("_", " ") + " {x}").format(x=x)
    if "brightness_pct" in data:
        phrase += f" at {data['brightness_pct']}%"
    return phrase


def state_phrase(entity_id: str, state: str, names: Mapping[str, str] | None) -> str:
    """A state change in words: "the front door contact opens"."""
    x = entity_name(entity_id, names)
    domain, _, object_id = entity_id.partition(".")
    if domain == "binary_sensor":
        if any(w in object_id for w in ("door", "window", "contact", "garage")):
            return f"{x} opens" if state == "on" else f"{x} closes"
        if "motion" in object_id or "occupancy" in object_id:
            return f"{x} sees movement" if state == "on" else f"{x} clears"
    if state in ("on", "off"):
        return f"{x} turns {state}"
    return f"{x} becomes {state.replace('_', ' ')}"


def clock(minute: int) -> str:
    """6:45, 22:30: how people write a time."""
    return f"{minute // 60}:{minute % 60:02d}"


def days_phrase(days: tuple[int, ...]) -> str:
    """Weekdays in words: "on weekdays", "at weekends", "from Sunday to Thursday"."""
    chosen = set(days)
    if len(chosen) == 7:
        return "every day"
    if chosen == {0, 1, 2, 3, 4}:
        return "on weekdays"
    if chosen == {5, 6}:
        return "at weekends"
    if len(chosen) >= 3:  # a run that may wrap past Sunday reads better as a range
        for start in chosen:
            run = [(start + i) % 7 for i in range(len(chosen))]
            if set(run) == chosen:
                return f"from {DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}"
    plural = [DAY_NAMES[d] + "s" for d in sorted(chosen)]
    if len(plural) == 1:
        return f"on {plural[0]}"
    return "on " + ", ".join(plural[:-1]) + " and " + plural[-1]


def duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"


def time_sentence(action: str, minute: int, days: tuple[int, ...]) -> str:
    return f"You {action} around {clock(minute)} {days_phrase(days)}."


def trigger_sentence(
    trigger: str, action: str, within_s: int, window: tuple[int, int] | None, sequence: bool
) -> str:
    when = f"between {clock(window[0])} and {clock(window[1])}, " if window else ""
    lead = "After" if sequence else "When"
    text = f"{lead} {trigger}, {when}you {action} within {duration(within_s)}."
    return text[0].upper() + text[1:]
