"""One streaming pass over the log: manual actions, trigger occurrences and what followed them."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from automations.learning.events import LogEvent
from hub.core.model import UNAVAILABLE, UNKNOWN, Origin

ActionKey: TypeAlias = tuple[str, str, str]  # service, entity_id, data as canonical JSON
TriggerKey: TypeAlias = tuple[str, str]  # entity_id, new state
# An occurrence: epoch seconds, local minute of day (float), local date ordinal.
Occ: TypeAlias = tuple[float, float, int]


def weekday_of(ordinal: int) -> int:
    """0 = Monday for a proleptic Gregorian ordinal (day 1 was a Monday)."""
    return (ordinal - 1) % 7


def _is_number(state: str) -> bool:
    try:
        float(state)
    except ValueError:
        return False
    return True


@dataclass(slots=True)
class History:
    """What mining needs from the log, kept compact (no event objects are held)."""

    max_delay_s: float
    first: Occ | None = None
    last: Occ | None = None
    events: int = 0
    actions: dict[ActionKey, list[Occ]] = field(default_factory=dict)
    triggers: dict[TriggerKey, list[Occ]] = field(default_factory=dict)
    manual_triggers: dict[TriggerKey, int] = field(default_factory=dict)
    # (trigger, action) -> [(index of the trigger occurrence, delay in seconds)], first action only
    follows: dict[tuple[TriggerKey, ActionKey], list[tuple[int, float]]] = field(
        default_factory=dict
    )

    @property
    def days(self) -> int:
        if self.first is None or self.last is None:
            return 0
        return self.last[2] - self.first[2] + 1


def collect(events: Iterable[LogEvent], max_delay_s: float = 1800.0) -> History:
    """Stream `events` (sorted by time) into a History."""
    hist = History(max_delay_s=max_delay_s)
    last_state: dict[str, str] = {}
    # Recent trigger occurrences: epoch, key, index, actions already paired with it.
    recent: deque[tuple[float, TriggerKey, int, set[ActionKey]]] = deque()
    for ev in events:
        ts = ev.ts
        epoch = ts.timestamp()
        occ: Occ = (epoch, ts.hour * 60 + ts.minute + ts.second / 60, ts.toordinal())
        if hist.first is None:
            hist.first = occ
        hist.last = occ
        hist.events += 1
        if ev.origin is Origin.SENSOR and ev.service is None and _is_number(ev.state):
            continue  # numeric readings: no state trigger, never an action
        while recent and recent[0][0] < epoch - max_delay_s:
            recent.popleft()
        if ev.service is not None and ev.origin is Origin.MANUAL:
            akey: ActionKey = (ev.service, ev.entity_id, json.dumps(dict(ev.data), sort_keys=True))
            hist.actions.setdefault(akey, []).append(occ)
            for t0, tkey, index, seen in recent:
                if tkey[0] != ev.entity_id and akey not in seen:
                    seen.add(akey)
                    hist.follows.setdefault((tkey, akey), []).append((index, epoch - t0))
        # A state trigger fires when the state changes (any origin); a person's action counts
        # even when the device already was in that state: pressing "on" is the cue they give.
        if ev.state in (UNAVAILABLE, UNKNOWN, ""):
            continue
        if ev.service is None and last_state.get(ev.entity_id) == ev.state:
            continue
        last_state[ev.entity_id] = ev.state
        tkey = (ev.entity_id, ev.state)
        occs = hist.triggers.setdefault(tkey, [])
        recent.append((epoch, tkey, len(occs), set()))
        occs.append(occ)
        if ev.origin is Origin.MANUAL and ev.service is not None:
            hist.manual_triggers[tkey] = hist.manual_triggers.get(tkey, 0) + 1
    return hist
