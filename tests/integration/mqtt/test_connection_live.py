"""The connection: hub topics, availability and last will, auth, TLS, outages and QoS 1."""

from __future__ import annotations

import asyncio
import json
import logging

import aiomqtt
import pytest

from hub.clock import FakeClock
from integrations.mqtt import MqttIntegration
from tests.fixtures.mosquitto import Mosquitto

from .conftest import FakeHandler, FakeSink, config_for, eventually

pytestmark = pytest.mark.mqtt


async def _responses(client: aiomqtt.Client, n: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    async with asyncio.timeout(5):
        async for message in client.messages:
            out.append(json.loads(message.payload))  # type: ignore[arg-type]
            if len(out) == n:
                return out
    return out


async def test_call_and_command_requests_get_correlated_responses(
    hub: MqttIntegration, device: aiomqtt.Client, handler: FakeHandler
) -> None:
    await device.subscribe("lamhub/response", qos=1)
    await device.subscribe("my/replies", qos=1)
    call = {"id": "r1", "service": "light.turn_on", "entity_id": "light.kitchen",
            "data": {"brightness_pct": 40}}  # fmt: skip
    await device.publish("lamhub/call", json.dumps(call), qos=1)
    await device.publish("lamhub/command", json.dumps({"id": 7, "text": "lights off",
                         "response_topic": "my/replies"}), qos=1)  # fmt: skip
    await device.publish("lamhub/call", b"not json", qos=1)
    await device.publish("lamhub/call", json.dumps({"id": "r9", "service": "nodot"}), qos=1)
    got = await _responses(device, 4)
    by_id = {r["id"]: r for r in got}
    assert by_id["r1"]["ok"] is True
    assert by_id["r1"]["echo"] == {"service": "light.turn_on", "entity_id": ["light.kitchen"],
                                   "data": {"brightness_pct": 40}}  # fmt: skip
    assert by_id[7]["kind"] == "command"
    assert by_id[None]["ok"] is False and "not JSON" in str(by_id[None]["error"])
    assert by_id["r9"]["ok"] is False and "domain.service" in str(by_id["r9"]["error"])
    kinds = sorted((k, o.value) for k, _, o in handler.requests)
    assert kinds == [("call", "hub"), ("command", "text")]


async def test_availability_online_and_last_will(mosquitto: Mosquitto, sink: FakeSink) -> None:
    async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="watcher") as watcher:
        await watcher.subscribe("lamhub/status", qos=1)
        seen: list[str] = []

        async def watch() -> None:
            async for message in watcher.messages:
                seen.append(message.payload.decode())  # type: ignore[union-attr]

        task = asyncio.create_task(watch())
        async with MqttIntegration(config_for(mosquitto), sink, FakeClock()) as hub:
            async with asyncio.timeout(5):
                await hub.wait_connected()
            await eventually(lambda: seen[-1:] == ["online"])
        await eventually(lambda: seen[-1:] == ["offline"])  # said on a clean stop

        # A crash (the broker loses the link without DISCONNECT) publishes the last will.
        async with MqttIntegration(config_for(mosquitto), sink, FakeClock()) as hub:
            async with asyncio.timeout(5):
                await hub.wait_connected()
            await eventually(lambda: seen[-1:] == ["online"])
            assert hub._client is not None
            hub._client._client.socket().close()  # type: ignore[union-attr]
            await eventually(lambda: seen[-1:] == ["offline"])
        task.cancel()


async def test_password_auth(
    mosquitto: Mosquitto, sink: FakeSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "integrations.mqtt")
    good = config_for(mosquitto, port=mosquitto.auth_port, username="hub", password="hubsecret")
    async with MqttIntegration(good, sink, FakeClock()) as hub:
        async with asyncio.timeout(5):
            await hub.wait_connected()

    bad = config_for(mosquitto, port=mosquitto.auth_port, username="hub", password="wrong")
    async with MqttIntegration(bad, sink, FakeClock()) as hub:
        await asyncio.sleep(1.5)  # several retries at 0.1..0.5 s backoff
        assert not hub.connected
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings  # said once, not on every retry
    assert "refused user 'hub'" in warnings[0] and "Not authorized" in warnings[0]


async def test_tls(mosquitto: Mosquitto, sink: FakeSink, caplog: pytest.LogCaptureFixture) -> None:
    tls = {"enabled": True, "ca_certs": str(mosquitto.ca_file)}
    config = config_for(mosquitto, port=mosquitto.tls_port, username="hub",
                        password="hubsecret", tls=tls)  # fmt: skip
    async with MqttIntegration(config, sink, FakeClock()) as hub:
        async with asyncio.timeout(5):
            await hub.wait_connected()
    no_ca = config_for(mosquitto, port=mosquitto.tls_port, username="hub",
                       password="hubsecret", tls={"enabled": True})  # fmt: skip
    async with MqttIntegration(no_ca, sink, FakeClock()) as hub:
        await asyncio.sleep(0.5)
        assert not hub.connected
    assert any("certificate verify failed" in r.getMessage() for r in caplog.records)


async def test_broker_down_at_start(mosquitto_unstarted: Mosquitto, sink: FakeSink) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with MqttIntegration(config_for(mosquitto_unstarted), sink, FakeClock()) as hub:
        assert loop.time() - started < 0.5  # entering does not wait for the broker
        await asyncio.sleep(0.3)
        assert not hub.connected
        await asyncio.to_thread(mosquitto_unstarted.start)
        async with asyncio.timeout(5):
            await hub.wait_connected()
    assert loop.time() - started < 10


async def test_broker_restart_keeps_qos1_messages(
    mosquitto: Mosquitto, sink: FakeSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "integrations.mqtt")
    config = {
        "name": "Plug",
        "stat_t": "plug/state",
        "cmd_t": "plug/set",
        "json_attr_t": "plug/attrs",
    }
    async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="dev") as device:
        await device.publish(
            "homeassistant/switch/plug/config", json.dumps(config), qos=1, retain=True
        )
    # A slow retry, so the hub is surely away while the device publishes.
    slow = config_for(mosquitto, reconnect_min_s=2.0, reconnect_max_s=2.0)
    async with MqttIntegration(slow, sink, FakeClock()) as hub:
        async with asyncio.timeout(5):
            await hub.wait_connected()
        await eventually(lambda: "switch.plug" in sink.specs and hub.subscriptions_settled)
        sink.available["switch.plug"] = True

        await asyncio.to_thread(mosquitto.stop)
        await eventually(lambda: sink.available["switch.plug"] is False)
        await asyncio.to_thread(mosquitto.start)
        # The hub is still reconnecting (backoff); messages published now must wait for it.
        async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="dev") as device:
            for i in range(20):
                await device.publish("plug/attrs", json.dumps({"n": i}), qos=1)
        assert not hub.connected
        async with asyncio.timeout(5):
            await hub.wait_connected()
        await eventually(lambda: sink.available["switch.plug"] is True)
        await eventually(lambda: sink.attributes.get("switch.plug", {}).get("n") == 19)
        got = [s for s in sink.reports if s[0] == "switch.plug"]
        assert len(got) >= 20

        # Resubscribed: a new entity discovered after the restart works too.
        async with aiomqtt.Client("127.0.0.1", mosquitto.port, identifier="dev") as device:
            await device.publish("plug/state", "ON", qos=1)
        await eventually(lambda: sink.states.get("switch.plug") == "on")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("integrations.mqtt")]
    assert sum("went away" in m for m in messages) == 1
    assert sum("is back" in m for m in messages) == 1
