"""Climate devices drift toward their target; room and outdoor sensors follow physics."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hub.clock import FakeClock
from hub.core import IntegrationError
from integrations.virtual import VirtualHome
from tests.unit.integrations.virtual.virtual_fakes import FakeSink, call, loaded_home

AC = "climate.bedroom_ac"
THERMOSTAT = "climate.thermostat"


def current(sink: FakeSink, entity_id: str) -> float:
    value = sink.attr(entity_id, "current_temperature")
    assert isinstance(value, float)
    return value


async def test_initial_climate_attributes(home: VirtualHome) -> None:
    state, attrs = home.snapshot(THERMOSTAT)
    assert state == "heat"
    assert attrs["min_temp"] == 7 and attrs["max_temp"] == 30
    assert attrs["temperature"] == 20.0
    assert "cool" not in attrs["hvac_modes"]  # type: ignore[operator]
    assert home.snapshot(AC)[0] == "off"
    assert home.snapshot(AC)[1]["hvac_action"] == "off"


async def test_heating_drifts_up_to_target_then_idles(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "climate.set_temperature", THERMOSTAT, temperature=22)
    assert sink.attr(THERMOSTAT, "hvac_action") == "heating"
    assert sink.of(THERMOSTAT)[-1].call_id == "c1"
    start = current(sink, THERMOSTAT)
    home.step(1800)
    middle = current(sink, THERMOSTAT)
    assert start < middle < 22
    home.step(4 * 3600)
    assert 21.6 <= current(sink, THERMOSTAT) <= 22.4
    assert sink.attr(THERMOSTAT, "hvac_action") in {"idle", "heating"}
    # the drift is physics, not the call: those reports carry no call id
    assert sink.of(THERMOSTAT)[-1].call_id is None


async def test_cooling_and_hvac_modes(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "climate.set_temperature", AC, temperature=17, hvac_mode="cool")
    assert sink.state(AC) == "cool"
    assert sink.attr(AC, "hvac_action") == "cooling"
    assert home.watts(AC) > 500
    start = current(sink, AC)
    home.step(1800)
    assert current(sink, AC) < start - 1
    await call(home, "climate.set_hvac_mode", AC, hvac_mode="fan_only")
    assert sink.attr(AC, "hvac_action") == "fan"
    await call(home, "climate.turn_off", AC)
    assert (sink.state(AC), sink.attr(AC, "hvac_action")) == ("off", "off")
    await call(home, "climate.turn_on", AC)
    assert sink.state(AC) == "fan_only"  # the last mode comes back


async def test_climate_refuses_what_it_cannot_do(home: VirtualHome) -> None:
    with pytest.raises(IntegrationError, match="cannot do hvac mode 'cool'"):
        await call(home, "climate.set_hvac_mode", THERMOSTAT, hvac_mode="cool")
    with pytest.raises(IntegrationError, match="between 7 and 30"):
        await call(home, "climate.set_temperature", THERMOSTAT, temperature=45)


async def test_room_sensor_follows_its_climate_a_little(home: VirtualHome, sink: FakeSink) -> None:
    before = float(home.snapshot("sensor.bedroom_temperature")[0])
    await call(home, "climate.set_temperature", AC, temperature=16, hvac_mode="cool")
    home.step(2 * 3600)
    after = sink.number("sensor.bedroom_temperature")
    ac = current(sink, AC)
    assert after < before - 1  # the room cooled
    assert after > ac  # but not as far as the air at the unit


async def test_heating_off_lets_the_house_cool(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "climate.turn_off", THERMOSTAT)
    home.step(6 * 3600)
    assert current(sink, THERMOSTAT) < 19


async def test_outdoor_temperature_follows_the_time_of_day(sink: FakeSink) -> None:
    def outdoor_at(hour: int) -> float:
        clock = FakeClock(datetime(2025, 7, 1, hour, 0, tzinfo=ZoneInfo("Europe/Berlin")))
        return float(loaded_home(sink, clock).snapshot("sensor.outdoor_temperature")[0])

    dawn, afternoon = outdoor_at(4), outdoor_at(15)
    assert afternoon > dawn + 5
    assert 10 < dawn < 30 and 15 < afternoon < 35  # July, temperate


async def test_sensors_drift_slowly_and_stay_plausible(home: VirtualHome, sink: FakeSink) -> None:
    humidity = []
    for _ in range(48):
        home.step(1800)
        humidity.append(sink.number("sensor.bathroom_humidity"))
    assert all(30 <= h <= 80 for h in humidity)
    assert len(set(humidity)) > 3  # it moves
    steps = [abs(a - b) for a, b in itertools.pairwise(humidity)]
    assert max(steps) < 15  # but slowly


async def test_seed_makes_the_simulation_repeatable(clock: FakeClock) -> None:
    def run() -> list[tuple[str, str]]:
        sink = FakeSink()
        loaded_home(sink, clock, seed=42).step(3600)
        return [(r.entity_id, r.state) for r in sink.reports]

    assert run() == run()
