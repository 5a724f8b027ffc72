"""The automation runner: YAML in a folder, bus events and timers in, calls with origin automation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from automations.schema import AutomationsConfig
from hub.automation_files import check_automations
from hub.automation_runner import AutomationRunner
from hub.clock import FakeClock
from hub.config.schema import HomeConfig, HubConfig
from hub.core import CallRequested, Event, Origin, ServiceCall, StateChanged
from hub.executor import Executor

from .fakes import FakeIntegration, collect, make_home

HOME = HomeConfig(timezone="UTC")


class RecordingScheduler:
    """Stands in for hub.scheduler.Scheduler: keeps deferred calls, can cancel them."""

    def __init__(self) -> None:
        self.jobs: dict[str, tuple[ServiceCall, Origin, datetime]] = {}
        self.made = 0

    def bind(self, run: Any) -> None:
        self.run = run

    def schedule_call(self, call: ServiceCall, origin: Origin, run_at: datetime) -> str:
        self.made += 1
        job_id = f"job{self.made}"
        self.jobs[job_id] = (call, origin, run_at)
        return job_id

    def cancel(self, job_id: str) -> bool:
        return self.jobs.pop(job_id, None) is not None


class Setup:
    def __init__(self, folder: Path, scheduler: RecordingScheduler | None = None) -> None:
        self.bus, self.clock, self.registry = make_home(FakeClock())
        self.fake = FakeIntegration(self.registry)
        self.scheduler = scheduler
        self.executor = Executor(
            self.registry,
            self.bus,
            self.clock,
            {"fake": self.fake},
            scheduler,  # type: ignore[arg-type]
        )
        self.seen: list[Event] = collect(self.bus)
        self.config = AutomationsConfig(folder=folder)

    def runner(self) -> AutomationRunner:
        return AutomationRunner(
            self.config, HOME, self.bus, self.registry, self.executor, self.clock,
            self.scheduler,  # type: ignore[arg-type]
        )  # fmt: skip

    def requested(self) -> list[tuple[str, tuple[str, ...], Origin]]:
        return [
            (e.call.service, e.call.entity_ids, e.origin)
            for e in self.seen
            if isinstance(e, CallRequested)
        ]


async def until(pred: Callable[[], bool], within: float = 3.0) -> None:
    async with asyncio.timeout(within):
        while not pred():  # noqa: ASYNC110 (polling what the runner's tasks do is the point)
            await asyncio.sleep(0.01)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "automations.d"
    path.mkdir()
    return path


DOOR_LIGHT = """
- id: door_light
  alias: Door opens, light on
  trigger: {platform: state, entity_id: binary_sensor.door, to: "on"}
  condition: {condition: state, entity_id: light.living, state: "off"}
  action:
    - service: light.turn_on
      target: {entity_id: light.kitchen}
      data: {brightness_pct: 40}
"""


async def test_a_state_trigger_makes_its_call_with_origin_automation(folder: Path) -> None:
    (folder / "door.yaml").write_text(DOOR_LIGHT)
    s = Setup(folder)
    async with s.runner() as runner:
        assert [a.automation.id for a in runner.loaded] == ["door_light"]
        s.registry.report_state("binary_sensor.door", "on")
        await until(lambda: bool(s.fake.calls))
        await until(lambda: s.registry.get("light.kitchen").state.state == "on")  # type: ignore[union-attr]
    assert s.requested() == [("light.turn_on", ("light.kitchen",), Origin.AUTOMATION)]
    changes = [e for e in s.seen if isinstance(e, StateChanged) and e.entity_id == "light.kitchen"]
    assert changes[-1].origin == Origin.AUTOMATION


async def test_conditions_block_and_a_bad_file_does_not_stop_the_good_ones(folder: Path) -> None:
    (folder / "door.yaml").write_text(DOOR_LIGHT)
    (folder / "broken.yaml").write_text(
        "- id: x\n  trigger: {platform: time, at: '25:00'}\n  action: {delay: 1}\n"
    )
    s = Setup(folder)
    s.registry.report_state("light.living", "on")
    async with s.runner() as runner:
        assert runner.errors == [
            f"{folder / 'broken.yaml'}:2: [0].trigger.at: '25:00' is not a time of day like "
            '"06:45" or "06:45:00"'
        ]
        s.registry.report_state("binary_sensor.door", "on")
        await asyncio.sleep(0.1)
    assert s.fake.calls == []


async def test_for_waits_and_is_cancelled_when_the_state_moves_on(folder: Path) -> None:
    (folder / "a.yaml").write_text(
        """
id: held
trigger: {platform: state, entity_id: binary_sensor.door, to: "on", for: 0.2}
action: {service: switch.turn_on, entity_id: switch.coffee}
"""
    )
    s = Setup(folder)
    async with s.runner():
        s.registry.report_state("binary_sensor.door", "on")
        await asyncio.sleep(0.05)
        s.registry.report_state("binary_sensor.door", "off")  # too short: no run
        await asyncio.sleep(0.3)
        assert s.fake.calls == []
        s.registry.report_state("binary_sensor.door", "on")
        await until(lambda: bool(s.fake.calls))
    assert s.requested() == [("switch.turn_on", ("switch.coffee",), Origin.AUTOMATION)]


async def test_delay_then_choose_runs_in_order_and_restart_cancels(folder: Path) -> None:
    (folder / "a.yaml").write_text(
        """
id: seq
mode: restart
trigger: {trigger: event, event_type: button, event_data: {id: 1}}
action:
  - action: switch.turn_on
    entity_id: switch.coffee
  - delay: {seconds: 0.2}
  - choose:
      - conditions: {condition: state, entity_id: switch.coffee, state: "on"}
        sequence: {service: light.turn_on, entity_id: light.kitchen}
    default: {service: light.turn_off, entity_id: light.kitchen}
"""
    )
    s = Setup(folder)
    from hub.core import HubEvent

    async with s.runner():
        s.bus.publish(HubEvent(s.clock.now(), "button", {"id": 2}))  # other data: nothing
        s.bus.publish(HubEvent(s.clock.now(), "button", {"id": 1}))
        await until(lambda: len(s.fake.calls) == 1)
        s.bus.publish(HubEvent(s.clock.now(), "button", {"id": 1}))  # restarts the run
        await until(lambda: len(s.fake.calls) == 3)
        await asyncio.sleep(0.3)
    assert [c.service for c, _ in s.fake.calls] == [
        "switch.turn_on",
        "switch.turn_on",
        "light.turn_on",
    ]


async def test_a_tail_of_calls_and_delays_goes_to_the_persistent_scheduler(folder: Path) -> None:
    (folder / "a.yaml").write_text(
        """
id: later
mode: restart
trigger: {platform: state, entity_id: binary_sensor.door, to: "on"}
action:
  - {service: light.turn_on, entity_id: light.kitchen}
  - delay: "00:05:00"
  - {service: light.turn_off, entity_id: light.kitchen}
"""
    )
    sched = RecordingScheduler()
    s = Setup(folder, sched)
    async with s.runner():
        s.registry.report_state("binary_sensor.door", "on")
        await until(lambda: len(sched.jobs) == 1)
        (call, origin, run_at) = next(iter(sched.jobs.values()))
        assert (call.service, origin) == ("light.turn_off", Origin.AUTOMATION)
        assert (run_at - s.clock.now()).total_seconds() == 300
        s.registry.report_state("binary_sensor.door", "off")
        s.registry.report_state("binary_sensor.door", "on")  # restart: the old tail goes
        await until(lambda: "job2" in sched.jobs)
        assert list(sched.jobs) == ["job2"]


async def test_time_pattern_fires_and_next_run_is_listed(folder: Path) -> None:
    (folder / "a.yaml").write_text(
        """
- id: tick
  trigger: {platform: time_pattern, seconds: "/1"}
  action: {service: switch.toggle, entity_id: switch.coffee}
- id: morning
  trigger: {platform: time, at: "06:45", weekday: [mon, tue]}
  action: {service: switch.turn_on, entity_id: switch.coffee}
"""
    )
    s = Setup(folder)
    async with s.runner() as runner:
        nxt = runner.next_run("morning")
        assert nxt is not None and (nxt.hour, nxt.minute, nxt.weekday()) in {(6, 45, 0), (6, 45, 1)}
        await until(lambda: bool(s.fake.calls), within=3)
    assert s.requested()[0] == ("switch.toggle", ("switch.coffee",), Origin.AUTOMATION)


async def test_reload_picks_up_a_new_file(folder: Path) -> None:
    s = Setup(folder)
    async with s.runner() as runner:
        assert runner.loaded == []
        (folder / "door.yaml").write_text(DOOR_LIGHT)
        assert runner.reload() == []
        s.registry.report_state("binary_sensor.door", "on")
        await until(lambda: bool(s.fake.calls))


def test_check_automations_reports_inline_and_file_problems(folder: Path) -> None:
    (folder / "sun.yaml").write_text(
        "id: dusk\ntrigger: {platform: sun, event: sunset, offset: '-00:30:00'}\n"
        "action: {service: light.turn_on, entity_id: light.kitchen}\n"
    )
    config = HubConfig.model_validate({"home": {"timezone": "UTC"}})
    object.__setattr__(config, "automations", AutomationsConfig(folder=folder))
    errors = check_automations(config)
    assert errors == [
        f"{folder / 'sun.yaml'}:1: automation 'dusk' uses the sun: set home.latitude and "
        "home.longitude"
    ]
