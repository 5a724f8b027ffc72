"""Energy alerts: long runs by kind and per device, standby draw, once per episode."""

from __future__ import annotations

from pathlib import Path

from hub.energy import DeviceAlerts, EnergyConfig

from .home import Home


async def test_space_heater_left_on_alerts_once_after_four_hours(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path) as tracker:
        home.set("switch.space_heater", "on")
        home.set("sensor.space_heater_power", "1500")
        home.run(tracker, 239)
        assert home.alerts == []
        home.run(tracker, 120)
        assert len(home.alerts) == 1
        data = home.alerts[0].data
        assert data["alert"] == "long_running"
        assert data["entity_id"] == "switch.space_heater"
        assert data["limit_minutes"] == 240
        assert str(data["message"]).startswith("The space heater has been drawing power for 4 h")


async def test_thermostat_pauses_do_not_end_a_run_but_a_long_stop_does(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path, long_run_minutes={"kettle": 30}) as tracker:
        home.set("switch.kettle", "on")
        for _ in range(4):  # 8 min on, 5 min off: one run of ~50 min
            home.set("sensor.kettle_power", "2000")
            home.run(tracker, 8)
            home.set("sensor.kettle_power", "0")
            home.run(tracker, 5)
        assert len(home.alerts) == 1
        home.run(tracker, 30)  # a real stop ends the episode
        home.set("sensor.kettle_power", "2000")
        home.run(tracker, 31)
        assert len(home.alerts) == 2


async def test_standby_draw_of_a_device_that_is_off(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path, standby_watts=5, standby_minutes=30) as tracker:
        home.set("sensor.dryer_power", "12")  # switch.dryer is off
        home.run(tracker, 29)
        assert home.alerts == []
        home.run(tracker, 60)
        assert [a.data["alert"] for a in home.alerts] == ["standby"]
        assert "is off but still drawing 12 W" in str(home.alerts[0].data["message"])
        home.set("switch.dryer", "on")  # on: not standby any more; off again: a new episode
        home.set("switch.dryer", "off")
        home.run(tracker, 31)
        assert len(home.alerts) == 2


async def test_devices_without_a_kind_or_disabled_raise_nothing(tmp_path: Path) -> None:
    home = Home()
    async with home.tracker(tmp_path, devices={"switch.dryer": {"enabled": False}}) as tracker:
        home.set("switch.ev_charger", "on")
        home.set("sensor.ev_charger_power", "7")
        home.set("sensor.dryer_power", "50")
        home.run(tracker, 12 * 60, step_s=600)
        assert home.alerts == []


def test_limits_by_kind_and_per_device() -> None:
    cfg = EnergyConfig(devices={"switch.lamp": DeviceAlerts(max_on_minutes=90)})
    assert cfg.long_run_limit("switch.space_heater", "Space heater") == 240
    assert cfg.long_run_limit("switch.plug_3", "Clothes iron") == 30
    assert cfg.long_run_limit("switch.lamp", "Lamp") == 90
    assert cfg.long_run_limit("switch.ev_charger", "Car charger") is None
    assert cfg.standby("switch.tv") == (5.0, 30)
