"""Delayed and timed service calls on APScheduler 3 with a persistent SQLite job store."""

from __future__ import annotations

import json
import logging
import uuid
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self, cast

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from hub.core.model import JsonValue, Origin, ServiceCall
from hub.core.ports import Clock

log = logging.getLogger(__name__)

RunCall = Callable[[ServiceCall, Origin], Awaitable[object]]

MISFIRE_GRACE_S = 3600  # a hub that was down runs a missed call up to an hour late, once
LATE_S = 5.0  # later than this is worth a log line

# Persisted jobs name a module-level function; it finds the live scheduler through this.
_live: weakref.ref[Scheduler] | None = None


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    """A call waiting for its time."""

    id: str
    run_at: datetime
    call: ServiceCall
    origin: Origin


def call_to_json(call: ServiceCall) -> str:
    return json.dumps(call.to_json())


def call_from_json(text: str) -> ServiceCall:
    obj = json.loads(text)
    ids = obj.get("entity_id", [])
    return ServiceCall(
        service=str(obj["service"]),
        entity_ids=tuple(str(i) for i in ([ids] if isinstance(ids, str) else ids)),
        data=cast(dict[str, JsonValue], obj.get("data") or {}),
        confirm=bool(obj.get("confirm", False)),
    )  # delay_s and at are left out: a due job runs now


async def run_job(call_json: str, origin: str, run_at: str) -> None:
    """The trampoline every persisted job calls: hand the call to the bound executor."""
    scheduler = _live() if _live is not None else None
    call = call_from_json(call_json)
    if scheduler is None or scheduler._run is None:
        log.error("scheduled %s for %s dropped: no running scheduler", call.service, run_at)
        return
    late = (scheduler._clock.now() - datetime.fromisoformat(run_at)).total_seconds()
    if late > LATE_S:
        log.warning("running %s scheduled for %s, %.0f s late", call.service, run_at, late)
    try:
        await scheduler._run(call, Origin(origin))
    except Exception:
        # The executor reports failures itself; anything else is a bug worth a traceback.
        log.exception("scheduled call %s failed", call.service)


class Scheduler:
    """Runs calls later; jobs live in SQLite at `path`, so they survive a restart.

    Until an executor is bound the scheduler stays paused, so jobs that fell due while the hub
    was down wait for it instead of being dropped.
    """

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self._clock = clock
        self._run: RunCall | None = None
        self._aps: AsyncIOScheduler | None = None

    def bind(self, run: RunCall) -> None:
        global _live
        self._run = run
        _live = weakref.ref(self)
        if self._aps is not None and self._aps.running:
            self._aps.resume()

    async def __aenter__(self) -> Self:
        global _live
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The job store writes are small and rare (one per delayed call), so they stay inline.
        store = SQLAlchemyJobStore(url=f"sqlite:///{self.path}")
        self._aps = AsyncIOScheduler(
            jobstores={"default": store},
            job_defaults={"misfire_grace_time": MISFIRE_GRACE_S, "coalesce": True},
            timezone=self._clock.now().tzinfo,
        )
        _live = weakref.ref(self)
        self._aps.start(paused=self._run is None)
        pending = len(self._aps.get_jobs())
        if pending:
            log.info("scheduler: %d pending calls restored from %s", pending, self.path)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _live
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        self._aps = None
        if _live is not None and _live() is self:
            _live = None

    def _scheduler(self) -> AsyncIOScheduler:
        if self._aps is None:
            raise RuntimeError("the scheduler is not running (use it as an async context manager)")
        return self._aps

    def schedule_call(self, call: ServiceCall, origin: Origin, run_at: datetime) -> str:
        """Keep `call` to run at `run_at` (timezone-aware); returns the job id."""
        job_id = uuid.uuid4().hex[:16]
        due = replace(call, delay_s=None, at=None)
        self._scheduler().add_job(
            run_job,
            trigger="date",
            run_date=run_at,
            id=job_id,
            name=call.service,
            kwargs={
                "call_json": call_to_json(due),
                "origin": origin.value,
                "run_at": run_at.isoformat(),
            },
        )
        log.info("scheduled %s on %s for %s", call.service, ", ".join(call.entity_ids), run_at)
        return job_id

    def jobs(self) -> list[ScheduledJob]:
        out = []
        for job in self._scheduler().get_jobs():
            kw = job.kwargs
            run_at = job.next_run_time or datetime.fromisoformat(kw["run_at"])
            out.append(
                ScheduledJob(job.id, run_at, call_from_json(kw["call_json"]), Origin(kw["origin"]))
            )
        out.sort(key=lambda j: j.run_at)
        return out

    def cancel(self, job_id: str) -> bool:
        try:
            self._scheduler().remove_job(job_id)
        except JobLookupError:
            return False
        log.info("cancelled scheduled call %s", job_id)
        return True
