"""The catalogue of Home Assistant style services the hub understands, and their data fields.

One table serves the executor (validation), the integrations (what to simulate or send) and the
planner (what a domain can do). Ranges marked `entity_range` come from the entity (min/max).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    """One service data field: its kind, allowed range or choices, and the feature it needs."""

    kind: str  # "int" | "float" | "str" | "rgb" | "bool"
    lo: float | None = None
    hi: float | None = None
    choices: frozenset[str] | None = None
    feature: str | None = None  # the entity must list this feature to accept the field
    entity_range: bool = False  # lo/hi come from the entity's min_value/max_value


@dataclass(frozen=True, slots=True)
class Service:
    """A service of a domain: its fields, and the fields of which at least one is required."""

    fields: dict[str, Field]
    required_any: tuple[str, ...] = ()


HVAC_MODES = frozenset({"off", "heat", "cool", "heat_cool", "auto", "dry", "fan_only"})
# Colour names people say, as RGB. Home Assistant resolves names with the CSS3 table; the two
# whites are not CSS names, so they carry the usual warm (2700 K) and cool (6500 K) whites.
COLORS: dict[str, tuple[int, int, int]] = {
    "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
    "orange": (255, 165, 0), "purple": (128, 0, 128), "pink": (255, 192, 203),
    "white": (255, 255, 255), "warm white": (255, 180, 107), "cool white": (212, 235, 255),
    "cyan": (0, 255, 255), "magenta": (255, 0, 255), "violet": (238, 130, 238),
    "turquoise": (64, 224, 208), "teal": (0, 128, 128), "lime": (0, 255, 0),
    "gold": (255, 215, 0), "indigo": (75, 0, 130), "amber": (255, 191, 0),
    "lavender": (230, 230, 250), "crimson": (220, 20, 60), "aqua": (0, 255, 255),
    "coral": (255, 127, 80), "salmon": (250, 128, 114), "navy": (0, 0, 128),
    "brown": (165, 42, 42), "beige": (245, 245, 220),
}  # fmt: skip
COLOR_NAMES = frozenset(COLORS)

_BRIGHT = "brightness"
_LIGHT_ON = Service(
    {
        "brightness_pct": Field("float", 0, 100, feature=_BRIGHT),
        "brightness": Field("int", 0, 255, feature=_BRIGHT),
        "brightness_step_pct": Field("float", -100, 100, feature=_BRIGHT),
        "color_name": Field("str", choices=COLOR_NAMES, feature="color"),
        "rgb_color": Field("rgb", feature="color"),
        "color_temp_kelvin": Field("int", 1500, 9000, feature="color_temp"),
        "transition": Field("float", 0, 3600),
    }
)
_NONE = Service({})
_ON_OFF = {"turn_on": _NONE, "turn_off": _NONE, "toggle": _NONE}

SERVICES: dict[str, dict[str, Service]] = {
    "light": {
        "turn_on": _LIGHT_ON,
        "turn_off": Service({"transition": Field("float", 0, 3600)}),
        "toggle": _NONE,
    },
    "switch": dict(_ON_OFF),
    "input_boolean": dict(_ON_OFF),
    "fan": {
        "turn_on": Service({"percentage": Field("int", 0, 100, feature="percentage")}),
        "turn_off": _NONE,
        "toggle": _NONE,
        "set_percentage": Service(
            {"percentage": Field("int", 0, 100, feature="percentage")}, ("percentage",)
        ),
        "increase_speed": Service({"percentage_step": Field("int", 0, 100)}),
        "decrease_speed": Service({"percentage_step": Field("int", 0, 100)}),
    },
    "climate": {
        "turn_on": _NONE,
        "turn_off": _NONE,
        "set_temperature": Service(
            {
                "temperature": Field("float", feature="temperature", entity_range=True),
                "hvac_mode": Field("str", choices=HVAC_MODES, feature="hvac_mode"),
            },
            ("temperature",),
        ),
        "set_hvac_mode": Service(
            {"hvac_mode": Field("str", choices=HVAC_MODES, feature="hvac_mode")}, ("hvac_mode",)
        ),
    },
    "cover": {
        "open_cover": _NONE,
        "close_cover": _NONE,
        "stop_cover": _NONE,
        "toggle": _NONE,
        "set_cover_position": Service(
            {"position": Field("int", 0, 100, feature="position")}, ("position",)
        ),
    },
    "lock": {"lock": _NONE, "unlock": _NONE, "open": _NONE},
    "alarm_control_panel": {
        "alarm_arm_away": Service({"code": Field("str")}),
        "alarm_arm_home": Service({"code": Field("str")}),
        "alarm_arm_night": Service({"code": Field("str")}),
        "alarm_disarm": Service({"code": Field("str")}),
    },
    "media_player": {
        "turn_on": _NONE,
        "turn_off": _NONE,
        "toggle": _NONE,
        "media_play": _NONE,
        "media_pause": _NONE,
        "media_play_pause": _NONE,
        "media_stop": _NONE,
        "media_next_track": _NONE,
        "media_previous_track": _NONE,
        "volume_up": _NONE,
        "volume_down": _NONE,
        "volume_set": Service({"volume_level": Field("float", 0, 1)}, ("volume_level",)),
        "volume_mute": Service({"is_volume_muted": Field("bool")}),
    },
    "vacuum": {
        "start": _NONE,
        "pause": _NONE,
        "stop": _NONE,
        "return_to_base": _NONE,
        "locate": _NONE,
        "clean_spot": _NONE,
    },
    "scene": {"turn_on": Service({"transition": Field("float", 0, 3600)})},
    "script": dict(_ON_OFF),
    "button": {"press": _NONE},
}

# The unsafe direction of sensitive devices: held until a person confirms.
UNSAFE_SERVICES = frozenset(
    {
        "lock.unlock",
        "lock.open",
        "cover.open_cover",
        "cover.set_cover_position",
        "cover.toggle",
        "alarm_control_panel.alarm_disarm",
    }
)


def needs_confirmation(service: str, sensitive: bool) -> bool:
    """Whether a call is in the unsafe direction of a sensitive device."""
    return sensitive and service in UNSAFE_SERVICES


def lookup(service: str) -> Service | None:
    """The catalogue entry of "domain.service", or None when the hub does not know it."""
    domain, _, name = service.partition(".")
    return SERVICES.get(domain, {}).get(name)
