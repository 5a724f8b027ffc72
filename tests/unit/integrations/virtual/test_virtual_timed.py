"""Devices that take time: covers, locks, the alarm, the vacuum, and media playback."""

from __future__ import annotations

import pytest

from hub.core import IntegrationError
from integrations.virtual import VirtualHome
from tests.unit.integrations.virtual.virtual_fakes import FakeSink, call

BLINDS = "cover.living_room_blinds"


async def test_cover_opens_over_time_and_reports_each_tick(
    home: VirtualHome, sink: FakeSink
) -> None:
    await call(home, "cover.open_cover", BLINDS)
    assert sink.state(BLINDS) == "opening"
    positions = []
    for _ in range(8):
        home.step(1.0)
        positions.append(sink.num_attr(BLINDS, "current_position"))
    assert positions == sorted(positions) and len(set(positions)) == 8  # moves every tick
    assert sink.state(BLINDS) == "opening"
    home.step(12.0)
    assert sink.state(BLINDS) == "open"
    assert sink.attr(BLINDS, "current_position") == 100
    # every report of the movement answers the call
    assert {r.call_id for r in sink.of(BLINDS)} == {"c1"}
    home.step(5.0)
    assert len(sink.of(BLINDS)) == 10  # nothing new once still


async def test_cover_full_travel_takes_15_to_20_seconds(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "cover.open_cover", BLINDS)
    home.step(14.0)
    assert sink.state(BLINDS) == "opening"
    home.step(6.0)
    assert sink.state(BLINDS) == "open"


async def test_cover_stop_and_set_position(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "cover.open_cover", BLINDS)
    home.step(9.0)
    await call(home, "cover.stop_cover", BLINDS)
    assert sink.state(BLINDS) == "open"
    assert sink.attr(BLINDS, "current_position") == 50
    home.step(10.0)
    assert sink.attr(BLINDS, "current_position") == 50
    await call(home, "cover.set_cover_position", BLINDS, position=20)
    assert sink.state(BLINDS) == "closing"
    home.step(30.0)
    assert (sink.state(BLINDS), sink.attr(BLINDS, "current_position")) == ("open", 20)
    await call(home, "cover.close_cover", BLINDS)
    home.step(30.0)
    assert (sink.state(BLINDS), sink.attr(BLINDS, "current_position")) == ("closed", 0)


async def test_cover_toggle_stops_a_moving_cover(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "cover.toggle", "cover.garage_door")
    assert sink.state("cover.garage_door") == "opening"
    assert home.watts("cover.garage_door") > 100  # the opener's motor
    home.step(3.0)
    await call(home, "cover.toggle", "cover.garage_door")
    assert sink.state("cover.garage_door") == "open"
    await call(home, "cover.toggle", "cover.garage_door")
    assert sink.state("cover.garage_door") == "closing"


async def test_lock_passes_through_locking(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "lock.unlock", "lock.front_door")
    assert sink.state("lock.front_door") == "unlocking"
    home.step(3.0)
    assert sink.state("lock.front_door") == "unlocked"
    await call(home, "lock.lock", "lock.front_door")
    assert sink.state("lock.front_door") == "locking"
    home.step(3.0)
    assert sink.state("lock.front_door") == "locked"
    assert [r.state for r in sink.of("lock.front_door")] == [
        "unlocking", "unlocked", "locking", "locked",
    ]  # fmt: skip
    assert {r.call_id for r in sink.of("lock.front_door")} == {"c1"}


async def test_lock_open_unlatches_then_stays_unlocked(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "lock.open", "lock.back_door")
    home.step(2.0)
    assert sink.state("lock.back_door") == "open"
    home.step(10.0)
    assert sink.state("lock.back_door") == "unlocked"


@pytest.mark.parametrize(
    ("service", "armed", "delay"),
    [("alarm_arm_away", "armed_away", 30), ("alarm_arm_home", "armed_home", 10),
     ("alarm_arm_night", "armed_night", 10)],
)  # fmt: skip
async def test_alarm_arms_after_exit_delay(
    home: VirtualHome, sink: FakeSink, service: str, armed: str, delay: float
) -> None:
    alarm = "alarm_control_panel.home_alarm"
    await call(home, f"alarm_control_panel.{service}", alarm, code="1234")
    assert sink.state(alarm) == "arming"
    assert sink.attr(alarm, "next_state") == armed
    home.step(delay - 1)
    assert sink.state(alarm) == "arming"
    home.step(2)
    assert sink.state(alarm) == armed
    await call(home, "alarm_control_panel.alarm_disarm", alarm, code="1234")
    assert sink.state(alarm) == "disarmed"


async def test_vacuum_cleans_returns_and_docks(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "vacuum.start", "vacuum.robot")
    assert sink.state("vacuum.robot") == "cleaning"
    home.step(20 * 60)
    assert sink.state("vacuum.robot") == "cleaning"
    battery = sink.attr("vacuum.robot", "battery_level")
    assert isinstance(battery, int) and 70 <= battery < 100
    assert sink.num_attr("vacuum.robot", "cleaned_area") > 0
    home.step(25 * 60 + 10)
    assert sink.state("vacuum.robot") == "returning"
    home.step(60)
    assert sink.state("vacuum.robot") == "docked"
    assert {r.call_id for r in sink.of("vacuum.robot")} == {"c1"}
    low = home.snapshot("vacuum.robot")[1]["battery_level"]
    assert isinstance(low, int)
    home.step(3600)
    charged = sink.attr("vacuum.robot", "battery_level")
    assert isinstance(charged, int) and charged > low
    assert sink.of("vacuum.robot")[-1].call_id is None  # charging is the dock's, not the call's


async def test_vacuum_pause_resume_stop_and_return(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "vacuum.start", "vacuum.robot")
    home.step(60)
    await call(home, "vacuum.pause", "vacuum.robot")
    assert sink.state("vacuum.robot") == "paused"
    await call(home, "vacuum.start", "vacuum.robot")
    assert sink.state("vacuum.robot") == "cleaning"
    await call(home, "vacuum.stop", "vacuum.robot")
    assert sink.state("vacuum.robot") == "idle"
    await call(home, "vacuum.return_to_base", "vacuum.robot")
    assert sink.state("vacuum.robot") == "returning"
    home.step(61)
    assert sink.state("vacuum.robot") == "docked"
    await call(home, "vacuum.clean_spot", "vacuum.robot")
    home.step(4 * 60)
    assert sink.state("vacuum.robot") in {"returning", "docked"}
    await call(home, "vacuum.locate", "vacuum.robot")


async def test_media_player_power_playback_and_tracks(home: VirtualHome, sink: FakeSink) -> None:
    tv = "media_player.living_room_tv"
    assert home.snapshot(tv)[0] == "off"
    with pytest.raises(IntegrationError, match="is off"):
        await call(home, "media_player.media_next_track", tv)
    await call(home, "media_player.turn_on", tv)
    assert sink.state(tv) == "on"
    assert home.watts(tv) > 50
    await call(home, "media_player.media_play", tv)
    assert sink.state(tv) == "playing"
    first = sink.attr(tv, "media_title")
    await call(home, "media_player.media_next_track", tv)
    assert sink.attr(tv, "media_title") != first
    await call(home, "media_player.media_previous_track", tv)
    assert sink.attr(tv, "media_title") == first
    await call(home, "media_player.media_play_pause", tv)
    assert sink.state(tv) == "paused"
    await call(home, "media_player.media_stop", tv)
    assert sink.state(tv) == "on"
    await call(home, "media_player.toggle", tv)
    assert sink.state(tv) == "off"
    assert home.watts(tv) < 1


async def test_media_player_volume(home: VirtualHome, sink: FakeSink) -> None:
    speaker = "media_player.kitchen_speaker"
    await call(home, "media_player.volume_set", speaker, volume_level=0.5)
    assert sink.attr(speaker, "volume_level") == 0.5
    await call(home, "media_player.volume_up", speaker)
    assert sink.attr(speaker, "volume_level") == 0.6
    await call(home, "media_player.volume_down", speaker)
    await call(home, "media_player.volume_down", speaker)
    assert sink.attr(speaker, "volume_level") == 0.4
    await call(home, "media_player.volume_mute", speaker, is_volume_muted="true")
    assert sink.attr(speaker, "is_volume_muted") is True
    await call(home, "media_player.volume_mute", speaker, is_volume_muted=False)
    assert sink.attr(speaker, "is_volume_muted") is False
    with pytest.raises(IntegrationError, match="volume_level"):
        await call(home, "media_player.volume_set", speaker, volume_level=3)


async def test_playing_moves_on_to_the_next_track(home: VirtualHome, sink: FakeSink) -> None:
    speaker = "media_player.bedroom_speaker"
    await call(home, "media_player.media_play", speaker)
    first = sink.attr(speaker, "media_title")
    home.step(600)
    assert sink.attr(speaker, "media_title") != first
