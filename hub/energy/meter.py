"""The integration maths, pure: readings of power (W) or energy counters (kWh) -> segments."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from hub.energy.periods import Segment

Kind = Literal["power", "energy"]

_POWER_UNITS = {"w": 1.0, "kw": 1000.0, "mw": 1_000_000.0}
_ENERGY_UNITS = {"wh": 0.001, "kwh": 1.0, "mwh": 1000.0}
_J_PER_KWH = 3_600_000.0


def unit_factor(kind: Kind, unit: str | None) -> float | None:
    """Multiplier from the sensor's unit to W (power) or kWh (energy); None if unknown."""
    if unit is None:  # unspecified: assume the usual unit of the device class
        return 1.0
    table = _POWER_UNITS if kind == "power" else _ENERGY_UNITS
    return table.get(unit.strip().casefold())


def parse_reading(state: str, factor: float) -> float | None:
    """A numeric state in W or kWh, or None for unavailable, unknown or garbage."""
    try:
        value = float(state)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value):
        return None
    return value * factor


@dataclass(slots=True)
class MeterState:
    """What a meter remembers between readings (persisted, so restarts continue seamlessly).

    For power, `last_value` is the watts held since `last_ts`; for energy, the counter's last
    reading in kWh. None means the sensor is not giving valid readings: nothing accrues.
    """

    kind: Kind
    last_ts: float | None = None
    last_value: float | None = None
    total_kwh: float = 0.0


@dataclass(frozen=True, slots=True)
class Integration:
    """How power becomes energy: the method and the longest a reading may be held."""

    method: Literal["left", "trapezoid"] = "left"
    max_hold_s: float = 900.0
    reset_tolerance: float = 0.005  # counter dips below this fraction are jitter, not resets


def step(meter: MeterState, ts: float, value: float | None, how: Integration) -> list[Segment]:
    """Feed one reading (None: invalid) at `ts`; update the meter; return the energy drawn.

    Readings older than the last one are ignored (late or replayed); a reading at the same
    instant replaces the held value.
    """
    if meter.last_ts is not None and ts < meter.last_ts:
        return []
    if meter.kind == "power":
        segments = _power(meter, ts, value, how)
    else:
        segments = _energy(meter, ts, value, how)
    meter.total_kwh += sum(s.kwh for s in segments)
    if meter.kind == "power":
        meter.last_ts, meter.last_value = ts, value
    elif value is not None:
        meter.last_ts = ts  # a counter's delta spans back to its last good reading
    return segments


def _power(meter: MeterState, ts: float, watts: float | None, how: Integration) -> list[Segment]:
    if watts is not None:
        # Negative readings (export, sensor noise) are not consumption.
        watts = max(0.0, watts)
    held, since = meter.last_value, meter.last_ts
    if held is None or since is None or ts <= since:
        return []
    dt = ts - since
    if dt > how.max_hold_s:
        # A long silence (hub down, sensor gone quiet): hold the last reading only so long.
        return [_flat(since, since + how.max_hold_s, held)] if held > 0 else []
    if how.method == "trapezoid" and watts is not None:
        kwh = (held + watts) / 2 * dt / _J_PER_KWH
        return [Segment(since, ts, kwh, held, watts)] if kwh > 0 else []
    return [_flat(since, ts, held)] if held > 0 else []


def _flat(start: float, end: float, watts: float) -> Segment:
    return Segment(start, end, watts * (end - start) / _J_PER_KWH)


def _energy(meter: MeterState, ts: float, kwh: float | None, how: Integration) -> list[Segment]:
    # A counter keeps its last good value through outages: its next reading tells the truth.
    last = meter.last_value
    if kwh is None:
        return []
    if last is None or kwh < 0:
        meter.last_value = kwh if kwh >= 0 else last
        return []
    if kwh >= last:
        delta = kwh - last
    elif last - kwh <= how.reset_tolerance * last:
        return []  # jitter of a counter read back with rounding: keep the higher baseline
    else:
        delta = kwh  # a meter reset: it counted up from zero since
    meter.last_value = kwh
    if delta <= 0:
        return []
    start = meter.last_ts if meter.last_ts is not None else ts
    # Spread the measured energy evenly over the time it was measured in.
    return [Segment(start, ts, delta)]
