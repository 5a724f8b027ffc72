"""Sunrise and sunset from the home's latitude and longitude (NOAA's solar calculator, stdlib).

Written out rather than taken from `astral`: the NOAA equations fit in a page, are accurate to
about a minute at ordinary latitudes, and keep the automations package free of one dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

SunEvent = Literal["sunrise", "sunset"]
_ZENITH = 90.833  # the sun's upper limb at the horizon, with atmospheric refraction
_J2000 = 2451545.0
_SEARCH_DAYS = 370  # polar night or day: look up to a year ahead for the next sunrise


@dataclass(frozen=True, slots=True)
class Location:
    """Where the home is: degrees north and east, and its time zone."""

    latitude: float
    longitude: float
    tz: tzinfo


def _julian_day(day: date) -> float:
    return day.toordinal() + 1721424.5  # 0h UTC of `day`


def _solar(t: float) -> tuple[float, float]:
    """(equation of time in minutes, declination in degrees) at Julian century `t`."""
    l0 = math.radians((280.46646 + t * (36000.76983 + 0.0003032 * t)) % 360)
    m = math.radians(357.52911 + t * (35999.05029 - 0.0001537 * t))
    e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    center = (
        math.sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + math.sin(2 * m) * (0.019993 - 0.000101 * t)
        + math.sin(3 * m) * 0.000289
    )
    omega = math.radians(125.04 - 1934.136 * t)
    apparent = math.radians(math.degrees(l0) + center - 0.00569 - 0.00478 * math.sin(omega))
    seconds = 21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))
    obliquity = math.radians(23 + (26 + seconds / 60) / 60 + 0.00256 * math.cos(omega))
    declination = math.degrees(math.asin(math.sin(obliquity) * math.sin(apparent)))
    y = math.tan(obliquity / 2) ** 2
    eq_time = (
        y * math.sin(2 * l0)
        - 2 * e * math.sin(m)
        + 4 * e * y * math.sin(m) * math.cos(2 * l0)
        - 0.5 * y * y * math.sin(4 * l0)
        - 1.25 * e * e * math.sin(2 * m)
    )
    return 4 * math.degrees(eq_time), declination


def _utc_minutes(jd: float, minutes: float, lat: float, lon: float, rising: bool) -> float | None:
    """Minutes after 0h UTC of the event, refined once at its own time; None: no event."""
    for _ in range(2):
        eq_time, decl = _solar((jd + minutes / 1440 - _J2000) / 36525)
        lat_r, decl_r = math.radians(lat), math.radians(decl)
        cos_ha = math.cos(math.radians(_ZENITH)) / (math.cos(lat_r) * math.cos(decl_r))
        cos_ha -= math.tan(lat_r) * math.tan(decl_r)
        if not -1 <= cos_ha <= 1:
            return None  # the sun stays up (or down) all day
        ha = math.degrees(math.acos(cos_ha))
        minutes = 720 - 4 * (lon + (ha if rising else -ha)) - eq_time
    return minutes


def sun_event(day: date, event: SunEvent, where: Location) -> datetime | None:
    """The sunrise or sunset of local date `day`, in the home's zone; None in polar day/night."""
    # The UTC date of local noon: the event's minutes are counted from its midnight and may
    # fall before it or after (far east or west of Greenwich), which timedelta handles.
    noon = datetime.combine(day, time(12), where.tz).astimezone(UTC)
    jd = _julian_day(noon.date())
    start = 720.0 - 4 * where.longitude
    minutes = _utc_minutes(jd, start, where.latitude, where.longitude, event == "sunrise")
    if minutes is None:
        return None
    midnight = datetime.combine(noon.date(), time(0), UTC)
    return (midnight + timedelta(minutes=minutes)).astimezone(where.tz)


def next_sun_event(
    event: SunEvent, after: datetime, where: Location, offset: timedelta = timedelta(0)
) -> datetime | None:
    """The first sunrise/sunset plus `offset` strictly after `after`; None if none within a year."""
    first = after.astimezone(where.tz).date() - timedelta(days=1)
    for n in range(_SEARCH_DAYS):
        at = sun_event(first + timedelta(days=n), event, where)
        if at is not None and at + offset > after:
            return at + offset
    return None
