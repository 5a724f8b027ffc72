"""Routine mining: manual-action history in, suggestions out (pure, one pass over the log)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from automations.learning.collect import ActionKey, History, collect
from automations.learning.events import LogEvent
from automations.learning.phrasing import (
    action_phrase,
    state_phrase,
    time_sentence,
    trigger_sentence,
)
from automations.learning.stats import circ_offset
from automations.learning.suggestion import (
    WEEKDAYS,
    Action,
    StateTrigger,
    Suggestion,
    TimeTrigger,
    hhmm,
)
from automations.learning.time_routines import TimeRoutine, mine_time
from automations.learning.trigger_routines import TriggerRoutine, mine_triggers
from hub.core.model import JsonValue


@dataclass(frozen=True, slots=True)
class MiningOptions:
    """Thresholds of what counts as a routine; the defaults suit weeks to a year of history."""

    min_support: int = 5  # times seen in the current habit
    min_confidence: float = 0.5  # share of opportunities taken (time routines)
    # Links are judged mostly by lift: a busy sensor also fires when nobody means to follow it.
    min_link_confidence: float = 0.2
    min_lift: float = 4.0  # times likelier than chance
    max_delay_s: float = 1800.0  # longest trigger → action gap considered
    names: Mapping[str, str] = field(default_factory=dict)  # entity_id -> friendly name


def mine(events: Iterable[LogEvent], *, options: MiningOptions | None = None) -> list[Suggestion]:
    """Suggestions for the routines in `events` (sorted by time), strongest first."""
    opts = options or MiningOptions()
    return mine_history(collect(events, opts.max_delay_s), options=opts)


def mine_history(hist: History, *, options: MiningOptions | None = None) -> list[Suggestion]:
    """Suggestions from an already collected History."""
    opts = options or MiningOptions()
    timed = mine_time(hist, opts.min_support, opts.min_confidence)
    linked = mine_triggers(hist, opts.min_support, opts.min_link_confidence, opts.min_lift)
    timed = _unexplained(_one_per_habit(timed), linked)
    out = [_time_suggestion(r, opts.names) for r in timed]
    out += [_trigger_suggestion(r, opts.names) for r in linked]
    out.sort(key=lambda s: (-s.confidence * s.support, s.id))
    return out


def _one_per_habit(routines: list[TimeRoutine]) -> list[TimeRoutine]:
    """Of time routines for one action an hour apart on shared days, keep the best supported."""
    kept: list[TimeRoutine] = []
    for r in sorted(routines, key=lambda r: (-r.support, -r.confidence)):
        if not any(
            k.key == r.key
            and abs(circ_offset(k.at, r.at)) < 60
            and set(k.weekdays) & set(r.weekdays)
            for k in kept
        ):
            kept.append(r)
    return kept


def _unexplained(timed: list[TimeRoutine], linked: list[TriggerRoutine]) -> list[TimeRoutine]:
    """Drop time routines whose actions mostly follow a learned trigger: the trigger is the cause."""
    caused: dict[ActionKey, set[float]] = {}
    for link in linked:
        caused.setdefault(link.action, set()).update(a for _, a in link.pairs)
    return [r for r in timed if sum(h in caused.get(r.key, ()) for h in r.hits) < 0.5 * len(r.hits)]


def _action(key: ActionKey) -> Action:
    service, entity_id, data = key
    raw: dict[str, JsonValue] = json.loads(data)
    return Action(service, entity_id, raw)


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _time_suggestion(r: TimeRoutine, names: Mapping[str, str]) -> Suggestion:
    action = _action(r.key)
    phrase = action_phrase(action.service, action.entity_id, action.data, names)
    return Suggestion(
        kind="time",
        trigger=TimeTrigger(hhmm(r.at), tuple(WEEKDAYS[d] for d in r.weekdays)),
        action=action,
        support=r.support,
        confidence=round(r.confidence, 3),
        sentence=time_sentence(phrase, r.at, r.weekdays),
        first_seen=_day(r.since),
        last_seen=_day(r.last),
    )


def _trigger_suggestion(r: TriggerRoutine, names: Mapping[str, str]) -> Suggestion:
    action = _action(r.action)
    entity_id, to = r.trigger
    window = (hhmm(r.window[0]), hhmm(r.window[1])) if r.window else None
    sentence = trigger_sentence(
        state_phrase(entity_id, to, names),
        action_phrase(action.service, action.entity_id, action.data, names),
        r.within_s,
        r.window,
        r.sequence,
    )
    return Suggestion(
        kind="sequence" if r.sequence else "state",
        trigger=StateTrigger(entity_id, to, within_s=r.within_s, window=window),
        action=action,
        support=r.support,
        confidence=round(r.confidence, 3),
        sentence=sentence,
        first_seen=_day(r.first_day),
        last_seen=_day(r.last_day),
    )
