"""The hub in Home Assistant's terms on a real broker: its entities, energy sensors and alerts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiomqtt
import pytest

from hub.bus import Bus
from hub.clock import FakeClock
from hub.conversation import Conversation
from hub.core import HubEvent, JsonObject
from hub.energy import EnergyConfig, EnergyTracker
from hub.executor import Executor
from hub.mqtt_bridge import MqttBridge
from hub.registry import Registry
from hub.requests import RequestRouter
from integrations.mqtt import MqttIntegration
from integrations.virtual import VirtualConfig, VirtualHome
from intents import EmbeddedEngine, Planner, train_embedded
from tests.fixtures.mosquitto import Mosquitto

from .conftest import config_for, eventually

pytestmark = pytest.mark.mqtt

CONFIG = "homeassistant/{}/lamhub/{}/config"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedEngine:
    return train_embedded(cache_dir=tmp_path_factory.mktemp("nlu"))


@dataclass
class Seen:
    """What a subscriber saw: the last payload per topic, whether it came retained, all of it."""

    last: dict[str, str] = field(default_factory=dict)
    retained: dict[str, bool] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)

    def json(self, topic: str) -> dict[str, object]:
        value = json.loads(self.last[topic])
        assert isinstance(value, dict)
        return value


@asynccontextmanager
async def watching(broker: Mosquitto, name: str) -> AsyncIterator[Seen]:
    """A client like Home Assistant: subscribed to discovery and the hub's topics."""
    seen = Seen()
    async with aiomqtt.Client("127.0.0.1", broker.port, identifier=name) as client:
        await client.subscribe([("homeassistant/#", 1), ("lamhub/#", 1)])

        async def read() -> None:
            async for message in client.messages:
                text = message.payload.decode() if isinstance(message.payload, bytes) else ""
                seen.last[message.topic.value] = text
                seen.retained[message.topic.value] = message.retain
                seen.log.append((message.topic.value, text))

        task = asyncio.create_task(read())
        try:
            yield seen
        finally:
            task.cancel()


@dataclass
class Stack:
    registry: Registry
    clock: FakeClock
    energy: EnergyTracker
    mqtt: MqttIntegration


@pytest.fixture
async def stack(
    mosquitto: Mosquitto, engine: EmbeddedEngine, tmp_path: Path
) -> AsyncIterator[Stack]:
    """The runtime's parts as the app wires them: virtual home, conversation, energy, MQTT."""
    clock, bus = FakeClock(), Bus()
    registry = Registry(bus, clock)
    async with AsyncExitStack() as stack:
        virtual = await stack.enter_async_context(
            VirtualHome(VirtualConfig(seed=1), registry, clock)
        )
        executor = Executor(registry, bus, clock, {"virtual": virtual})
        conversation = Conversation(Planner(engine), registry, executor, clock)
        router = RequestRouter(executor)
        router.set_command_handler(conversation.handle)
        mqtt = await stack.enter_async_context(
            MqttIntegration(config_for(mosquitto), registry, clock, router)
        )
        energy = await stack.enter_async_context(
            EnergyTracker(EnergyConfig(), tmp_path, bus, registry, clock)
        )
        await stack.enter_async_context(
            MqttBridge(mqtt, bus, registry, conversation=conversation, energy=energy)
        )
        async with asyncio.timeout(5):
            await mqtt.wait_connected()
        yield Stack(registry, clock, energy, mqtt)


async def test_hub_entities_are_discovered_retained_and_again_after_a_broker_restart(
    stack: Stack, mosquitto: Mosquitto
) -> None:
    wanted = [CONFIG.format("sensor", "last_command"), CONFIG.format("sensor", "last_reply"),
              CONFIG.format("binary_sensor", "pending_confirmation"),
              CONFIG.format("sensor", "suggestions"), CONFIG.format("text", "command")]  # fmt: skip
    await eventually(lambda: stack.mqtt.queued == 0)
    await asyncio.sleep(0.1)  # the last one acknowledged: what follows is read back retained
    async with watching(mosquitto, "ha-1") as seen:
        await eventually(lambda: all(seen.retained.get(t) for t in wanted))
        text = seen.json(CONFIG.format("text", "command"))
        assert text["command_topic"] == "lamhub/command"
        assert text["availability_topic"] == "lamhub/status"
        assert seen.last["lamhub/status"] == "online"
        assert seen.last["lamhub/hub/pending"] == "OFF"
    # Its own configs are never imported back as devices.
    assert not [e for e in stack.registry.entities() if e.entity_id.startswith("sensor.lamhub")]

    # A broker that lost its retained store: the hub says it all again once it reconnects.
    async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="wiper") as wiper:
        for topic in wanted:
            await wiper.publish(topic, b"", qos=1, retain=True)
    await asyncio.to_thread(mosquitto.restart)
    async with watching(mosquitto, "ha-2") as seen:  # sees them live as the hub reconnects
        await eventually(lambda: seen.last.get("lamhub/status") == "online", within=10)
        await eventually(lambda: all(t in seen.last for t in wanted))
    async with watching(mosquitto, "ha-3") as seen:  # and they stay, retained
        await eventually(lambda: all(seen.retained.get(t) for t in wanted))
        assert seen.json(CONFIG.format("sensor", "last_reply"))["state_topic"] == (
            "lamhub/hub/last_reply"
        )


async def test_a_text_command_updates_last_command_and_reply(
    stack: Stack, mosquitto: Mosquitto
) -> None:
    async with watching(mosquitto, "ha") as seen:
        async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="ha-text") as ha:
            # What Home Assistant's text entity sends: the plain text on the command topic.
            await ha.publish("lamhub/command", "turn on the kitchen lights", qos=1)
        await eventually(lambda: "lamhub/hub/last_reply" in seen.last)
        assert seen.last["lamhub/hub/last_command"] == "turn on the kitchen lights"
        assert "kitchen" in seen.last["lamhub/hub/last_reply"].lower()
        assert seen.last["lamhub/hub/pending"] == "OFF"
        light = stack.registry.get("light.kitchen")
        assert light is not None and light.state.state == "on"

        async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="ha-text") as ha:
            await ha.publish("lamhub/command", "unlock the front door", qos=1)
        await eventually(lambda: seen.last.get("lamhub/hub/pending") == "ON")
        held = seen.json("lamhub/hub/pending/attributes")["calls"]
        assert isinstance(held, list) and held[0]["service"] == "lock.unlock"
    # Retained: Home Assistant sees the last command after its own restart.
    async with watching(mosquitto, "ha-later") as later:
        await eventually(lambda: later.retained.get("lamhub/hub/last_command") is True)
        assert later.last["lamhub/hub/last_command"] == "unlock the front door"


async def test_energy_sensors_for_metered_devices_and_alerts(
    stack: Stack, mosquitto: Mosquitto
) -> None:
    dryer = CONFIG.format("sensor", "switch_dryer_energy")
    house = CONFIG.format("sensor", "sensor_house_power_energy")
    await eventually(lambda: stack.mqtt.queued == 0)
    await asyncio.sleep(0.1)  # the last one acknowledged: what follows is read back retained
    async with watching(mosquitto, "ha") as seen:
        await eventually(lambda: dryer in seen.last and house in seen.last)
        config = seen.json(dryer)
        assert config["device_class"] == "energy"
        assert config["state_class"] == "total_increasing"
        assert config["unit_of_measurement"] == "kWh"
        assert config["availability_topic"] == "lamhub/status"
        assert config["state_topic"] == "lamhub/energy/switch_dryer/state"
        assert seen.retained[dryer] is True
        # A sensor that meters a device is shown as the device, not twice.
        assert CONFIG.format("sensor", "sensor_dryer_power_energy") not in seen.last

        stack.clock.advance(3600)
        stack.energy.tick()  # a sample per meter: the running kWh totals
        await eventually(lambda: "lamhub/energy/switch_dryer/state" in seen.last)
        assert float(seen.last["lamhub/energy/switch_dryer/state"]) >= 0.0

        alert: JsonObject = {"entity_id": "switch.space_heater", "message": "Still on."}
        stack.registry.emit(HubEvent(stack.clock.now(), "energy_alert", alert))
        await eventually(lambda: "lamhub/energy/alert" in seen.last)
        assert seen.json("lamhub/energy/alert") == alert
        assert seen.retained["lamhub/energy/alert"] is False
