"""The spoken command language: phrase patterns over slot classes, filled with the home's names.

The grammar is written for how people talk to a home (verbs x determiners x names x rooms x
numbers as words), not copied from the training sentences: those are a thousand near-duplicates
whose cross product with the home's names made a search too large to decode in real time and
let short sentences win forced fits. Here each slot (device, area, number, colour...) appears as
one sub-graph per place in the automaton, so the graph stays small however many names a home has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from hub.core import HomeSnapshot
from hub.voice.numbers import normalise, number_words, spoken
from hub.voice.patterns import FELT, SOLO_END, SOLO_START, Automaton, compile_patterns
from intents.lexicon import household_names

# Macros, expanded as text before parsing. (a|b) is a choice, [a] is optional, <x> a slot.
MACROS = {
    "PRE": "[hey | okay | sorry] [please | can you | could you | would you | can you please "
    "| could you please | would you please]",
    # A remark after the command ("..., it's too loud"): the planner sets it apart.
    "POST": "[please | for me | for us | now | for me please] [(it's | it is) (too (loud | dark "
    "| bright) | freezing | roasting | boiling) [in here]]",
    "THE": "[the | my]",
    # Not "both" or "each": measured, "both the speaker" won over "the space heater" on espeak.
    "ALL": "(all [of] the | all | every)",
    "IN": "[in the <area> | in <area> | in here | in this room | in the [whole] house | everywhere]",
    "ON": "(on | off)",
    "TURN": "(turn | switch)",
    "WHEN": "[in <duration> | at <time> | for <duration> | from <time> (till | until | to) <time>]",
    # Only a time to do it at, not "for <duration>": with it, short commands with no verb heard
    # noise and remarks as one ("power on hoover for eight hour" for "how are you today").
    "LATER": "[in <duration> | at <time>]",
    "PCT": "<number> percent",
    "BIT": "(a bit | a little | a little bit | some)",
    "HOUSE": "(the house | the whole house | the home)",
}

# One line per way of saying a command; each expands into token templates.
PATTERNS = (
    # on / off
    "PRE TURN ON {onoff,elsewhere} IN WHEN POST",
    # One verb, two devices: "turn on the kettle and the coffee maker".
    "PRE TURN ON {onoff} and {onoff} IN POST",
    "PRE TURN {onoff,elsewhere} ON IN WHEN POST",
    # "put the heating on", "I'd like the mirror light on".
    "PRE (put | i'd like) {onoff} on IN WHEN POST",
    "(would | do) you mind (turning | switching) (ON {onoff} | {onoff} ON) IN WHEN POST",
    "PRE put on {onoff} IN WHEN POST",
    "PRE in <duration> TURN ON {onoff} IN POST",
    "PRE (shut off | shut down | kill | power off | power on) {onoff} IN LATER POST",
    # Not lights: "turn off the hallway light" was heard as "run hallway light" in espeak en-us.
    "PRE (start | stop | run) {switch,fan,climate,media,vacuum,other} IN WHEN POST",
    "{onoff} ON IN LATER POST",
    "<onoff> ON IN POST",
    "PRE toggle {onoff} IN POST",
    "stop charging the car",
    # Not "plants": "remind me to water the plants" was heard as a command and done.
    "PRE water the (garden | lawn) WHEN POST",
    # brightness, colour, colour temperature
    "PRE (set | dim | brighten | turn | change | make | put | bring) {light} [brightness] [to | at] PCT IN POST",
    "PRE (set | put | bring | turn) {light} (to | at) (half | full) brightness IN POST",
    # Said without a verb: "kitchen light brighter", "lights down a bit".
    "{light} [BIT | a lot] (brighter | dimmer) [please]",
    "{light,media,climate} (up | down) BIT [please]",
    "PRE (set | dim | brighten | turn) {light} (in here | in this room | in the (<area> | house) | in <area>) (to | at) PCT POST",
    "PRE (set | turn | change | make) [the] brightness of {light} to PCT POST",
    "PRE (dim | brighten | lighten) {light} (IN [BIT] | BIT IN) POST",
    "PRE (make | turn | set) {light} [BIT | a lot | much] (brighter | dimmer | darker | lighter) IN POST",
    "PRE make {light} IN (brighter | dimmer | darker) POST",
    # Said without a verb: "night light to fifty percent", "floor lamp at half brightness".
    "PRE {light,fan,cover,media} (to | at) (PCT | half | full) [brightness | speed | volume] IN POST",
    "PRE {light} [to] <kelvin> kelvin POST",
    "PRE {climate} to <number> [point <number> | and a half] [degrees] POST",
    "PRE (make | set | turn) {light} [to] (full brightness | max brightness | maximum) POST",
    "PRE (turn | make | change | set | put) {light} [to] <colour> [at PCT] POST",
    "PRE (set | change | make) {light} [to] <kelvin> kelvin POST",
    "PRE (make | set | turn) {light} (warmer | cooler | warm white | cool white) POST",
    # fans, climate
    "PRE (set | turn | change | put) {fan,cover,media,light} [speed] to PCT POST",
    "PRE (put | set | run) {fan} (on | at) PCT POST",
    "PRE (set | turn | change | put) {climate} [to] <number> [point <number> | and a half] [degrees] "
    "WHEN POST",
    "PRE (turn up | turn down | raise | lower) {climate,media,light,fan} [to <number> [degrees]] POST",
    "PRE (turn | put) {climate,media,light,fan} (up | down) [BIT] [to (<number> [degrees] | PCT | full)] POST",
    "PRE (turn | put) {media,light} (up | down) [BIT] (in here | in this room) POST",
    "PRE (make | turn) {media} (louder | quieter | softer) POST",
    "PRE (speed up | slow down) {fan} POST",
    "PRE (make | turn) {fan} (faster | slower) POST",
    "PRE (set | switch | turn | put | change) {climate} (to | in | into | on) <mode> [mode] POST",
    "PRE (make it | i'm) (warmer | cooler | colder | hotter) [in here] POST",
    # covers
    "PRE (open | close | shut | raise | lower | stop) {cover} IN [halfway | half way] WHEN POST",
    "PRE (open | close | set | put) {cover} (to | at) (PCT | half | halfway) POST",
    "PRE (pull | draw) {cover} (shut | closed | open | back) POST",
    "PRE draw {cover} POST",
    "PRE make sure {cover,lock} (is | are) (closed | shut | locked) POST",
    # locks, alarm
    "PRE (lock | lock up | unlock) {lock} [for the night] POST",
    "PRE (lock | unlock) both [the] doors POST",
    "PRE (arm | disarm | set | turn off) {alarm} POST",
    "PRE (arm | set) {alarm} (for the night | for night | (to | in) (away | home | night) mode "
    "| (to | in) (away | home | night) | while i'm away | i'm leaving) POST",
    # media, vacuum, scenes
    "PRE (play | pause | resume | stop | mute | unmute) {media} IN POST",
    "PRE (next | previous | skip) [the | this] (song | track) [on {media}] POST",
    "PRE (go back | skip back | go forward | skip ahead) [a | one] (song | track) [on {media}] POST",
    "PRE (skip | skip this song on) {media} POST",
    "PRE (set | turn) [the] volume [of {media}] to PCT POST",
    "PRE (set | turn) {media} volume to PCT POST",
    "PRE turn (up | down) [the] volume [on {media}] POST",
    "PRE turn [the] volume (up | down) [on {media}] POST",
    "PRE turn (the | my) <media> volume (up | down) POST",
    "PRE (set | turn) {media} to PCT volume POST",
    "PRE (send | return) ({vacuum} | it) (back to [its | the] (dock | base | charger) | home) "
    "WHEN POST",
    # "... and off again at eleven pm": the thing just switched, back later.
    "(on | off) again (at <time> | in <duration>)",
    "PRE have {onoff} (come | go | turn | switch) ON WHEN POST",
    "PRE (TURN | put) {light} on in <colour> POST",
    "PRE (dock | clean with) {vacuum} POST",
    "PRE (let | have | get) {vacuum} (clean | start cleaning | vacuum) POST",
    "PRE (pause | resume) {vacuum} POST",
    "PRE tell {vacuum} to (start | stop | clean | pause | go home | dock) POST",
    "PRE (start | begin) (cleaning | vacuuming) [with {vacuum}] POST",
    "PRE (activate | start | turn on | run | set | switch to | put on) [the] <scene> [scene | mode | setting] POST",
    "(it's | it is) <scene> [time]",
    "(let's | let us) (do | have | start) [the] <scene> [scene]",
)

# Sentences said alone, never joined to another command by "and": questions, answers,
# follow-ups about "it", bare names. Joined, they let forced fits of one long utterance
# string short pieces together ("open it and are the kettle off" for "lock the back door").
SOLO = (
    "<scene> [scene | mode | time] POST",
    # questions
    "(is | are) {device} IN (on | off | open | closed | locked | unlocked | running | home "
    "| armed | disarmed)",
    "(which | what) (<device>) (are | is) (on | off | open | closed | unlocked) IN",
    "(what is | what's | how) (the temperature | the humidity | warm | cold | hot | humid) "
    "[is it] [outside | IN]",
    "what's the <device>",
    "what is {device} [reading | at | set to]",
    "what's the <device> (reading | at | set to)",
    "did (someone | anyone | somebody) leave {device} (open | on | unlocked)",
    "how much (power | electricity | energy) (is | are) ({device} | HOUSE | we) (using | drawing "
    "| pulling) [right now]",
    "how many watts (is | are) ({device} | HOUSE | we) (using | drawing | pulling) [right now]",
    "[is there] any (motion | movement) IN",
    "is there (motion | movement) IN",
    "(what's | what is) ({device} | HOUSE) (drawing | using) [right now]",
    "how much (energy | electricity | power) (did | has) ({device} | HOUSE) (use | used) [<period>]",
    "how much (energy | electricity | power) (did | have) we (use | used) [<period>]",
    "how many kilowatt hours (did | has | have) ({device} | HOUSE | we) (use | used) [<period>]",
    "(what's | what is) (our | the) [total] (power | energy | electricity) (use | usage) "
    "[right now | at the moment | <period>]",
    # follow-ups and answers
    "(yes | yes please | yeah | sure | do it | yes do it | go ahead | confirm | okay)",
    "(no | no cancel | cancel | never mind | stop | don't | leave it | no leave it)",
    "[actually | no] PRE (set | turn | dim | make) (it | them) [to] (PCT | <colour> | <number> [degrees]) IN",
    # Not "turn on it": English puts the particle after a pronoun, and with it in the grammar
    # "turn on the" and a pause was heard as "turn on it" and acted on (6 of 91 dev commands
    # said in two halves with 0.4 s between, espeak en-us).
    "[actually] [just] PRE TURN (it | them) ON",
    "PRE (lock | unlock | open | close) (it | them)",
    # A bare name answers "which one?"; it needs its article, or every stray word fits it.
    "(the | my) <device> [please]",
    "(the | my) <area> <device>",
    "[the] (left | right | first | second | other) one [please]",
    # More of the same: "and the counter lights too".
    "and (the | my) <device> (too | as well)",
    # A command not to do something is heard as one, not as the command it names.
    "[please] (don't | do not) (open | close | lock | unlock | turn on | turn off | start | stop "
    "| arm | disarm) (the | my) <device>",
)

# How the room feels, said alone (intents/comfort.py offers a remedy for a yes), and small talk
# (patterns.FELT: neither is heard by the remark searches). Without them
# the grammar forced "it's dark in here" onto "it's dinner" (0.95) and set the scene. Not "in
# the <area>": a command after a remark was forced onto a room ("it's really stuffy, turn on the
# ceiling fan" heard as "it's really stuffy in the emma's room", 0.99).
FEELINGS = (
    "(it's | it is) [a bit | a little | so | really | too | way too | very] (cold | chilly "
    "| freezing | hot | warm | boiling | roasting | stuffy | dark | bright | loud | noisy) "
    "[in here]",
    "(i'm | i am) [a bit | a little | so | really | too | very] (cold | freezing | hot | warm "
    "| boiling | roasting)",
    "i can't (see | hear) [a thing | anything]",
    # What asks for nothing (intents/smalltalk.py): "thanks a lot" was heard "fans off" (0.90 in
    # two voices at 10 dB) and the fans went off.
    "(thanks | thank you) [a lot | very much | so much]",
    "(i'm | i am | we're | we are) (home | back)",
    "(that's | it's) [so | much] (better | perfect | nice | lovely) [in here]",
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
    "light": ("light", "lights", "lamp", "lamps", "big light", "main light"),
    "switch": ("plug", "plugs", "switch"),
    "fan": ("fan", "fans"),
    "climate": ("heating", "thermostat", "temperature", "heat"),
    "cover": ("blinds", "curtains", "shades", "shutters", "blind", "curtain"),
    "lock": ("door", "doors", "lock", "locks"),
    "media_player": ("tv", "television", "telly", "music", "speaker", "radio"),
    "vacuum": ("vacuum", "robot vacuum", "hoover"),
    "alarm_control_panel": ("alarm",),
}


# The device slot each domain's names fill. Verbs pair only with kinds that do them, so "resume"
# cannot fit the alarm nor "close" the TV: both were heard that way in espeak voices when every
# verb could take every device.
KINDS = {
    "light": "light",
    "switch": "switch",
    "input_boolean": "switch",
    "fan": "fan",
    "climate": "climate",
    "water_heater": "climate",
    "humidifier": "climate",
    "cover": "cover",
    "lock": "lock",
    "media_player": "media",
    "vacuum": "vacuum",
    "alarm_control_panel": "alarm",
    "sensor": "sensor",
    "binary_sensor": "sensor",
}
# Kinds that "turn on/off", "start", "stop" and "toggle" apply to.
ONOFF = ("light", "switch", "fan", "climate", "media", "vacuum", "other")


# Things people have at home, heard so that a home without them refuses by name ("I don't know
# a jacuzzi") instead of forcing the sound onto a device it has. Only after "turn on/off": as
# bare names ("the oven on") or after "set" ("the hot tub" for "thermostat to") they drew forced
# fits in weak voices. Only those the home does not
# name join the grammar; words missing from the model's dictionary drop out as usual.
ELSEWHERE = (
    "oven", "stove", "microwave", "dishwasher", "fridge", "freezer", "washing machine",
    "washer", "dryer", "toaster", "jacuzzi", "hot tub", "sauna", "pool", "pool pump",
    "fireplace", "air purifier", "humidifier", "dehumidifier", "boiler", "water heater",
    "christmas lights", "christmas tree", "fountain", "aquarium", "fish tank", "printer",
    "computer", "router", "camera", "doorbell", "projector", "stereo", "lawn mower",
    "irrigation", "hot water", "garage light", "oven light", "radiator", "air conditioner",
)  # fmt: skip


def language_automaton() -> Automaton:
    """The command language: actions (which the grammar's joiner "and" may chain) and, behind
    SOLO_START and ending in SOLO_END, the sentences said alone (FEELINGS ending in FELT)."""
    solo = (f"{SOLO_START} {_macro(p)} {SOLO_END}" for p in SOLO)
    felt = (f"{SOLO_START} {_macro(p)} {FELT}" for p in FEELINGS)
    return compile_patterns([*(_macro(p) for p in PATTERNS), *solo, *felt])


def _macro(pattern: str) -> str:
    pattern = re.sub(r"\{([a-z_,]+)\}", lambda m: _devices(m.group(1).split(",")), pattern)
    for _ in range(4):  # macros hold macros
        pattern = re.sub(r"\b[A-Z]{2,}\b", lambda m: MACROS.get(m.group(0), m.group(0)), pattern)
    return pattern


def _devices(kinds: list[str]) -> str:
    """{light,fan} in a pattern: a device of one of those kinds, with article, room or "all"."""
    one = f"<{kinds[0]}>" if len(kinds) == 1 else "(" + " | ".join(f"<{k}>" for k in kinds) + ")"
    return f"(THE {one} | THE <area> {one} | ALL {one} | ALL <area> {one})"


# Household names the planner reads but the grammar does not hear unless the home itself uses
# them: with "loo" for a bathroom, espeak's "the" was heard as "loo" before every name ("set loo
# thermostat to ..."), and under noise "front room" and "sitting room" were heard in 9 wrong
# actions over the held-out sets ("did I lock the front door" as "dim night light in front room").
NOT_HEARD = ("loo", "front room", "sitting room")


def _not_heard(name: str) -> bool:
    said = f" {name.lower()} "
    return any(f" {w} " in said for w in NOT_HEARD)


def kind_of(domain: str) -> str:
    """The device slot a domain's names fill ("other" for domains the language has no verbs for)."""
    return KINDS.get(domain, "other")


def slot_values(snapshot: HomeSnapshot | None) -> dict[str, set[str]]:
    """Each slot's phrases: the home's names and aliases, numbers, colours, times."""
    kinds: dict[str, set[str]] = {k: set() for k in (*set(KINDS.values()), "other")}
    scenes: set[str] = set()
    areas: set[str] = set()
    if snapshot is not None:
        # The names the planner reads, household ones too ("lounge", "burglar alarm").
        area_said, entity_said = household_names(snapshot)
        own = {n.lower() for a in snapshot.areas.values() for n in (a.name, *a.aliases)}
        own |= {
            n.lower() for e in snapshot.entities.values() for n in (e.spec.name, *e.spec.aliases)
        }

        def heard(names: list[str]) -> set[str]:
            return {n for n in names if n.lower() in own or not _not_heard(n)}

        areas = {n for names in area_said.values() for n in heard(names)}
        owners: dict[str, list[list[str]]] = {k: [] for k in kinds}
        for e in snapshot.entities.values():
            names = heard(entity_said[e.spec.entity_id])
            if e.spec.domain == "scene":
                scenes |= names
            else:
                kinds[kind_of(e.spec.domain)] |= names | set(GENERIC.get(e.spec.domain, ()))
                owners[kind_of(e.spec.domain)].append(sorted(names))
        for kind, names in kinds.items():
            names |= shared_names(*owners[kind])
    else:  # no home: the generic words of each kind
        for domain, words in GENERIC.items():
            kinds[kind_of(domain)] |= set(words)
    named = {n.lower() for n in set().union(*kinds.values(), scenes)}
    kinds["elsewhere"] = {w for w in ELSEWHERE if w not in named}
    numbers = number_words(0, 100)
    return {
        **kinds,
        "onoff": set().union(*(kinds[k] for k in ONOFF)),
        "device": set().union(*kinds.values()),
        "area": areas or {"kitchen", "bedroom", "living room"},
        "scene": scenes or {"movie night"},
        "number": set(numbers),
        "kelvin": set().union(*(_kelvin(k) for k in range(2000, 6600, 100))),
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
        | {"noon", "midnight"}
        | {
            f"{spoken(h)} {x}"
            for h in range(1, 13)
            for x in ("tonight", "this evening", "in the evening", "in the morning")
        }
        | {
            f"{spoken(h)} {spoken(m)}{x}"
            for h in range(1, 13)
            for m in (15, 30, 45)
            for x in ("", " in the morning", " in the evening", " tonight")
        }
        | {
            f"{x} {spoken(h)}"
            for h in range(1, 13)
            for x in ("half past", "quarter past", "quarter to")
        },
    }


def _kelvin(k: int) -> set[str]:
    """4000 -> "four thousand"; 2700 -> "two thousand seven hundred", "twenty seven hundred"."""
    rest = k % 1000
    if not rest:
        return {spoken(k // 1000) + " thousand"}
    return {f"{spoken(k // 1000)} thousand {spoken(rest)}", f"{spoken(k // 100)} hundred"}


def shared_names(*devices: Iterable[str]) -> set[str]:
    """The endings of two words or more that the names of two devices or more share, singular
    and plural: "left bedside lamp" and "right bedside lamp" make "bedside lamp(s)", "living
    room ceiling light" and "bedroom ceiling light" make "ceiling light(s)", the way people name
    them (the planner then takes the room's, asks which one, or takes them all). One device's
    own names ("lounge blinds", "sitting room blinds") share nothing."""
    tails: Counter[str] = Counter()
    for names in devices:
        words = [name.lower().split() for name in names]
        tails.update({" ".join(w[i:]) for w in words for i in range(1, len(w) - 1)})
    ends = ("", "s")
    return {
        t + end for t, count in tails.items() if count >= 2 for end in ends[: 1 + (t[-1] != "s")]
    }


def normalised_slots(values: dict[str, set[str]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Slot phrases as recognisers spell them, sorted, empty ones dropped."""
    return {
        name: tuple(sorted({tuple(normalise(v, keep=r"<[a-z_]+>").split()) for v in vs} - {()}))
        for name, vs in values.items()
    }
