"""Event records the miner reads: one line of the event log, parsed and typed."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hub.core.events import StateChanged
from hub.core.model import JsonValue, Origin

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LogEvent:
    """A state change or a service call's result, stamped with the home's local UTC offset."""

    ts: datetime  # aware; its offset is the home's at that instant, so .hour is wall-clock
    entity_id: str
    state: str
    origin: Origin
    service: str | None = None  # set for actions, None for reported state changes
    data: Mapping[str, JsonValue] = field(default_factory=dict)

    @property
    def is_action(self) -> bool:
        return self.service is not None

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "ts": self.ts.isoformat(),
            "entity_id": self.entity_id,
            "service": self.service,
            "data": dict(self.data),
            "state": self.state,
            "origin": self.origin.value,
        }

    @classmethod
    def from_state_changed(
        cls, event: StateChanged, data: Mapping[str, JsonValue] | None = None
    ) -> LogEvent:
        """The miner's view of a bus event (`data` is the causing call's, when known)."""
        return cls(
            ts=event.ts,
            entity_id=event.entity_id,
            state=event.new_state,
            origin=event.origin,
            service=event.service,
            data=dict(data or {}),
        )


_ORIGINS = {o.value: o for o in Origin}  # a dict lookup is cheaper than Origin(...) per line
_decode = json.JSONDecoder().decode


def parse_line(line: str) -> LogEvent:
    """One JSON line of the log as a LogEvent; ValueError/KeyError/TypeError when malformed."""
    raw = _decode(line)
    if not isinstance(raw, dict):
        raise ValueError("a log line must be a JSON object")
    ts = datetime.fromisoformat(raw["ts"])
    if ts.tzinfo is None:
        raise ValueError("ts needs a UTC offset")
    service = raw.get("service")
    data = raw.get("data") or {}
    state = raw.get("state")
    entity_id = raw["entity_id"]
    if not isinstance(data, dict) or not isinstance(entity_id, str):
        raise ValueError("data must be an object, entity_id a string")
    return LogEvent(
        ts=ts,
        entity_id=entity_id,
        state=state if isinstance(state, str) else "" if state is None else _state_str(state),
        origin=_ORIGINS[raw.get("origin", "manual")],
        service=None if service is None else str(service),
        data=data,
    )


def _state_str(value: object) -> str:
    # Booleans would become "True"; Home Assistant spells them on/off.
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def read_jsonl(path: str | Path) -> Iterator[LogEvent]:
    """Stream a JSONL event log; malformed lines are skipped and counted in one warning."""
    bad = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                yield parse_line(line)
            except (ValueError, KeyError, TypeError):
                bad += 1
    if bad:
        log.warning("skipped %d malformed line(s) in %s", bad, path)
