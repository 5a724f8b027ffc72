"""The whole hub under MQTT load: ingest into registry + event log, RSS, and time to ready.

    .venv/bin/python bench/hub_bench.py [-n 50000] [--entities 100] [--qos 0]

Starts its own mosquitto and a real `hub run` (virtual reference home + MQTT), publishes
Home Assistant discovery for N sensors, then state messages whose values all differ (the
registry records changes only), and counts rows in the hub's SQLite event log. A plain paho
subscriber on the same broker, in the same run, is the peer. Targets (issue 2): >= 10,000
state messages/s sustained, RSS < 120 MB with the reference home, ready in < 2 s.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import psutil
from paho.mqtt.enums import CallbackAPIVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.mqtt_ingest import plain_subscriber
from tests.e2e.hubproc import HubProcess
from tests.fixtures.mosquitto import Mosquitto, free_port


def _publish_states(port: int, n: int, entities: int, qos: int) -> None:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-states")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    infos = []
    for i in range(n):
        # i // entities: every message an entity gets carries a new value.
        value = 10 + (i // entities) * 0.01
        infos.append(client.publish(f"bench/s{i % entities}/state", f"{value:.2f}", qos=qos))
    for info in infos[-1000:]:
        info.wait_for_publish(60)
    client.loop_stop()
    client.disconnect()


def _discovery(port: int, entities: int) -> None:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-discovery")
    client.connect("127.0.0.1", port)
    client.loop_start()
    for i in range(entities):
        cfg = {"name": f"Bench {i}", "stat_t": f"bench/s{i}/state", "uniq_id": f"bench{i}",
               "dev_cla": "temperature", "unit_of_meas": "°C"}  # fmt: skip
        client.publish(f"homeassistant/sensor/bench{i}/config", json.dumps(cfg), 1, retain=True)
    time.sleep(0.5)
    client.loop_stop()
    client.disconnect()


def _events(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT count(*) FROM events WHERE type = 'state_changed'").fetchone()
        return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000)
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--qos", type=int, default=0, choices=(0, 1))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lamhub-hubbench-"))
    root.chmod(0o755)
    broker = Mosquitto(root / "mqtt", free_port(), free_port(), free_port())
    broker.root.mkdir()
    broker.configure()
    broker.start()
    hub = HubProcess(
        root,
        {
            "mqtt": {"enabled": True, "port": broker.port, "qos": args.qos},
            "log": {"level": "warning"},
        },
    )
    out: dict[str, object] = {"messages": args.n, "entities": args.entities, "qos": args.qos}
    try:
        hub.start()
        assert hub.proc is not None
        proc = psutil.Process(hub.proc.pid)
        out["ready_s"] = round(hub.ready_s, 2)
        out["rss_idle_mb"] = round(proc.memory_info().rss / 2**20, 1)
        _discovery(broker.port, args.entities)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, ents = hub.request("GET", "/api/entities?domain=sensor")
            if (
                status == 200
                and sum(e["entity_id"].startswith("sensor.bench") for e in ents) >= args.entities
            ):
                break
            time.sleep(0.1)
        db = hub.data_dir / "events.sqlite"
        time.sleep(1.5)  # let the event log write the discovery events
        base = _events(db)
        pub = multiprocessing.Process(
            target=_publish_states, args=(broker.port, args.n, args.entities, args.qos)
        )
        t0 = time.perf_counter()
        pub.start()
        got, t_last, peak = 0, t0, 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            now_count = _events(db) - base
            peak = max(peak, proc.memory_info().rss)
            if now_count != got:
                got, t_last = now_count, time.perf_counter()
            if got >= args.n:
                break
            time.sleep(0.05)
        pub.join()
        out["hub_logged"] = got
        out["hub_msgs_per_s"] = round(got / (t_last - t0)) if t_last > t0 else 0
        out["rss_peak_mb"] = round(peak / 2**20, 1)
        out["rss_after_mb"] = round(proc.memory_info().rss / 2**20, 1)
        _, took = hub.stop()
        out["stop_s"] = round(took, 2)
        out["plain_paho_msgs_per_s"] = round(
            plain_subscriber(broker.port, args.n, args.entities, args.qos)
        )
    finally:
        if hub.proc is not None and hub.proc.poll() is None:
            hub.stop()
        broker.stop()
    targets = {"hub_msgs_per_s": ">= 10000", "rss_idle_mb": "< 120", "ready_s": "< 2"}
    print(json.dumps(out))
    for key, target in targets.items():
        print(f"{key:>16}: {out.get(key)}  (target {target})")
    print(f"{'peer':>16}: plain paho subscriber {out.get('plain_paho_msgs_per_s')} msg/s")


if __name__ == "__main__":
    main()
