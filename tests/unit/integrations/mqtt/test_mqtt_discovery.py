"""Discovery parsing, abbreviations, templates and component codecs (no broker)."""

from __future__ import annotations

import json

import pytest

from hub.core.services import COLORS
from integrations.mqtt.abbreviations import expand
from integrations.mqtt.codec import CommandError, Component, Update
from integrations.mqtt.components import build
from integrations.mqtt.discovery import DiscoveryError, decode, parse_topic, slugify
from integrations.mqtt.templates import TemplateFailed, compile_template
from integrations.mqtt.topics import RequestError, decode_request


def codec(topic: str, config: object) -> Component:
    where = parse_topic(f"homeassistant/{topic}/config", "homeassistant")
    assert where is not None
    found = decode(where, json.dumps(config).encode())
    assert found is not None
    return build(found)


def parse(component: Component, topic: str, payload: str) -> Update | None:
    results = [p(payload) for t, p in component.routes if t == topic]
    assert results, f"no route for {topic}"
    return results[0]


def test_topics() -> None:
    t = parse_topic("homeassistant/light/node-1/kitchen/config", "homeassistant")
    assert t is not None and (t.component, t.node_id, t.object_id) == ("light", "node-1", "kitchen")
    t = parse_topic("homeassistant/switch/plug/config", "homeassistant")
    assert t is not None and t.node_id is None
    assert parse_topic("homeassistant/teapot/x/config", "homeassistant") is None
    assert parse_topic("homeassistant/light/a/b/c/config", "homeassistant") is None
    assert parse_topic("other/light/x/config", "homeassistant") is None


def test_slugify_like_home_assistant() -> None:
    assert slugify("Küche Decke") == "kuche_decke"
    assert slugify("  Living-Room  Lamp!! ") == "living_room_lamp"
    assert slugify("!!!") == "unknown"


def test_abbreviations_and_base_topic() -> None:
    cfg = expand({
        "~": "home/plug", "stat_t": "~/state", "cmd_t": "~/set", "avty_t": "status/~",
        "pl_on": "1", "uniq_id": "u1", "json_attr_t": "~/attrs",
        "dev": {"ids": ["a"], "mf": "Acme", "mdl": "P1", "sa": "Hall"},
        "avty": [{"t": "~/avail", "pl_avail": "up"}], "name": "keeps ~",
    })  # fmt: skip
    assert cfg["state_topic"] == "home/plug/state"
    assert cfg["command_topic"] == "home/plug/set"
    assert cfg["availability_topic"] == "status/home/plug"
    assert cfg["json_attributes_topic"] == "home/plug/attrs"
    assert cfg["payload_on"] == "1" and cfg["unique_id"] == "u1"
    assert cfg["device"] == {"identifiers": ["a"], "manufacturer": "Acme", "model": "P1",
                             "suggested_area": "Hall"}  # fmt: skip
    assert cfg["availability"] == [{"topic": "home/plug/avail", "payload_available": "up"}]
    assert cfg["name"] == "keeps ~"  # only topics take the base
    assert "~" not in cfg


def test_device_block_names_and_area() -> None:
    where = parse_topic("homeassistant/sensor/th1/temp/config", "homeassistant")
    assert where is not None
    found = decode(
        where,
        json.dumps(
            {"name": "Temp", "stat_t": "t", "dev": {"name": "Hall TH", "ids": "th1", "sa": "Hall"}}
        ).encode(),
    )
    assert found is not None and found.name == "Hall TH Temp"
    assert found.device is not None and found.device.suggested_area == "Hall"
    assert found.device.identifiers == ("th1",)
    named_by_device = decode(
        where, json.dumps({"name": None, "stat_t": "t", "dev": {"name": "Hall TH"}}).encode()
    )
    assert named_by_device is not None and named_by_device.name == "Hall TH"
    assert decode(where, b"") is None  # an empty config removes the entity


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"{nope", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"stat_t": ["a"]}', "state_topic must be a string"),
        (b'{"stat_t": "a/+/b"}', "without wildcards"),
        (b'{"stat_t": "a", "val_tpl": "{{ value | }}"}', "does not compile"),
        (b'{"stat_t": "a", "avty_mode": "sometimes"}', "availability_mode"),
        (b'{"stat_t": "a", "dev": "x"}', "device must be an object"),
    ],
)
def test_malformed_configs(payload: bytes, why: str) -> None:
    where = parse_topic("homeassistant/sensor/x/config", "homeassistant")
    assert where is not None
    with pytest.raises(DiscoveryError, match=why):
        found = decode(where, payload)
        assert found is not None
        build(found)


def test_missing_command_topic() -> None:
    with pytest.raises(DiscoveryError, match="needs command_topic"):
        codec("switch/x", {"stat_t": "a"})
    with pytest.raises(DiscoveryError, match="schema"):
        codec("light/x", {"schema": "template", "cmd_t": "a"})


def test_templates() -> None:
    t = compile_template("{{ value_json.t | float | round(1) }}")
    assert t is not None and t.render_value('{"t": 21.46}') == "21.5"
    t = compile_template("{{ value_json.missing | default('n/a') }}")
    assert t is not None and t.render_value("{}") == "n/a"
    t = compile_template("{{ (value | int) * 2 }}")
    assert t is not None and t.render_value("21") == "42"
    t = compile_template("{{ value_json.t }}")
    assert t is not None
    with pytest.raises(TemplateFailed):
        t.render_value("not json")
    t = compile_template("{{ ''.__class__.__mro__ }}")  # the sandbox refuses internals
    assert t is not None
    with pytest.raises(TemplateFailed, match="unsafe"):
        t.render_value("x")
    assert compile_template(None) is None


def test_default_light_states_and_commands() -> None:
    light = codec("light/desk", {
        "cmd_t": "desk/set", "stat_t": "desk/state", "bri_cmd_t": "desk/bri/set",
        "bri_stat_t": "desk/bri", "bri_scl": 100, "rgb_cmd_t": "desk/rgb/set",
        "clr_temp_cmd_t": "desk/ct/set", "clr_temp_stat_t": "desk/ct",
    })  # fmt: skip
    assert light.features == {"brightness", "color", "color_temp"}
    assert parse(light, "desk/state", "ON") == Update("on")
    assert parse(light, "desk/bri", "50") == Update(attributes={"brightness": 128})
    assert parse(light, "desk/ct", "250") == Update(attributes={"color_temp_kelvin": 4000})
    out, assumed = light.command("turn_on", {"brightness_pct": 50, "color_name": "red"})
    assert [(p.topic, p.payload) for p in out] == [
        ("desk/bri/set", "50"), ("desk/rgb/set", "255,0,0"), ("desk/set", "ON")
    ]  # fmt: skip
    assert assumed.state == "on"
    # The planner's colour table: "warm white" is the same rgb whichever way the light is reached.
    out, _ = light.command("turn_on", {"color_name": "warm white"})
    assert ("desk/rgb/set", ",".join(map(str, COLORS["warm white"]))) in [
        (p.topic, p.payload) for p in out
    ]
    with pytest.raises(CommandError):
        light.command("turn_on", {"color_name": "plaid"})


def test_json_light() -> None:
    light = codec("light/strip", {"schema": "json", "cmd_t": "strip/set", "stat_t": "strip",
                                  "brightness": True, "sup_clrm": ["rgb", "color_temp"]})  # fmt: skip
    assert light.features == {"brightness", "color", "color_temp"}
    update = parse(
        light, "strip", '{"state": "ON", "brightness": 255, "color": {"r": 1, "g": 2, "b": 3}}'
    )
    assert update == Update("on", {"brightness": 255, "rgb_color": [1, 2, 3]})
    out, _ = light.command("turn_on", {"brightness": 10, "color_temp_kelvin": 2500})
    assert json.loads(out[0].payload) == {"state": "ON", "brightness": 10, "color_temp": 400}


def test_switch_with_templates_and_json_attributes() -> None:
    switch = codec("switch/plug", {
        "cmd_t": "plug/set", "stat_t": "plug", "val_tpl": "{{ value_json.power }}",
        "pl_on": "on", "pl_off": "off", "cmd_tpl": '{"power": "{{ value }}"}', "json_attr_t": "plug",
    })  # fmt: skip
    assert parse(switch, "plug", '{"power": "on", "w": 5}') == Update("on")
    assert [u for t, p in switch.routes if t == "plug" and (u := p('{"power": "on", "w": 5}'))][
        1
    ] == Update(attributes={"power": "on", "w": 5})
    out, _ = switch.command("turn_off", {})
    assert out[0].payload == '{"power": "off"}'


def test_other_components() -> None:
    cover = codec(
        "cover/blind",
        {"cmd_t": "b/set", "pos_t": "b/pos", "set_pos_t": "b/pos/set", "pos_open": 255},
    )
    assert cover.features == {"position"}
    assert parse(cover, "b/pos", "255") == Update("open", {"current_position": 100})
    assert cover.command("set_cover_position", {"position": 50})[0][0].payload == "128"
    fan = codec("fan/f", {"cmd_t": "f/set", "pct_cmd_t": "f/pct", "pct_stat_t": "f/p",
                          "spd_rng_max": 4})  # fmt: skip
    assert [p.payload for p in fan.command("set_percentage", {"percentage": 50})[0]] == ["ON", "2"]
    # A fan of four speeds says so, as Home Assistant does: "set the fan to 3" is 75%.
    assert parse(fan, "f/p", "3") == Update(attributes={"percentage": 75, "percentage_step": 25})
    climate = codec("climate/t", {"mode_cmd_t": "t/mode", "temp_cmd_t": "t/temp",
                                  "mode_stat_t": "t/m", "min_temp": 10, "max_temp": 30})  # fmt: skip
    assert (climate.min_value, climate.max_value) == (10, 30)
    assert climate.features == {"temperature", "hvac_mode"}
    assert parse(climate, "t/m", "heat") == Update("heat")
    assert climate.command("set_temperature", {"temperature": 21.5})[0][0].payload == "21.5"
    lock = codec("lock/door", {"cmd_t": "d/set", "stat_t": "d"})
    assert lock.sensitive and parse(lock, "d", "LOCKED") == Update("locked")
    alarm = codec("alarm_control_panel/a", {"cmd_t": "a/set", "stat_t": "a",
                  "cmd_tpl": '{"action": "{{ action }}", "code": "{{ code }}"}'})  # fmt: skip
    assert (
        alarm.command("alarm_disarm", {"code": "1234"})[0][0].payload
        == '{"action": "DISARM", "code": "1234"}'
    )
    button = codec("button/b", {"cmd_t": "b/press"})
    assert button.command("press", {})[0][0].payload == "PRESS" and not button.has_state
    binary = codec("binary_sensor/door", {"stat_t": "door", "dev_cla": "door"})
    assert parse(binary, "door", "OFF") == Update("off") and binary.device_class == "door"


def test_requests() -> None:
    r = decode_request("call", b'{"id": "1", "service": "light.turn_on", "entity_id": "light.a"}')
    assert r.id == "1" and r.body == {
        "service": "light.turn_on",
        "entity_id": ["light.a"],
        "data": {},
    }
    assert decode_request("command", b"turn off the lights").body == {"text": "turn off the lights"}
    with pytest.raises(RequestError) as err:
        decode_request("call", b'{"id": 5, "service": "light.turn_on", "entity_id": 3}')
    assert err.value.id == 5
