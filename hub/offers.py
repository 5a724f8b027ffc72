"""Offers learned suggestions in conversation, and takes the person's yes or no to them."""

from __future__ import annotations

import logging

from hub.suggestions import Suggestions
from intents import NluEngine

log = logging.getLogger(__name__)

_YES = frozenset({"affirm"})
_NO = frozenset({"deny", "cancel"})


class SuggestionOffers:
    """One open offer per conversation session; any other command closes it unanswered."""

    def __init__(self, suggestions: Suggestions, engine: NluEngine) -> None:
        self._suggestions = suggestions
        self._engine = engine
        self._open: dict[str, str] = {}  # session -> suggestion id

    async def before(self, text: str, session: str) -> str | None:
        """The reply when `text` answers an open offer; None to go on planning as usual."""
        offered = self._open.pop(session, None)
        if offered is None:
            return None
        intent = self._engine.parse(text).intent
        if intent not in _YES | _NO:
            return None  # the person moved on; the offer stays "offered", not dismissed
        stored = self._suggestions.answer_offer(offered, intent in _YES)
        if intent in _YES:
            return f"Done. {stored.suggestion.sentence} I'll do that for you from now on."
        return "OK, I won't suggest that again."

    async def after(self, area: str | None, session: str) -> str | None:
        """A question to add to a reply: a new suggestion about this room, at most one open."""
        if session in self._open:
            return None
        offer = self._suggestions.pending_offer(area)
        if offer is None:
            return None
        self._open[session] = offer.id
        return f"By the way: {offer.sentence} Shall I do that for you?"
