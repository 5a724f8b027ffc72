"""Trigger matching (state, numeric, event) and the cron fields of timed triggers, all pure."""

from __future__ import annotations

from collections.abc import Mapping

from automations.conditions import as_number, as_state, in_range
from automations.schema import (
    EventTrigger,
    NumericStateTrigger,
    StateTrigger,
    TimePatternTrigger,
    TimeTrigger,
)
from hub.core.events import HubEvent, StateChanged
from hub.core.model import UNAVAILABLE, UNKNOWN, JsonValue

_GONE = (UNAVAILABLE, UNKNOWN)


def state_matches(trig: StateTrigger, event: StateChanged) -> bool:
    """Whether a state change fires a state trigger (from/to; attribute when named)."""
    if event.entity_id not in trig.entity_id or event.old_state is None:
        return False  # old_state None: the entity was just discovered, nobody changed it
    if trig.attribute is not None:
        # Only the new attributes travel on the bus; a to/from on attributes needs `to`.
        new = as_state(event.attributes.get(trig.attribute))
        return new is not None and (trig.to is None or new in trig.to)
    old, new = event.old_state, event.new_state
    if old == new:
        return False  # an attribute-only change: not a state change
    if trig.from_ is not None and old not in trig.from_:
        return False
    if trig.to is not None:
        return new in trig.to
    # Without from/to, coming and going of the device is not a change a person means.
    return trig.from_ is not None or (old not in _GONE and new not in _GONE)


def state_holds(trig: StateTrigger, state: str | None, attrs: Mapping[str, JsonValue]) -> bool:
    """For `for`: the entity is still in a state the trigger asked for."""
    if trig.attribute is not None:
        value = as_state(attrs.get(trig.attribute))
        return value is not None and (trig.to is None or value in trig.to)
    return state is not None and (trig.to is None or state in trig.to)


def numeric_value(
    trig: NumericStateTrigger, state: str | None, attrs: Mapping[str, JsonValue]
) -> float | None:
    """The number a numeric_state trigger watches, from the state or the named attribute."""
    return as_number(attrs.get(trig.attribute) if trig.attribute else state)


def numeric_in_range(
    trig: NumericStateTrigger, state: str | None, attrs: Mapping[str, JsonValue]
) -> bool:
    """Whether the watched number is within (above, below) now."""
    return in_range(numeric_value(trig, state, attrs), trig.above, trig.below)


def event_matches(trig: EventTrigger, event: HubEvent) -> bool:
    """Whether a hub event has the kind and (a superset of) the data the trigger asks for."""
    if event.kind != trig.event_type:
        return False
    return all(event.data.get(k) == v for k, v in trig.event_data.items())


def _cron(value: int | str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return f"*{text}" if text.startswith("/") else text


def time_pattern_fields(trig: TimePatternTrigger) -> dict[str, str]:
    """Cron hour/minute/second; as in Home Assistant, units below the largest given default to 0.

    `hours: "/2"` fires at 0:00:00, 2:00:00, ...; `minutes: "/5"` every five minutes at :00 s.
    """
    hour, minute, second = _cron(trig.hours), _cron(trig.minutes), _cron(trig.seconds)
    if minute is None and hour is not None:
        minute = "0"
    if second is None and minute is not None:
        second = "0"
    return {"hour": hour or "*", "minute": minute or "*", "second": second or "*"}


def time_fields(trig: TimeTrigger) -> list[dict[str, str]]:
    """One cron spec (hour, minute, second, day_of_week) per `at` time of a time trigger."""
    days = ",".join(trig.weekday) if trig.weekday else "*"
    return [
        {"hour": str(t.hour), "minute": str(t.minute), "second": str(t.second), "day_of_week": days}
        for t in trig.at
    ]
