"""Energy benchmarks: exporter throughput vs raw ingest, and W -> kWh integration error.

usage: .venv/bin/python bench/energy_bench.py [--points 100000] [--url http://127.0.0.1:8428]
Without --url it starts its own VictoriaMetrics (needs the victoria-metrics binary).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.energy import Integration, MeterState, step
from integrations.influxdb import InfluxConfig, InfluxExporter

BATCH = 5000


def lines(prefix: str, n: int) -> list[str]:
    base = int(time.time() * 1000) - n  # one point per ms, ending now
    return [
        f"{prefix},entity_id=sensor.dev{i % 50}_power,domain=sensor,area=bench watts={i % 3000}.5"
        f" {base + i}"
        for i in range(n)
    ]


async def exporter_rate(url: str, n: int, workdir: Path, down_first: bool) -> float:
    """Points/s through InfluxExporter (batches of 5000) until the server has them all."""
    cfg = InfluxConfig(url=url, batch_size=BATCH, flush_interval=0.1, max_memory_points=10**7)
    data = lines("bench_exporter" + ("_replay" if down_first else ""), n)
    target = url if not down_first else "http://127.0.0.1:9"  # nothing listens: all to disk
    exp = InfluxExporter(cfg.model_copy(update={"url": target}), workdir / f"buf{down_first}")
    if down_first:
        async with exp:
            for line in data:
                exp.add_line(line)
        exp = InfluxExporter(cfg, workdir / f"buf{down_first}")  # restart: replay from disk
    t0 = time.perf_counter()
    async with exp:
        for line in data if not down_first else ():
            exp.add_line(line)
        while exp.stats.written < n:  # noqa: ASYNC110 - the exporter exposes counters
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - t0
    return n / elapsed


async def raw_rate(url: str, n: int) -> float:
    """Points/s of the same lines POSTed as raw line protocol to /api/v2/write, 5000 a POST."""
    data = lines("bench_raw", n)
    async with aiohttp.ClientSession() as http:
        t0 = time.perf_counter()
        for i in range(0, n, BATCH):
            body = "\n".join(data[i : i + BATCH])
            async with http.post(
                f"{url}/api/v2/write", params={"bucket": "home", "precision": "ms"}, data=body
            ) as resp:
                resp.raise_for_status()
        return n / (time.perf_counter() - t0)


def load(t: float) -> float:
    """An analytic household load (W): a base with a daily-ish swell, a heater, a kettle."""
    watts = 800 + 600 * math.sin(2 * math.pi * t / 3600)
    if 7200 <= t < 12600:
        watts += 2000  # space heater 2 h - 3.5 h
    if 18000 <= t < 18180:
        watts += 1800  # kettle for 3 minutes
    return watts


def exact_kwh(end: float) -> float:
    sine = 600 * 3600 / (2 * math.pi) * (1 - math.cos(2 * math.pi * end / 3600))
    heater = 2000 * max(0.0, min(end, 12600) - 7200)
    kettle = 1800 * max(0.0, min(end, 18180) - 18000)
    return (800 * end + sine + heater + kettle) / 3.6e6


def polled(rng: random.Random, end: float, gaps: bool) -> list[float]:
    """Sample times of a polled sensor: every 5-60 s, and 2% of the time a 2-8 min gap."""
    times, t = [], 0.0
    while t < end:
        times.append(t)
        t += rng.uniform(120, 480) if gaps and rng.random() < 0.02 else rng.uniform(5, 60)
    return [*times, end]


def reporting(rng: random.Random, end: float, gaps: bool) -> list[float]:
    """Report times of a sensor that reports on change (>2% or 10 W) and at least every 60 s,
    with 5% of its reports lost and a 2-8 min silence now and then."""
    times, last_t, last_w, t = [0.0], 0.0, load(0.0), 0.0
    silent_until = -1.0
    while t < end:
        t += 1.0
        if t < silent_until:
            continue
        if gaps and rng.random() < 0.0005:
            silent_until = t + rng.uniform(120, 480)
            continue
        w = load(t)
        if abs(w - last_w) > max(10.0, 0.02 * last_w) or t - last_t >= 60:
            last_t, last_w = t, w
            if not gaps or rng.random() >= 0.05:
                times.append(t)
    return [*times, end]


def integration_error(method: str, sensor: str, seed: int, gaps: bool) -> tuple[float, float, int]:
    """(computed kWh, exact kWh, readings) over 8 h of the analytic load."""
    rng = random.Random(seed)
    how = Integration(method, max_hold_s=900)  # type: ignore[arg-type]
    meter = MeterState("power")
    end = 8 * 3600.0
    times = polled(rng, end, gaps) if sensor == "polled" else reporting(rng, end, gaps)
    total = sum(s.kwh for t in times for s in step(meter, t, load(t), how))
    return total, exact_kwh(end), len(times)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--url", help="a running server; default: start VictoriaMetrics")
    args = ap.parse_args()

    print("== W -> kWh integration error: 8 h analytic load, 20 seeds per case ==")
    print("(gaps: reports lost and 2-8 min silences; energy never seen cannot be recovered)")
    for sensor, gaps, method in itertools.product(
        ("reporting", "polled"), (False, True), ("left", "trapezoid")
    ):
        errors = []
        for seed in range(20):
            got, exact, n = integration_error(method, sensor, seed, gaps)
            errors.append((got - exact) / exact * 100)
        mean = sum(abs(e) for e in errors) / len(errors)
        worst = max(errors, key=abs)
        verdict = "ok" if mean < 0.5 else "ABOVE TARGET"
        label = f"{sensor} sensor, {'with' if gaps else 'no'} gaps, {method}"
        print(f"{label:38s}: mean |error| {mean:.3f}%, worst {worst:+.3f}%"
              f" (~{n} readings; target < 0.5%: {verdict})")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        server = None
        url = args.url
        if url is None:
            from tests.fixtures.victoria import Victoria, find_binary

            binary = find_binary()
            if binary is None:
                print("victoria-metrics not installed: skipping the throughput part")
                return
            server = Victoria(Path(tmp) / "vm", binary)
            server.start()
            url = server.url
        try:
            n = args.points
            print(f"\n== write throughput, {n} points, batches of {BATCH}, server {url} ==")
            raw = await raw_rate(url, n)
            print(f"raw line protocol POST /api/v2/write  {raw:10,.0f} points/s")
            direct = await exporter_rate(url, n, Path(tmp), down_first=False)
            print(f"InfluxExporter (live)                 {direct:10,.0f} points/s")
            replay = await exporter_rate(url, n, Path(tmp), down_first=True)
            print(f"InfluxExporter (replay from disk)     {replay:10,.0f} points/s")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    asyncio.run(main())
