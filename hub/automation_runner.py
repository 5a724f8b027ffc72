"""Runs automations in the daemon: bus events and timed triggers in, calls with origin automation out.

Timed triggers live on an in-memory APScheduler (they are re-created from YAML at every start);
the rest of a run that is only calls and delays goes to the executor with delay_s, so the
persistent scheduler keeps it across a restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from types import TracebackType
from typing import TYPE_CHECKING, Self

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from automations.engine import Call, Engine, Firing, Tick, Wait, deferrable
from automations.schema import (
    Automation,
    AutomationsConfig,
    NumericStateTrigger,
    StateTrigger,
    SunTrigger,
    TimePatternTrigger,
    TimeTrigger,
)
from automations.sun import Location, next_sun_event
from automations.triggers import numeric_in_range, state_holds, time_fields, time_pattern_fields
from hub.automation_files import Loaded, load_all
from hub.bus import Bus, Subscription
from hub.config.schema import HomeConfig
from hub.core.events import Event, HubEvent, StateChanged
from hub.core.model import Origin, ServiceCall
from hub.core.ports import Clock
from hub.executor import CallResult, Executor
from hub.registry import Registry

if TYPE_CHECKING:
    from hub.scheduler import Scheduler

log = logging.getLogger(__name__)

Observer = Callable[[Automation, CallResult], None]
_MAX_JOB_IDS = 1000


class AutomationRunner:
    """Owns the tasks "automations.events" and "automations.run"; `reload()` re-reads the YAML."""

    def __init__(
        self,
        config: AutomationsConfig,
        home: HomeConfig,
        bus: Bus,
        registry: Registry,
        executor: Executor,
        clock: Clock,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.config = config
        self._home = home
        self._bus = bus
        self._registry = registry
        self._executor = executor
        self._clock = clock
        self._scheduler = scheduler  # set: tails of runs persist; restart cancels them
        self._tz: tzinfo = home.zone()
        self._where = (
            Location(home.latitude, home.longitude, self._tz)
            if home.latitude is not None and home.longitude is not None
            else None
        )
        self.engine = Engine([], self._where)
        self.loaded: list[Loaded] = []
        self.errors: list[str] = []
        self._aps: AsyncIOScheduler | None = None
        self._sub: Subscription | None = None
        self._task: asyncio.Task[None] | None = None
        self._runs: dict[str, list[asyncio.Task[None]]] = {}
        self._holds: dict[tuple[str, int, str], asyncio.Task[None]] = {}
        self._job_of_call: dict[str, str] = {}  # call_id -> scheduler job id
        self._deferred: dict[str, list[str]] = {}  # automation id -> its pending job ids
        self._failing: set[tuple[str, str]] = set()  # (automation, error) already logged
        self._observers: list[Observer] = []

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._aps = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"misfire_grace_time": 60, "coalesce": True},
            timezone=self._tz,
        )
        self._aps.start()
        self._bus.add_listener(self._note_job)
        self._sub = self._bus.subscribe(name="automations")
        self._task = asyncio.create_task(self._events(self._sub), name="automations.events")
        self.reload()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bus.remove_listener(self._note_job)
        if self._sub is not None:
            self._sub.close()
        tasks = [t for ts in self._runs.values() for t in ts] + list(self._holds.values())
        if self._task is not None:
            tasks.append(self._task)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        self._aps = None

    def reload(self) -> list[str]:
        """Re-read hub.yaml's inline automations and the folder; returns the problems found."""
        result = load_all(self.config, self._home)
        for error in result.errors:
            if error not in self.errors:
                log.warning("automation skipped: %s", error)
        self.loaded, self.errors = result.automations, result.errors
        self.engine = Engine([item.automation for item in self.loaded], self._where)
        for key in [k for k in self._holds if self.engine.get(k[0]) is None]:
            self._holds.pop(key).cancel()
        self._schedule_all()
        log.info("%d automation(s) loaded from %s", len(self.loaded), self.config.folder)
        return result.errors

    def add_observer(self, fn: Observer) -> None:
        """Call `fn(automation, result)` after each call an automation makes (cheap, sync)."""
        self._observers.append(fn)

    # -- timed triggers --------------------------------------------------------------------

    def _schedule_all(self) -> None:
        aps = self._aps
        if aps is None:
            return
        aps.remove_all_jobs()
        for item in self.loaded:
            auto = item.automation
            for i, trig in enumerate(auto.trigger):
                if isinstance(trig, TimeTrigger):
                    for n, fields in enumerate(time_fields(trig)):
                        cron = CronTrigger(timezone=self._tz, **fields)
                        aps.add_job(self._tick, cron, args=(auto.id, i), id=f"{auto.id}#{i}#{n}")
                elif isinstance(trig, TimePatternTrigger):
                    cron = CronTrigger(timezone=self._tz, **time_pattern_fields(trig))
                    aps.add_job(self._tick, cron, args=(auto.id, i), id=f"{auto.id}#{i}")
                elif isinstance(trig, SunTrigger):
                    self._schedule_sun(auto.id, i, trig)

    def _schedule_sun(self, automation_id: str, index: int, trig: SunTrigger) -> None:
        if self._aps is None or self._where is None:
            return
        at = next_sun_event(trig.event, self._clock.now(), self._where, trig.offset)
        if at is not None:
            self._aps.add_job(
                self._sun_tick,
                DateTrigger(at, timezone=self._tz),
                args=(automation_id, index),
                id=f"{automation_id}#{index}",
                replace_existing=True,
            )

    async def _sun_tick(self, automation_id: str, index: int) -> None:
        auto = self.engine.get(automation_id)
        if auto is not None and isinstance(trig := auto.trigger[index], SunTrigger):
            self._schedule_sun(automation_id, index, trig)  # tomorrow's, before running today's
        await self._tick(automation_id, index)

    async def _tick(self, automation_id: str, index: int) -> None:
        now = self._clock.now()
        tick = Tick(automation_id, index, now)
        for firing in self.engine.evaluate(tick, self._registry.snapshot(), now):
            self._launch(firing)

    def next_run(self, automation_id: str) -> datetime | None:
        """When a timed trigger of the automation fires next (None: only events fire it)."""
        if self._aps is None:
            return None
        times = [
            job.next_run_time
            for job in self._aps.get_jobs()
            if job.id.partition("#")[0] == automation_id and job.next_run_time is not None
        ]
        return min(times) if times else None

    # -- events ----------------------------------------------------------------------------

    async def _events(self, sub: Subscription) -> None:
        async for event in sub:
            if not isinstance(event, StateChanged | HubEvent):
                continue
            try:
                self._on_event(event)
            except Exception:
                # A bug in one evaluation must not stop automations for good.
                log.exception("automations: failed on %s", type(event).__name__)

    def _on_event(self, event: StateChanged | HubEvent) -> None:
        if isinstance(event, StateChanged):
            self._drop_broken_holds(event)
        now = self._clock.now()
        for firing in self.engine.evaluate(event, self._registry.snapshot(), now):
            if firing.hold is None:
                self._launch(firing)
                continue
            key = (firing.automation.id, firing.trigger_index, firing.entity_id or "")
            if key not in self._holds:  # already counting: the first change started the clock
                task = asyncio.create_task(self._hold(key, firing), name="automations.hold")
                self._holds[key] = task

    def _drop_broken_holds(self, event: StateChanged) -> None:
        for key in [k for k in self._holds if k[2] == event.entity_id]:
            auto = self.engine.get(key[0])
            trig = auto.trigger[key[1]] if auto is not None else None
            holds = (
                isinstance(trig, StateTrigger)
                and state_holds(trig, event.new_state, event.attributes)
            ) or (
                isinstance(trig, NumericStateTrigger)
                and numeric_in_range(trig, event.new_state, event.attributes)
            )
            if not holds:
                self._holds.pop(key).cancel()

    async def _hold(self, key: tuple[str, int, str], firing: Firing) -> None:
        try:
            assert firing.hold is not None
            await asyncio.sleep(firing.hold.total_seconds())
        finally:
            if self._holds.get(key) is asyncio.current_task():
                del self._holds[key]
        if self.engine.confirm(firing, self._registry.snapshot(), self._clock.now()):
            self._launch(firing)

    # -- runs ------------------------------------------------------------------------------

    def _launch(self, firing: Firing) -> None:
        auto = firing.automation
        running = [t for t in self._runs.get(auto.id, []) if not t.done()]
        if auto.mode == "single" and running:
            log.info("automation %s is still running; this trigger is ignored", auto.name)
            return
        if auto.mode == "restart":
            for task in running:
                task.cancel()
            self._cancel_deferred(auto.id)
            running = []
        elif len(running) >= auto.max:
            log.warning("automation %s already has %d runs; trigger dropped", auto.name, auto.max)
            return
        previous = running[-1] if auto.mode == "queued" and running else None
        task = asyncio.create_task(self._run(auto, previous), name="automations.run")
        self._runs[auto.id] = [*running, task]

    async def _run(self, auto: Automation, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        log.info("automation %s triggered", auto.name)
        try:
            await self._steps(auto)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("automation %s failed", auto.name)

    async def _steps(self, auto: Automation) -> None:
        steps = tuple(auto.action)
        while True:
            snapshot = self._registry.snapshot()
            effect = self.engine.step(steps, snapshot, self._clock.now())
            if isinstance(effect, Call):
                result = await self._call(auto, effect.call)
                if not result.ok and not effect.continue_on_error:
                    return
                steps = effect.rest
            elif isinstance(effect, Wait):
                tail = deferrable(effect.delay, effect.rest, snapshot) if self._scheduler else None
                if tail is not None:
                    for call in tail:
                        await self._call(auto, call)
                    return
                await asyncio.sleep(effect.delay.total_seconds())
                steps = effect.rest
            else:
                return

    async def _call(self, auto: Automation, call_: ServiceCall) -> CallResult:
        result = await self._executor.execute(call_, Origin.AUTOMATION)
        key = (auto.id, result.error or "")
        if not result.ok and key not in self._failing:
            self._failing.add(key)  # said once; the executor's CallFailed records every one
            log.warning("automation %s: %s failed: %s", auto.name, call_.service, result.error)
        elif result.ok:
            self._failing = {k for k in self._failing if k[0] != auto.id}
        if result.scheduled_for is not None and result.call_id in self._job_of_call:
            self._deferred.setdefault(auto.id, []).append(self._job_of_call.pop(result.call_id))
        for fn in self._observers:
            try:
                fn(auto, result)
            except Exception:
                log.exception("automation observer %r failed", fn)
        return result

    def _note_job(self, event: Event) -> None:
        """Remember which scheduler job holds a deferred call, so `restart` can cancel it."""
        if isinstance(event, HubEvent) and event.kind == "call_scheduled":
            call_id, job_id = event.data.get("call_id"), event.data.get("job_id")
            if isinstance(call_id, str) and isinstance(job_id, str):
                if len(self._job_of_call) >= _MAX_JOB_IDS:
                    self._job_of_call.pop(next(iter(self._job_of_call)))
                self._job_of_call[call_id] = job_id

    def _cancel_deferred(self, automation_id: str) -> None:
        for job_id in self._deferred.pop(automation_id, []):
            if self._scheduler is not None:
                self._scheduler.cancel(job_id)
