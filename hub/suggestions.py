"""Suggestions in the daemon: periodic mining off the loop, their states in SQLite, approve/dismiss.

An approved suggestion becomes a commented automation file in the automations folder, loaded at
once; a dismissed one is never offered again (by its stable id, or as the same habit drifted a
little). A learned automation that people keep undoing is offered for removal.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

import yaml

from automations.learning import (
    MiningOptions,
    Suggestion,
    automation_id,
    mine,
    read_jsonl,
    to_automation_yaml,
)
from automations.schema import Automation, AutomationsConfig
from hub.bus import Bus
from hub.core.events import Event, HubEvent, StateChanged
from hub.core.model import JsonObject, Origin
from hub.core.ports import Clock
from hub.eventlog import EventLog
from hub.executor import CallResult
from hub.registry import Registry
from hub.suggestion_store import Stored, SuggestionStore

if TYPE_CHECKING:
    from hub.automation_runner import AutomationRunner

log = logging.getLogger(__name__)

UNDO_WINDOW_S = 300.0  # a person reversing a learned action within this long undoes it
UNDOS_TO_OFFER_REMOVAL = 3
_PEOPLE = frozenset({Origin.MANUAL, Origin.VOICE, Origin.TEXT})


class SuggestionError(Exception):
    """A request about suggestions that cannot be done; `code` picks the HTTP status."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class _Recent:
    automation_id: str
    state: str
    at: float  # clock.monotonic()


class Suggestions:
    """Owns the task "suggestions.miner"; the API, CLI and conversation act through it."""

    def __init__(
        self,
        config: AutomationsConfig,
        data_dir: Path,
        eventlog: EventLog,
        bus: Bus,
        registry: Registry,
        clock: Clock,
        runner: AutomationRunner | None = None,
    ) -> None:
        self.config = config
        self.store = SuggestionStore(data_dir / "suggestions.sqlite")
        self._eventlog = eventlog
        self._bus = bus
        self._registry = registry
        self._clock = clock
        self._runner = runner
        self._task: asyncio.Task[None] | None = None
        self._recent: dict[str, _Recent] = {}  # entity -> the learned automation that set it
        self._mining = asyncio.Lock()

    async def __aenter__(self) -> Self:
        await asyncio.to_thread(self.store.open)
        if self._runner is not None:
            self._runner.add_observer(self._on_automation_call)
        self._bus.add_listener(self._on_event)
        if self.config.learn:
            self._task = asyncio.create_task(self._loop(), name="suggestions.miner")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bus.remove_listener(self._on_event)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.store.close()

    # -- mining ----------------------------------------------------------------------------

    async def _loop(self) -> None:
        while True:
            try:
                await self.mine_now()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("mining the event log failed; trying again next time")
            await asyncio.sleep(self.config.mine_every_h * 3600)

    async def mine_now(self) -> list[Stored]:
        """Mine the last `history_days` now (in a thread); returns the suggestions that are new."""
        async with self._mining:
            until = self._clock.now()
            since = until - timedelta(days=self.config.history_days)
            names = {e.entity_id: e.spec.name for e in self._registry.entities()}
            found = await asyncio.to_thread(_mine, self._eventlog, since, until, names)
        fresh = [stored for s in found if self.store.merge(s) and (stored := self.store.get(s.id))]
        for stored in fresh:
            self._publish("suggestion", stored.to_json())
        if fresh:
            log.info("%d new suggestion(s) from %d mined", len(fresh), len(found))
        return fresh

    # -- people's answers ------------------------------------------------------------------

    def list(self, state: str | None = None) -> list[Stored]:
        """Stored suggestions, strongest first; `state` filters (new, offered, approved, ...)."""
        return self.store.all(state)

    def approve(self, suggestion_id: str) -> Stored:
        """Write the automation file, load it at once, and remember the approval."""
        stored = self._get(suggestion_id)
        if stored.state == "approved" and stored.file and Path(stored.file).exists():
            return stored
        s = stored.suggestion
        text = to_automation_yaml(s, approved=self._clock.now().date())
        try:  # never write a file the runner would refuse
            Automation.model_validate(yaml.safe_load(text))
        except Exception as exc:
            raise SuggestionError(f"cannot turn {s.id} into an automation: {exc}") from exc
        folder = self.config.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{automation_id(s)}.yaml"
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # whole or not at all: the runner may read the folder at any time
        if self._runner is not None:
            self._runner.reload()
        stored = self.store.set_state(s.id, "approved", automation_id(s), str(path))
        log.info("suggestion %s approved: %s", s.id, path)
        self._publish("suggestion_approved", stored.to_json())
        return stored

    def dismiss(self, suggestion_id: str) -> Stored:
        """Never offer this suggestion (or the same habit, drifted a little) again."""
        stored = self.store.set_state(self._get(suggestion_id).suggestion.id, "dismissed")
        self._publish("suggestion_dismissed", stored.to_json())
        return stored

    def pending_offer(self, area: str | None) -> Suggestion | None:
        """A new suggestion about a device in `area` (any area: None), marked offered."""
        for stored in self.store.all("new"):
            entity = self._registry.get(stored.suggestion.action.entity_id)
            if area is None or (entity is not None and entity.spec.area == area):
                self.store.set_state(stored.suggestion.id, "offered")
                return stored.suggestion
        return None

    def answer_offer(self, suggestion_id: str, yes: bool) -> Stored:
        """The person's answer to an offer: yes approves, no dismisses."""
        return self.approve(suggestion_id) if yes else self.dismiss(suggestion_id)

    def remove_learned(self, automation_id_: str) -> Stored:
        """Delete a learned automation's file (people kept undoing it); never suggest it again."""
        stored = self.store.by_automation(automation_id_)
        if stored is None:
            raise SuggestionError(f"no learned automation {automation_id_}", "not_found")
        if stored.file:
            Path(stored.file).unlink(missing_ok=True)
        if self._runner is not None:
            self._runner.reload()
        stored = self.store.set_state(stored.suggestion.id, "removed")
        self._publish("automation_removed", stored.to_json())
        return stored

    def _get(self, suggestion_id: str) -> Stored:
        stored = self.store.get(suggestion_id)
        if stored is None:
            raise SuggestionError(f"no suggestion {suggestion_id}", "not_found")
        return stored

    # -- people undoing learned automations ------------------------------------------------

    def _on_automation_call(self, auto: Automation, result: CallResult) -> None:
        if not result.ok or result.scheduled_for is not None:
            return
        if self.store.by_automation(auto.id) is None:
            return  # only learned automations are watched: people wrote the others
        now = self._clock.monotonic()
        for entity_id, state in result.states.items():
            self._recent[entity_id] = _Recent(auto.id, state, now)

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, StateChanged) or event.origin not in _PEOPLE:
            return
        recent = self._recent.get(event.entity_id)
        if recent is None or event.new_state == recent.state:
            return
        del self._recent[event.entity_id]
        if self._clock.monotonic() - recent.at > UNDO_WINDOW_S:
            return
        count = self.store.count_undo(recent.automation_id)
        if count == UNDOS_TO_OFFER_REMOVAL:
            stored = self.store.by_automation(recent.automation_id)
            data: JsonObject = {"automation_id": recent.automation_id, "undone": count}
            if stored is not None:
                data.update(suggestion=stored.to_json(), offer="remove")
                data["sentence"] = (
                    f"You keep undoing “{stored.suggestion.sentence.rstrip('.')}”. "
                    "Shall I stop doing that?"
                )
            log.info(
                "learned automation %s undone %d times: offering removal",
                recent.automation_id,
                count,
            )
            self._publish("automation_undone", data)

    def _publish(self, kind: str, data: JsonObject) -> None:
        self._bus.publish(HubEvent(self._clock.now(), kind, data))


def _mine(
    eventlog: EventLog, since: datetime, until: datetime, names: dict[str, str]
) -> list[Suggestion]:
    """Export the window to a temporary JSONL file and mine it (runs in a worker thread)."""
    # A file, not a string: a year of history is tens of MB, and the miner streams it.
    with tempfile.TemporaryDirectory(prefix="lamhub-mine-") as tmp:
        path = Path(tmp) / "events.jsonl"
        with path.open("w", encoding="utf-8") as out:
            eventlog.export_jsonl(out, since, until)
        return mine(read_jsonl(path), options=MiningOptions(names=names))
