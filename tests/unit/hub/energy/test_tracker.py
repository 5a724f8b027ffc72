"""EnergyTracker through the real bus and registry: totals, restarts, periods, rankings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from hub.core import Question

from .home import ZONE, Home


async def test_steady_load_with_no_new_readings_is_counted(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.space_heater_power", "2000")
        home.run(tracker, 180)  # three quiet hours: the registry publishes nothing
        now = home.clock.now()
        assert await tracker.store.energy("switch.space_heater", "today", now) == pytest.approx(6.0)
        assert await tracker.store.energy("sensor.space_heater_power", "today", now) == (
            pytest.approx(6.0)
        )
        assert tracker.store.power_now("switch.space_heater") == 2000


async def test_kw_sensor_and_ranking(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.ev_charger_power", "7.2")  # kW
        home.set("sensor.dryer_power", "2400")
        home.run(tracker, 60)
        home.set("sensor.dryer_power", "0")
        home.run(tracker, 60)
        ranking = await tracker.store.ranking("today", home.clock.now())
        assert ranking[:2] == [
            ("switch.ev_charger", pytest.approx(14.4)),
            ("switch.dryer", pytest.approx(2.4)),
        ]
        assert await tracker.store.house("today", home.clock.now()) == pytest.approx(16.8)


async def test_house_meter_is_used_when_present(tmp_path: Path) -> None:
    home = Home(house=True)
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.house_power", "3000")
        home.set("sensor.kettle_power", "2000")
        home.run(tracker, 30)
        now = home.clock.now()
        assert await tracker.store.house("today", now) == pytest.approx(1.5)
        assert [d for d, _ in await tracker.store.ranking("today", now)] == ["switch.kettle"]
        assert tracker.store.house_power_now() == 3000


async def test_restart_neither_loses_nor_double_counts(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.dryer_power", "1200")
        home.run(tracker, 30)
    # The hub is down for 5 minutes while the dryer keeps running (within the hold limit).
    home.clock.advance(300)
    async with home.tracker(tmp_path) as tracker:
        home.run(tracker, 25)
        assert await tracker.store.energy("switch.dryer", "today", home.clock.now()) == (
            pytest.approx(1.2)
        )
        assert tracker.totals()["switch.dryer"] == pytest.approx(1.2)


async def test_a_long_outage_is_not_invented(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path, max_hold_minutes=10) as tracker:
        home.set("sensor.dryer_power", "1200")
        home.run(tracker, 60)
    home.clock.advance(6 * 3600)
    async with home.tracker(tmp_path, max_hold_minutes=10) as tracker:
        home.set("sensor.dryer_power", "0")
        total = await tracker.store.energy("switch.dryer", "today", home.clock.now())
        assert total == pytest.approx(1.2 + 1.2 / 6)  # one hour + 10 minutes held


async def test_unavailable_sensor_stops_counting(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.dryer_power", "1000")
        home.run(tracker, 30)
        home.registry.set_available("sensor.dryer_power", False)
        home.run(tracker, 120)
        assert tracker.store.power_now("switch.dryer") is None
        home.set("sensor.dryer_power", "0")
        home.run(tracker, 10)
        assert await tracker.store.energy("switch.dryer", "today", home.clock.now()) == (
            pytest.approx(0.5)
        )


async def test_energy_counter_and_meter_reset(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        for value in ("1000.0", "1002.5", "0.5", "1.0"):
            home.set("sensor.grid_energy", value)
            home.run(tracker, 60)
        total = await tracker.store.energy("sensor.grid_energy", "today", home.clock.now())
        assert total == pytest.approx(3.5)


async def test_midnight_splits_today_and_yesterday(tmp_path: Path) -> None:
    home = Home(start=datetime(2025, 1, 6, 23, 0, tzinfo=ZONE))
    async with home.tracker(tmp_path, flush_interval_s=1) as tracker:
        home.set("sensor.space_heater_power", "1000")
        home.run(tracker, 120)  # 23:00 -> 01:00
        await tracker.store.flush()
        now = home.clock.now()
        assert await tracker.store.energy("switch.space_heater", "yesterday", now) == (
            pytest.approx(1.0)
        )
        assert await tracker.store.energy("switch.space_heater", "today", now) == (
            pytest.approx(1.0)
        )
        hours = await tracker.store.hourly("switch.space_heater", date(2025, 1, 7))
        assert [(h.hour, round(k, 6)) for h, k in hours] == [(0, 1.0)]
        assert await tracker.store.energy("switch.space_heater", "this_week", now) == (
            pytest.approx(2.0)
        )


async def test_fall_back_day_counts_25_hours(tmp_path: Path) -> None:
    home = Home(start=datetime(2025, 10, 26, 0, 0, tzinfo=ZONE))
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.space_heater_power", "1000")
        home.run(tracker, 25 * 60, step_s=300)
        totals = await tracker.store.totals(date(2025, 10, 26), date(2025, 10, 26))
        assert totals["sensor.space_heater_power"] == pytest.approx(25.0)


async def test_answers_to_the_planners_questions(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.dryer_power", "2400")
        home.set("sensor.ev_charger_power", "7")
        home.run(tracker, 120)
        power = Question("power", ("switch.dryer",))
        assert await tracker.answer(power) == "The dryer is using 2.4 kW right now."
        energy = Question("energy", ("sensor.dryer_power",), "today")
        assert await tracker.answer(energy) == "The dryer used 4.8 kWh today."
        most = await tracker.answer(Question("energy", (), "today"))
        assert most.startswith("The car charger used the most today: 14.0 kWh.")
        house = await tracker.answer(Question("energy", ("sensor.house_power",), "today"))
        assert house == "The house used 18.8 kWh today."
