"""Choosing targets: one vs all, the request's room as default, ambiguity, intent-implied devices."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hub.core import SENSOR_DOMAINS, HomeSnapshot
from intents.actions import ACTION_DOMAINS
from intents.lexicon import NOUNS, Lexicon
from intents.replies import names
from intents.resolver import Resolution, candidates, main_entity

# A word that asks for a reading, not a device ("how warm is it in the kitchen"): what to say
# when the room has nothing that reads it ("I couldn't find warm in the kitchen" it had been).
_READINGS = {
    **dict.fromkeys(("warm", "hot", "cold", "temperature", "temp"), "temperature"),
    **dict.fromkeys(("humid", "humidity", "muggy", "damp"), "humidity"),
}

# Devices an intent means when only a room is named ("turn off the kitchen").
AREA_DEFAULT = {
    "turn_on": "light", "turn_off": "light", "toggle": "light", "set_brightness": "light",
    "increase": "light", "decrease": "light", "set_color": "light", "set_color_temp": "light",
    "open_cover": "cover", "close_cover": "cover", "stop": "cover", "set_position": "cover",
    "media_play": "media_player", "media_pause": "media_player", "media_next": "media_player",
    "media_previous": "media_player", "set_volume": "media_player", "mute": "media_player",
    "set_temperature": "climate", "set_hvac_mode": "climate", "set_fan_speed": "fan",
    "vacuum_start": "vacuum", "vacuum_dock": "vacuum", "lock": "lock", "unlock": "lock",
    "arm_alarm": "alarm_control_panel", "disarm_alarm": "alarm_control_panel",
}  # fmt: skip
EVERYTHING_OFF = frozenset({"light", "switch", "fan", "media_player"})
# Intents whose device is obvious when only one such device exists ("arm the alarm", "pause").
IMPLIED = frozenset(AREA_DEFAULT) - {"turn_on", "turn_off", "toggle", "open_cover", "close_cover"}


@dataclass(slots=True)
class Choice:
    """Targets chosen for a clause, or what is missing."""

    entity_ids: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)  # ask which of these
    problem: str = ""  # say this and do nothing (for this clause)
    # No device named at all ("turn off"): any that can do it may be the answer to the question.
    open: list[str] = field(default_factory=list)


def named_instead(res: Resolution, intent: str, snapshot: HomeSnapshot) -> list[str]:
    """The devices a name said alone names, when they can do the intent: an answer to "which
    one?" that names another device ("the porch light" after "kill the ... fan?")."""
    if not res.bare:
        return []
    named = [c for m in res.mentions if m.exact for c in m.candidates]
    return [c for c in dict.fromkeys(named) if _fits(c, intent, snapshot, False)]


def _area_of(eid: str, snapshot: HomeSnapshot) -> str | None:
    return snapshot.entities[eid].spec.area


def _fits(eid: str, intent: str, snapshot: HomeSnapshot, question: bool) -> bool:
    domain = snapshot.entities[eid].spec.domain
    if question:
        return True
    return domain not in SENSOR_DOMAINS and domain in ACTION_DOMAINS.get(intent, frozenset())


def choose(
    intent: str,
    res: Resolution,
    snapshot: HomeSnapshot,
    lex: Lexicon,
    area: str | None,
    last: tuple[str, ...],
    *,
    question: bool,
) -> Choice:
    """Apply one-vs-all, default room and ambiguity rules to a clause's resolution."""
    out = Choice()
    room = area if area in snapshot.areas else None
    if (
        room
        and (res.here or res.everything)
        and res.scope_all
        and not (res.areas or res.mentions or res.house)
    ):
        # "switch everything off in here", "all the lights in here": this room's, not the house's
        res = replace(res, areas=[room])
    if res.here and room and res.areas and room not in res.areas:
        # "lights off in here and in the kitchen too": here is a room named with the others.
        res = replace(res, areas=[room, *res.areas])
    for m in res.mentions:
        cands = candidates(m, snapshot, lex, res.areas, sensors=question)
        if not m.exact:
            cands = [c for c in cands if _fits(c, intent, snapshot, question)]
            sensed = [c for c in cands if snapshot.entities[c].spec.domain in SENSOR_DOMAINS]
            if question and sensed:
                cands = sensed  # "how warm is it": the thermometer, not the air conditioner
            room_said = res.areas[0] if res.areas else room
            if (
                res.main_light
                and room_said
                and not any(_area_of(c, snapshot) == room_said for c in cands)
            ):
                # "the big light" in a kitchen with no ceiling light: the kitchen's own light
                lights = [
                    e for e, ent in snapshot.entities.items()
                    if ent.spec.domain == "light" and ent.spec.area == room_said
                ]  # fmt: skip
                own = main_entity(lights, snapshot, lex, "light")
                cands = [own] if own else lights or cands
            if not cands:
                if len(m.words) == 1 and len(res.mentions) > 1:
                    continue  # "lock the front door for the night": a stray word of a name
                where = f" in the {lex.area_names[res.areas[0]].lower()}" if res.areas else ""
                reading = _READINGS.get(" ".join(m.words))
                out.problem = (
                    f"I have no {reading} reading{where}"
                    if reading and question
                    else f"I couldn't find {' '.join(m.words)}{where}"
                )
                continue
            if not res.areas and room and len(cands) > 1 and not res.house:
                # Said in a room, "the lights" are its lights; "in the house", all of them.
                here = [c for c in cands if _area_of(c, snapshot) == room]
                cands = here or cands
        if m.exact and not cands:  # "pause the telly in the bathroom": no telly there
            where = f" in the {lex.area_names[res.areas[0]].lower()}" if res.areas else ""
            out.problem = f"I couldn't find the {' '.join(m.words)}{where}"
            continue
        if len(cands) == 1 or m.exact:
            out.entity_ids += cands
        elif res.both:
            if len(cands) == 2:
                out.entity_ids += cands
            else:
                out.ambiguous = cands
        elif m.plural or res.scope_all or res.house:
            rooms = {_area_of(c, snapshot) for c in cands}
            if len(rooms) > 1 and not (res.scope_all or res.house or question or res.areas or room):
                out.ambiguous = cands  # "close the blinds" with no room: which ones?
            else:
                out.entity_ids += cands
        else:
            noun = next((w for w in reversed(m.words) if w in NOUNS), "")
            one_room = len({_area_of(c, snapshot) for c in cands}) == 1
            main = main_entity(cands, snapshot, lex, noun) if noun and one_room else None
            if main:
                out.entity_ids.append(main)
            else:
                out.ambiguous = cands
    if res.mentions:
        out.entity_ids = list(dict.fromkeys(out.entity_ids))
        return out
    if (res.unknown or res.unknown_device) and not res.pronoun:
        what = (res.unknown_device or res.unknown)[0]
        out.problem = f"I don't know a device called {what}"
        return out  # "turn on the kitchen sauna": never fall back to the room's lights
    if res.here and room and not res.areas and intent in ("increase", "decrease"):
        # "brighter in here": as "brighten the kitchen". Only a change of level: "too dark in
        # here" came as turn_off, and the room's lights must not go off on it.
        res = replace(res, areas=[room])
    if res.areas or (res.house and res.scope_all):
        return _by_area(intent, res, snapshot, out, question)
    usable = [e for e in last if e in snapshot.entities and _fits(e, intent, snapshot, question)]
    if usable and (res.pronoun or not res.unknown):
        out.entity_ids = usable
        return out
    known = [e for e in last if e in snapshot.entities]
    if res.pronoun and known and not usable:
        # "start the roomba" ... "send it back": not the room's speaker a track back
        out.problem = f"I can't do that with {names(known, snapshot)}"
        return out
    if res.unknown_device or res.unknown:
        what = (res.unknown_device or res.unknown)[0]
        out.problem = f"I don't know a device called {what}"
        return out
    domain = AREA_DEFAULT.get(intent)
    if domain and (intent in IMPLIED or res.scope_all):
        every = [e.entity_id for e in snapshot.in_domain(domain)]
        here = [e for e in every if _area_of(e, snapshot) == room]
        pool = every if res.scope_all else (here or every)
        if len(pool) == 1 or (res.scope_all and pool):
            out.entity_ids = pool
        elif pool:
            out.ambiguous = pool
    if not out.entity_ids and not out.ambiguous:
        out.problem = "which device do you mean"
        if not question:  # only an action waits for its device to be named
            out.open = [e for e in snapshot.entities if _fits(e, intent, snapshot, False)]
    return out


def _by_area(
    intent: str, res: Resolution, snapshot: HomeSnapshot, out: Choice, question: bool
) -> Choice:
    domain = AREA_DEFAULT.get(intent)
    if domain is None:
        out.problem = "what should I do there"
        return out
    # "switch everything off in the kitchen": whatever is switched there. Not on: "everything
    # on" would start the dryer and the car charger as well as the lights.
    domains = EVERYTHING_OFF if res.everything and intent == "turn_off" else {domain}
    areas = set(res.areas)
    out.entity_ids = [
        e.entity_id
        for e in snapshot.entities.values()
        if e.spec.domain in domains
        and (not areas or e.spec.area in areas)
        and _fits(e.entity_id, intent, snapshot, question)
    ]
    if not out.entity_ids:
        out.problem = "there's nothing like that there"
    return out


def which_one(cands: list[str], snapshot: HomeSnapshot) -> str:
    rooms = {snapshot.entities[c].spec.area for c in cands}
    if len(cands) > 4 and len(rooms) > 1:
        return "In which room?"
    return f"Which one do you mean: {names(cands, snapshot).replace(' and ', ' or ')}?"
