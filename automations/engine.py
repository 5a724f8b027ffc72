"""The automation engine: which automations an event fires, and what their steps do next (pure).

The runtime feeds it events (state changes, hub events, ticks of timed triggers) with a snapshot
of the home and the time; it answers with firings, and walks action steps one effect at a time
(a call, a wait, or the end), so each condition sees the home as the earlier calls left it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from automations.conditions import check, check_all
from automations.schema import (
    Automation,
    ChooseStep,
    DelayStep,
    EventTrigger,
    NumericStateTrigger,
    ServiceStep,
    StateTrigger,
    Step,
    Trigger,
)
from automations.sun import Location
from automations.triggers import event_matches, numeric_in_range, state_holds, state_matches
from hub.core.events import HubEvent, StateChanged
from hub.core.model import HomeSnapshot, ServiceCall


@dataclass(frozen=True, slots=True)
class Tick:
    """A timed trigger (time, time_pattern or sun) of an automation came due."""

    automation_id: str
    trigger_index: int
    ts: datetime


EngineEvent = StateChanged | HubEvent | Tick


@dataclass(frozen=True, slots=True)
class Firing:
    """An automation's trigger matched; with a `hold`, it must go on holding that long first."""

    automation: Automation
    trigger_index: int
    entity_id: str | None = None
    hold: timedelta | None = None

    @property
    def trigger(self) -> Trigger:
        return self.automation.trigger[self.trigger_index]


@dataclass(frozen=True, slots=True)
class Call:
    """Make this call now, then go on with `rest` (unless it fails and errors stop the run)."""

    call: ServiceCall
    rest: tuple[Step, ...]
    continue_on_error: bool = False


@dataclass(frozen=True, slots=True)
class Wait:
    """Wait this long, then go on with `rest`."""

    delay: timedelta
    rest: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Done:
    """The run is over: every step ran, or a condition step said stop."""

    stopped: bool = False


Effect = Call | Wait | Done


@dataclass
class Engine:
    """Automations indexed by what can fire them; remembers which numbers were in range."""

    automations: Sequence[Automation]
    where: Location | None = None
    _by_entity: dict[str, list[tuple[Automation, int]]] = field(default_factory=dict, init=False)
    _by_event: dict[str, list[tuple[Automation, int]]] = field(default_factory=dict, init=False)
    _by_id: dict[str, Automation] = field(default_factory=dict, init=False)
    # (automation id, trigger index, entity) -> was in range: numeric triggers fire on crossing.
    _inside: dict[tuple[str, int, str], bool] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for auto in self.automations:
            self._by_id[auto.id] = auto
            for i, trig in enumerate(auto.trigger):
                if isinstance(trig, StateTrigger | NumericStateTrigger):
                    for entity_id in trig.entity_id:
                        self._by_entity.setdefault(entity_id, []).append((auto, i))
                elif isinstance(trig, EventTrigger):
                    self._by_event.setdefault(trig.event_type, []).append((auto, i))

    def get(self, automation_id: str) -> Automation | None:
        return self._by_id.get(automation_id)

    def evaluate(self, event: EngineEvent, snapshot: HomeSnapshot, now: datetime) -> list[Firing]:
        """The automations `event` fires: held ones wait for `confirm`, others passed conditions."""
        found: list[Firing] = []
        if isinstance(event, Tick):
            auto = self._by_id.get(event.automation_id)
            if auto is not None and event.trigger_index < len(auto.trigger):
                found.append(Firing(auto, event.trigger_index))
        elif isinstance(event, StateChanged):
            found = self._state_firings(event)
        else:
            for auto, i in self._by_event.get(event.kind, ()):
                trig = auto.trigger[i]
                if isinstance(trig, EventTrigger) and event_matches(trig, event):
                    found.append(Firing(auto, i))
        out: list[Firing] = []
        fired: set[str] = set()
        for firing in found:
            if firing.automation.id in fired:
                continue  # two triggers of one automation on one event: it runs once
            if firing.hold is not None or self.conditions_hold(firing, snapshot, now):
                fired.add(firing.automation.id)
                out.append(firing)
        return out

    def _state_firings(self, event: StateChanged) -> list[Firing]:
        out: list[Firing] = []
        for auto, i in self._by_entity.get(event.entity_id, ()):
            trig = auto.trigger[i]
            if isinstance(trig, StateTrigger):
                if state_matches(trig, event):
                    out.append(Firing(auto, i, event.entity_id, trig.for_ or None))
                continue
            assert isinstance(trig, NumericStateTrigger)
            key = (auto.id, i, event.entity_id)
            now_in = numeric_in_range(trig, event.new_state, event.attributes)
            was_in = self._inside.get(key)
            if was_in is None:  # first sight: judge by the old state (attributes: not known)
                was_in = trig.attribute is None and numeric_in_range(trig, event.old_state, {})
            self._inside[key] = now_in
            if now_in and not was_in:
                out.append(Firing(auto, i, event.entity_id, trig.for_ or None))
        return out

    def conditions_hold(self, firing: Firing, snapshot: HomeSnapshot, now: datetime) -> bool:
        """Whether the automation's conditions hold now."""
        return check_all(firing.automation.condition, snapshot, now, self.where)

    def confirm(self, firing: Firing, snapshot: HomeSnapshot, now: datetime) -> bool:
        """At the end of a hold: the trigger still holds, and the conditions pass."""
        trig = firing.trigger
        entity = snapshot.entities.get(firing.entity_id or "")
        state = entity.state.state if entity else None
        attrs = entity.state.attributes if entity else {}
        if isinstance(trig, StateTrigger) and not state_holds(trig, state, attrs):
            return False
        if isinstance(trig, NumericStateTrigger) and not numeric_in_range(trig, state, attrs):
            return False
        return self.conditions_hold(firing, snapshot, now)

    def step(self, steps: Sequence[Step], snapshot: HomeSnapshot, now: datetime) -> Effect:
        """The next effect of `steps`: conditions and choices are decided here, against now."""
        queue = list(steps)
        while queue:
            head, rest = queue[0], queue[1:]
            if isinstance(head, ServiceStep):
                return Call(to_call(head, snapshot), tuple(rest), head.continue_on_error)
            if isinstance(head, DelayStep):
                return Wait(head.delay, tuple(rest))
            if isinstance(head, ChooseStep):
                chosen = next(
                    (o.sequence for o in head.choose if check_all(o.conditions, snapshot, now, self.where)),
                    head.default,
                )  # fmt: skip
                queue = [*chosen, *rest]
                continue
            if not check(head, snapshot, now, self.where):
                return Done(stopped=True)
            queue = rest
        return Done()


def to_call(step: ServiceStep, snapshot: HomeSnapshot) -> ServiceCall:
    """The service call of a step; areas become their entities of the service's domain."""
    ids = [*step.target.entity_id, *step.entity_id]
    domain = step.service.partition(".")[0]
    for area in step.target.area_id:
        ids += sorted(
            e.entity_id
            for e in snapshot.in_area(area)
            if e.spec.domain == domain or domain == "homeassistant"
        )
    return ServiceCall(step.service, tuple(dict.fromkeys(ids)), dict(step.data))


def deferrable(
    wait: timedelta, rest: Iterable[Step], snapshot: HomeSnapshot
) -> list[ServiceCall] | None:
    """The rest of a run as calls with delay_s, when it is only calls and delays; else None.

    Such a tail can be handed to the persistent scheduler, so a restart does not lose it.
    """
    out: list[ServiceCall] = []
    offset = wait
    for step in rest:
        if isinstance(step, DelayStep):
            offset += step.delay
        elif isinstance(step, ServiceStep) and not step.continue_on_error:
            call = to_call(step, snapshot)
            out.append(
                ServiceCall(call.service, call.entity_ids, call.data, offset.total_seconds())
            )
        else:
            return None
    return out
