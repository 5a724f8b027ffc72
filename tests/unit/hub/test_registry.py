"""The registry: state, change detection, availability, snapshots and origin attribution."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from hub.core import UNAVAILABLE, Area, EntitySpec, Origin, StateChanged

from .fakes import collect, make_home


def changes(events: Sequence[object]) -> list[StateChanged]:
    return [e for e in events if isinstance(e, StateChanged)]


def test_report_publishes_only_real_changes_and_merges_attributes() -> None:
    bus, _, reg = make_home()
    seen = collect(bus)
    reg.report_state("light.kitchen", "on", {"brightness": 100})
    reg.report_state("light.kitchen", "on", {"brightness": 100})  # nothing new
    reg.report_state("light.kitchen", "on", {"color_temp_kelvin": 3000})  # attributes only
    reg.report_state("light.kitchen", "on")
    got = changes(seen)
    assert [(e.old_state, e.new_state) for e in got] == [("off", "on"), ("on", "on")]
    entity = reg.get("light.kitchen")
    assert entity is not None
    assert dict(entity.state.attributes) == {"brightness": 100, "color_temp_kelvin": 3000}
    assert dict(got[1].attributes) == {"brightness": 100, "color_temp_kelvin": 3000}
    assert dict(got[0].attributes) == {"brightness": 100}  # earlier events are not mutated


def test_last_changed_moves_with_the_state_not_with_attributes() -> None:
    _, clock, reg = make_home()
    clock.advance(60)
    reg.report_state("light.kitchen", "on")
    on_at = clock.now()
    clock.advance(60)
    reg.report_state("light.kitchen", "on", {"brightness": 10})
    entity = reg.get("light.kitchen")
    assert entity is not None and entity.state.last_changed == on_at


def test_changes_the_hub_did_not_cause_are_manual_and_sensors_are_sensor() -> None:
    bus, _, reg = make_home()
    seen = collect(bus)
    reg.report_state("switch.coffee", "on")
    reg.report_state("sensor.kitchen_temp", "21.0")
    reg.report_state("binary_sensor.door", "on")
    assert [(e.entity_id, e.origin) for e in changes(seen)] == [
        ("switch.coffee", Origin.MANUAL),
        ("sensor.kitchen_temp", Origin.SENSOR),
        ("binary_sensor.door", Origin.SENSOR),
    ]
    assert all(e.service is None and e.call_id is None for e in changes(seen))


def test_expected_changes_get_the_calls_origin_until_the_window_closes() -> None:
    bus, clock, reg = make_home()
    seen = collect(bus)
    reg.expect("c1", ["light.kitchen"], Origin.VOICE, "light.turn_on", window_s=10)
    clock.advance(3)
    reg.report_state("light.kitchen", "on")  # an untagged report inside the window
    clock.advance(20)
    reg.report_state("light.kitchen", "off")  # later: a person at the switch
    got = changes(seen)
    assert (got[0].origin, got[0].service, got[0].call_id) == (Origin.VOICE, "light.turn_on", "c1")
    assert (got[1].origin, got[1].service, got[1].call_id) == (Origin.MANUAL, None, None)


def test_tagged_reports_follow_their_call_and_other_entities_stay_manual() -> None:
    bus, _, reg = make_home()
    seen = collect(bus)
    reg.expect("c2", ["light.kitchen"], Origin.AUTOMATION, "light.turn_on")
    reg.report_state("light.kitchen", "on", call_id="c2")
    reg.report_state("switch.coffee", "on")  # not part of the call
    reg.report_state("light.living", "on", call_id="gone")  # a call the registry forgot
    got = changes(seen)
    assert [(e.origin, e.call_id) for e in got] == [
        (Origin.AUTOMATION, "c2"),
        (Origin.MANUAL, None),
        (Origin.HUB, "gone"),
    ]


def test_availability_goes_unavailable_and_back_to_the_last_state() -> None:
    bus, _, reg = make_home()
    reg.report_state("light.kitchen", "on")
    seen = collect(bus)
    reg.set_available("light.kitchen", False)
    reg.set_available("light.kitchen", False)  # no news
    entity = reg.get("light.kitchen")
    assert entity is not None and entity.state.state == UNAVAILABLE
    assert not entity.state.available
    reg.set_available("light.kitchen", True)
    entity = reg.get("light.kitchen")
    assert entity is not None and (entity.state.state, entity.state.available) == ("on", True)
    assert [(e.old_state, e.new_state, e.origin) for e in changes(seen)] == [
        ("on", UNAVAILABLE, Origin.SENSOR),
        (UNAVAILABLE, "on", Origin.SENSOR),
    ]


def test_a_report_from_an_unavailable_device_makes_it_available() -> None:
    _, _, reg = make_home()
    reg.set_available("switch.coffee", False)
    reg.report_state("switch.coffee", "on")
    entity = reg.get("switch.coffee")
    assert entity is not None and entity.state.available and entity.state.state == "on"


def test_snapshot_is_cached_until_a_change_and_is_read_only() -> None:
    _, _, reg = make_home()
    first = reg.snapshot()
    assert reg.snapshot() is first
    reg.report_state("light.kitchen", "off")  # no change: cache kept
    assert reg.snapshot() is first
    reg.report_state("light.kitchen", "on")
    second = reg.snapshot()
    assert second is not first
    assert first.entities["light.kitchen"].state.state == "off"  # old view unchanged
    assert second.entities["light.kitchen"].state.state == "on"
    assert [e.entity_id for e in second.in_area("kitchen")] == [
        "light.kitchen",
        "switch.coffee",
        "sensor.kitchen_temp",
    ]
    with pytest.raises(TypeError):
        second.entities["x"] = second.entities["light.kitchen"]  # type: ignore[index]


def test_areas_entities_upsert_and_remove() -> None:
    bus, clock, reg = make_home()
    seen = collect(bus)
    reg.upsert_area(Area("garage", "Garage"))
    reg.upsert_entity(EntitySpec("light.garage", "Garage light", "garage"))
    assert {a.id for a in reg.areas()} == {"kitchen", "garage"}
    new = changes(seen)
    assert [(e.entity_id, e.old_state, e.origin) for e in new] == [
        ("light.garage", None, Origin.HUB)
    ]
    reg.remove_entity("light.garage")
    assert reg.get("light.garage") is None
    assert "light.garage" not in reg.snapshot().entities
    reg.report_state("light.garage", "on")  # unknown now: ignored, no crash
    assert len(changes(seen)) == 1
    assert len(reg.entities()) == 7
    clock.advance(1)
    entity = reg.get("light.kitchen")
    assert entity is not None and entity.state.last_changed == clock.now() - timedelta(seconds=1)


def test_a_tagged_answer_ends_the_window_so_a_later_hand_is_manual() -> None:
    bus, clock, reg = make_home()
    seen = collect(bus)
    reg.expect("c3", ["switch.coffee"], Origin.VOICE, "switch.turn_off")
    reg.report_state("switch.coffee", "off", call_id="c3")  # already off: no change
    clock.advance(2)
    reg.report_state("switch.coffee", "on")  # a person, inside the 10 s window
    assert [(e.origin, e.service) for e in changes(seen)] == [(Origin.MANUAL, None)]


def test_a_devices_own_readings_are_sensor_not_manual() -> None:
    from hub.bus import Bus
    from hub.clock import FakeClock
    from hub.core import EntitySpec, EntityState, Origin, StateChanged
    from hub.registry import Registry

    bus = Bus()
    seen: list[StateChanged] = []
    bus.add_listener(lambda e: seen.append(e) if isinstance(e, StateChanged) else None)
    reg = Registry(bus, FakeClock())
    spec = EntitySpec("climate.thermostat", "Thermostat", features=frozenset({"temperature"}))
    reg.upsert_entity(spec, EntityState("heat", {"temperature": 20, "current_temperature": 18}))
    seen.clear()
    reg.report_state("climate.thermostat", "heat", {"current_temperature": 18.5})
    reg.report_state("climate.thermostat", "heat", {"temperature": 22})
    assert [e.origin for e in seen] == [Origin.SENSOR, Origin.MANUAL]


def test_an_id_claimed_by_two_integrations_stays_with_the_first(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from hub.bus import Bus
    from hub.clock import FakeClock
    from hub.core import EntitySpec
    from hub.registry import Registry

    reg = Registry(Bus(), FakeClock())
    reg.upsert_entity(EntitySpec("light.kitchen", "Kitchen", integration="virtual"))
    for _ in range(2):
        reg.upsert_entity(EntitySpec("light.kitchen", "Kitchen HA", integration="homeassistant"))
    entity = reg.get("light.kitchen")
    assert entity is not None and entity.spec.integration == "virtual"
    assert sum("announced by both" in r.message for r in caplog.records) == 1
