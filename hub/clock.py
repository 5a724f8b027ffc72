"""The system clock, behind the Clock port so tests can drive time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo


class SystemClock:
    """Wall-clock time in the home's time zone."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz or datetime.now().astimezone().tzinfo

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock for tests: time moves only when told to."""

    def __init__(self, start: datetime | None = None, tz: str = "UTC") -> None:
        self._now = start or datetime(2025, 1, 6, 8, 0, tzinfo=ZoneInfo(tz))
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        # Elapsed time, not wall-clock arithmetic: across a DST change the local hour jumps.
        tz = self._now.tzinfo
        self._now = (self._now.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(tz)
        self._mono += seconds
