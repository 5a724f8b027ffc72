"""A feeling said alone ("it's freezing in here"): the room's reading and one thing offered."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from hub.answers import LiveAnswerer
from hub.core import Entity, EntityState, HomeSnapshot, Plan
from intents import Planner
from intents.comfort import Felt, felt

NOW = datetime(2024, 5, 1, 15, 0)


def say(planner: Planner, snap: HomeSnapshot, text: str, area: str | None = None) -> Plan:
    return planner.plan(text, snap, area, "s", NOW)


def rows(plan: Plan) -> set[tuple[str, str, bool]]:
    return {(c.service, e, c.confirm) for c in plan.calls for e in c.entity_ids}


def with_states(snap: HomeSnapshot, **states: EntityState) -> HomeSnapshot:
    """The home with some entities' states set (entity ids with "__" for ".")."""
    entities = dict(snap.entities)
    for key, state in states.items():
        eid = key.replace("__", ".")
        entities[eid] = Entity(snap.entities[eid].spec, state)
    return replace(snap, entities=entities)


@pytest.mark.parametrize(
    ("text", "kind", "way", "area"),
    [
        ("it's freezing in here", "warmth", 1, None),
        ("brr, it's a bit chilly", "warmth", 1, None),
        ("I'm cold", "warmth", 1, None),
        ("it's really cold in the bedroom", "warmth", 1, "bedroom"),
        ("it's a bit cool in here", "warmth", 1, None),
        ("I'm boiling", "warmth", -1, None),
        ("boiling", "warmth", -1, None),
        ("too dark in here", None, 0, None),  # asks for light: done (test_planner)
        ("cool", None, 0, None),
        ("oh it's freezing", "warmth", 1, None),  # an exclamation without its comma
        ("it's dim in here", "light", 1, None),  # had been read as "dim the lights in here"
        ("dim", None, 0, None),  # asks to dim
        ("it's so stuffy in the office", "warmth", -1, "office"),
        ("it's dark in here", "light", 1, None),
        ("I can't see a thing", "light", 1, None),
        ("it's way too bright", "light", -1, None),
        ("it's too loud", "sound", -1, None),
        ("I can't hear the telly", None, 0, None),  # names a thing: a request, not a feeling
        ("I can't hear a thing", "sound", 1, None),
        ("it's quiet in here", None, 0, None),  # often said happily
        ("it's cold outside", None, 0, None),  # about no room of the home
        ("it's cold in the sauna", None, 0, None),  # no such room
        ("it's too hot in the nursery", "warmth", -1, "kids_room"),  # what households call it
        ("it's freezing in the kitchen light", None, 0, None),  # no room
        ("it's a cold day", None, 0, None),
        ("it's cold, turn on the heater", None, 0, None),  # a remark and a command
    ],
)
def test_what_a_feeling_says(
    planner: Planner, snapshot: HomeSnapshot, text: str, kind: str | None, way: int,
    area: str | None,
) -> None:  # fmt: skip
    from intents.lexicon import build_lexicon
    from intents.text import normalize

    got = felt(normalize(text), planner._area_of(build_lexicon(snapshot)))
    assert got == (Felt(kind, way, area) if kind else None), text  # type: ignore[arg-type]


def test_cold_offers_the_rooms_heater_and_yes_turns_it_on(
    planner: Planner, snapshot: HomeSnapshot
) -> None:
    """ "it's freezing in here" had been "I don't know a device called freezing."."""
    plan = say(planner, snapshot, "it's freezing in here", "office")
    assert rows(plan) == {("switch.turn_on", "switch.space_heater", True)}
    assert plan.reply == "Do you want me to turn on the space heater?"
    done = say(planner, snapshot, "yes", "office")
    assert rows(done) == {("switch.turn_on", "switch.space_heater", False)}


def test_no_does_nothing(planner: Planner, snapshot: HomeSnapshot) -> None:
    assert say(planner, snapshot, "I'm cold", "office").calls
    plan = say(planner, snapshot, "no thanks", "office")
    assert not plan.calls and plan.reply == "OK, I won't."


def test_cold_says_the_reading_and_turns_the_heating_up_a_degree(
    planner: Planner, snapshot: HomeSnapshot
) -> None:
    home = with_states(
        snapshot,
        sensor__living_room_temperature=EntityState("17.5"),
        climate__thermostat=EntityState("heat", {"temperature": 20.0}),
    )
    plan = say(planner, home, "it's cold", "living_room")
    assert [(c.service, c.entity_ids, dict(c.data), c.confirm) for c in plan.calls] == [
        ("climate.set_temperature", ("climate.thermostat",), {"temperature": 21.0}, True)
    ]
    assert plan.reply == (
        "The Living room temperature is 17.5 °C. Do you want me to set the thermostat to 21 degrees?"
    )
    assert [q.entity_ids for q in plan.asks] == [("sensor.living_room_temperature",)]


def test_with_no_thermometer_the_thermostat_tells_the_temperature(
    planner: Planner, snapshot: HomeSnapshot
) -> None:
    """The hallway has no temperature sensor: the thermostat there reports the room's."""
    home = with_states(
        snapshot,
        climate__thermostat=EntityState("heat", {"temperature": 20.0, "current_temperature": 18.5}),
    )
    plan = say(planner, home, "I'm freezing", "hallway")
    assert [q.entity_ids for q in plan.asks] == [("climate.thermostat",)]
    assert plan.reply.endswith(" Do you want me to set the thermostat to 21 degrees?")
    assert LiveAnswerer()(plan.asks[0], home) == (  # as the daemon answers it
        "The thermostat is set to heat at 20 degrees, and it is 18.5 degrees."
    )
    assert not say(planner, snapshot, "I'm freezing", "hallway").asks  # nothing reported


def test_hot_offers_a_fan_or_turns_a_heater_off(planner: Planner, snapshot: HomeSnapshot) -> None:
    assert rows(say(planner, snapshot, "I'm boiling", "bedroom")) == {
        ("fan.turn_on", "fan.bedroom_fan", True)
    }
    heating = with_states(snapshot, switch__space_heater=EntityState("on"))
    assert rows(say(planner, heating, "it's too hot in the office")) == {
        ("switch.turn_off", "switch.space_heater", True)
    }


def test_too_loud_turns_down_only_what_plays(planner: Planner, snapshot: HomeSnapshot) -> None:
    plan = say(planner, snapshot, "it's way too loud", "living_room")
    assert not plan.calls and plan.reply == "Nothing is playing here."
    playing = with_states(snapshot, media_player__living_room_tv=EntityState("playing"))
    assert rows(say(planner, playing, "it's way too loud", "living_room")) == {
        ("media_player.volume_down", "media_player.living_room_tv", True)
    }


def test_too_bright_dims_the_lights_that_are_on(planner: Planner, snapshot: HomeSnapshot) -> None:
    lit = with_states(snapshot, light__floor_lamp=EntityState("on", {"brightness": 255}))
    plan = say(planner, lit, "it's too bright in here", "living_room")
    assert rows(plan) == {("light.turn_on", "light.floor_lamp", True)}
    assert plan.calls[0].data["brightness_step_pct"] == -20.0
    dark = say(planner, snapshot, "it's dark in here", "living_room")
    assert rows(dark) == {
        ("light.turn_on", e, True)
        for e in ("light.living_room_ceiling", "light.floor_lamp", "light.tv_backlight")
    }


def test_a_feeling_with_a_command_is_a_remark(planner: Planner, snapshot: HomeSnapshot) -> None:
    plan = say(planner, snapshot, "it's freezing, turn on the space heater", "office")
    assert rows(plan) == {("switch.turn_on", "switch.space_heater", False)}


def test_nowhere_known(planner: Planner, snapshot: HomeSnapshot) -> None:
    plan = say(planner, snapshot, "it's too dark")
    assert not plan.calls and plan.reply == "Sorry, I don't know which room you're in."
