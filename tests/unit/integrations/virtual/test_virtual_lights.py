"""Lights, fans, switches and the simple kinds (scenes, buttons, scripts, helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.clock import FakeClock
from hub.core import UNKNOWN, ConfigError, IntegrationError
from integrations.virtual import VirtualConfig, VirtualHome, parse_home
from tests.unit.integrations.virtual.virtual_fakes import FakeSink, call


async def test_light_turn_on_reports_brightness_with_call_id(
    home: VirtualHome, sink: FakeSink
) -> None:
    await call(home, "light.turn_on", "light.kitchen", brightness_pct=40)
    [report] = sink.of("light.kitchen")
    assert report.state == "on"
    assert report.call_id == "c1"
    assert report.attributes["brightness"] == 102
    assert report.attributes["color_mode"] == "brightness"


async def test_light_brightness_absolute_and_relative_steps(
    home: VirtualHome, sink: FakeSink
) -> None:
    await call(home, "light.turn_on", "light.kitchen", brightness=200)
    assert sink.attr("light.kitchen", "brightness") == 200
    await call(home, "light.turn_on", "light.kitchen", brightness_step_pct=-20)
    assert sink.attr("light.kitchen", "brightness") == 149
    await call(home, "light.turn_on", "light.kitchen", brightness_step_pct=100)
    assert sink.attr("light.kitchen", "brightness") == 255
    await call(home, "light.turn_on", "light.kitchen", brightness_step_pct=-100)
    assert sink.state("light.kitchen") == "off"  # dimmed to nothing is off, as in HA
    assert sink.attr("light.kitchen", "brightness") is None


async def test_light_restores_last_brightness_and_toggles(
    home: VirtualHome, sink: FakeSink
) -> None:
    await call(home, "light.turn_on", "light.hallway", brightness_pct=30)
    await call(home, "light.turn_off", "light.hallway")
    assert sink.state("light.hallway") == "off"
    await call(home, "light.toggle", "light.hallway")
    assert sink.state("light.hallway") == "on"
    assert sink.attr("light.hallway", "brightness") == 76
    await call(home, "light.toggle", "light.hallway")
    assert sink.state("light.hallway") == "off"


async def test_light_color_name_gives_rgb_and_hs(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "light.turn_on", "light.floor_lamp", color_name="red", brightness_pct=100)
    assert sink.attr("light.floor_lamp", "rgb_color") == [255, 0, 0]
    assert sink.attr("light.floor_lamp", "hs_color") == [0.0, 100.0]
    assert sink.attr("light.floor_lamp", "color_mode") == "hs"
    await call(home, "light.turn_on", "light.floor_lamp", rgb_color=[0, 0, 255])
    assert sink.attr("light.floor_lamp", "hs_color") == [240.0, 100.0]


async def test_light_color_temperature(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "light.turn_on", "light.desk_lamp", color_temp_kelvin=4000)
    assert sink.attr("light.desk_lamp", "color_mode") == "color_temp"
    assert sink.attr("light.desk_lamp", "color_temp_kelvin") == 4000
    await call(home, "light.turn_on", "light.desk_lamp", color_name="warm white")
    assert sink.attr("light.desk_lamp", "color_temp_kelvin") == 2700


async def test_light_rejects_bad_values(home: VirtualHome) -> None:
    with pytest.raises(IntegrationError, match="brightness_pct"):
        await call(home, "light.turn_on", "light.kitchen", brightness_pct=150)
    with pytest.raises(IntegrationError, match="number"):
        await call(home, "light.turn_on", "light.kitchen", brightness="lots")
    with pytest.raises(IntegrationError, match="colour"):
        await call(home, "light.turn_on", "light.floor_lamp", color_name="octarine")


async def test_light_power_follows_brightness(home: VirtualHome) -> None:
    off = home.watts("light.living_room_ceiling")
    home.press("light.living_room_ceiling", "turn_on", {"brightness": 25})
    dim = home.watts("light.living_room_ceiling")
    home.press("light.living_room_ceiling", "turn_on", {"brightness": 255})
    full = home.watts("light.living_room_ceiling")
    assert off < 1 < dim < full
    assert 8 <= full <= 60


async def test_fan_speeds(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "fan.turn_on", "fan.bedroom_fan")
    assert sink.state("fan.bedroom_fan") == "on"
    assert sink.attr("fan.bedroom_fan", "percentage") == 50
    await call(home, "fan.increase_speed", "fan.bedroom_fan")
    assert sink.attr("fan.bedroom_fan", "percentage") == 75
    await call(home, "fan.decrease_speed", "fan.bedroom_fan", percentage_step=50)
    assert sink.attr("fan.bedroom_fan", "percentage") == 25
    await call(home, "fan.set_percentage", "fan.bedroom_fan", percentage=0)
    assert sink.state("fan.bedroom_fan") == "off"
    await call(home, "fan.toggle", "fan.bedroom_fan")
    assert sink.attr("fan.bedroom_fan", "percentage") == 25  # the last speed comes back
    fast = home.watts("fan.bedroom_fan")
    await call(home, "fan.turn_on", "fan.bedroom_fan", percentage=100)
    assert home.watts("fan.bedroom_fan") > fast
    await call(home, "fan.turn_off", "fan.bedroom_fan")
    assert sink.state("fan.bedroom_fan") == "off"


async def test_switch_on_off_toggle(home: VirtualHome, sink: FakeSink) -> None:
    await call(home, "switch.turn_on", "switch.christmas_tree")
    assert sink.state("switch.christmas_tree") == "on"
    await call(home, "switch.toggle", "switch.christmas_tree")
    assert sink.state("switch.christmas_tree") == "off"


async def test_scene_records_activation_time(
    home: VirtualHome, sink: FakeSink, clock: FakeClock
) -> None:
    assert home.snapshot("scene.dinner")[0] == UNKNOWN
    await call(home, "scene.turn_on", "scene.dinner")
    [report] = sink.of("scene.dinner")
    assert report.state == clock.now().isoformat(timespec="milliseconds")
    assert report.call_id == "c1"


async def test_button_script_and_helper(sink: FakeSink, clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(
        "entities:\n"
        "  - {id: button.doorbell, name: Doorbell}\n"
        "  - {id: script.bedtime, name: Bedtime}\n"
        "  - {id: input_boolean.guests, name: Guests}\n"
        "  - {id: weather.home, name: Weather}\n"
    )
    async with VirtualHome(VirtualConfig(home=path), sink, clock) as h:
        await call(h, "button.press", "button.doorbell")
        assert sink.state("button.doorbell") == clock.now().isoformat(timespec="milliseconds")
        await call(h, "script.turn_on", "script.bedtime")
        assert sink.state("script.bedtime") == "on"
        h.step(5)
        assert sink.state("script.bedtime") == "off"
        assert sink.of("script.bedtime")[-1].call_id == "c1"  # the run it finished was the call's
        await call(h, "input_boolean.toggle", "input_boolean.guests")
        assert sink.state("input_boolean.guests") == "on"
        assert sink.state("weather.home") == UNKNOWN
        with pytest.raises(IntegrationError):
            await call(h, "weather.turn_on", "weather.home")


SCENE_HOME = """
entities:
  - {id: light.sofa, name: Sofa lamp, features: [brightness]}
  - {id: cover.blinds, name: Blinds, features: [position]}
  - id: scene.movie_night
    name: Movie night
    actions:
      - {service: light.turn_on, entity_id: light.sofa, data: {brightness_pct: 20}}
      - {service: cover.close_cover, entity_id: cover.blinds}
      - {service: scene.turn_on, entity_id: scene.movie_night}
"""


async def test_scene_applies_the_calls_its_home_file_gives(
    sink: FakeSink, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(SCENE_HOME)
    async with VirtualHome(VirtualConfig(home=path), sink, clock) as h:
        h.press("cover.blinds", "open_cover")
        h.step(30)
        sink.clear()
        await call(h, "scene.turn_on", "scene.movie_night")
        assert (sink.state("light.sofa"), sink.attr("light.sofa", "brightness")) == ("on", 51)
        assert sink.state("cover.blinds") == "closing"
        assert {r.call_id for r in sink.reports if not r.entity_id.startswith("sensor.")} == {"c1"}


def test_scene_actions_must_name_known_entities() -> None:
    data = {
        "entities": [
            {
                "id": "scene.x",
                "name": "X",
                "actions": [{"service": "light.turn_on", "entity_id": "light.nope"}],
            }
        ]
    }
    with pytest.raises(ConfigError, match=r"actions\.0\.entity_id: unknown entity 'light\.nope'"):
        parse_home(data)
