"""The MQTT bridge without a broker: what it publishes, when, and the commands it takes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import pytest

from hub.bus import Bus
from hub.clock import FakeClock
from hub.core import EntitySpec, EntityState, HubEvent, JsonObject
from hub.energy import EnergySample, EnergyTracker
from hub.mqtt_bridge import MqttBridge
from hub.registry import Registry
from hub.suggestions import SuggestionError, Suggestions
from integrations.homeassistant.hub_entities import availability_topic
from integrations.mqtt import HubTopics
from integrations.mqtt.outbox import Outbox, Outgoing, Sender

Handler = Callable[[str, bytes, bool], None]


class FakeMqtt:
    """The integration's publish API, recording what would go out."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, bool]] = []
        self.on_connect: list[Callable[[], None]] = []
        self.handlers: dict[str, Handler] = {}

    def publish(
        self, topic: str, payload: str | bytes, *, retain: bool = False, qos: int | None = None
    ) -> None:
        self.sent.append((topic, payload if isinstance(payload, str) else payload.decode(), retain))

    def add_on_connect(self, callback: Callable[[], None]) -> None:
        self.on_connect.append(callback)

    def remove_on_connect(self, callback: Callable[[], None]) -> None:
        self.on_connect.remove(callback)

    def subscribe(self, topic_filter: str, handler: Handler) -> None:
        self.handlers[topic_filter] = handler

    def unsubscribe(self, topic_filter: str) -> None:
        del self.handlers[topic_filter]

    def last(self, topic: str) -> str:
        return [p for t, p, _ in self.sent if t == topic][-1]


@dataclass
class FakeStored:
    id: str
    state: str = "new"
    automation_id: str | None = None

    def to_json(self) -> JsonObject:
        return {"id": self.id, "state": self.state, "sentence": f"Habit {self.id}."}


@dataclass
class FakeSuggestions:
    items: dict[str, FakeStored] = field(default_factory=dict)

    @property
    def store(self) -> FakeSuggestions:
        return self

    def get(self, suggestion_id: str) -> FakeStored | None:
        return self.items.get(suggestion_id)

    def list(self, state: str | None = None) -> list[FakeStored]:
        return list(self.items.values())

    def approve(self, suggestion_id: str) -> FakeStored:
        if suggestion_id not in self.items:
            raise SuggestionError(f"no suggestion {suggestion_id}", "not_found")
        self.items[suggestion_id].state = "approved"
        return self.items[suggestion_id]

    def dismiss(self, suggestion_id: str) -> FakeStored:
        self.items[suggestion_id].state = "dismissed"
        return self.items[suggestion_id]


class FakeEnergy:
    def __init__(self) -> None:
        self.on_sample: Callable[[EnergySample], None] | None = None

    def totals(self) -> dict[str, float]:
        return {"switch.dryer": 1.25}


@pytest.fixture
def home() -> tuple[Bus, Registry, FakeClock]:
    clock, bus = FakeClock(), Bus()
    registry = Registry(bus, clock)
    registry.upsert_entity(
        EntitySpec("switch.dryer", "Dryer", power_sensor="sensor.dryer_power"), EntityState("off")
    )
    registry.upsert_entity(
        EntitySpec("sensor.dryer_power", "Dryer power", device_class="power", unit="W"),
        EntityState("0"),
    )
    return bus, registry, clock


def test_every_hub_entity_points_at_the_topic_the_integration_keeps_alive() -> None:
    assert availability_topic("house") == HubTopics("house").status


async def test_turns_alerts_and_suggestions_are_published(
    home: tuple[Bus, Registry, FakeClock],
) -> None:
    bus, registry, clock = home
    mqtt, energy, suggestions = FakeMqtt(), FakeEnergy(), FakeSuggestions({"s1": FakeStored("s1")})
    seen: list[EnergySample] = []
    energy.on_sample = seen.append  # the InfluxDB exporter, already listening
    bridge = MqttBridge(mqtt, bus, registry, energy=cast(EnergyTracker, energy),
                        suggestions=cast(Suggestions, suggestions))  # fmt: skip
    async with bridge:
        retained = {t for t, _, r in mqtt.sent if r}
        assert "homeassistant/sensor/lamhub/switch_dryer_energy/config" in retained
        assert "homeassistant/sensor/lamhub/sensor_dryer_power_energy/config" not in retained
        assert mqtt.last("lamhub/energy/switch_dryer/state") == "1.250"
        assert mqtt.last("lamhub/hub/suggestions") == "1"
        assert json.loads(mqtt.last("lamhub/suggestions"))["suggestions"][0]["id"] == "s1"

        # Energy samples reach the exporter and the state topic; repeats are not resent.
        sample = EnergySample(clock.now(), "switch.dryer", "sensor.dryer_power", 1.5)
        assert energy.on_sample is not None
        energy.on_sample(sample)
        energy.on_sample(sample)
        assert seen == [sample, sample]
        assert [p for t, p, _ in mqtt.sent if t == "lamhub/energy/switch_dryer/state"] == [
            "1.250", "1.500"]  # fmt: skip

        bridge._on_turn({"text": "unlock the door"}, {"reply": "Sure?", "calls": [
            {"service": "lock.unlock", "status": "awaiting_confirmation"}]})  # fmt: skip
        assert mqtt.last("lamhub/hub/last_command") == "unlock the door"
        assert mqtt.last("lamhub/hub/pending") == "ON"
        assert json.loads(mqtt.last("lamhub/hub/pending/attributes")) == {
            "calls": [{"service": "lock.unlock"}]}  # fmt: skip

        registry.emit(HubEvent(clock.now(), "energy_alert", {"message": "left on"}))
        assert ("lamhub/energy/alert", '{"message": "left on"}', False) in mqtt.sent

        # A command from Home Assistant approves; the answer and the new list follow.
        mqtt.handlers["lamhub/suggestions/+/approve"]("lamhub/suggestions/s1/approve", b"", False)
        await asyncio.sleep(0)  # answered just after the message path returns
        assert json.loads(mqtt.last("lamhub/suggestions/s1/result"))["state"] == "approved"
        bus.publish(HubEvent(clock.now(), "suggestion_approved", {"id": "s1"}))
        assert mqtt.last("lamhub/suggestions/approved") == '{"id": "s1"}'
        await asyncio.sleep(0.3)  # the refresh task, debounced
        assert mqtt.last("lamhub/hub/suggestions") == "0"

        mqtt.handlers["lamhub/suggestions/+/approve"]("lamhub/suggestions/zz/approve", b"", False)
        await asyncio.sleep(0)
        assert json.loads(mqtt.last("lamhub/suggestions/zz/result"))["ok"] is False
        before = len(mqtt.sent)
        mqtt.handlers["lamhub/suggestions/+/dismiss"]("lamhub/suggestions/s1/dismiss", b"", True)
        await asyncio.sleep(0)
        assert suggestions.items["s1"].state == "approved" and len(mqtt.sent) == before

        # After a reconnect every retained config and state is said again, configs first.
        mqtt.sent.clear()
        mqtt.on_connect[0]()
        topics = [t for t, _, r in mqtt.sent if r]
        assert topics[0].startswith("homeassistant/") and "lamhub/hub/last_command" in topics
    assert energy.on_sample == seen.append  # the exporter keeps its samples after the bridge
    assert mqtt.on_connect == [] and mqtt.handlers == {}


async def test_the_outbox_keeps_the_newest_retained_value_and_every_event() -> None:
    outbox = Outbox(limit=10)
    for value in ("1", "2", "3"):
        outbox.put(Outgoing("lamhub/hub/suggestions", value, 1, True))
        outbox.put(Outgoing("lamhub/energy/alert", value, 1, False))
    sent: list[tuple[str, str | bytes]] = []

    async def send(message: Outgoing) -> None:
        sent.append((message.topic, message.payload))

    async def connected() -> Sender:
        return send

    task = asyncio.create_task(outbox.drain(connected))
    async with asyncio.timeout(1):
        await outbox.idle()
    task.cancel()
    assert sent == [("lamhub/energy/alert", "1"), ("lamhub/energy/alert", "2"),
                    ("lamhub/hub/suggestions", "3"), ("lamhub/energy/alert", "3")]  # fmt: skip
