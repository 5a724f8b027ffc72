"""The suggestions' states (new, offered, approved, dismissed, removed) and undo counts in SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from automations.learning import Suggestion
from hub.core.model import JsonObject

STATES = ("new", "offered", "approved", "dismissed", "removed")
# States a person decided: a later mining run must not bring the same habit back as new.
_DECIDED = ("approved", "dismissed", "removed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS suggestions (
    id TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    state TEXT NOT NULL,
    rank REAL NOT NULL,
    automation_id TEXT,
    file TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS suggestions_automation ON suggestions (automation_id);
"""


@dataclass(frozen=True, slots=True)
class Stored:
    """A suggestion and what became of it."""

    suggestion: Suggestion
    state: str
    automation_id: str | None = None
    file: str | None = None
    undone: int = 0

    def to_json(self) -> JsonObject:
        out = self.suggestion.to_json()
        out.update(
            state=self.state, automation_id=self.automation_id, file=self.file, undone=self.undone
        )
        return out


class SuggestionStore:
    """Small, rare writes: safe to call on the loop; a lock makes it safe from threads too."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False)
        conn.executescript(_SCHEMA)
        self._conn = conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        if self._conn is None:
            raise RuntimeError("the suggestion store is not open")
        with self._lock, self._conn:
            return self._conn.execute(sql, params).fetchall()

    def merge(self, s: Suggestion) -> bool:
        """Record a mined suggestion; True when it is new (neither known nor a decided habit)."""
        known = self._rows("SELECT state FROM suggestions WHERE id = ?", (s.id,))
        text, rank = json.dumps(s.to_json()), s.confidence * s.support
        if known:
            if known[0][0] in ("new", "offered"):  # fresher numbers for an open suggestion
                self._rows(
                    "UPDATE suggestions SET json = ?, rank = ? WHERE id = ?", (text, rank, s.id)
                )
            return False
        marks = ",".join("?" * len(_DECIDED))
        decided = self._rows(f"SELECT json FROM suggestions WHERE state IN ({marks})", _DECIDED)
        if any(_load(str(row[0])).same_habit(s) for row in decided):
            return False  # the same habit a little drifted: already answered
        self._rows(
            "INSERT INTO suggestions (id, json, state, rank) VALUES (?, ?, 'new', ?)",
            (s.id, text, rank),
        )
        return True

    def get(self, suggestion_id: str) -> Stored | None:
        rows = self._rows(f"{_SELECT} WHERE id = ?", (suggestion_id,))
        return _stored(rows[0]) if rows else None

    def by_automation(self, automation_id: str) -> Stored | None:
        """The approved suggestion behind a learned automation."""
        rows = self._rows(
            f"{_SELECT} WHERE automation_id = ? AND state = 'approved'", (automation_id,)
        )
        return _stored(rows[0]) if rows else None

    def all(self, state: str | None = None) -> list[Stored]:
        where, params = ("WHERE state = ?", (state,)) if state else ("", ())
        rows = self._rows(f"{_SELECT} {where} ORDER BY rank DESC, id", params)
        return [_stored(r) for r in rows]

    def set_state(
        self,
        suggestion_id: str,
        state: str,
        automation_id: str | None = None,
        file: str | None = None,
    ) -> Stored:
        assert state in STATES
        self._rows(
            "UPDATE suggestions SET state = ?, automation_id = coalesce(?, automation_id), "
            "file = coalesce(?, file) WHERE id = ?",
            (state, automation_id, file, suggestion_id),
        )
        stored = self.get(suggestion_id)
        assert stored is not None, suggestion_id
        return stored

    def count_undo(self, automation_id: str) -> int:
        """One more undo of a learned automation; returns how many so far."""
        self._rows(
            "UPDATE suggestions SET undone = undone + 1 WHERE automation_id = ? "
            "AND state = 'approved'",
            (automation_id,),
        )
        stored = self.by_automation(automation_id)
        return stored.undone if stored else 0


_SELECT = "SELECT json, state, automation_id, file, undone FROM suggestions"


def _load(text: str) -> Suggestion:
    return Suggestion.from_json(cast(JsonObject, json.loads(text)))


def _stored(row: tuple[object, ...]) -> Stored:
    text, state, automation_id, file, undone = row
    return Stored(
        _load(str(text)),
        str(state),
        None if automation_id is None else str(automation_id),
        None if file is None else str(file),
        int(cast(int, undone)),
    )
