"""SQLite tables of energy totals (hourly, daily) and meter state; used from one thread only."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from hub.energy.meter import MeterState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hourly (
    entity_id TEXT NOT NULL, hour INTEGER NOT NULL, day TEXT NOT NULL, kwh REAL NOT NULL,
    PRIMARY KEY (entity_id, hour)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily (
    entity_id TEXT NOT NULL, day TEXT NOT NULL, kwh REAL NOT NULL,
    PRIMARY KEY (entity_id, day)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS daily_by_day ON daily (day);
CREATE TABLE IF NOT EXISTS meters (
    entity_id TEXT PRIMARY KEY, kind TEXT NOT NULL, last_ts REAL, last_value REAL,
    total_kwh REAL NOT NULL);
"""

# (entity_id, local hour start as epoch seconds, local day) -> kWh
Increments = Mapping[tuple[str, int, date], float]


class EnergyDB:
    """The energy database; every method blocks, so callers run them in the store's thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Opened in the store's worker thread and only ever used there.
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def load_meters(self) -> dict[str, MeterState]:
        rows = self._conn.execute(
            "SELECT entity_id, kind, last_ts, last_value, total_kwh FROM meters"
        ).fetchall()
        return {
            eid: MeterState(kind, last_ts, last_value, total)
            for eid, kind, last_ts, last_value, total in rows
            if kind in ("power", "energy")
        }

    def commit(self, increments: Increments, meters: Mapping[str, MeterState]) -> None:
        """Add the increments and save the meters in one transaction.

        One transaction keeps totals and meter positions consistent: after a crash the hub
        resumes from a position that matches exactly what was counted, so nothing is counted
        twice.
        """
        daily: dict[tuple[str, str], float] = {}
        for (eid, _, day), kwh in increments.items():
            daily[eid, day.isoformat()] = daily.get((eid, day.isoformat()), 0.0) + kwh
        with self._conn:
            self._conn.execute("BEGIN")
            self._conn.executemany(
                "INSERT INTO hourly VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, hour)"
                " DO UPDATE SET kwh = kwh + excluded.kwh",
                [(eid, hour, day.isoformat(), kwh) for (eid, hour, day), kwh in increments.items()],
            )
            self._conn.executemany(
                "INSERT INTO daily VALUES (?, ?, ?) ON CONFLICT (entity_id, day)"
                " DO UPDATE SET kwh = kwh + excluded.kwh",
                [(eid, day, kwh) for (eid, day), kwh in daily.items()],
            )
            self._conn.executemany(
                "INSERT OR REPLACE INTO meters VALUES (?, ?, ?, ?, ?)",
                [(eid, m.kind, m.last_ts, m.last_value, m.total_kwh) for eid, m in meters.items()],
            )

    def totals(self, first: date, last: date) -> dict[str, float]:
        """kWh per entity over the local days first..last (inclusive)."""
        rows = self._conn.execute(
            "SELECT entity_id, SUM(kwh) FROM daily WHERE day BETWEEN ? AND ? GROUP BY entity_id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return {eid: float(kwh) for eid, kwh in rows}

    def hourly(self, entity_id: str, day: date) -> list[tuple[int, float]]:
        """(local hour start, kWh) of one entity on one local day, in order."""
        rows = self._conn.execute(
            "SELECT hour, kwh FROM hourly WHERE entity_id = ? AND day = ? ORDER BY hour",
            (entity_id, day.isoformat()),
        ).fetchall()
        return [(int(hour), float(kwh)) for hour, kwh in rows]
