"""DiskBuffer: points waiting for the server, in order, on disk, within a size bound."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Per-row cost beyond the line itself (rowid, record header, cell pointer): keeps the byte
# estimate close to the file's real growth.
ROW_OVERHEAD = 24


class DiskBuffer:
    """An append-only queue of line-protocol lines in SQLite (WAL): durable across restarts.

    Blocking: the exporter calls it from one worker thread. `append` keeps the estimated size
    within `max_bytes` by dropping the oldest lines, and says how many it dropped.
    """

    def __init__(self, path: Path, max_bytes: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.max_bytes = max_bytes
        self._conn = sqlite3.connect(path, isolation_level=None)
        # Set before the table exists: lets drained space be handed back to the file system.
        self._conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA journal_size_limit=1048576")  # WAL shrinks back to 1 MB
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS points (seq INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT)"
        )
        row = self._conn.execute("SELECT COUNT(*), COALESCE(SUM(length(line)), 0) FROM points")
        count, size = row.fetchone()
        self.count: int = count
        self.bytes: int = size + count * ROW_OVERHEAD

    def close(self) -> None:
        self._conn.close()

    def append(self, lines: list[str]) -> int:
        """Add lines after all others; returns how many old lines were dropped to make room."""
        if not lines:
            return 0
        cost = [len(line) + ROW_OVERHEAD for line in lines]
        dropped = 0
        # A batch larger than the whole bound keeps only its newest lines.
        while cost and sum(cost) > self.max_bytes:
            cost.pop(0)
            lines = lines[1:]
            dropped += 1
        need = self.bytes + sum(cost) - self.max_bytes
        with self._conn:
            self._conn.execute("BEGIN")
            if need > 0:
                dropped += self._drop_oldest(need)
            self._conn.executemany("INSERT INTO points (line) VALUES (?)", [(x,) for x in lines])
        self.count += len(lines)
        self.bytes += sum(cost)
        return dropped

    def _drop_oldest(self, need: int) -> int:
        freed, last_seq, n = 0, None, 0
        rows = self._conn.execute(
            "SELECT seq, length(line) FROM points ORDER BY seq"
        )  # a cursor: only as many rows are read as are needed
        for seq, size in rows:
            freed += size + ROW_OVERHEAD
            last_seq, n = seq, n + 1
            if freed >= need:
                break
        rows.close()
        if last_seq is not None:
            self._conn.execute("DELETE FROM points WHERE seq <= ?", (last_seq,))
        self.count -= n
        self.bytes -= freed
        return n

    def peek(self, limit: int) -> list[tuple[int, str]]:
        """The oldest lines, with their sequence numbers."""
        return self._conn.execute(
            "SELECT seq, line FROM points ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()

    def delete_through(self, seq: int) -> None:
        """Forget every line up to and including `seq` (they reached the server)."""
        row = self._conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(length(line)), 0) FROM points WHERE seq <= ?", (seq,)
        ).fetchone()
        self._conn.execute("DELETE FROM points WHERE seq <= ?", (seq,))
        self.count -= row[0]
        self.bytes -= row[1] + row[0] * ROW_OVERHEAD
        if self.count == 0:
            self._conn.execute("PRAGMA incremental_vacuum")

    def file_bytes(self) -> int:
        """The size of the database files on disk now (main file plus WAL)."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
