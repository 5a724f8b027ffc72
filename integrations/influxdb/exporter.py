"""InfluxExporter: batches points to InfluxDB; a disk buffer holds them while it is away."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from hub.core.events import Event, StateChanged
from hub.core.model import EntitySpec
from hub.core.supervisor import supervise
from integrations.influxdb.buffer import DiskBuffer
from integrations.influxdb.config import InfluxConfig
from integrations.influxdb.lineproto import encode, state_point, ts_ms

log = logging.getLogger("integrations.influxdb")

T = TypeVar("T")
STOP_S = 2.0  # at shutdown, a last write may take this long; then the points go to disk


class Writer(Protocol):
    """Writes a batch of line-protocol lines; raises when the server did not take them."""

    async def __call__(self, lines: list[str]) -> None: ...


class Connection(Protocol):
    """An open connection to the server (an async context manager yielding a Writer)."""

    async def __aenter__(self) -> Writer: ...

    async def __aexit__(self, *exc: object) -> None: ...


@dataclass(slots=True)
class ExportStats:
    """What the exporter did: lines written, moved to disk, dropped (buffer full or refused)."""

    written: int = 0
    spilled: int = 0
    dropped: int = 0
    rejected: int = 0
    batches: int = 0


class _ClientConnection:
    """influxdb-client's async API: ping, then writes of ms-precision line protocol."""

    def __init__(self, config: InfluxConfig) -> None:
        self._config = config
        self._client: Any = None

    async def __aenter__(self) -> Writer:
        from influxdb_client.client.influxdb_client_async import InfluxDBClientAsync

        cfg = self._config
        self._client = InfluxDBClientAsync(
            url=cfg.url,
            token=cfg.secret(),
            org=cfg.org,
            timeout=int(cfg.timeout_s * 1000),
            verify_ssl=cfg.verify_ssl,
        )
        try:
            if not await self._client.ping():
                raise ConnectionError(f"no answer from {cfg.url}")
        except BaseException:
            await asyncio.shield(self._client.close())  # also when cancelled at shutdown
            raise
        api = self._client.write_api()

        async def write(lines: list[str]) -> None:
            await api.write(bucket=cfg.bucket, org=cfg.org, record=lines, write_precision="ms")

        return write

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.close()


def _is_refusal(exc: Exception) -> bool:
    """The server understood and refused the data (400/422): retrying cannot help."""
    return getattr(exc, "status", None) in (400, 422)


class InfluxExporter:
    """Power and energy points to InfluxDB in batches; nothing lost while it is away.

    Points wait in memory for a batch (`batch_size` or `flush_interval`). When the server is
    down, slow (timeout) or still replaying a backlog, they go to the disk buffer, which is
    replayed oldest first once it answers again; at most `max_buffer_mb` is kept (oldest
    dropped, counted, warned about once). Connection loss is handled by hub.core's supervisor.
    """

    name = "influxdb"

    def __init__(
        self,
        config: InfluxConfig,
        buffer_dir: Path,
        *,
        describe: Callable[[str], EntitySpec | None] | None = None,
        connect: Callable[[], Connection] | None = None,
    ) -> None:
        self.config = config
        self.stats = ExportStats()
        self.connected = False
        self._describe = describe
        self._connect = connect or (lambda: _ClientConnection(config))
        self._memory: deque[str] = deque()
        self._lock = asyncio.Lock()  # memory <-> disk moves and memory writes, one at a time
        self._wake = asyncio.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="influx-buffer")
        self._buffer_path = buffer_dir / "buffer.sqlite"
        self._buffer: DiskBuffer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._full_warned = False
        self._dropped_reported = 0

    # -- input (sync, never blocks: bus listeners call these) ------------------------------

    def add_line(self, line: str) -> None:
        self._memory.append(line)
        if len(self._memory) >= self.config.batch_size:
            self._wake.set()

    def add_point(
        self, measurement: str, tags: dict[str, str], fields: dict[str, float], ts: datetime
    ) -> None:
        self.add_line(encode(measurement, tags, fields, ts_ms(ts)))

    def on_event(self, event: Event) -> None:
        """Bus listener: a point for every new state of a power or energy sensor."""
        if not isinstance(event, StateChanged) or self._describe is None:
            return
        spec = self._describe(event.entity_id)
        if spec is None:
            return
        cfg = self.config
        line = state_point(
            spec, event.new_state, event.ts, cfg.measurement_power, cfg.measurement_energy
        )
        if line is not None:
            self.add_line(line)

    @property
    def pending(self) -> int:
        """Points not yet written: in memory and on disk."""
        return len(self._memory) + (self._buffer.count if self._buffer else 0)

    # -- lifecycle -------------------------------------------------------------------------

    async def _disk(self, fn: Callable[[DiskBuffer], T]) -> T:
        buffer = self._buffer
        if buffer is None:
            raise RuntimeError("InfluxExporter is not running")
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, buffer)

    async def __aenter__(self) -> Self:
        max_bytes = int(self.config.max_buffer_mb * 1024 * 1024)
        loop = asyncio.get_running_loop()
        self._buffer = await loop.run_in_executor(
            self._pool, DiskBuffer, self._buffer_path, max_bytes
        )
        if self._buffer.count:
            log.info("influxdb: %d points wait in the disk buffer", self._buffer.count)
        self._tasks = [
            asyncio.create_task(self._supervised(), name="influxdb.sender"),
            asyncio.create_task(self._spill_loop(), name="influxdb.spill"),
        ]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        # Whatever is still in memory waits on disk for the next start.
        await self._spill()
        await self._disk(lambda b: b.close())
        self._buffer = None
        self._pool.shutdown(wait=True)

    async def _supervised(self) -> None:
        def down() -> None:
            self.connected = False

        await supervise(
            "influxdb", self._serve, logger=log, on_down=down, min_backoff=0.2, max_backoff=15.0
        )

    # -- moving points ---------------------------------------------------------------------

    async def _spill(self) -> None:
        """Move everything in memory to the end of the disk buffer."""
        async with self._lock:
            await self._spill_locked(self._take_memory())

    def _take_memory(self) -> list[str]:
        # Taken before any await: points added while the disk write runs stay in memory.
        lines = list(self._memory)
        self._memory.clear()
        return lines

    async def _spill_locked(self, lines: list[str]) -> None:
        if not lines or self._buffer is None:
            return
        dropped = await self._disk(lambda b: b.append(lines))
        self.stats.spilled += len(lines)
        if dropped:
            self.stats.dropped += dropped
            if not self._full_warned:
                self._full_warned = True
                log.warning(
                    "influxdb: the disk buffer reached its limit of %.0f MB; dropping the oldest"
                    " points until the server is back (%d dropped so far)",
                    self.config.max_buffer_mb,
                    self.stats.dropped,
                )

    async def _spill_loop(self) -> None:
        """While the server is away (or memory is too full), keep memory small and durable."""
        while True:
            await asyncio.sleep(self.config.flush_interval)
            if self._memory and (
                not self.connected or len(self._memory) > self.config.max_memory_points
            ):
                await self._spill()

    async def _serve(self, up: Callable[[], None]) -> None:
        async with self._connect() as write:
            up()
            self.connected = True
            try:
                await self._pump(write)
            finally:
                self.connected = False

    async def _pump(self, write: Writer) -> None:
        cfg = self.config
        while True:
            rows = await self._disk(lambda b: b.peek(cfg.batch_size))
            if rows:  # the backlog first: it is older than anything in memory
                await self._send(write, [line for _, line in rows])
                await self._disk(partial(DiskBuffer.delete_through, seq=rows[-1][0]))
                if self._buffer is not None and self._buffer.count == 0:
                    self._report_drained()
                continue
            if len(self._memory) < cfg.batch_size:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), cfg.flush_interval)
            async with self._lock:
                if self._buffer is not None and self._buffer.count:
                    continue  # spilled meanwhile: keep the order, replay from disk
                n = min(cfg.batch_size, len(self._memory))
                batch = [self._memory.popleft() for _ in range(n)]
                if not batch:
                    continue
                try:
                    await self._send(write, batch)
                except BaseException:
                    # Oldest first: the failed batch, then whatever arrived meanwhile.
                    await asyncio.shield(self._spill_locked([*batch, *self._take_memory()]))
                    raise

    async def _send(self, write: Writer, lines: list[str]) -> None:
        try:
            await write(lines)
        except Exception as exc:
            if not _is_refusal(exc):
                raise
            self.stats.rejected += len(lines)
            log.error("influxdb refused %d points (%s); they are dropped", len(lines), exc)
            return
        self.stats.written += len(lines)
        self.stats.batches += 1

    def _report_drained(self) -> None:
        if self.stats.dropped > self._dropped_reported:
            log.warning(
                "influxdb: backlog replayed; %d points were dropped while the buffer was full",
                self.stats.dropped - self._dropped_reported,
            )
            self._dropped_reported = self.stats.dropped
            self._full_warned = False
        else:
            log.info("influxdb: backlog replayed")
