"""How a room feels, said alone: "it's freezing in here", "I can't see a thing".

Nobody asked for anything, but a person who says it is cold wants it warmer. The hub says what
the room's sensor reads and offers one thing it would do about it ("Do you want me to turn on
the space heater?"): offered for a yes, never done on that guess. Said with a command ("it's
cold, turn on the heater") the feeling is a remark (intents.remarks) and the command is done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hub.core import Entity, HomeSnapshot

Kind = Literal["warmth", "light", "sound"]


@dataclass(frozen=True, slots=True)
class Felt:
    """What the person feels short of or has too much of: `way` +1 wants more of `kind`."""

    kind: Kind
    way: int
    area: str | None  # the room named ("in the bedroom"), else None: where they are


# Normalised text ("it's" is "its"). Who feels it, then how much, then the feeling; the word
# alone is one too ("freezing!"; free-form speech heard "I'm boiling" as "boiling"). Not "too
# dark in here": said without "it's" that asks for light, and is done.
_WHO = (
    r"(?:its|it is|it feels|it s|its getting|it is getting|its gotten|its got|"
    r"im|i am|i feel|im feeling|i am feeling|im getting|were|we are|this room is)"
)
_HOW = (
    r"(?:(?:a bit|a little|a little bit|a tad|rather|quite|really|so|too|very|way too|"
    r"far too|much too|bloody|freaking|super|pretty|kind of|kinda|getting|a bit too) )*"
)
_EXCLAIM = r"(?:(?:oh|gosh|god|man|wow|brr+|ugh|blimey|crikey|jeez|hmm|well)(?: ,)? )*"
_TAIL = (
    r"(?: (?:in here|in there|here|tonight|today|now|right now|at the moment|this morning|"
    r"this evening|isnt it|innit|again|in (?:the |my )?(?P<area>[a-z ]+?)))*"
)
# Feelings that are a complaint whatever is said around them (ALONE: even the word alone),
# one that is only after "it's" ("dim" alone asks to dim), and the mild ones that are only with
# a "too" or "a bit" ("it's quiet in here" is often said happily: intents.smalltalk).
ALONE, SAID, MILD = 0, 1, 2
_FEELINGS: tuple[tuple[str, Kind, int, int], ...] = (
    (r"cold|chilly|freezing|frozen|nippy|icy|arctic|baltic", "warmth", 1, ALONE),
    (r"cool", "warmth", 1, MILD),
    (r"hot|warm|boiling|roasting|sweltering|stuffy|baking|sweaty|muggy", "warmth", -1, ALONE),
    (r"dark|gloomy|pitch black", "light", 1, ALONE),
    (r"dim", "light", 1, SAID),
    (r"bright|glaring|blinding", "light", -1, ALONE),
    (r"loud|noisy|deafening", "sound", -1, ALONE),
    (r"quiet", "sound", 1, MILD),
)
_PATTERNS = tuple(
    (
        re.compile(
            rf"^{_EXCLAIM}(?:{_WHO} (?P<how>{_HOW})(?:{words}){_TAIL}"
            + (rf"|(?:{words}))$" if strength == ALONE else ")$")
        ),
        kind,
        way,
        strength == MILD,
    )
    for words, kind, way, strength in _FEELINGS
)
_MILD_NEEDS = re.compile(r"\b(?:too|a bit|a little|a tad|rather|really|so|very)\b")
_CANT: tuple[tuple[re.Pattern[str], Kind, int], ...] = (
    (re.compile(rf"^{_EXCLAIM}i (?:cant|can not|cannot) see(?: a thing| anything)?{_TAIL}$"),
     "light", 1),
    (re.compile(rf"^{_EXCLAIM}i (?:cant|can not|cannot) hear myself think{_TAIL}$"), "sound", -1),
    (re.compile(rf"^{_EXCLAIM}i (?:cant|can not|cannot) hear(?: a thing| anything| it)?{_TAIL}$"),
     "sound", 1),
)  # fmt: skip


def felt(norm: str, area_of: Callable[[str], str | None]) -> Felt | None:
    """The feeling a sentence says and nothing else, or None. A room named must be one of the
    home's (`area_of` the words, None when they name none): "it's cold outside" is about no
    room here."""
    norm = " ".join(norm.replace(",", " , ").split()).strip(" ,")
    for pattern, kind, way, mild in _PATTERNS:
        if (m := pattern.match(norm)) and (not mild or _MILD_NEEDS.search(m.group("how") or "")):
            return _in_area(kind, way, m.group("area"), area_of)
    for cant, kind, way in _CANT:
        if m := cant.match(norm):
            return _in_area(kind, way, m.group("area"), area_of)
    return None


def _in_area(
    kind: Kind, way: int, named: str | None, area_of: Callable[[str], str | None]
) -> Felt | None:
    if named is None:
        return Felt(kind, way, None)
    area = area_of(named)
    return Felt(kind, way, area) if area is not None else None


_OFF = frozenset({"off", "unavailable", "unknown", "standby", "idle"})


def remedy(felt: Felt, area: str | None, snapshot: HomeSnapshot) -> str | None:
    """The command the hub would offer for it in `area` (the room named wins), said the way a
    person would say it, or None when nothing there can help."""
    where = felt.area or area
    here = snapshot.in_area(where) if where is not None else []
    if felt.kind == "warmth":
        return _warmth(felt.way, here, snapshot)
    if where is None:
        return None
    if felt.kind == "light":
        lights = [e for e in here if e.spec.domain == "light"]
        on = [e for e in lights if e.state.state == "on"]
        if felt.way > 0 and lights and not on:
            return f"turn on the lights in the {snapshot.areas[where].name.lower()}"
        dimmable = [e for e in on if "brightness" in e.spec.features]
        if dimmable:
            return f"{'brighten' if felt.way > 0 else 'dim'} {_names(dimmable)}"
        if felt.way < 0 and on:
            return f"turn off {_names(on)}"
        return None
    players = [e for e in here if e.spec.domain == "media_player" and e.state.state not in _OFF]
    if players:
        return f"turn {'up' if felt.way > 0 else 'down'} {_names(players)}"
    return None


def _warmth(way: int, here: list[Entity], snapshot: HomeSnapshot) -> str | None:
    heaters = [e for e in here if e.spec.domain == "switch" and _called(e, _HEATER)]
    if way > 0 and (off := [e for e in heaters if e.state.state != "on"]):
        return f"turn on {_names(off[:1])}"
    if way < 0 and (on := [e for e in heaters if e.state.state == "on"]):
        return f"turn off {_names(on)}"
    if way < 0 and (fans := [e for e in here if e.spec.domain == "fan" and e.state.state != "on"]):
        return f"turn on {_names(fans[:1])}"
    # A climate device here, else the home's heating, moved a degree from its setting.
    set_ = [e for e in here if e.spec.domain == "climate" and _set_to(e)]
    home = [
        e
        for e in snapshot.in_domain("climate")
        if _set_to(e) and _called(e, _HEATING) and e not in set_
    ]
    chosen = (set_ + home)[:1]
    if chosen:
        return f"turn {'up' if way > 0 else 'down'} {_names(chosen)}"
    # Off, it is turned on: the heating to warm (here, else the home's), a cooler to cool.
    wanted = _HEATING if way > 0 else _COOLING
    climate = [e for e in here if e.spec.domain == "climate"] + snapshot.in_domain("climate")
    off = [e for e in climate if e.state.state == "off" and _called(e, wanted)]
    return f"turn on {_names(off[:1])}" if off else None


def _names(entities: list[Entity]) -> str:
    # Not replies.names: this is a command to plan, and its commas would split it into clauses.
    return " and ".join(f"the {e.spec.name.lower()}" for e in entities)


def _called(entity: Entity, words: tuple[str, ...]) -> bool:
    """Whether its name or an alias says one of the words ("space heater", "the heat")."""
    said = [f" {s.lower()} " for s in (entity.spec.name, *entity.spec.aliases)]
    return any(w in s for s in said for w in words)


_HEATER = (" heater", "radiator")
_HEATING = ("heating", " heat ", "thermostat")
_COOLING = ("air con", " ac ", "cooler", "cooling")


def _set_to(entity: Entity) -> bool:
    """Whether a climate device has reported its setting (turned up from what, otherwise?)."""
    return isinstance(entity.state.attributes.get("temperature"), int | float)


def reading(felt: Felt, area: str | None, snapshot: HomeSnapshot) -> str | None:
    """What tells how warm the room is, when the feeling is warmth and it reads: a temperature
    sensor, else a climate device that reports the room's temperature (its answer says both
    its setting and the reading)."""
    where = felt.area or area
    if felt.kind != "warmth" or where is None:
        return None
    here = snapshot.in_area(where)
    for entity in here:
        if entity.spec.device_class == "temperature" and entity.state.state not in _OFF:
            return entity.spec.entity_id
    for entity in here:
        current = entity.state.attributes.get("current_temperature")
        if entity.spec.domain == "climate" and isinstance(current, int | float):
            return entity.spec.entity_id
    return None
