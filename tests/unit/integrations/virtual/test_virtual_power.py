"""Power on metered plugs and the house total: realistic profiles, steady cheap reporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import FakeClock
from integrations.virtual import VirtualConfig, VirtualHome
from tests.unit.integrations.virtual.virtual_fakes import FakeSink, call

HOUSE = "sensor.house_power"
MIN = 60.0


def energy_wh(
    home: VirtualHome, sink: FakeSink, sensor: str, seconds: float, dt: float = 10
) -> float:
    """Integrate the sensor's last reported reading over simulated time (left Riemann sum)."""
    total = 0.0
    for _ in range(round(seconds / dt)):
        total += sink.number(sensor) * dt / 3600
        home.step(dt)
    return total


async def test_initial_power_is_standby_and_a_base_load(home: VirtualHome, sink: FakeSink) -> None:
    for sensor in (
        "sensor.kettle_power",
        "sensor.washing_machine_power",
        "sensor.ev_charger_power",
    ):
        assert 0.2 <= sink.number(sensor) <= 3
        assert sink.attr(sensor, "unit_of_measurement") == "W"
        assert sink.attr(sensor, "device_class") == "power"
    assert 150 <= sink.number(HOUSE) <= 450


async def test_kettle_boils_at_2000_w_then_drops_but_stays_on(
    home: VirtualHome, sink: FakeSink
) -> None:
    await call(home, "switch.turn_on", "switch.kettle")
    assert 1950 <= sink.number("sensor.kettle_power") <= 2050
    assert sink.of("sensor.kettle_power")[-1].call_id is None  # sensors are the device's own
    home.step(4 * MIN)
    assert sink.number("sensor.kettle_power") < 2
    assert sink.state("switch.kettle") == "on"  # the plug stays on; the kettle clicked off


async def test_coffee_maker_heats_then_keeps_warm(home: VirtualHome, sink: FakeSink) -> None:
    home.press("switch.coffee_maker", "turn_on")
    home.step(MIN)
    assert 1100 <= sink.number("sensor.coffee_maker_power") <= 1300
    home.step(5 * MIN)
    assert 30 <= sink.number("sensor.coffee_maker_power") <= 50


async def test_washing_machine_runs_a_cycle(home: VirtualHome, sink: FakeSink) -> None:
    sensor = "sensor.washing_machine_power"
    await call(home, "switch.turn_on", "switch.washing_machine")
    home.step(5 * MIN)
    assert 1900 <= sink.number(sensor) <= 2100  # heating the water
    home.step(20 * MIN)
    assert 100 <= sink.number(sensor) <= 600  # washing
    home.step(35 * MIN)
    assert 300 <= sink.number(sensor) <= 700  # spinning
    home.step(15 * MIN)
    assert sink.number(sensor) < 3  # finished
    assert sink.state("switch.washing_machine") == "on"
    await call(home, "switch.turn_on", "switch.washing_machine")  # starts another wash
    home.step(MIN)
    assert sink.number(sensor) > 1900


async def test_wash_energy_is_realistic(home: VirtualHome, sink: FakeSink) -> None:
    home.press("switch.washing_machine", "turn_on")
    wh = energy_wh(home, sink, "sensor.washing_machine_power", 80 * MIN)
    assert 600 <= wh <= 900  # 0.5 + 0.2 + 0.08 kWh: a 40 °C wash


@pytest.mark.parametrize(
    ("switch", "sensor", "lo", "hi"),
    [
        ("switch.dryer", "sensor.dryer_power", 2300, 2700),
        ("switch.space_heater", "sensor.space_heater_power", 1400, 1600),
        ("switch.electric_blanket", "sensor.electric_blanket_power", 90, 110),
        ("switch.ev_charger", "sensor.ev_charger_power", 7300, 7500),
    ],
)
async def test_appliance_draw(
    home: VirtualHome, sink: FakeSink, switch: str, sensor: str, lo: float, hi: float
) -> None:
    await call(home, "switch.turn_on", switch)
    home.step(30)
    assert lo <= sink.number(sensor) <= hi
    await call(home, "switch.turn_off", switch)
    assert sink.number(sensor) < 3


async def test_space_heater_cycles_on_its_thermostat(home: VirtualHome, sink: FakeSink) -> None:
    home.press("switch.space_heater", "turn_on")
    seen = set()
    for _ in range(60):
        home.step(MIN)
        seen.add(sink.number("sensor.space_heater_power") > 1000)
    assert seen == {True, False}


async def test_house_total_adds_every_draw(home: VirtualHome, sink: FakeSink) -> None:
    base = sink.number(HOUSE)
    await call(home, "switch.turn_on", "switch.ev_charger")
    assert sink.number(HOUSE) - base > 7000
    with_ev = sink.number(HOUSE)
    await call(home, "light.turn_on", "light.living_room_ceiling", brightness=255)
    await call(home, "media_player.turn_on", "media_player.living_room_tv")
    assert sink.number(HOUSE) - with_ev > 100  # a 40 W ceiling light and a 95 W TV
    expected = sum(home.watts(e) for e in home.entity_ids())
    assert expected < sink.number(HOUSE) < expected + 400  # plus the base load


async def test_power_reported_on_change_and_every_30_s(home: VirtualHome, sink: FakeSink) -> None:
    home.press("switch.electric_blanket", "turn_on")
    sink.clear()
    for _ in range(10):
        home.step(10)
    times = len(sink.of("sensor.electric_blanket_power"))
    assert 3 <= times <= 10  # noise above 1 W, or the 30 s heartbeat
    home.press("switch.electric_blanket", "turn_off")
    sink.clear()
    for _ in range(12):
        home.step(5)
    # ~0.5 W standby barely moves: only the 30 s heartbeat reports it
    assert len(sink.of("sensor.electric_blanket_power")) == 2


async def test_unchanged_states_are_not_reported_again(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "light.turn_on", "light.kitchen", brightness=100)
    await call(home, "light.turn_on", "light.kitchen", brightness=100)
    assert len(sink.of("light.kitchen")) == 1
    sink.clear()
    home.step(1)
    reported = {r.entity_id for r in sink.reports}
    assert not any(e.startswith(("light.", "switch.", "cover.", "lock.")) for e in reported)


async def test_watts_hints_from_the_home_file(
    sink: FakeSink, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "entities:\n"
        "  - {id: switch.kettle, name: Kettle, power_sensor: sensor.kettle_power, watts: 3000,"
        " standby_watts: 1.5}\n"
        "  - {id: sensor.kettle_power, name: Kettle power, device_class: power, unit: W}\n"
        "  - {id: sensor.server_power, name: Server power, device_class: power, unit: W,"
        " watts: 55}\n"
        "  - {id: sensor.mains_power, name: Mains, device_class: power, unit: W}\n"
    )
    async with VirtualHome(VirtualConfig(home=path, seed=3), sink, clock) as home:
        assert 1.3 <= sink.number("sensor.kettle_power") <= 1.7
        assert sink.number("sensor.server_power") == 55
        await call(home, "switch.turn_on", "switch.kettle")
        assert 2900 <= sink.number("sensor.kettle_power") <= 3100
        assert sink.number("sensor.mains_power") > 3000
