"""MQTT ingest benchmark: a plain paho subscriber vs. MqttIntegration on the same broker and run.

    .venv/bin/python bench/mqtt_ingest.py [-n 50000] [--entities 100] [--qos 0] [--port PORT]

Without --port it starts its own mosquitto (tests/fixtures/mosquitto.py). The sink the
integration reports into is pluggable: `run(make_sink=...)` or `--sink module:factory`, so the
whole hub (registry + event log) can be measured the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.clock import SystemClock
from hub.core import Area, EntitySink, EntitySpec, EntityState, HubEvent, JsonValue
from integrations.mqtt import MqttConfig, MqttIntegration


class CountingSink:
    """The fastest sink: counts state reports, remembers when the last one came."""

    def __init__(self) -> None:
        self.count = 0
        self.first = 0.0
        self.last = 0.0

    def upsert_area(self, area: Area) -> None: ...

    def upsert_entity(self, spec: EntitySpec, state: EntityState | None = None) -> None: ...

    def remove_entity(self, entity_id: str) -> None: ...

    def report_state(
        self,
        entity_id: str,
        state: str,
        attributes: Mapping[str, JsonValue] | None = None,
        *,
        call_id: str | None = None,
        ts: datetime | None = None,
    ) -> None:
        if not self.count:
            self.first = time.perf_counter()
        self.count += 1
        self.last = time.perf_counter()

    def set_available(self, entity_id: str, available: bool) -> None: ...

    def emit(self, event: HubEvent) -> None: ...


def _publish(port: int, n: int, entities: int, qos: int, prefix: str) -> None:
    """Publish n state messages round-robin over the entities' topics (own process)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{prefix}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    infos = []
    for i in range(n):
        payload = f'{{"temperature": {20 + (i % 100) / 10}}}'
        infos.append(client.publish(f"{prefix}/sensor{i % entities}/state", payload, qos=qos))
    for info in infos[-1000:]:
        info.wait_for_publish(30)
    client.loop_stop()
    client.disconnect()


def _publisher(port: int, n: int, entities: int, qos: int, prefix: str) -> multiprocessing.Process:
    proc = multiprocessing.Process(target=_publish, args=(port, n, entities, qos, prefix))
    proc.start()
    return proc


def plain_subscriber(port: int, n: int, entities: int, qos: int) -> float:
    """Messages/s a bare paho subscriber receives (first to last message)."""
    got = 0
    first = last = 0.0
    done = threading.Event()
    ready = threading.Event()

    def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
        nonlocal got, first, last
        if not got:
            first = time.perf_counter()
        got += 1
        last = time.perf_counter()
        if got >= n:
            done.set()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-plain")
    client.on_message = on_message
    client.on_subscribe = lambda *args: ready.set()
    client.connect("127.0.0.1", port)
    client.subscribe("plain/+/state", qos)
    client.loop_start()
    ready.wait(5)
    proc = _publisher(port, n, entities, qos, "plain")
    done.wait(120)
    proc.join()
    client.loop_stop()
    client.disconnect()
    return got / (last - first) if last > first else 0.0


async def integration_ingest(
    port: int, n: int, entities: int, qos: int, make_sink: Callable[[], EntitySink]
) -> tuple[float, int]:
    """Messages/s MqttIntegration reports into the sink (first to last report), and the count."""
    sink = make_sink()
    config = MqttConfig(enabled=True, port=port, client_id="bench-hub", qos=qos)  # type: ignore[arg-type]
    async with MqttIntegration(config, sink, SystemClock()) as hub:
        await asyncio.wait_for(hub.wait_connected(), 10)
        pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-config")
        pub.connect("127.0.0.1", port)
        pub.loop_start()
        for i in range(entities):
            config_payload = {"name": f"Sensor {i}", "stat_t": f"hub/sensor{i}/state",
                              "val_tpl": "{{ value_json.temperature }}", "unit_of_meas": "°C"}  # fmt: skip
            pub.publish(
                f"homeassistant/sensor/bench{i}/config", json.dumps(config_payload), 1
            ).wait_for_publish(5)
        pub.loop_stop()
        pub.disconnect()
        while not (len(hub.table) == entities and hub.subscriptions_settled):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        start = hub.received
        proc = _publisher(port, n, entities, qos, "hub")
        deadline = time.monotonic() + 120
        while hub.received - start < n and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await asyncio.to_thread(proc.join)
    count = getattr(sink, "count", hub.received - start)
    first, last = getattr(sink, "first", 0.0), getattr(sink, "last", 0.0)
    return (count / (last - first) if last > first else 0.0), count


def run(
    n: int = 50_000,
    entities: int = 100,
    qos: int = 0,
    port: int | None = None,
    make_sink: Callable[[], EntitySink] = CountingSink,
) -> dict[str, float]:
    """Both measurements on one broker (started here when no port is given)."""
    broker = None
    if port is None:
        import tempfile

        from tests.fixtures.mosquitto import Mosquitto, free_port

        root = Path(tempfile.mkdtemp(prefix="lamhub-bench-"))
        root.chmod(0o755)
        broker = Mosquitto(root, free_port(), free_port(), free_port())
        broker.configure()
        broker.start()
        port = broker.port
    try:
        plain = plain_subscriber(port, n, entities, qos)
        hub_rate, count = asyncio.run(integration_ingest(port, n, entities, qos, make_sink))
    finally:
        if broker is not None:
            broker.stop()
    return {"messages": n, "qos": qos, "plain_paho_msgs_per_s": round(plain),
            "mqtt_integration_msgs_per_s": round(hub_rate), "integration_received": count}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000)
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--qos", type=int, default=0, choices=(0, 1))
    parser.add_argument("--port", type=int, default=None, help="use a running broker")
    parser.add_argument("--sink", default=None, help="module:factory returning an EntitySink")
    args = parser.parse_args()
    make_sink: Callable[[], EntitySink] = CountingSink
    if args.sink:
        module, _, name = args.sink.partition(":")
        make_sink = getattr(importlib.import_module(module), name)
    print(json.dumps(run(args.n, args.entities, args.qos, args.port, make_sink)))


if __name__ == "__main__":
    main()
