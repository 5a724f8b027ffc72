"""Routine mining on small hand-built logs: each kind, DST, a shifted habit and the decoys."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from automations.learning import LogEvent, StateTrigger, Suggestion, TimeTrigger, mine, read_jsonl
from hub.core.model import Origin

BERLIN = ZoneInfo("Europe/Berlin")
NOISE = ["light.kitchen", "light.bathroom", "switch.kettle", "fan.office_fan", "light.desk_lamp"]


class Log:
    """A tiny event log builder in local wall-clock time, like the scenario generator."""

    def __init__(self, start: date, days: int, tz: ZoneInfo = BERLIN, seed: int = 1) -> None:
        self.days = [start + timedelta(d) for d in range(days)]
        self.tz, self.rng, self.events = tz, random.Random(seed), list[LogEvent]()

    def at(self, day: date, minute: float) -> datetime:
        return (datetime.combine(day, time()) + timedelta(minutes=minute)).replace(tzinfo=self.tz)

    def act(self, ts: datetime, service: str, entity: str, state: str, **kw: object) -> None:
        origin = kw.pop("origin", Origin.MANUAL)
        assert isinstance(origin, Origin)
        self.events.append(LogEvent(ts, entity, state, origin, service, dict(kw)))  # type: ignore[arg-type]

    def report(self, ts: datetime, entity: str, state: str) -> None:
        self.events.append(LogEvent(ts, entity, state, Origin.SENSOR))

    def noise(self, per_day: int = 6) -> Log:
        for day in self.days:
            self.report(self.at(day, 0), "sensor.outdoor_temperature", str(self.rng.randint(5, 20)))
            for _ in range(per_day):
                ts = self.at(day, self.rng.uniform(390, 1410))
                entity = self.rng.choice(NOISE)
                on = self.rng.random() < 0.5
                self.act(
                    ts,
                    f"{entity.split('.')[0]}.turn_{'on' if on else 'off'}",
                    entity,
                    "on" if on else "off",
                )
            for _ in range(8):
                ts = self.at(day, self.rng.uniform(390, 1410))
                self.report(ts, "binary_sensor.hallway_motion", "on")
                self.report(ts + timedelta(seconds=60), "binary_sensor.hallway_motion", "off")
        return self

    def daily(
        self,
        when: Callable[[date], float | None],
        service: str,
        entity: str,
        state: str,
        p: float = 0.9,
        jitter: float = 5,
        **kw: object,
    ) -> Log:
        for day in self.days:
            minute = when(day)
            if minute is not None and self.rng.random() < p:
                self.act(
                    self.at(day, minute + self.rng.gauss(0, jitter)), service, entity, state, **kw
                )
        return self

    def sorted(self) -> list[LogEvent]:
        return sorted(self.events, key=lambda e: e.ts)


def weekdays_at(minute: float) -> Callable[[date], float | None]:
    return lambda day: minute if day.weekday() < 5 else None


def times(found: list[Suggestion]) -> list[Suggestion]:
    return [s for s in found if isinstance(s.trigger, TimeTrigger)]


def test_time_routine_on_weekdays() -> None:
    log = Log(date(2025, 4, 7), 35).noise()
    log.daily(weekdays_at(405), "switch.turn_on", "switch.coffee_maker", "on")
    [s] = mine(log.sorted())
    assert isinstance(s.trigger, TimeTrigger)
    assert s.action.entity_id == "switch.coffee_maker"
    assert s.trigger.weekdays == ("mon", "tue", "wed", "thu", "fri")
    assert abs(int(s.trigger.at[:2]) * 60 + int(s.trigger.at[3:]) - 405) <= 5
    assert s.support >= 15 and 0.7 <= s.confidence <= 1
    assert s.sentence.startswith("You turn on the coffee maker around 6:4")
    assert s.sentence.endswith("on weekdays.")


def test_state_routine_in_a_time_window() -> None:
    log = Log(date(2025, 4, 7), 28).noise()
    rng = random.Random(5)
    for day in log.days:
        for _ in range(4):
            ts = log.at(day, rng.uniform(420, 1380))
            log.report(ts, "binary_sensor.front_door_contact", "on")
            log.report(ts + timedelta(seconds=90), "binary_sensor.front_door_contact", "off")
            if ts.hour >= 17 and rng.random() < 0.9:
                log.act(
                    ts + timedelta(seconds=rng.uniform(3, 40)),
                    "light.turn_on",
                    "light.hallway",
                    "on",
                )
    [s] = mine(log.sorted())
    assert isinstance(s.trigger, StateTrigger) and s.kind == "state"
    assert (s.trigger.entity_id, s.trigger.to) == ("binary_sensor.front_door_contact", "on")
    assert s.action.entity_id == "light.hallway" and s.confidence > 0.7
    assert s.trigger.window is not None and s.trigger.window[0] in ("16:30", "17:00")


def test_chain_after_a_manual_action() -> None:
    log = Log(date(2025, 4, 7), 28).noise()
    rng = random.Random(6)
    for day in log.days:
        if rng.random() < 0.8:
            ts = log.at(day, rng.uniform(1110, 1350))
            log.act(ts, "media_player.turn_on", "media_player.living_room_tv", "on")
            log.act(
                ts + timedelta(seconds=rng.uniform(10, 120)),
                "cover.close_cover",
                "cover.living_room_blinds",
                "closed",
            )
            log.act(
                ts + timedelta(hours=2),
                "media_player.turn_off",
                "media_player.living_room_tv",
                "off",
            )
    [s] = mine(log.sorted())
    assert s.kind == "sequence" and isinstance(s.trigger, StateTrigger)
    assert (s.trigger.entity_id, s.trigger.to) == ("media_player.living_room_tv", "on")
    assert s.action.service == "cover.close_cover"
    assert s.sentence.startswith("After the living room TV turns on")


def test_dst_change_keeps_local_time(tmp_path: Path) -> None:
    # Berlin moves its clocks on 2025-03-30: the habit stays at 6:45 on the wall clock.
    log = Log(date(2025, 3, 10), 42).noise()
    log.daily(lambda d: 405, "switch.turn_on", "switch.coffee_maker", "on")
    path = tmp_path / "events.jsonl"
    path.write_text("".join(__import__("json").dumps(e.to_json()) + "\n" for e in log.sorted()))
    [s] = mine(read_jsonl(path))
    assert isinstance(s.trigger, TimeTrigger) and len(s.trigger.weekdays) == 7
    assert s.trigger.at in {f"06:{m}" for m in range(40, 51)}
    assert s.confidence > 0.8


def test_only_the_latest_habit_is_suggested() -> None:
    log = Log(date(2025, 4, 7), 56).noise()
    log.daily(
        lambda d: 405 if (d - log.days[0]).days < 28 else 460,
        "switch.turn_on",
        "switch.coffee_maker",
        "on",
    )
    found = times(mine(log.sorted()))
    assert [s.trigger.at[:4] for s in found if isinstance(s.trigger, TimeTrigger)] == ["07:4"]


def test_weekdays_that_change_follow_the_new_habit() -> None:
    log = Log(date(2025, 4, 7), 70).noise()
    first = log.days[0]
    log.daily(
        lambda d: 1065 if ((d - first).days < 35) == (d.weekday() < 5) else None,
        "light.turn_on",
        "light.kitchen_counter",
        "on",
    )
    [s] = times(mine(log.sorted()))
    assert isinstance(s.trigger, TimeTrigger) and s.trigger.weekdays == ("sat", "sun")


def test_decoys_are_not_suggested() -> None:
    log = Log(date(2025, 4, 7), 42).noise()
    rng = random.Random(9)
    # already automated, and a habit by voice: neither is a manual action
    log.daily(lambda d: 1230, "light.turn_on", "light.porch", "on", p=1.0, origin=Origin.AUTOMATION)
    log.daily(
        lambda d: 435,
        "media_player.media_play",
        "media_player.kitchen_speaker",
        "playing",
        origin=Origin.VOICE,
    )
    # rare but regular, and frequent but irregular
    log.daily(lambda d: 600, "vacuum.start", "vacuum.robot", "cleaning", p=0.15)
    for day in log.days:
        for _ in range(rng.randint(2, 5)):
            log.act(log.at(day, rng.uniform(390, 1350)), "switch.turn_on", "switch.kettle", "on")
    assert mine(log.sorted()) == []


def test_time_routine_across_midnight() -> None:
    log = Log(date(2025, 4, 7), 35).noise()
    log.daily(lambda d: 1435, "light.turn_on", "light.bedside_left", "on", jitter=6)
    [s] = times(mine(log.sorted()))
    assert isinstance(s.trigger, TimeTrigger) and len(s.trigger.weekdays) == 7
    assert s.trigger.at in {
        "23:50",
        "23:51",
        "23:52",
        "23:53",
        "23:54",
        "23:55",
        "23:56",
        "23:57",
        "23:58",
        "23:59",
        "00:00",
        "00:01",
        "00:02",
    }


def test_undoing_the_cause_is_not_a_chain() -> None:
    # Opening the garage leads to the light and, later, to closing it: light → close is not a habit.
    log = Log(date(2025, 4, 7), 35).noise()
    rng = random.Random(11)
    for day in log.days:
        ts = log.at(day, rng.uniform(420, 1260))
        log.act(ts, "cover.open_cover", "cover.garage_door", "open")
        log.act(ts + timedelta(seconds=rng.uniform(5, 60)), "light.turn_on", "light.garage", "on")
        log.act(
            ts + timedelta(seconds=rng.uniform(300, 1500)),
            "cover.close_cover",
            "cover.garage_door",
            "closed",
        )
    found = mine(log.sorted())
    assert [
        (s.trigger.entity_id, s.action.entity_id)
        for s in found
        if isinstance(s.trigger, StateTrigger)
    ] == [("cover.garage_door", "light.garage")]
