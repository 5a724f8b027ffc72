"""The integration maths: constant loads, steps, gaps, unavailable readings, kW, counters."""

from __future__ import annotations

import pytest

from hub.energy import Integration, MeterState, parse_reading, step, unit_factor

LEFT = Integration("left", max_hold_s=900)
TRAP = Integration("trapezoid", max_hold_s=900)


def feed(meter: MeterState, readings: list[tuple[float, float | None]], how: Integration) -> float:
    return sum(s.kwh for ts, v in readings for s in step(meter, ts, v, how))


def test_constant_load_reported_every_minute_is_exact() -> None:
    meter = MeterState("power")
    kwh = feed(meter, [(60.0 * i, 1000.0) for i in range(121)], LEFT)
    assert kwh == pytest.approx(2.0)
    assert meter.total_kwh == pytest.approx(2.0)


def test_steps_reported_on_change_are_exact_with_left() -> None:
    meter = MeterState("power")
    # 0 W, then 2 kW for 10 min, then 500 W for 6 min, then off.
    kwh = feed(meter, [(0, 0.0), (100, 2000.0), (700, 500.0), (1060, 0.0)], LEFT)
    assert kwh == pytest.approx((2000 * 600 + 500 * 360) / 3.6e6)


def test_trapezoid_ramps_between_readings() -> None:
    meter = MeterState("power")
    assert feed(meter, [(0, 0.0), (600, 1200.0)], TRAP) == pytest.approx(600 * 600 / 3.6e6)


def test_long_gap_holds_the_last_reading_only_so_long() -> None:
    meter = MeterState("power")
    # 1 kW, then nothing for 5 hours: count 15 minutes, not 5 hours.
    kwh = feed(meter, [(0, 1000.0), (5 * 3600, 1000.0), (5 * 3600 + 60, 0.0)], LEFT)
    assert kwh == pytest.approx(0.25 + 1000 * 60 / 3.6e6)


def test_unavailable_stops_integration_until_a_valid_reading() -> None:
    meter = MeterState("power")
    readings = [(0, 1000.0), (60, None), (600, None), (660, 1000.0), (720, 0.0)]
    assert feed(meter, readings, LEFT) == pytest.approx(1000 * 120 / 3.6e6)


@pytest.mark.parametrize(
    ("state", "unit", "kind", "expected"),
    [
        ("2.4", "kW", "power", 2400.0),
        ("850", "W", "power", 850.0),
        ("1500", "Wh", "energy", 1.5),
        ("3", "kWh", "energy", 3.0),
        ("unavailable", "W", "power", None),
        ("unknown", "W", "power", None),
        ("nan", "W", "power", None),
        ("", "W", "power", None),
    ],
)
def test_readings_are_parsed_in_w_and_kwh(
    state: str, unit: str, kind: str, expected: float | None
) -> None:
    factor = unit_factor("power" if kind == "power" else "energy", unit)
    assert factor is not None
    assert parse_reading(state, factor) == expected


def test_unknown_units_are_refused() -> None:
    assert unit_factor("power", "°C") is None


def test_kw_sensor_integrates_in_watts() -> None:
    meter = MeterState("power")
    factor = unit_factor("power", "kW")
    assert factor is not None
    readings = [(0.0, parse_reading("2.4", factor)), (900.0, parse_reading("0", factor))]
    assert feed(meter, readings, LEFT) == pytest.approx(0.6)


def test_energy_counter_deltas_reset_and_jitter() -> None:
    meter = MeterState("energy")
    readings: list[tuple[float, float | None]] = [
        (0, 100.0),  # first reading: a baseline, not consumption
        (3600, 101.5),  # +1.5
        (7200, None),  # unavailable: the baseline stays
        (10800, 102.0),  # +0.5 since the last good reading
        (10900, 101.999),  # jitter: ignored
        (14400, 0.4),  # meter reset: +0.4 from zero
        (18000, 1.0),  # +0.6
    ]
    assert feed(meter, readings, LEFT) == pytest.approx(3.0)
    assert meter.last_value == pytest.approx(1.0)


def test_counter_delta_after_a_long_gap_is_kept() -> None:
    meter = MeterState("energy")
    assert feed(meter, [(0, 10.0), (10 * 3600, 25.0)], LEFT) == pytest.approx(15.0)


def test_late_readings_are_ignored_and_negative_power_is_not_consumption() -> None:
    meter = MeterState("power")
    assert feed(meter, [(100, 1000.0), (50, 5000.0), (160, -300.0), (220, 0.0)], LEFT) == (
        pytest.approx(1000 * 60 / 3.6e6)
    )
