"""Condition checks: pure functions of a condition, the home's snapshot, `now` and the sun."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, time

from automations.fields import WEEKDAYS
from automations.schema import (
    AndCondition,
    Condition,
    NotCondition,
    NumericStateCondition,
    OrCondition,
    StateCondition,
    SunCondition,
    TimeCondition,
)
from automations.sun import Location, sun_event
from hub.core.model import UNAVAILABLE, Entity, HomeSnapshot, JsonValue


def value_of(entity: Entity | None, attribute: str | None) -> JsonValue:
    """The entity's state, or one of its attributes; None when unknown or unavailable."""
    if entity is None or not entity.state.available or entity.state.state == UNAVAILABLE:
        return None
    if attribute is not None:
        return entity.state.attributes.get(attribute)
    return entity.state.state


def as_state(value: JsonValue) -> str | None:
    """A value compared as Home Assistant does: booleans are on/off, numbers their text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def as_number(value: JsonValue) -> float | None:
    """A finite number from a state or attribute, or None ("unknown", text, NaN)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def in_range(number: float | None, above: float | None, below: float | None) -> bool:
    """Strictly above `above` and strictly below `below`, as Home Assistant compares."""
    if number is None:
        return False
    return (above is None or number > above) and (below is None or number < below)


def in_window(now: datetime, after: time | None, before: time | None) -> bool:
    """Local time of day within [after, before); a window whose end is earlier crosses midnight."""
    t = now.time().replace(tzinfo=None)
    if after is not None and before is not None and before <= after:
        return t >= after or t < before
    return (after is None or t >= after) and (before is None or t < before)


def check(
    cond: Condition, snapshot: HomeSnapshot, now: datetime, where: Location | None = None
) -> bool:
    """Whether `cond` holds now."""
    if isinstance(cond, StateCondition):
        return all(_state_holds(cond, snapshot.entities.get(e), now) for e in cond.entity_id)
    if isinstance(cond, NumericStateCondition):
        return all(
            in_range(as_number(value_of(snapshot.entities.get(e), cond.attribute)), cond.above,
                     cond.below)
            for e in cond.entity_id
        )  # fmt: skip
    if isinstance(cond, TimeCondition):
        if cond.weekday is not None and WEEKDAYS[now.weekday()] not in cond.weekday:
            return False
        return in_window(now, cond.after, cond.before)
    if isinstance(cond, SunCondition):
        return _sun_holds(cond, now, where)
    if isinstance(cond, AndCondition):
        return check_all(cond.conditions, snapshot, now, where)
    if isinstance(cond, OrCondition):
        return any(check(c, snapshot, now, where) for c in cond.conditions)
    if isinstance(cond, NotCondition):
        return not any(check(c, snapshot, now, where) for c in cond.conditions)
    raise AssertionError(f"unknown condition {cond!r}")


def check_all(
    conds: Iterable[Condition], snapshot: HomeSnapshot, now: datetime, where: Location | None
) -> bool:
    """Whether every condition holds (an empty list always does)."""
    return all(check(c, snapshot, now, where) for c in conds)


def _state_holds(cond: StateCondition, entity: Entity | None, now: datetime) -> bool:
    state = as_state(value_of(entity, cond.attribute))
    if entity is None or state is None or state not in (cond.state or ()):
        # "unavailable" may be asked for by name; the entity then still has to exist.
        return entity is not None and UNAVAILABLE in (cond.state or ()) and not _up(entity)
    if cond.for_ is not None:
        changed = entity.state.last_changed
        return changed is not None and now - changed >= cond.for_
    return True


def _up(entity: Entity) -> bool:
    return entity.state.available and entity.state.state != UNAVAILABLE


def _sun_holds(cond: SunCondition, now: datetime, where: Location | None) -> bool:
    if where is None:
        return False  # checked at load: a home without coordinates has no sun conditions
    day = now.astimezone(where.tz).date()
    ok = True
    if cond.after is not None:
        at = sun_event(day, cond.after, where)
        ok = ok and at is not None and now >= at + cond.after_offset
    if cond.before is not None:
        at = sun_event(day, cond.before, where)
        before_ok = at is not None and now < at + cond.before_offset
        # "after sunset, before sunrise" means the night: either side of midnight will do.
        if cond.after is not None and cond.before != cond.after and cond.after == "sunset":
            return ok or before_ok
        ok = ok and before_ok
    return ok
