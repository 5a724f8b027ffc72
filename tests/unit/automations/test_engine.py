"""The pure engine: each trigger kind, conditions, choose and delay, driven by direct calls."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from automations.conditions import check
from automations.engine import Call, Done, Engine, Tick, Wait, deferrable
from automations.schema import Automation, TimeCondition
from automations.sun import Location, next_sun_event, sun_event
from automations.triggers import time_fields, time_pattern_fields
from hub.core import (
    Entity,
    EntitySpec,
    EntityState,
    HomeSnapshot,
    HubEvent,
    Origin,
    ServiceCall,
    StateChanged,
)

TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 6, 16, 7, 0, tzinfo=TZ)  # a Monday
PARIS = Location(48.8566, 2.3522, TZ)


def auto(text: str) -> Automation:
    return Automation.model_validate(yaml.safe_load(text))


def home(**states: Any) -> HomeSnapshot:
    entities = {}
    for key, value in states.items():
        entity_id = key.replace("__", ".")
        state, changed = value if isinstance(value, tuple) else (value, NOW - timedelta(hours=1))
        area = "kitchen" if entity_id.startswith("light.") else None
        entities[entity_id] = Entity(
            EntitySpec(entity_id, entity_id, area), EntityState(str(state), {}, changed)
        )
    return HomeSnapshot({}, entities)


def change(entity_id: str, old: str | None, new: str, **attrs: Any) -> StateChanged:
    return StateChanged(NOW, entity_id, old, new, Origin.MANUAL, attrs)


def test_state_trigger_from_to_and_for() -> None:
    a = auto("""
id: door
trigger: {platform: state, entity_id: binary_sensor.door, from: "off", to: "on"}
action: {service: light.turn_on, entity_id: light.hall}
""")
    engine = Engine([a])
    snap = home(binary_sensor__door="on")
    assert [
        f.automation.id
        for f in engine.evaluate(change("binary_sensor.door", "off", "on"), snap, NOW)
    ] == ["door"]
    assert engine.evaluate(change("binary_sensor.door", "unavailable", "on"), snap, NOW) == []
    assert engine.evaluate(change("binary_sensor.door", None, "on"), snap, NOW) == []  # discovery
    held = Engine(
        [
            auto("""
id: held
trigger: {platform: state, entity_id: binary_sensor.door, to: "on", for: {minutes: 2}}
action: {delay: 1}
""")
        ]
    )
    (firing,) = held.evaluate(change("binary_sensor.door", "off", "on"), snap, NOW)
    assert firing.hold == timedelta(minutes=2)
    assert held.confirm(firing, snap, NOW)
    assert not held.confirm(firing, home(binary_sensor__door="off"), NOW)


def test_numeric_state_fires_on_crossing_only() -> None:
    engine = Engine(
        [
            auto("""
id: hot
trigger: {platform: numeric_state, entity_id: sensor.t, above: 25}
action: {service: fan.turn_on, entity_id: fan.x}
""")
        ]
    )
    snap = home(sensor__t="26")
    assert len(engine.evaluate(change("sensor.t", "24", "26"), snap, NOW)) == 1
    assert engine.evaluate(change("sensor.t", "26", "27"), snap, NOW) == []  # still above
    assert engine.evaluate(change("sensor.t", "27", "20"), snap, NOW) == []
    assert len(engine.evaluate(change("sensor.t", "20", "30"), snap, NOW)) == 1
    assert engine.evaluate(change("sensor.t", "30", "unknown"), snap, NOW) == []


def test_event_trigger_matches_kind_and_data() -> None:
    engine = Engine(
        [
            auto("""
id: btn
trigger: {trigger: event, event_type: button_pressed, event_data: {button: a}}
action: {service: light.toggle, entity_id: light.x}
""")
        ]
    )
    snap = home()
    assert engine.evaluate(HubEvent(NOW, "button_pressed", {"button": "b"}), snap, NOW) == []
    ev = HubEvent(NOW, "button_pressed", {"button": "a", "count": 2})
    assert len(engine.evaluate(ev, snap, NOW)) == 1


def test_timed_triggers_become_cron_fields_and_ticks_check_conditions() -> None:
    a = auto("""
id: coffee
trigger:
  - {platform: time, at: ["06:45", "07:30:15"], weekday: [mon, tue]}
  - {platform: time_pattern, minutes: "/15"}
  - {platform: time_pattern, hours: 7}
condition: {condition: state, entity_id: input_boolean.away, state: "off"}
action: {service: switch.turn_on, entity_id: switch.coffee}
""")
    fields = time_fields(a.trigger[0])  # type: ignore[arg-type]
    assert fields == [
        {"hour": "6", "minute": "45", "second": "0", "day_of_week": "mon,tue"},
        {"hour": "7", "minute": "30", "second": "15", "day_of_week": "mon,tue"},
    ]
    assert time_pattern_fields(a.trigger[1]) == {"hour": "*", "minute": "*/15", "second": "0"}  # type: ignore[arg-type]
    assert time_pattern_fields(a.trigger[2]) == {"hour": "7", "minute": "0", "second": "0"}  # type: ignore[arg-type]
    engine = Engine([a])
    tick = Tick("coffee", 0, NOW)
    assert len(engine.evaluate(tick, home(input_boolean__away="off"), NOW)) == 1
    assert engine.evaluate(tick, home(input_boolean__away="on"), NOW) == []


def test_sun_times_match_published_tables_and_next_event_has_offset() -> None:
    rise = sun_event(date(2025, 6, 21), "sunrise", PARIS)
    assert rise is not None and abs(rise - datetime(2025, 6, 21, 5, 47, tzinfo=TZ)) < timedelta(
        minutes=2
    )
    sydney = Location(-33.8688, 151.2093, ZoneInfo("Australia/Sydney"))
    dusk = sun_event(date(2025, 12, 21), "sunset", sydney)
    assert dusk is not None and (dusk.hour, dusk.minute // 10) == (20, 0)
    nxt = next_sun_event("sunset", NOW, PARIS, timedelta(minutes=-30))
    assert nxt is not None and nxt.date() == NOW.date() and 21 <= nxt.hour + 1 <= 23
    polar = Location(78.2, 15.6, ZoneInfo("Arctic/Longyearbyen"))
    assert sun_event(date(2025, 6, 21), "sunrise", polar) is None


def test_conditions_time_window_across_midnight_weekday_and_logic() -> None:
    c = TimeCondition.model_validate({"condition": "time", "after": "22:00", "before": "06:00"})
    snap = home()
    assert check(c, snap, NOW.replace(hour=23))
    assert check(c, snap, NOW.replace(hour=5))
    assert not check(c, snap, NOW.replace(hour=12))
    logic = auto("""
id: x
trigger: {platform: time, at: "07:00"}
condition:
  - condition: or
    conditions:
      - {condition: time, weekday: sat}
      - condition: not
        conditions: {condition: numeric_state, entity_id: sensor.t, below: 10}
  - {condition: state, entity_id: light.a, state: "on", for: "00:30:00"}
action: {delay: 1}
""")
    engine = Engine([logic])
    tick = Tick("x", 0, NOW)
    assert engine.evaluate(tick, home(sensor__t="12", light__a="on"), NOW)
    assert not engine.evaluate(tick, home(sensor__t="5", light__a="on"), NOW)  # Monday, cold
    recent = ("on", NOW - timedelta(minutes=5))
    assert not engine.evaluate(tick, home(sensor__t="12", light__a=recent), NOW)


def test_sun_condition_after_sunset_before_sunrise_is_the_night() -> None:
    night = Engine(
        [
            auto("""
id: n
trigger: {platform: time, at: "07:00"}
condition: {condition: sun, after: sunset, before: sunrise}
action: {delay: 1}
""")
        ],
        PARIS,
    )
    tick = Tick("n", 0, NOW)
    assert night.evaluate(tick, home(), NOW.replace(hour=23, minute=30))
    assert night.evaluate(tick, home(), NOW.replace(hour=3))
    assert not night.evaluate(tick, home(), NOW.replace(hour=14))


def test_steps_walk_one_effect_at_a_time_with_choose_and_condition() -> None:
    a = auto("""
id: s
trigger: {platform: time, at: "07:00"}
action:
  - {service: light.turn_on, target: {area_id: kitchen}, data: {brightness_pct: 30}}
  - delay: 90
  - choose:
      - conditions: [{condition: state, entity_id: switch.coffee, state: "on"}]
        sequence: [{service: switch.turn_off, entity_id: switch.coffee}]
    default: [{condition: state, entity_id: switch.coffee, state: "on"}]
  - {action: light.turn_off, entity_id: light.a}
""")
    engine = Engine([a])
    snap = home(light__a="off", light__b="off", switch__coffee="on")
    first = engine.step(a.action, snap, NOW)
    assert isinstance(first, Call)
    assert first.call == ServiceCall(
        "light.turn_on", ("light.a", "light.b"), {"brightness_pct": 30}
    )
    wait = engine.step(first.rest, snap, NOW)
    assert isinstance(wait, Wait) and wait.delay == timedelta(seconds=90)
    assert deferrable(wait.delay, wait.rest, snap) is None  # a choose must be decided later
    then = engine.step(wait.rest, snap, NOW)
    assert isinstance(then, Call) and then.call.service == "switch.turn_off"
    off = home(light__a="off", switch__coffee="off")
    assert engine.step(wait.rest, off, NOW) == Done(stopped=True)  # default: condition fails


def test_a_tail_of_calls_and_delays_is_deferrable_with_summed_delays() -> None:
    a = auto("""
id: t
trigger: {platform: time, at: "07:00"}
action:
  - {service: light.turn_on, entity_id: light.a}
  - delay: {minutes: 5}
  - {service: light.turn_off, entity_id: light.a}
  - delay: "00:01:00"
  - {service: switch.turn_off, entity_id: switch.b}
""")
    engine = Engine([a])
    snap = home()
    first = engine.step(a.action, snap, NOW)
    assert isinstance(first, Call)
    wait = engine.step(first.rest, snap, NOW)
    assert isinstance(wait, Wait)
    tail = deferrable(wait.delay, wait.rest, snap)
    assert tail is not None and [(c.service, c.delay_s) for c in tail] == [
        ("light.turn_off", 300.0),
        ("switch.turn_off", 360.0),
    ]
