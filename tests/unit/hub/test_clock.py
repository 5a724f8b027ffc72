"""The fake clock counts elapsed time, so local time jumps at a DST change."""

from datetime import datetime
from zoneinfo import ZoneInfo

from hub.clock import FakeClock


def test_advance_across_spring_forward() -> None:
    paris = ZoneInfo("Europe/Paris")
    clock = FakeClock(datetime(2025, 3, 30, 1, 30, tzinfo=paris))
    clock.advance(3600)
    assert (clock.now().hour, clock.now().minute) == (3, 30)
    assert clock.now().utcoffset() is not None and clock.now().utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
