"""Value slots read by rule from normalised text: numbers, units, colours, modes, times, periods."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from hub.core.services import COLOR_NAMES

_NUM = r"(\d+(?:\.\d+)?)"
DAY_STARTS = 4  # the hour from which "tomorrow" is the next day's date, not the coming morning
_PERIODS = [
    (r"\b(?:so far )?today\b|\bthis morning\b|\bsince midnight\b", "today"),
    (r"\byesterday\b", "yesterday"),
    (r"\bthis week\b|\bin the last 7 days\b|\bover the week\b", "this_week"),
    (r"\blast week\b", "last_week"),
    (r"\bthis month\b", "this_month"),
    (r"\blast month\b", "last_month"),
    (r"\bthis year\b", "this_year"),
]
_HVAC = [
    (r"\b(?:heat|heating|warm) mode\b|\bto heat(?:ing)?\b|\bon heat\b", "heat"),
    (r"\b(?:cool|cooling|cold|ac) mode\b|\bto cool(?:ing)?\b|\bon cool\b", "cool"),
    (r"\bauto(?:matic)?(?: mode)?\b", "auto"),
    (r"\b(?:dry|dehumidify)(?:ing)? mode\b|\bto dry\b", "dry"),
    (r"\bfan only\b|\bfan mode\b", "fan_only"),
    (r"\bheat ?cool\b", "heat_cool"),
]
_NAMED_PCT = [
    (r"\b(?:full|max|maximum|highest|100 percent) brightness\b|\bto (?:full|max|maximum)\b", 100.0),
    (r"\bat full\b|\bon full\b|\bfull power\b|\bfull speed\b|\bfully\b", 100.0),
    (r"\bhalf(?:way)?(?: brightness| speed)?\b|\bon half\b", 50.0),
    (r"\b(?:min|minimum|lowest)(?: brightness)?\b", 1.0),
    (r"\bon (?:low|slow)\b|\bto (?:low|slow)\b", 33.0),
    (r"\bon medium\b|\bto medium\b", 66.0),
    (r"\bon high\b|\bto high\b", 100.0),
]
_KELVIN_WORDS = [
    (r"\b(?:warm white|warm|cosy|cozy|soft white)\b", 2700),
    (r"\b(?:neutral white|neutral)\b", 4000),
    (r"\b(?:cool white|cold white|daylight|cool|cold)\b", 6500),
]


@dataclass(frozen=True, slots=True)
class Slots:
    """Values found in one clause, and the clause with those phrases blanked out."""

    rest: str
    percent: float | None = None
    degrees: float | None = None
    kelvin: float | None = None
    number: float | None = None
    color: str | None = None
    kelvin_word: int | None = None
    hvac_mode: str | None = None
    delay_s: float | None = None
    at: str | None = None
    period: str | None = None
    step: float | None = None  # "a bit", "by 10 percent" for relative changes
    arm_mode: str = "away"
    for_s: float | None = None  # "for 10 minutes": on now, off later
    unsupported_time: str | None = None  # "at sunset", "tomorrow": a time we can't schedule
    notes: tuple[str, ...] = field(default=())


def _take(pattern: str, s: str) -> tuple[re.Match[str] | None, str]:
    m = re.search(pattern, s)
    if m is None:
        return None, s
    return m, s[: m.start()] + " " + s[m.end() :]


def _seconds(amount: str, unit: str) -> float:
    n = float(amount)
    if unit.startswith(("hour", "hr")):
        return n * 3600
    if unit.startswith(("min", "m")):
        return n * 60
    return n


def _clock(hour: int, minute: int, ampm: str | None, now: datetime | None) -> str | None:
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    elif (
        ampm is None and now is not None and hour < 12 and (hour, minute) <= (now.hour, now.minute)
    ):
        hour += 12  # "at 7" means the next 7 o'clock: 19:00 when it is already past 7 am
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"


def read_timing(s: str, now: datetime | None) -> tuple[float | None, str | None, float | None, str]:
    """Delay ("in 30 minutes"), clock time ("at 7 pm") and duration ("for 10 minutes")."""
    unit = r"(seconds?|secs?|minutes?|mins?|hours?|hrs?)"
    s = re.sub(r"\bhalf past (\d{1,2})\b", r"\1:30", s)
    s = re.sub(r"\bat half (\d{1,2})\b", r"at \1:30", s)  # British "at half six"
    s = re.sub(r"\b(?:a )?quarter past (\d{1,2})\b", r"\1:15", s)
    s = re.sub(
        r"\b(?:a )?quarter to (\d{1,2})\b", lambda m: f"{(int(m.group(1)) - 1) % 12 or 12}:45", s
    )
    delay = at = for_s = None
    m, s = _take(rf"\b(?:in|after|within) {_NUM} {unit}(?: from now| time)?\b", s)
    if not m:  # "twenty minutes from now, the kettle off"
        m, s = _take(rf"\b{_NUM} {unit} from now\b", s)
    if m:
        delay = _seconds(m.group(1), m.group(2))
    m, s = _take(rf"\bfor (?:the next )?{_NUM} {unit}\b", s)
    if m:
        for_s = _seconds(m.group(1), m.group(2))
    m, s = _take(r"\b(?:at|by) (noon|midday|midnight)\b", s)
    if m:
        at = "00:00" if m.group(1) == "midnight" else "12:00"
    evening = re.search(r"\b(?:tonight|this evening|in the evening|at night|in the night)\b", s)
    m, s = _take(
        r"\b(?:at|by) (\d{1,2})(?::(\d{2})| (\d{2})(?!\d| percent| degrees))?(?: (am|pm|oclock))?\b",
        s,
    )
    if m:
        # "at 7 in the morning": 07:00, and the words are the time's, not the Good morning scene's.
        rest = s[m.start() :]
        morning = re.match(r"\s*(?:in the morning|this morning|tomorrow morning)\b", rest)
        if morning:  # "tomorrow" stays, for read_slots to see
            keep = " tomorrow " if "tomorrow" in morning.group(0) else " "
            s = s[: m.start()] + keep + rest[morning.end() :]
        said = m.group(4) if m.group(4) in ("am", "pm") else None  # not "oclock"
        ampm = said or ("am" if morning else "pm" if evening else None)
        at = _clock(int(m.group(1)), int(m.group(2) or m.group(3) or 0), ampm, now)
    s = re.sub(
        r"\b(?:tonight|this evening|in the evening|this afternoon|at night|in the night)\b", " ", s
    )
    return delay, at, for_s, s


def read_slots(text: str, now: datetime | None = None) -> Slots:
    """All slots of one normalised clause."""
    s = text
    percent = degrees = kelvin = number = step = None
    m, s = _take(rf"\bby {_NUM} percent\b", s)
    if m:
        step = float(m.group(1))
    m, s = _take(rf"{_NUM} percent\b", s)
    if m:
        percent = float(m.group(1))
    m, s = _take(rf"{_NUM} (?:degrees?|deg)(?: (?:celsius|centigrade|c))?\b", s)
    if m:
        degrees = float(m.group(1))
    m, s = _take(rf"{_NUM} ?(?:kelvin|k)\b", s)
    if m:
        kelvin = float(m.group(1))
    delay, at, for_s, s = read_timing(s, now)
    period = None
    for pattern, value in _PERIODS:
        m, s = _take(pattern, s)
        if m:
            period = period or value
    hvac = None
    for pattern, value in _HVAC:
        m, s = _take(pattern, s)
        if m:
            hvac = hvac or value
    if hvac is None:
        m, s = _take(r"\b(?:to|on|in) (heat|cool|heating|cooling)\b", s)
        if m:
            hvac = "heat" if m.group(1).startswith("heat") else "cool"
    m, s = _take(r"\b(?:a (?:little )?bit|a little|slightly|a touch|a tad)\b", s)
    if m and step is None:
        step = 10.0
    m, s = _take(r"\ba lot\b", s)
    if m and step is None:
        step = 30.0
    if percent is None:
        for pattern, named in _NAMED_PCT:
            m, s = _take(pattern, s)
            if m:
                percent = named
                break
    m, s = _take(rf"(?<![\w.]){_NUM}(?![\w.])", s)
    if m:
        number = float(m.group(1))
    color = None
    for name in sorted(COLOR_NAMES, key=len, reverse=True):
        # "a soft yellow", "a nice deep blue": the colour, not a level or a name
        shade = r"(?:(?:an? )?(?:(?:soft|pale|deep|nice|lovely|gentle|rich|bright|dark) )+)?"
        m, s2 = _take(rf"\b{shade}{name}\b", s)
        if m:
            color, s = name, s2
            break
    kelvin_word = None
    for pattern, k in _KELVIN_WORDS:
        if re.search(pattern, s):
            kelvin_word = k
            break
    arm_mode = "away"
    if re.search(r"\b(?:night|sleep|bedtime)\b", s):
        arm_mode = "night"
    elif re.search(r"\b(?:home|stay|at home)(?: mode)?\b", s) and "house" not in s:
        arm_mode = "home"
    if at is not None and now is not None and re.search(r"\btomorrow\b", s):
        # "at 6:30 tomorrow": the next 6:30 when that is tomorrow, else a delay to it
        s = re.sub(r"\btomorrow(?: (?:morning|evening|night|afternoon))?\b", " ", s)
        hour, minute = map(int, at.split(":"))
        # Before dawn the coming morning is "tomorrow" to a person not yet asleep: at 00:45,
        # "at half six tomorrow morning" had waited 30 hours.
        if (hour, minute) > (now.hour, now.minute) and now.hour >= DAY_STARTS:
            then = (now + timedelta(days=1)).replace(hour=hour, minute=minute, second=0)
            delay, at = (then - now).total_seconds(), None
    odd = re.search(
        r"\b(sunset|sunrise|dusk|dawn|tomorrow|later|next week|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|every day|every morning|every night)\b",
        s,
    )
    slots = Slots(rest=" ".join(s.split()), period=period, hvac_mode=hvac,
                  unsupported_time=odd.group(1) if odd else None)  # fmt: skip
    return replace(
        slots, percent=percent, degrees=degrees, kelvin=kelvin, number=number, color=color,
        kelvin_word=kelvin_word, delay_s=delay, at=at, step=step, arm_mode=arm_mode, for_s=for_s,
    )  # fmt: skip
