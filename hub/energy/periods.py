"""Local-time arithmetic: hour buckets, splitting a segment across them, named periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

PERIODS = ("today", "yesterday", "this_week", "last_week", "this_month", "last_month")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Segment:
    """Energy drawn between two instants (epoch seconds), shaped as a ramp w0 -> w1.

    w0/w1 only say how the energy is spread over time when a segment is split across hours.
    """

    start: float
    end: float
    kwh: float
    w0: float = 1.0
    w1: float = 1.0


def hour_start(ts: float, tz: tzinfo) -> float:
    """The epoch second at which the local hour containing `ts` began.

    Done in local time so half-hour zones (India, Newfoundland) bucket by their own hours;
    fromtimestamp sets `fold`, so the repeated hour of a DST change keeps its own bucket.
    """
    local = datetime.fromtimestamp(ts, tz)
    return local.replace(minute=0, second=0, microsecond=0).timestamp()


def local_day(ts: float, tz: tzinfo) -> date:
    """The local calendar day of an instant."""
    return datetime.fromtimestamp(ts, tz).date()


def _ramp_integral(seg: Segment, a: float, b: float) -> float:
    """The fraction of a segment's energy drawn in [a, b] (a sub-interval of it)."""
    span = seg.end - seg.start
    total = (seg.w0 + seg.w1) / 2 * span
    if total <= 0:  # no shape information: spread evenly
        return (b - a) / span

    def w(t: float) -> float:
        return seg.w0 + (seg.w1 - seg.w0) * (t - seg.start) / span

    return (w(a) + w(b)) / 2 * (b - a) / total


def split_hours(seg: Segment, tz: tzinfo) -> list[tuple[float, float]]:
    """The segment's energy as (local hour start, kWh) pieces."""
    if seg.kwh == 0:
        return []
    if seg.end <= seg.start:
        return [(hour_start(seg.start, tz), seg.kwh)]
    out: list[tuple[float, float]] = []
    t = seg.start
    while t < seg.end:
        bucket = hour_start(t, tz)
        # Local hours are an hour long, DST included (offsets change on the hour).
        stop = min(bucket + 3600.0, seg.end)
        out.append((bucket, seg.kwh * _ramp_integral(seg, t, stop)))
        t = stop
    return out


def period_days(period: str, today: date) -> tuple[date, date]:
    """The first and last local day of a named period or "YYYY-MM-DD[..YYYY-MM-DD]".

    Raises ValueError for anything else.
    """
    if period == "today":
        return today, today
    if period == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if period == "this_week":  # Monday to today
        return today - timedelta(days=today.weekday()), today
    if period == "last_week":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if period == "this_month":
        return today.replace(day=1), today
    if period == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    match = _RANGE.match(period)
    if match is None:
        raise ValueError(
            f"unknown period {period!r}: use {', '.join(PERIODS)} or YYYY-MM-DD[..YYYY-MM-DD]"
        )
    first = date.fromisoformat(match.group(1))
    last = date.fromisoformat(match.group(2)) if match.group(2) else first
    if last < first:
        raise ValueError(f"period {period!r} ends before it starts")
    return first, last


def period_phrase(period: str) -> str:
    """How a period reads in a sentence: "today", "this week", "on 2025-01-03"."""
    if period in PERIODS:
        return period.replace("_", " ")
    match = _RANGE.match(period)
    if match and match.group(2):
        return f"from {match.group(1)} to {match.group(2)}"
    return f"on {period}"
