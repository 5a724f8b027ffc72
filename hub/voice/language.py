"""The spoken command language: phrase patterns over slot classes, filled with the home's names.

The grammar is written for how people talk to a home (verbs x determiners x names x rooms x
numbers as words), not copied from the training sentences: those are a thousand near-duplicates
whose cross product with the home's names made a search too large to decode in real time and
let short sentences win forced fits. Here each slot (device, area, number, colour...) appears as
one sub-graph per place in the automaton, so the graph stays small however many names a home has.
"""

from __future__ import annotations

import re

from hub.core import HomeSnapshot
from hub.voice.numbers import normalise, number_words, spoken
from hub.voice.patterns import Automaton, compile_patterns

# Macros, expanded as text before parsing. (a|b) is a choice, [a] is optional, <x> a slot.
MACROS = {
    "PRE": "[please | can you | could you | would you | can you please | could you please]",
    "POST": "[please | for me | now]",
    "THE": "[the | my]",
    # Not "both" or "each": measured, "both the speaker" won over "the space heater" on espeak.
    "ALL": "(all [of] the | all | every)",
    "IN": "[in the <area> | in <area> | in here | in this room | in the house | everywhere]",
    "DEV": "(THE <device> | THE <area> <device> | ALL <device> | ALL <area> <device>)",
    "ON": "(on | off)",
    "TURN": "(turn | switch)",
    "WHEN": "[in <duration> | at <time> | for <duration>]",
    "PCT": "<number> percent",
    "BIT": "(a bit | a little | a little bit | some)",
    "HOUSE": "(the house | the whole house | the home)",
}

# One line per way of saying a command; each expands into token templates.
PATTERNS = (
    # on / off
    "PRE TURN ON DEV IN WHEN POST",
    "PRE TURN DEV ON IN WHEN POST",
    "PRE in <duration> TURN ON DEV IN POST",
    "PRE (shut off | shut down | kill | power off | power on | start | stop | run) DEV IN POST",
    "DEV ON IN POST",
    "<device> ON IN POST",
    "PRE toggle DEV IN POST",
    "stop charging the car",
    # brightness, colour, colour temperature
    "PRE (set | dim | turn | change | make | put | bring) DEV [brightness] [to | at] PCT IN POST",
    "PRE (set | turn | change | make) [the] brightness of DEV to PCT POST",
    "PRE (dim | brighten | lighten) DEV (IN [BIT] | BIT IN) POST",
    "PRE (make | turn | set) DEV (brighter | dimmer | darker | lighter) IN POST",
    "PRE (make | set | turn) DEV [to] (full brightness | max brightness | maximum) POST",
    "PRE (turn | make | change | set | put) DEV [to] <colour> [at PCT] POST",
    "PRE (set | change | make) DEV [to] <kelvin> kelvin POST",
    "PRE (make | set | turn) DEV (warmer | cooler | warm white | cool white) POST",
    # fans, climate
    "PRE (set | turn | change | put) DEV [speed] to PCT POST",
    "PRE (set | turn | change | put) DEV [to] <number> [point <number>] [degrees] WHEN POST",
    "PRE (turn up | turn down | raise | lower) DEV [to <number> [degrees]] POST",
    "PRE (set | switch | turn | put | change) DEV to <mode> [mode] POST",
    "PRE (make it | i'm) (warmer | cooler | colder | hotter) [in here] POST",
    # covers
    "PRE (open | close | shut | raise | lower | stop) DEV IN [halfway] POST",
    "PRE (open | close) DEV (to | at) PCT POST",
    # locks, alarm
    "PRE (lock | unlock) DEV POST",
    "PRE (arm | disarm | set | turn off) DEV POST",
    # media, vacuum, scenes
    "PRE (play | pause | resume | stop | mute | unmute) DEV IN POST",
    "PRE (next | previous | skip) [the] (song | track) [on DEV] POST",
    "PRE (skip | skip this song on) DEV POST",
    "PRE (set | turn) [the] volume [of DEV] to PCT POST",
    "PRE (set | turn) DEV volume to PCT POST",
    "PRE turn (up | down) [the] volume [on DEV] POST",
    "PRE (send | return) DEV (back to [its | the] (dock | base | charger) | home) POST",
    "PRE (dock | clean with) DEV POST",
    "PRE (activate | start | turn on | run | set | switch to) [the] <scene> [scene | mode] POST",
    "<scene> [scene | mode | time] POST",
    # questions
    "(is | are) DEV IN (on | off | open | closed | locked | unlocked | running | home)",
    "(which | what) (<device>) (are | is) (on | off | open | closed | unlocked) IN",
    "(what is | what's | how) (the temperature | the humidity | warm | cold | hot | humid) "
    "[is it] [outside | IN]",
    "what's the <device>",
    "what is DEV [reading | at | set to]",
    "how much (power | electricity | energy) (is | are) (DEV | HOUSE) (using | drawing) [right now]",
    "(what's | what is) (DEV | HOUSE) (drawing | using) [right now]",
    "how much (energy | electricity | power) (did | has) (DEV | HOUSE) (use | used) [<period>]",
    # follow-ups and answers
    "(yes | yes please | yeah | sure | do it | go ahead | confirm | okay)",
    "(no | no cancel | cancel | never mind | stop | don't)",
    "PRE (set | turn | dim | make) (it | them) [to] (PCT | <colour> | <number> [degrees])",
    "PRE TURN (it | them) ON",
    "PRE TURN ON (it | them)",
    "PRE (lock | unlock | open | close) (it | them)",
    # A bare name answers "which one?"; it needs its article, or every stray word fits it.
    "(the | my) <device> [please]",
    "(the | my) <area> <device>",
)

COLOURS = (
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "warm white", "cyan",
    "magenta", "violet", "turquoise", "teal", "gold", "amber", "lavender", "crimson",
)  # fmt: skip
MODES = ("heat", "heating", "cool", "cooling", "auto", "dry", "fan only", "off", "eco")
PERIODS = ("today", "yesterday", "this week", "last week", "this month", "last month",
           "so far today", "this year")  # fmt: skip
DURATION_UNITS = ("second", "seconds", "minute", "minutes", "hour", "hours")
GENERIC = {
    "light": ("light", "lights", "lamp", "lamps"),
    "switch": ("plug", "plugs", "switch"),
    "fan": ("fan", "fans"),
    "climate": ("heating", "thermostat", "temperature", "heat"),
    "cover": ("blinds", "curtains", "shades", "shutters", "blind", "curtain"),
    "lock": ("door", "doors", "lock", "locks"),
    "media_player": ("tv", "television", "music", "speaker", "radio"),
    "vacuum": ("vacuum", "robot vacuum", "hoover"),
    "alarm_control_panel": ("alarm",),
}


def language_automaton() -> Automaton:
    """The command language (one command; "and" between commands is the grammar's joiner)."""
    return compile_patterns(_macro(p) for p in PATTERNS)


def _macro(pattern: str) -> str:
    for _ in range(4):  # macros hold macros
        pattern = re.sub(r"\b[A-Z]{2,}\b", lambda m: MACROS.get(m.group(0), m.group(0)), pattern)
    return pattern


def slot_values(snapshot: HomeSnapshot | None) -> dict[str, set[str]]:
    """Each slot's phrases: the home's names and aliases, numbers, colours, times."""
    devices: set[str] = set()
    scenes: set[str] = set()
    areas: set[str] = set()
    if snapshot is not None:
        areas = {n for a in snapshot.areas.values() for n in (a.name, *a.aliases)}
        for e in snapshot.entities.values():
            names = {e.spec.name, *e.spec.aliases}
            if e.spec.domain == "scene":
                scenes |= names
            else:
                devices |= names | set(GENERIC.get(e.spec.domain, ()))
    numbers = number_words(0, 100)
    return {
        "device": devices or {n for g in GENERIC.values() for n in g},
        "area": areas or {"kitchen", "bedroom", "living room"},
        "scene": scenes or {"movie night"},
        "number": set(numbers),
        "kelvin": {_kelvin(k) for k in range(2000, 6600, 100)},
        "colour": set(COLOURS),
        "mode": set(MODES),
        "period": set(PERIODS),
        # Number then unit as two slots: one copy of the numbers instead of 360 phrases, which
        # were copied at every place a duration may be said.
        "unit": set(DURATION_UNITS),
        "duration": {"<number> <unit>"}
        | {"an hour", "half an hour", "a minute", "a few minutes", "an hour and a half"},
        "time": {f"{spoken(h)} {x}" for h in range(1, 13) for x in ("am", "pm", "o'clock")}
        | {
            f"{spoken(h)} {spoken(m)} {x}"
            for h in range(1, 13)
            for m in (15, 30, 45)
            for x in ("am", "pm")
        }
        | {"noon", "midnight"},
    }


def _kelvin(k: int) -> str:
    """4000 -> "four thousand", 2700 -> "two thousand seven hundred"."""
    rest = k % 1000
    return spoken(k // 1000) + " thousand" + (f" {spoken(rest)}" if rest else "")


def normalised_slots(values: dict[str, set[str]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Slot phrases as recognisers spell them, sorted, empty ones dropped."""
    return {
        name: tuple(sorted({tuple(normalise(v, keep=r"<[a-z_]+>").split()) for v in vs} - {()}))
        for name, vs in values.items()
    }
