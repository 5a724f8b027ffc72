"""Helpers for the MQTT integration tests: a recording sink, a fake handler, polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import aiomqtt
import pytest

from hub.clock import FakeClock
from hub.core import JsonObject, Origin
from integrations.mqtt import MqttConfig, MqttIntegration
from tests.fakesink import FakeSink
from tests.fixtures.mosquitto import Mosquitto


class FakeHandler:
    """Answers every request with what it got."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, JsonObject, Origin]] = []

    async def handle(self, kind: str, request: JsonObject, origin: Origin) -> JsonObject:
        self.requests.append((kind, request, origin))
        return {"ok": True, "kind": kind, "echo": request}


async def eventually(check: Callable[[], object], within: float = 5.0) -> None:
    """Poll `check` until it is truthy (the fakes have no events to wait on)."""
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def config_for(broker: Mosquitto, **overrides: object) -> MqttConfig:
    values: dict[str, object] = {
        "enabled": True,
        "port": broker.port,
        "client_id": "lamhub-test",
        "reconnect_min_s": 0.1,
        "reconnect_max_s": 0.5,
    }
    values.update(overrides)
    return MqttConfig.model_validate(values)


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


@pytest.fixture
def handler() -> FakeHandler:
    return FakeHandler()


@pytest.fixture
async def hub(
    mosquitto: Mosquitto, sink: FakeSink, handler: FakeHandler
) -> AsyncIterator[MqttIntegration]:
    """A connected integration on the test broker."""
    async with MqttIntegration(config_for(mosquitto), sink, FakeClock(), handler) as integration:
        async with asyncio.timeout(5):
            await integration.wait_connected()
        yield integration


@pytest.fixture
async def device(mosquitto: Mosquitto) -> AsyncIterator[aiomqtt.Client]:
    """Another client on the broker, playing the devices."""
    async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="device") as client:
        yield client
