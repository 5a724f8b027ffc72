"""EnergyStore: live power and kWh totals per device; SQLite in one worker thread, never the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TypeVar

from hub.energy.db import EnergyDB
from hub.energy.meter import MeterState
from hub.energy.periods import Segment, local_day, period_days, split_hours

T = TypeVar("T")


class EnergyStore:
    """Totals per metered entity, answered by device.

    Energy is recorded under the sensor that measured it; `owners` maps a sensor to the device
    it meters (sensor.dryer_power -> switch.dryer), so queries accept either and rankings name
    devices. Recent increments wait in memory until `flush` and are included in every answer.
    """

    def __init__(self, path: Path, tz: tzinfo, house_sensor: str | None = None) -> None:
        self.path = path
        self.tz = tz
        self.house_sensor = house_sensor
        self.owners: dict[str, str] = {}  # sensor -> device
        self.live: dict[str, float | None] = {}  # sensor -> W now (None: unavailable)
        self.tracked: set[str] = set()  # every sensor being metered
        self._pending: dict[tuple[str, int, date], float] = {}
        self._meters: dict[str, MeterState] = {}
        # One thread owns the connection; FIFO, so a query queued after a flush sees it.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="energy-db")
        self._db: EnergyDB | None = None

    async def _run(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn)

    async def open(self) -> dict[str, MeterState]:
        """Open the database; the meters as they were saved."""
        self._db = await self._run(lambda: EnergyDB(self.path))
        return await self._run(self._require().load_meters)

    async def close(self) -> None:
        """Flush and close."""
        if self._db is not None:
            await self.flush()
            await self._run(self._db.close)
            self._db = None
        self._pool.shutdown(wait=True)

    def _require(self) -> EnergyDB:
        if self._db is None:
            raise RuntimeError("EnergyStore is not open")
        return self._db

    # -- writes (sync, cheap: called from bus listeners) -------------------------------------

    def record(self, entity_id: str, meter: MeterState, segments: list[Segment]) -> None:
        """Remember the energy of a reading and the meter's new position."""
        for seg in segments:
            for hour, kwh in split_hours(seg, self.tz):
                key = (entity_id, round(hour), local_day(hour, self.tz))
                self._pending[key] = self._pending.get(key, 0.0) + kwh
        self._meters[entity_id] = replace(meter)

    async def flush(self) -> None:
        """Write what accrued since the last flush, in one transaction."""
        if not self._pending and not self._meters:
            return
        pending, meters = self._pending, self._meters
        self._pending, self._meters = {}, {}
        db = self._require()
        try:
            await self._run(lambda: db.commit(pending, meters))
        except BaseException:
            # Not written: put it back (ahead of anything newer) for the next flush.
            for key, kwh in self._pending.items():
                pending[key] = pending.get(key, 0.0) + kwh
            self._pending = pending
            self._meters = {**meters, **self._meters}
            raise

    # -- queries ---------------------------------------------------------------------------

    def sensor_of(self, entity_id: str) -> str:
        """The sensor measuring a device (or the entity itself when it is a sensor)."""
        for sensor, device in self.owners.items():
            if device == entity_id:
                return sensor
        return entity_id

    def device_of(self, sensor: str) -> str:
        return self.owners.get(sensor, sensor)

    def power_now(self, entity_id: str) -> float | None:
        """Watts drawn now by a device or sensor; None when unknown or unavailable."""
        return self.live.get(self.sensor_of(entity_id))

    async def totals(self, first: date, last: date) -> dict[str, float]:
        """kWh per sensor over local days first..last, pending increments included."""
        pending = dict(self._pending)  # taken now: anything older is already queued to disk
        out = await self._run(lambda: self._require().totals(first, last))
        for (eid, _, day), kwh in pending.items():
            if first <= day <= last:
                out[eid] = out.get(eid, 0.0) + kwh
        return out

    def days(self, period: str | tuple[date, date], now: datetime) -> tuple[date, date]:
        """The local days of a period name, a "YYYY-MM-DD[..YYYY-MM-DD]" or a (first, last)."""
        if isinstance(period, tuple):
            return period
        return period_days(period, now.astimezone(self.tz).date())

    async def energy(self, entity_id: str, period: str | tuple[date, date], now: datetime) -> float:
        """kWh used by a device (or sensor) in a period."""
        totals = await self.totals(*self.days(period, now))
        return totals.get(self.sensor_of(entity_id), 0.0)

    async def ranking(
        self, period: str | tuple[date, date], now: datetime
    ) -> list[tuple[str, float]]:
        """Devices by kWh used in a period, most first (the whole-house meter left out)."""
        totals = await self.totals(*self.days(period, now))
        ranked = [(self.device_of(s), kwh) for s, kwh in totals.items() if s != self.house_sensor]
        return sorted(ranked, key=lambda item: (-item[1], item[0]))

    async def house(self, period: str | tuple[date, date], now: datetime) -> float:
        """kWh of the whole house: its own meter when it has one, else the sum of devices."""
        totals = await self.totals(*self.days(period, now))
        if self.house_sensor is not None and self.house_sensor in self.tracked:
            return totals.get(self.house_sensor, 0.0)
        return sum(totals.values())

    def house_power_now(self) -> float | None:
        """Watts of the whole house now: its meter, else the sum of the live devices."""
        if self.house_sensor is not None and self.house_sensor in self.live:
            return self.live[self.house_sensor]
        values = [w for s, w in self.live.items() if w is not None and s != self.house_sensor]
        return sum(values) if values else None

    async def hourly(self, entity_id: str, day: date) -> list[tuple[datetime, float]]:
        """kWh per local hour of one day, pending increments included."""
        sensor = self.sensor_of(entity_id)
        pending = {h: k for (e, h, d), k in self._pending.items() if e == sensor and d == day}
        rows = dict(await self._run(lambda: self._require().hourly(sensor, day)))
        for hour, kwh in pending.items():
            rows[hour] = rows.get(hour, 0.0) + kwh
        return [(datetime.fromtimestamp(h, self.tz), k) for h, k in sorted(rows.items())]
