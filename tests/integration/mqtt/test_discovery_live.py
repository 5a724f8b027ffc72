"""Discovery, states and commands end to end through a real mosquitto."""

from __future__ import annotations

import asyncio
import json

import aiomqtt
import pytest

from hub.core import ServiceCall
from integrations.mqtt import MqttIntegration

from .conftest import FakeSink, eventually

pytestmark = pytest.mark.mqtt

LIGHT = {
    "~": "zigbee/kitchen_light",
    "name": None,
    "uniq_id": "0x01_light",
    "obj_id": "kitchen_light",
    "schema": "json",
    "stat_t": "~",
    "cmd_t": "~/set",
    "brightness": True,
    "sup_clrm": ["color_temp", "rgb"],
    "avty_t": "zigbee/bridge/state",
    "dev": {"ids": ["0x01"], "name": "Kitchen Light", "mf": "IKEA", "sa": "Kitchen"},
}
SWITCH = {
    "name": "Coffee",
    "stat_t": "plug/coffee/state",
    "cmd_t": "plug/coffee/set",
    "pl_on": "1",
    "pl_off": "0",
}
SENSOR = {
    "name": "Temperature",
    "stat_t": "sensors/living",
    "val_tpl": "{{ value_json.temperature | float | round(1) }}",
    "unit_of_meas": "°C",
    "dev_cla": "temperature",
    "json_attr_t": "sensors/living",
    "dev": {"ids": "living-th", "name": "Living TH", "sa": "Living Room"},
}


async def publish_config(device: aiomqtt.Client, topic: str, config: object) -> None:
    await device.publish(f"homeassistant/{topic}/config", json.dumps(config), qos=1, retain=True)


async def test_discovers_devices_and_follows_states(
    hub: MqttIntegration, device: aiomqtt.Client, sink: FakeSink
) -> None:
    await device.publish("zigbee/bridge/state", "online", qos=1, retain=True)
    await publish_config(device, "light/0x01/light", LIGHT)
    await publish_config(device, "switch/coffee", SWITCH)
    await publish_config(device, "sensor/living_th/temperature", SENSOR)
    await eventually(lambda: len(sink.specs) == 3)
    light = sink.specs["light.kitchen_light"]
    assert light.name == "Kitchen Light"
    assert light.area == "kitchen" and sink.areas["kitchen"].name == "Kitchen"
    assert light.features == {"brightness", "color", "color_temp"}
    assert sink.specs["switch.coffee"].name == "Coffee"
    temp = sink.specs["sensor.temperature"]
    assert temp.unit == "°C" and temp.device_class == "temperature"
    assert temp.name == "Living TH Temperature"

    await eventually(lambda: hub.subscriptions_settled)
    await device.publish("zigbee/kitchen_light", '{"state": "ON", "brightness": 128}', qos=1)
    await device.publish("plug/coffee/state", "1", qos=1)
    await device.publish("sensors/living", '{"temperature": 21.46, "humidity": 40}', qos=1)
    await eventually(lambda: sink.states.get(temp.entity_id) == "21.5")
    await eventually(lambda: sink.states.get("light.kitchen_light") == "on")
    assert sink.attributes["light.kitchen_light"]["brightness"] == 128
    assert sink.states["switch.coffee"] == "on"
    assert sink.attributes[temp.entity_id]["humidity"] == 40
    assert sink.available["light.kitchen_light"] is True

    await device.publish("zigbee/bridge/state", "offline", qos=1, retain=True)
    await eventually(lambda: sink.available["light.kitchen_light"] is False)


async def test_commands_are_published(
    hub: MqttIntegration, device: aiomqtt.Client, sink: FakeSink
) -> None:
    await device.subscribe("zigbee/#", qos=1)
    await device.subscribe("plug/#", qos=1)
    await publish_config(device, "light/0x01/light", LIGHT)
    await publish_config(device, "switch/coffee", SWITCH)
    await eventually(lambda: len(sink.specs) == 2)

    got: list[tuple[str, str]] = []

    async def collect() -> None:
        async for message in device.messages:
            got.append((message.topic.value, message.payload.decode()))  # type: ignore[union-attr]

    task = asyncio.create_task(collect())
    await hub.call(
        ServiceCall("light.turn_on", ("light.kitchen_light",), {"brightness_pct": 50}), "c1"
    )
    await hub.call(ServiceCall("switch.turn_off", ("switch.coffee",)), "c2")
    await eventually(lambda: len(got) >= 2)
    task.cancel()
    assert ("zigbee/kitchen_light/set", '{"state":"ON","brightness":128}') in got
    assert ("plug/coffee/set", "0") in got


async def test_removed_and_malformed_configs(
    hub: MqttIntegration, device: aiomqtt.Client, sink: FakeSink, caplog: pytest.LogCaptureFixture
) -> None:
    await publish_config(device, "switch/coffee", SWITCH)
    await eventually(lambda: "switch.coffee" in sink.specs)
    await device.publish("homeassistant/switch/coffee/config", b"", qos=1, retain=True)
    await eventually(lambda: "switch.coffee" in sink.removed)

    await device.publish("homeassistant/light/bad/config", b"{not json", qos=1)
    await device.publish("homeassistant/light/bad/config", b"{not json", qos=1)
    await publish_config(device, "switch/nocmd", {"name": "x", "stat_t": "a"})
    await publish_config(device, "sensor/wrong", {"stat_t": ["a"]})
    await publish_config(device, "switch/ok", SWITCH)  # the hub keeps going
    await eventually(lambda: "switch.ok" in sink.specs)
    bad = [r.getMessage() for r in caplog.records if "ignoring discovery config" in r.getMessage()]
    assert len(bad) == 3, bad
    assert any("homeassistant/light/bad/config" in m and "not JSON" in m for m in bad)
    assert any("needs command_topic" in m for m in bad)
