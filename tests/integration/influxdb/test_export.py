"""The exporter against a real server speaking InfluxDB's v2 write API (VictoriaMetrics)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub.core import EntitySpec, Origin, StateChanged
from integrations.influxdb import InfluxConfig, InfluxExporter
from tests.fixtures.victoria import Victoria

pytestmark = pytest.mark.influxdb

T0 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
SPECS = {
    "sensor.dryer_power": EntitySpec(
        "sensor.dryer_power", "Dryer power", area="laundry", device_class="power", unit="W"
    ),
    "sensor.ev_power": EntitySpec(
        "sensor.ev_power", "Car charger power", area="garage", device_class="power", unit="kW"
    ),
    "sensor.grid": EntitySpec("sensor.grid", "Grid", device_class="energy", unit="Wh"),
}


def exporter(url: str, buffer: Path, **cfg: object) -> InfluxExporter:
    config = InfluxConfig.model_validate(
        {"enabled": True, "url": url, "bucket": "home", "flush_interval": 0.2, **cfg}
    )
    return InfluxExporter(config, buffer, describe=SPECS.get)


def reading(i: int, entity_id: str = "sensor.dryer_power") -> StateChanged:
    return StateChanged(T0 + timedelta(seconds=i), entity_id, None, str(float(i)), Origin.SENSOR)


async def until(cond: Callable[[], bool], within: float = 20.0) -> None:
    """Poll the exporter's state (it exposes counters, not events) until `cond` holds."""
    async with asyncio.timeout(within):
        while not cond():  # noqa: ASYNC110 - polling counters is the point here
            await asyncio.sleep(0.05)


async def test_points_arrive_with_tags_and_units(victoria: Victoria, tmp_path: Path) -> None:
    async with exporter(victoria.url, tmp_path) as exp:
        for i in range(100):
            exp.on_event(reading(i))
        exp.on_event(reading(1, "sensor.ev_power"))  # 1 kW
        exp.on_event(reading(2, "sensor.grid"))  # 2 Wh
        exp.on_event(StateChanged(T0, "sensor.grid", None, "unavailable", Origin.SENSOR))
        exp.on_event(StateChanged(T0, "light.lamp", None, "on", Origin.SENSOR))
        await until(lambda: exp.stats.written == 102)
    series = victoria.export('{__name__="power_watts",entity_id="sensor.dryer_power"}')
    assert len(series) == 1
    assert series[0]["metric"] == {
        "__name__": "power_watts",
        "entity_id": "sensor.dryer_power",
        "domain": "sensor",
        "name": "Dryer power",
        "area": "laundry",
    }
    assert series[0]["values"] == [float(i) for i in range(100)]
    assert series[0]["timestamps"][0] == int(T0.timestamp() * 1000)
    assert victoria.values('{__name__="power_watts",entity_id="sensor.ev_power"}')[0][1] == 1000
    assert victoria.values('{__name__="energy_kwh"}')[0][1] == pytest.approx(0.002)


async def test_points_are_written_in_batches(victoria: Victoria, tmp_path: Path) -> None:
    async with exporter(victoria.url, tmp_path, batch_size=50, flush_interval=30) as exp:
        await until(lambda: exp.connected)
        for i in range(500):
            exp.on_event(reading(i))
        await until(lambda: exp.stats.written == 500)
        assert exp.stats.batches == 10
    assert len(victoria.values('{__name__="power_watts"}')) == 500


async def test_server_outage_mid_stream_loses_nothing(
    victoria: Victoria, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="integrations.influxdb")
    async with exporter(victoria.url, tmp_path, batch_size=20, timeout_s=2) as exp:
        await until(lambda: exp.connected)
        for i in range(200):
            exp.on_event(reading(i))
        await until(lambda: exp.stats.written == 200)
        victoria.stop()
        for i in range(200, 1000):  # a stream: some before, most after it notices
            exp.on_event(reading(i))
            if i % 50 == 0:
                await asyncio.sleep(0.05)
        await until(lambda: exp.stats.spilled > 0 and exp.pending == exp.stats.spilled)
        assert exp.stats.written < 1000
        victoria.start()
        await until(lambda: exp.pending == 0 and exp.stats.written >= 1000, within=60)
    values = victoria.values('{__name__="power_watts"}')
    assert [v for _, v in values] == [float(i) for i in range(1000)]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in m or "went away" in m for m in messages) == 1
    assert sum("influxdb is back" in m for m in messages) == 1


async def test_restart_with_a_full_buffer_replays_it(victoria: Victoria, tmp_path: Path) -> None:
    victoria.stop()
    async with exporter(victoria.url, tmp_path, timeout_s=1) as exp:
        for i in range(300):
            exp.on_event(reading(i))
        await asyncio.sleep(0.5)
    # Shut down while the server was away: the points wait on disk.
    async with exporter(victoria.url, tmp_path) as exp:
        assert exp.pending == 300
        await asyncio.sleep(0.3)
        victoria.start()
        for i in range(300, 350):
            exp.on_event(reading(i))
        await until(lambda: exp.pending == 0 and exp.stats.written == 350, within=60)
    values = victoria.values('{__name__="power_watts"}')
    assert [v for _, v in values] == [float(i) for i in range(350)]
