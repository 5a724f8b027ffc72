"""The exporter with a fake server: order kept through failures, one warning when full."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Self

import pytest

from integrations.influxdb import InfluxConfig, InfluxExporter


class FakeServer:
    """Takes batches while `up`; raises ConnectionError otherwise."""

    def __init__(self) -> None:
        self.up = True
        self.lines: list[str] = []
        self.batches = 0

    def connect(self) -> FakeServer.Conn:
        return FakeServer.Conn(self)

    class Conn:
        def __init__(self, server: FakeServer) -> None:
            self.server = server

        async def __aenter__(self) -> Self:
            if not self.server.up:
                raise ConnectionError("down")
            return self

        async def __aexit__(self, *exc: object) -> None:
            return None

        async def __call__(self, lines: list[str]) -> None:
            await asyncio.sleep(0)
            if not self.server.up:
                raise ConnectionError("down")
            self.server.lines.extend(lines)
            self.server.batches += 1


def make(tmp_path: Path, server: FakeServer, **cfg: object) -> InfluxExporter:
    config = InfluxConfig.model_validate({"flush_interval": 0.05, "batch_size": 10, **cfg})
    return InfluxExporter(config, tmp_path, connect=server.connect)


async def until(cond: Callable[[], bool], within: float = 10) -> None:
    """Poll the exporter's counters until `cond` holds."""
    async with asyncio.timeout(within):
        while not cond():  # noqa: ASYNC110 - polling counters is the point here
            await asyncio.sleep(0.01)


async def test_order_is_kept_through_outages(tmp_path: Path) -> None:
    server = FakeServer()
    async with make(tmp_path, server) as exp:
        n = 0
        for phase_up in (True, False, True, False, True):
            server.up = phase_up
            for _ in range(95):
                exp.add_line(f"m v={n}i {n}")
                n += 1
                if n % 7 == 0:
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
        server.up = True
        await until(lambda: exp.pending == 0 and len(server.lines) == n)
    assert server.lines == [f"m v={i}i {i}" for i in range(n)]
    assert exp.stats.spilled > 0


async def test_full_buffer_warns_once_and_counts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="integrations.influxdb")
    server = FakeServer()
    server.up = False
    async with make(tmp_path, server, max_buffer_mb=0.05, batch_size=100) as exp:
        for i in range(5000):
            exp.add_line(f"power,entity_id=sensor.dryer_power watts={i}.0 {i}")
            if i % 100 == 0:
                await asyncio.sleep(0.01)
        await until(lambda: exp.pending == exp.stats.spilled - exp.stats.dropped)
        assert exp.stats.dropped > 0
        server.up = True
        await until(lambda: exp.pending == 0)
    assert len(server.lines) + exp.stats.dropped == 5000
    assert server.lines[-1].endswith(" 4999")
    warnings = [r.getMessage() for r in caplog.records if "reached its limit" in r.getMessage()]
    assert len(warnings) == 1
    assert any("were dropped while the buffer was full" in r.getMessage() for r in caplog.records)
