"""End-to-end latency against a real Home Assistant: lamhub's path beside HA's own Assist.

For the same sentence, in the same run, against the same server:
  lamhub:  plan the text (embedded engine) -> call_service over the websocket -> the state
           change seen back from HA (tagged with the call's id through HA's context id)
  Assist:  POST /api/conversation/process -> its answer, and the state change seen back
Usage: .venv/bin/python bench/ha_latency.py [--runs 30] [--url URL --token TOKEN]
Without --url it starts a test Home Assistant with scripts/homeassistant.sh and stops it after.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.clock import SystemClock  # noqa: E402
from hub.core import Entity, EntityState, HomeSnapshot, ServiceCall  # noqa: E402
from integrations.homeassistant import HomeAssistantConfig, HomeAssistantIntegration  # noqa: E402
from tests.fakesink import FakeSink  # noqa: E402
from tests.fixtures.homeassistant import HomeAssistant, free_port  # noqa: E402

ENTITY = "light.kitchen_lights"
SENTENCES = ("turn on the kitchen lights", "turn off the kitchen lights")


def snapshot(sink: FakeSink) -> HomeSnapshot:
    return HomeSnapshot(
        sink.areas,
        {
            e: Entity(spec, EntityState(sink.states.get(e, "unknown")))
            for e, spec in sink.specs.items()
        },
    )


async def wait_report(sink: FakeSink, start: int, want: str, call_id: str | None) -> None:
    while not any(  # noqa: ASYNC110 (the recording sink has no event; 0.5 ms polling)
        eid == ENTITY and state == want and cid == call_id
        for eid, state, cid in sink.reports[start:]
    ):
        await asyncio.sleep(0.0005)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def bench(url: str, token: str, runs: int) -> None:
    from intents import Planner, train_embedded

    t = time.perf_counter()
    planner = Planner(train_embedded(cache_dir=Path(tempfile.gettempdir()) / "lamhub-bench-nlu"))
    print(f"embedded engine ready in {time.perf_counter() - t:.1f} s")
    sink = FakeSink()
    config = HomeAssistantConfig(url=url, token=token, enabled=True)  # type: ignore[arg-type]
    rows: dict[str, list[float]] = {
        k: [] for k in ("plan", "hub_total", "assist_answer", "assist_state")
    }
    async with (
        HomeAssistantIntegration(config, sink, SystemClock()) as hai,
        aiohttp.ClientSession() as http,
    ):
        await asyncio.wait_for(hai.wait_connected(), 20)
        headers = {"Authorization": f"Bearer {token}"}

        async def reset(want: str, tag: str) -> None:
            """Put the light in the other state first, so each run makes a real change."""
            other = "off" if want == "on" else "on"
            if sink.states.get(ENTITY) != other:
                mark = len(sink.reports)
                await hai.call(ServiceCall(f"light.turn_{other}", (ENTITY,)), tag)
                await asyncio.wait_for(wait_report(sink, mark, other, tag), 5)

        for n, text in zip(range(runs * 2), itertools.cycle(SENTENCES), strict=False):
            want = "on" if " on " in f" {text} " else "off"
            # lamhub
            await reset(want, f"reset-hub-{n}")
            mark, call_id = len(sink.reports), f"bench-{n}"
            t0 = time.perf_counter()
            plan = planner.plan(text, snapshot(sink), None, "bench")
            t1 = time.perf_counter()
            assert [c.entity_ids for c in plan.calls] == [(ENTITY,)], plan
            await hai.call(plan.calls[0], call_id)
            await asyncio.wait_for(wait_report(sink, mark, want, call_id), 5)
            t2 = time.perf_counter()
            rows["plan"].append((t1 - t0) * 1000)
            rows["hub_total"].append((t2 - t0) * 1000)
            # Home Assistant's Assist: the same sentence from the same starting state.
            await reset(want, f"reset-assist-{n}")
            mark = len(sink.reports)
            t0 = time.perf_counter()
            async with http.post(f"{url}/api/conversation/process", headers=headers,
                                 json={"text": text, "language": "en"}) as r:  # fmt: skip
                answer = await r.json()
            t1 = time.perf_counter()
            assert answer["response"]["response_type"] == "action_done", answer
            await asyncio.wait_for(wait_report(sink, mark, want, None), 5)
            t2 = time.perf_counter()
            rows["assist_answer"].append((t1 - t0) * 1000)
            rows["assist_state"].append((t2 - t0) * 1000)
    print(f"\n{runs * 2} runs each, sentences {SENTENCES}, ms (loopback, {ENTITY}):")
    print(f"{'':28}{'p50':>8}{'p95':>8}{'min':>8}{'max':>8}")
    labels = {"plan": "lamhub: plan only", "hub_total": "lamhub: text -> state seen",
              "assist_answer": "Assist: text -> answer", "assist_state": "Assist: text -> state seen"}  # fmt: skip
    for key, values in rows.items():
        print(f"{labels[key]:28}{statistics.median(values):8.1f}{pct(values, 0.95):8.1f}"
              f"{min(values):8.1f}{max(values):8.1f}")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--runs", type=int, default=30, help="runs per sentence")
    p.add_argument("--url")
    p.add_argument("--token")
    a = p.parse_args()
    if a.url and a.token:
        asyncio.run(bench(a.url.rstrip("/"), a.token, a.runs))
        return
    with tempfile.TemporaryDirectory() as tmp:
        ha = HomeAssistant(Path(tmp), free_port())
        ha.start()
        try:
            asyncio.run(bench(ha.url, ha.token, a.runs))
        finally:
            ha.stop()


if __name__ == "__main__":
    main()
