"""Conversation state per session: what was last talked about, what waits for yes or for a choice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hub.core import ServiceCall
from intents.slots import Slots


@dataclass(frozen=True, slots=True)
class Clarify:
    """An action held because its target was ambiguous: done once the person picks."""

    intent: str
    slots: Slots
    candidates: tuple[str, ...]
    # Any device that can do it was open (nothing was named): only a name said alone answers,
    # not a word of some other sentence ("what time is it" is no answer to "which device?").
    names_only: bool = False
    # Asked after a doubtful hearing: the answer is offered back for a yes, not done.
    held: bool = False


@dataclass(slots=True)
class SessionState:
    """One conversation."""

    updated: datetime
    last_targets: tuple[str, ...] = ()
    last_intent: str | None = None
    last_slots: Slots | None = None
    confirm: tuple[ServiceCall, ...] = ()  # held until "yes"
    clarify: Clarify | None = None  # held until "the left one"


@dataclass(slots=True)
class SessionStore:
    """Sessions by id, forgotten after `ttl` without a turn (the clock is the caller's `now`)."""

    ttl: timedelta = timedelta(minutes=5)
    sessions: dict[str, SessionState] = field(default_factory=dict)

    def get(self, session: str | None, now: datetime) -> SessionState:
        self._expire(now)
        if session is None:
            return SessionState(updated=now)  # no session: nothing carries over
        state = self.sessions.get(session)
        if state is None:
            state = self.sessions[session] = SessionState(updated=now)
        state.updated = now
        return state

    def _expire(self, now: datetime) -> None:
        old = [k for k, s in self.sessions.items() if now - s.updated > self.ttl]
        for key in old:
            del self.sessions[key]
