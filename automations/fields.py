"""Value types of automation YAML: durations, times of day, weekdays, entity and state lists."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HMS = re.compile(r"^([+-])?(\d{1,3}):([0-5]?\d)(?::([0-5]?\d(?:\.\d+)?))?$")
_UNITS = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1, "milliseconds": 0.001}


def parse_duration(value: object) -> timedelta:
    """Seconds, "HH:MM[:SS]" (signed for offsets), or {hours:, minutes:, seconds:, ...}."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("a duration is seconds, 'HH:MM:SS' or {minutes: 5}")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(_UNITS))
        if unknown or not value:
            raise ValueError(f"a duration map takes {', '.join(_UNITS)}; got {unknown or '{}'}")
        total = 0.0
        for key, amount in value.items():
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                raise ValueError(f"{key} must be a number")
            total += amount * _UNITS[key]
        return timedelta(seconds=total)
    if isinstance(value, str):
        text = value.strip()
        match = _HMS.match(text)
        if match:
            sign, h, m, s = match.groups()
            span = timedelta(hours=int(h), minutes=int(m), seconds=float(s or 0))
            return -span if sign == "-" else span
        try:
            return timedelta(seconds=float(text))
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a duration: use seconds, 'HH:MM:SS' or {{minutes: 5}}")


def parse_time_of_day(value: object) -> time:
    """A local time "HH:MM" or "HH:MM:SS"."""
    if isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 22:30 as the number 1350; say how to write it instead.
        raise ValueError('write a time in quotes, like "22:30" (YAML reads 22:30 as a number)')
    if isinstance(value, str):
        match = _HMS.match(value.strip())
        if match and not match.group(1):
            h, m, s = int(match.group(2)), int(match.group(3)), float(match.group(4) or 0)
            if h < 24:
                return time(h, m, int(s))
    raise ValueError(f'{value!r} is not a time of day like "06:45" or "06:45:00"')


def _weekdays(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise ValueError(f"weekday must be one of {', '.join(WEEKDAYS)} or a list of them")
    out = []
    for item in items:
        day = str(item).strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ValueError(f"{item!r} is not a weekday ({', '.join(WEEKDAYS)})")
        out.append(day)
    return tuple(dict.fromkeys(out))


def _str_list(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _state_list(value: object) -> object:
    # `to: on` arrives from YAML 1.1 as True; Home Assistant spells booleans on/off.
    if isinstance(value, bool):
        return ["on" if value else "off"]
    if isinstance(value, str | int | float):
        return [str(value)]
    if isinstance(value, list):
        return [("on" if v else "off") if isinstance(v, bool) else str(v) for v in value]
    return value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
TimeOfDay = Annotated[time, BeforeValidator(parse_time_of_day)]
Weekdays = Annotated[tuple[str, ...], BeforeValidator(_weekdays)]
EntityIds = Annotated[tuple[str, ...], BeforeValidator(_str_list), Field(min_length=1)]
States = Annotated[tuple[str, ...] | None, BeforeValidator(_state_list)]


Times = Annotated[
    tuple[TimeOfDay, ...], BeforeValidator(lambda v: v if isinstance(v, list) else [v])
]


def either(*names: str, **kwargs: Any) -> Any:
    """A field read from any of these YAML keys (Home Assistant's old and new spellings)."""
    return Field(validation_alias=AliasChoices(*names), **kwargs)


def as_list(value: object) -> object:
    """One map where a list is expected is a list of one (as Home Assistant allows)."""
    return [value] if isinstance(value, dict) else [] if value is None else value


def tag_of(value: object, *keys: str) -> str | None:
    """The kind of a trigger, condition or step: the first of `keys` written in its map."""
    if isinstance(value, dict):
        for key in keys:
            if isinstance(value.get(key), str):
                return str(value[key])
        return None
    return getattr(value, "kind", None)


class StrictModel(BaseModel):
    """Unknown keys are errors (typos never pass silently); validated objects are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)
