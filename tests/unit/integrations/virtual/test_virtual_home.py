"""The integration as the hub sees it: registration, calls, manual presses, errors, the tick."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from hub.clock import FakeClock
from hub.core import ConfigError, Integration, IntegrationError, ServiceCall
from integrations.virtual import REFERENCE_HOME, VirtualConfig, VirtualHome, load_home
from tests.unit.integrations.virtual.virtual_fakes import FakeSink, call


async def test_enter_registers_every_area_and_entity(sink: FakeSink, clock: FakeClock) -> None:
    reference = load_home(REFERENCE_HOME)
    async with VirtualHome(VirtualConfig(), sink, clock) as home:
        assert home.name == "virtual"
        assert set(sink.areas) == {a.id for a in reference.areas}
        assert set(sink.specs) == {e.entity_id for e in reference.entities}
        assert all(s.integration == "virtual" for s in sink.specs.values())
        assert all(st.last_changed == clock.now() for st in sink.states.values())


async def test_initial_states_look_like_home_assistant(home: VirtualHome, sink: FakeSink) -> None:
    expect = {
        "light.kitchen": "off",
        "switch.kettle": "off",
        "fan.bedroom_fan": "off",
        "cover.living_room_blinds": "closed",
        "lock.front_door": "locked",
        "alarm_control_panel.home_alarm": "disarmed",
        "media_player.living_room_tv": "off",
        "media_player.kitchen_speaker": "idle",
        "vacuum.robot": "docked",
        "scene.movie_night": "unknown",
        "binary_sensor.front_door_contact": "off",
    }
    assert {e: sink.state(e) for e in expect} == expect
    assert sink.attr("light.floor_lamp", "supported_color_modes") == ["hs"]
    assert sink.attr("light.floor_lamp", "brightness") is None
    assert sink.attr("cover.living_room_blinds", "current_position") == 0
    assert sink.attr("media_player.kitchen_speaker", "volume_level") == 0.3
    assert sink.attr("sensor.living_room_temperature", "unit_of_measurement") == "°C"
    assert 15 <= sink.number("sensor.living_room_temperature") <= 24
    assert 30 <= sink.number("sensor.bathroom_humidity") <= 80
    assert isinstance(sink.attr("climate.thermostat", "current_temperature"), float)


async def test_it_is_an_integration(home: VirtualHome) -> None:
    integration: Integration = home
    assert integration.name == "virtual"


async def test_press_reports_with_no_call_id(home: VirtualHome, sink: FakeSink) -> None:
    home.press("light.hallway", "turn_on", {"brightness_pct": 50})
    home.press("lock.back_door", "lock.unlock")
    home.step(5)
    assert [r.call_id for r in sink.of("light.hallway")] == [None]
    assert [(r.state, r.call_id) for r in sink.of("lock.back_door")] == [
        ("unlocking", None), ("unlocked", None),
    ]  # fmt: skip
    home.press("binary_sensor.hallway_motion", "turn_on")
    assert sink.state("binary_sensor.hallway_motion") == "on"


async def test_reports_carry_the_clock_time(
    home: VirtualHome, sink: FakeSink, clock: FakeClock
) -> None:
    clock.advance(90)
    await call(home, "switch.turn_on", "switch.christmas_tree")
    assert sink.of("switch.christmas_tree")[0].ts == clock.now()


async def test_call_on_several_entities(home: VirtualHome, sink: FakeSink) -> None:
    lights = ("light.bedside_left", "light.bedside_right")
    await home.call(ServiceCall("light.turn_on", lights, {"color_name": "blue"}), "c7")
    assert [sink.state(e) for e in lights] == ["on", "on"]
    assert {r.call_id for r in sink.reports if r.entity_id in lights} == {"c7"}


@pytest.mark.parametrize(
    ("service", "entity_id", "message"),
    [
        ("light.turn_on", "light.attic", "no entity light.attic"),
        ("light.open_cover", "light.kitchen", "has no service light.open_cover"),
        ("light.fly", "light.kitchen", "has no service light.fly"),
        ("switch.turn_on", "light.kitchen", "cannot act on light.kitchen"),
        ("lights", "light.kitchen", "domain.service"),
        ("sensor.turn_on", "sensor.house_power", "has no service sensor.turn_on"),
    ],
)
async def test_bad_calls_raise_integration_error(
    home: VirtualHome, sink: FakeSink, service: str, entity_id: str, message: str
) -> None:
    with pytest.raises(IntegrationError, match=message):
        await call(home, service, entity_id)
    assert sink.reports == []


async def test_nothing_changes_when_one_entity_of_a_call_is_unknown(
    home: VirtualHome, sink: FakeSink
) -> None:
    with pytest.raises(IntegrationError):
        await home.call(ServiceCall("light.turn_on", ("light.kitchen", "light.nope"), {}), "c1")
    assert sink.state("light.kitchen") == "off"


async def test_missing_home_file_is_a_config_error(
    sink: FakeSink, clock: FakeClock, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="cannot read home file"):
        async with VirtualHome(VirtualConfig(home=tmp_path / "nope.yaml"), sink, clock):
            pass


async def test_step_rejects_negative_time(home: VirtualHome) -> None:
    with pytest.raises(ValueError, match="back in time"):
        home.step(-1)


async def test_tick_task_applies_the_speed_factor(sink: FakeSink, clock: FakeClock) -> None:
    config = VirtualConfig(speed=60, tick_s=0.01, seed=1)
    async with VirtualHome(config, sink, clock) as home:
        assert any(t.get_name() == "virtual.tick" for t in asyncio.all_tasks())
        await call(home, "cover.open_cover", "cover.living_room_blinds")
        clock.advance(0.1)  # 6 simulated seconds of an 18 s travel
        for _ in range(200):
            await asyncio.sleep(0.01)
            if sink.attr("cover.living_room_blinds", "current_position") != 0:
                break
        assert sink.attr("cover.living_room_blinds", "current_position") == 33
        assert home.sim_time == pytest.approx(6.0)
        clock.advance(0.25)  # 15 s more: done
        for _ in range(200):
            await asyncio.sleep(0.01)
            if sink.state("cover.living_room_blinds") == "open":
                break
        assert sink.state("cover.living_room_blinds") == "open"


async def test_exit_stops_the_tick_task_quickly(sink: FakeSink, clock: FakeClock) -> None:
    home = VirtualHome(VirtualConfig(tick_s=30), sink, clock)
    async with home:
        await asyncio.sleep(0)
        started = time.monotonic()
    assert time.monotonic() - started < 1.0
    assert not any(t.get_name() == "virtual.tick" for t in asyncio.all_tasks())


async def test_tick_survives_a_failing_step(
    sink: FakeSink,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with VirtualHome(VirtualConfig(tick_s=0.01), sink, clock) as home:
        calls = []

        def broken(seconds: float) -> None:
            calls.append(seconds)
            raise RuntimeError("boom")

        monkeypatch.setattr(home, "step", broken)
        await asyncio.sleep(0.1)
        assert len(calls) > 2
        assert caplog.text.count("virtual home step failed") == 1
