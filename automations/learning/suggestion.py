"""Suggestions: a learned routine (trigger, action, evidence) with a stable identity."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from hub.core.model import JsonObject, JsonValue

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Kind = Literal["time", "state", "sequence"]


def hhmm(minute: int) -> str:
    """Minutes after midnight as "HH:MM" (wrapping past midnight)."""
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minutes_of(text: str) -> int:
    """Minutes after midnight of an "HH:MM" text."""
    hours, _, mins = text.partition(":")
    return int(hours) * 60 + int(mins[:2])


@dataclass(frozen=True, slots=True)
class Action:
    """The service call a routine makes."""

    service: str
    entity_id: str
    data: Mapping[str, JsonValue] = field(default_factory=dict)

    def to_json(self) -> JsonObject:
        return {"service": self.service, "entity_id": self.entity_id, "data": dict(self.data)}


@dataclass(frozen=True, slots=True)
class TimeTrigger:
    """At a local wall-clock time on some weekdays."""

    at: str  # "HH:MM", local
    weekdays: tuple[str, ...] = WEEKDAYS

    def to_json(self) -> JsonObject:
        return {"type": "time", "at": self.at, "weekdays": list(self.weekdays)}


@dataclass(frozen=True, slots=True)
class StateTrigger:
    """When an entity changes to a state (a sensor's report or a manual action's result)."""

    entity_id: str
    to: str
    within_s: int = 60  # the action usually follows within this many seconds
    window: tuple[str, str] | None = None  # only when the trigger falls in [from, to), local

    def to_json(self) -> JsonObject:
        return {"type": "state", "entity_id": self.entity_id, "to": self.to}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A routine worth automating, with how often it was seen and how reliably."""

    kind: Kind
    trigger: TimeTrigger | StateTrigger
    action: Action
    support: int  # times the routine was seen (in the current habit)
    confidence: float  # share of opportunities on which it happened, 0..1
    sentence: str = ""
    first_seen: str = ""  # ISO date the current habit's evidence starts
    last_seen: str = ""  # ISO date of the last occurrence

    @property
    def id(self) -> str:
        """Stable across mining runs: made of what the routine does, not of its statistics.

        Time routines use `at` rounded to the half hour, so a few minutes of drift as evidence
        grows keep the id; `same_habit` compares with a tolerance for the rest.
        """
        key: JsonObject = {"kind": self.kind, "action": self.action.to_json()}
        if isinstance(self.trigger, TimeTrigger):
            slot = (minutes_of(self.trigger.at) + 15) // 30 * 30 % 1440
            key["trigger"] = {"at": hhmm(slot), "weekdays": list(self.trigger.weekdays)}
        else:
            key["trigger"] = {"entity_id": self.trigger.entity_id, "to": self.trigger.to}
        digest = hashlib.sha1(json.dumps(key, sort_keys=True).encode()).hexdigest()
        return f"sug-{digest[:12]}"

    def same_habit(self, other: Suggestion) -> bool:
        """True when both describe one routine (time within 20 min, weekdays mostly shared)."""
        if (self.kind, self.action) != (other.kind, other.action):
            return False
        a, b = self.trigger, other.trigger
        if isinstance(a, TimeTrigger) and isinstance(b, TimeTrigger):
            gap = abs(minutes_of(a.at) - minutes_of(b.at)) % 1440
            days_a, days_b = set(a.weekdays), set(b.weekdays)
            jaccard = len(days_a & days_b) / max(1, len(days_a | days_b))
            return min(gap, 1440 - gap) <= 20 and jaccard >= 0.7
        if isinstance(a, StateTrigger) and isinstance(b, StateTrigger):
            return (a.entity_id, a.to) == (b.entity_id, b.to)
        return False

    def to_json(self) -> JsonObject:
        """The contract's shape (trigger, action, support, confidence) plus extra keys."""
        out: JsonObject = {
            "id": self.id,
            "kind": self.kind,
            "trigger": self.trigger.to_json(),
            "action": self.action.to_json(),
            "support": self.support,
            "confidence": round(self.confidence, 3),
            "sentence": self.sentence,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }
        if isinstance(self.trigger, StateTrigger):
            out["within_s"] = self.trigger.within_s
            if self.trigger.window is not None:
                out["window"] = list(self.trigger.window)
        return out

    @classmethod
    def from_json(cls, raw: Mapping[str, JsonValue]) -> Suggestion:
        """Read back what to_json wrote (e.g. a stored dismissed suggestion)."""
        trig, act = raw["trigger"], raw["action"]
        if not isinstance(trig, dict) or not isinstance(act, dict):
            raise ValueError("trigger and action must be objects")
        data = act.get("data") or {}
        if not isinstance(data, dict):
            raise ValueError("action data must be an object")
        action = Action(str(act["service"]), str(act["entity_id"]), data)
        trigger: TimeTrigger | StateTrigger
        if trig.get("type") == "time":
            days = trig.get("weekdays") or list(WEEKDAYS)
            if not isinstance(days, list):
                raise ValueError("weekdays must be a list")
            trigger = TimeTrigger(str(trig["at"]), tuple(str(d) for d in days))
        else:
            window = raw.get("window")
            within = raw.get("within_s", 60)
            trigger = StateTrigger(
                str(trig["entity_id"]),
                str(trig["to"]),
                within_s=int(within) if isinstance(within, int | float) else 60,
                window=(str(window[0]), str(window[1]))
                if isinstance(window, list) and len(window) == 2
                else None,
            )
        raw_kind = raw.get("kind", trig.get("type"))
        kinds: dict[object, Kind] = {"time": "time", "state": "state", "sequence": "sequence"}
        if raw_kind not in kinds:
            raise ValueError(f"unknown kind {raw_kind!r}")
        kind = kinds[raw_kind]
        support, confidence = raw.get("support", 0), raw.get("confidence", 0.0)
        return cls(
            kind=kind,
            trigger=trigger,
            action=action,
            support=int(support) if isinstance(support, int | float) else 0,
            confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
            sentence=str(raw.get("sentence", "")),
            first_seen=str(raw.get("first_seen", "")),
            last_seen=str(raw.get("last_seen", "")),
        )
