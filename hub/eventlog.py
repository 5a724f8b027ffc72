"""The append-only event log: every bus event into SQLite, batched off the event loop."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self, TextIO, cast

from hub.bus import Bus, Subscription
from hub.core.events import CallDone, CallFailed, CallRequested, Event, StateChanged, event_to_json
from hub.core.model import JsonObject
from hub.learner_format import write_jsonl

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    ts_epoch REAL NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT,
    origin TEXT,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts_epoch);
CREATE INDEX IF NOT EXISTS events_entity ON events (entity_id, ts_epoch);
"""
_INSERT = "INSERT INTO events (ts, ts_epoch, type, entity_id, origin, json) VALUES (?,?,?,?,?,?)"
_Row = tuple[str, float, str, str | None, str | None, str]

BATCH = 5000  # events per transaction: big enough for 10k/s, small enough to stay responsive
RETRIES = 3


def _row(event: Event) -> _Row:
    data = event_to_json(event)
    entity_id: str | None = None
    origin: str | None = None
    if isinstance(event, StateChanged):
        entity_id, origin = event.entity_id, event.origin.value
    elif isinstance(event, CallRequested | CallDone | CallFailed):
        origin = event.origin.value
        if len(event.call.entity_ids) == 1:
            entity_id = event.call.entity_ids[0]
    # default=str: a stray non-JSON attribute from an integration must not lose the event.
    text = json.dumps(data, separators=(",", ":"), default=str)
    return event.ts.isoformat(), event.ts.timestamp(), str(data["type"]), entity_id, origin, text


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes
    conn.executescript(_SCHEMA)
    return conn


class EventLog:
    """Owns the writer task "eventlog.writer"; reads are sync and safe from any thread."""

    def __init__(self, path: Path, bus: Bus, *, maxsize: int = 200_000, timeout_s: float = 5.0):
        self.path = path
        self._bus = bus
        self._maxsize = maxsize
        self._timeout_s = timeout_s
        self._wconn: sqlite3.Connection | None = None
        self._rconn: sqlite3.Connection | None = None
        self._rlock = threading.Lock()
        self._sub: Subscription | None = None
        self._task: asyncio.Task[None] | None = None
        self._written = 0  # events taken off the queue and committed (or given up on)
        self._progress = asyncio.Event()

    async def __aenter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._wconn = await asyncio.to_thread(_connect, self.path)
        self._rconn = sqlite3.connect(self.path, check_same_thread=False)
        self._sub = self._bus.subscribe(self._maxsize, name="eventlog")
        self._task = asyncio.create_task(self._run(self._sub), name="eventlog.writer")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._sub is not None:
            self._sub.close()  # the writer drains what is queued, then ends
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), self._timeout_s)
            except TimeoutError:
                self._task.cancel()
                log.error("event log: shutdown timed out, %d events not written", self._pending())
        for conn in (self._wconn, self._rconn):
            if conn is not None:
                await asyncio.to_thread(conn.close)
        self._wconn = self._rconn = None

    def _pending(self) -> int:
        return 0 if self._sub is None else self._sub.pending()

    async def _run(self, sub: Subscription) -> None:
        while await sub.wait():
            batch = sub.get_nowait(BATCH)
            await self._write(batch)
            self._written += len(batch)
            self._progress.set()

    async def _write(self, batch: list[Event]) -> None:
        conn = self._wconn
        assert conn is not None
        for attempt in range(1, RETRIES + 1):
            try:
                await asyncio.to_thread(_write_batch, conn, batch)
                return
            except Exception as exc:
                # Disk full or locked: keep the batch a little while before giving up on it;
                # whatever happens, the writer itself must keep going.
                log.error("event log write failed (attempt %d): %s", attempt, exc)
                await asyncio.sleep(0.5 * attempt)
        log.error("event log: %d events could not be written and were dropped", len(batch))

    async def flush(self) -> None:
        """Wait until every event published so far is on disk."""
        sub, task = self._sub, self._task
        if sub is None or task is None:
            return
        target = sub.received
        while self._written + sub.dropped < target and not task.done():
            self._progress.clear()
            await self._progress.wait()

    # -- reads -----------------------------------------------------------------------------

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """The shared read connection, or a short-lived one when the log is not open."""
        if self._rconn is None:
            conn = _connect(self.path, readonly=True)
            try:
                yield conn
            finally:
                conn.close()
            return
        with self._rlock:
            yield self._rconn

    def _read(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        with self._reader() as conn:
            return conn.execute(sql, params).fetchall()

    def query(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        types: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 1000,
        *,
        newest: bool = False,
    ) -> list[JsonObject]:
        """Events in time order; `newest` takes the last `limit` instead of the first."""
        where, params = _filters(since, until)
        if types:
            where.append(f"type IN ({','.join('?' * len(types))})")
            params.extend(types)
        if entity_id is not None:
            where.append("entity_id = ?")
            params.append(entity_id)
        sql = "SELECT id, json FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        order = "DESC" if newest else "ASC"
        sql += f" ORDER BY ts_epoch {order}, id {order} LIMIT ?"
        rows = self._read(sql, [*params, max(0, limit)])
        if newest:
            rows.reverse()
        out: list[JsonObject] = []
        for row_id, text in rows:
            obj = cast(JsonObject, json.loads(str(text)))
            obj["id"] = cast(int, row_id)
            out.append(obj)
        return out

    def count(self) -> int:
        return cast(int, self._read("SELECT count(*) FROM events", ())[0][0])

    def export_jsonl(
        self, out: TextIO, since: datetime | None = None, until: datetime | None = None
    ) -> int:
        """Write the learner's JSONL format (see shared/learn/README.md); returns lines written."""
        with self._reader() as conn:
            return _export(conn, out, since, until)


def _write_batch(conn: sqlite3.Connection, batch: list[Event]) -> None:
    rows = [_row(e) for e in batch]  # serialised here, in the thread, not on the loop
    with conn:  # one transaction per batch
        conn.executemany(_INSERT, rows)


def _filters(since: datetime | None, until: datetime | None) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if since is not None:
        where.append("ts_epoch >= ?")
        params.append(since.timestamp())
    if until is not None:
        where.append("ts_epoch < ?")
        params.append(until.timestamp())
    return where, params


def _export(
    conn: sqlite3.Connection, out: TextIO, since: datetime | None, until: datetime | None
) -> int:
    where, params = _filters(since, until)
    where.append("type IN ('state_changed', 'call_requested')")
    sql = f"SELECT json FROM events WHERE {' AND '.join(where)} ORDER BY ts_epoch, id"
    rows = (cast(JsonObject, json.loads(text)) for (text,) in conn.execute(sql, params))
    return write_jsonl(rows, out)


def export_file(
    db_path: Path, out_path: Path, since: datetime | None = None, until: datetime | None = None
) -> int:
    """Export an event log file without a running hub; returns the number of lines."""
    conn = _connect(db_path, readonly=True)
    try:
        with out_path.open("w", encoding="utf-8") as out:
            return _export(conn, out, since, until)
    finally:
        conn.close()
