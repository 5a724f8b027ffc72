"""Local hours and days: midnight, DST changes, half-hour zones, named periods."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hub.energy import Segment, period_days, split_hours
from hub.energy.periods import hour_start, local_day, period_phrase

BERLIN = ZoneInfo("Europe/Berlin")


def ts(*args: int, tz: ZoneInfo = BERLIN) -> float:
    return datetime(*args, tzinfo=tz).timestamp()  # type: ignore[misc]


def test_a_segment_across_midnight_is_split_by_local_day() -> None:
    seg = Segment(ts(2025, 1, 6, 23, 30), ts(2025, 1, 7, 0, 30), 1.0)
    pieces = split_hours(seg, BERLIN)
    assert [(local_day(h, BERLIN), round(k, 6)) for h, k in pieces] == [
        (date(2025, 1, 6), 0.5),
        (date(2025, 1, 7), 0.5),
    ]


def test_ramp_shape_is_respected_when_splitting() -> None:
    seg = Segment(ts(2025, 1, 6, 9, 0), ts(2025, 1, 6, 11, 0), 2.0, w0=0.0, w1=2000.0)
    assert [round(k, 6) for _, k in split_hours(seg, BERLIN)] == [0.5, 1.5]


@pytest.mark.parametrize(("day", "hours"), [((2025, 3, 30), 23), ((2025, 10, 26), 25)])
def test_dst_days_have_23_or_25_local_hours(day: tuple[int, int, int], hours: int) -> None:
    start = ts(*day, 0, 0)
    end = datetime(*day, tzinfo=BERLIN).replace(day=day[2] + 1).timestamp()
    pieces = split_hours(Segment(start, end, hours * 1.0), BERLIN)
    assert len(pieces) == hours
    assert all(k == pytest.approx(1.0) for _, k in pieces)
    assert {local_day(h, BERLIN) for h, _ in pieces} == {date(*day)}


def test_repeated_hour_at_fall_back_keeps_two_buckets() -> None:
    first = ts(2025, 10, 26, 0, 30) + 2 * 3600  # 02:30 CEST
    second = first + 3600  # 02:30 CET
    assert hour_start(first, BERLIN) != hour_start(second, BERLIN)


def test_half_hour_zones_bucket_by_their_own_hours() -> None:
    kolkata = ZoneInfo("Asia/Kolkata")
    t = ts(2025, 1, 6, 10, 45, tz=kolkata)
    assert hour_start(t, kolkata) == ts(2025, 1, 6, 10, 0, tz=kolkata)


def test_named_periods() -> None:
    today = date(2025, 1, 8)  # a Wednesday
    assert period_days("today", today) == (today, today)
    assert period_days("yesterday", today) == (date(2025, 1, 7),) * 2
    assert period_days("this_week", today) == (date(2025, 1, 6), today)
    assert period_days("last_week", today) == (date(2024, 12, 30), date(2025, 1, 5))
    assert period_days("this_month", today) == (date(2025, 1, 1), today)
    assert period_days("last_month", today) == (date(2024, 12, 1), date(2024, 12, 31))
    assert period_days("2025-01-02..2025-01-04", today) == (date(2025, 1, 2), date(2025, 1, 4))
    with pytest.raises(ValueError, match="unknown period"):
        period_days("fortnight", today)
    assert period_phrase("this_week") == "this week"
    assert period_phrase("2025-01-02") == "on 2025-01-02"
