"""The scheduler: persisted jobs survive a restart, run late within grace, can be cancelled.

APScheduler runs on real time, so these tests use the system clock and short delays.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, timedelta
from pathlib import Path

import pytest

import hub.scheduler as scheduler_mod
from hub.clock import SystemClock
from hub.core import CallDone, Origin, ServiceCall, StateChanged
from hub.executor import Executor
from hub.scheduler import Scheduler

from .fakes import FakeIntegration, collect, make_home

CLOCK = SystemClock(UTC)


class Recorder:
    """Collects the calls a scheduler hands over; `got` fires at each one."""

    def __init__(self) -> None:
        self.calls: list[tuple[ServiceCall, Origin]] = []
        self.got = asyncio.Event()

    async def run(self, call: ServiceCall, origin: Origin) -> None:
        self.calls.append((call, origin))
        self.got.set()

    async def wait_for(self, n: int) -> None:
        async with asyncio.timeout(5):
            while len(self.calls) < n:
                self.got.clear()
                await self.got.wait()


def off(entity_id: str, **kw: float | str) -> ServiceCall:
    return ServiceCall("light.turn_off", (entity_id,), {}, **kw)  # type: ignore[arg-type]


async def test_pending_calls_survive_a_restart_and_late_ones_run_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_mod, "LATE_S", 0.1)  # "late" in test time
    path = tmp_path / "schedule.sqlite"
    first = Recorder()
    async with Scheduler(path, CLOCK) as sched:
        sched.bind(first.run)
        now = CLOCK.now()
        sched.schedule_call(off("light.a", delay_s=0.3), Origin.VOICE, now + timedelta(seconds=0.3))
        sched.schedule_call(off("light.b"), Origin.TEXT, now + timedelta(seconds=1.2))
        jobs = sched.jobs()
        assert [(j.call.entity_ids, j.origin) for j in jobs] == [
            (("light.a",), Origin.VOICE),
            (("light.b",), Origin.TEXT),
        ]
        assert jobs[0].call.delay_s is None  # due jobs run at once when they fire
    await asyncio.sleep(0.6)  # the hub is down while light.a falls due
    assert first.calls == []
    second = Recorder()
    with caplog.at_level(logging.WARNING, logger="hub.scheduler"):
        async with Scheduler(path, CLOCK) as sched:
            sched.bind(second.run)
            await second.wait_for(1)
            assert [c.entity_ids for c, _ in second.calls] == [("light.a",)]  # late, at once
            await second.wait_for(2)  # the other one at its own time
            assert [(c.entity_ids, o) for c, o in second.calls] == [
                (("light.a",), Origin.VOICE),
                (("light.b",), Origin.TEXT),
            ]
            assert sched.jobs() == []
    assert any("late" in r.getMessage() for r in caplog.records)
    async with Scheduler(path, CLOCK) as sched:  # nothing left to run again
        sched.bind(second.run)
        await asyncio.sleep(0.2)
    assert len(second.calls) == 2


async def test_due_jobs_wait_until_an_executor_is_bound(tmp_path: Path) -> None:
    path = tmp_path / "schedule.sqlite"
    async with Scheduler(path, CLOCK) as sched:
        sched.bind(Recorder().run)
        sched.schedule_call(off("light.a"), Origin.HUB, CLOCK.now() + timedelta(seconds=0.1))
    await asyncio.sleep(0.2)
    rec = Recorder()
    async with Scheduler(path, CLOCK) as sched:
        await asyncio.sleep(0.3)  # entered, but nobody to run it yet: paused, not dropped
        assert rec.calls == []
        sched.bind(rec.run)
        await rec.wait_for(1)


async def test_cancel_removes_a_job(tmp_path: Path) -> None:
    rec = Recorder()
    async with Scheduler(tmp_path / "s.sqlite", CLOCK) as sched:
        sched.bind(rec.run)
        job = sched.schedule_call(off("light.a"), Origin.HUB, CLOCK.now() + timedelta(seconds=0.3))
        assert sched.cancel(job) is True
        assert sched.cancel(job) is False
        assert sched.jobs() == []
        await asyncio.sleep(0.5)
    assert rec.calls == []


async def test_executor_runs_a_delayed_call_through_the_scheduler(tmp_path: Path) -> None:
    bus, _, reg = make_home()
    seen = collect(bus)
    done = asyncio.Event()
    bus.add_listener(lambda e: done.set() if isinstance(e, CallDone) else None)
    fake = FakeIntegration(reg)
    async with Scheduler(tmp_path / "s.sqlite", CLOCK) as sched:
        ex = Executor(reg, bus, CLOCK, {"fake": fake}, sched)
        call = ServiceCall("switch.turn_on", ("switch.coffee",), delay_s=0.2)
        result = await ex.execute(call, Origin.VOICE)
        assert result.ok and result.scheduled_for is not None and fake.calls == []
        await asyncio.wait_for(done.wait(), 5)
    sent, _ = fake.calls[0]
    assert (sent.service, sent.delay_s) == ("switch.turn_on", None)
    change = next(e for e in seen if isinstance(e, StateChanged) and e.entity_id == "switch.coffee")
    assert change.origin == Origin.VOICE and change.new_state == "on"
