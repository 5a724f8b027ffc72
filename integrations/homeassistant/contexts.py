"""Which state changes answer the hub's own calls: Home Assistant context ids mapped to call ids.

Home Assistant sends a call's `state_changed` events *before* the call's result (which carries
the context id), so events of entities with a call in flight are held back until the result
arrives, then attributed by context. Held events wait at most one call timeout.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# HA keeps a call's context on an entity for 5 s (slow covers, locks report later under it);
# a generous window costs nothing and covers slow devices.
CONTEXT_TTL_S = 60.0
_MAX_CONTEXTS = 1000

Apply = Callable[[dict[str, Any], str | None], None]  # (state_changed data, call_id)


@dataclass(slots=True)
class _Call:
    call_id: str
    entity_ids: tuple[str, ...]


class ContextTracker:
    """Maps context ids to call ids and holds back events of entities with calls in flight."""

    def __init__(self, apply: Apply, monotonic: Callable[[], float]) -> None:
        self._apply = apply
        self._monotonic = monotonic
        self._contexts: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._in_flight: dict[int, _Call] = {}
        self._busy: dict[str, int] = {}  # entity id -> calls in flight touching it
        self._held: list[dict[str, Any]] = []
        self._next = 0

    def begin(self, call_id: str, entity_ids: tuple[str, ...]) -> int:
        """A call is about to be sent: hold its entities' events until `resolve` or `abort`."""
        self._next += 1
        self._in_flight[self._next] = _Call(call_id, entity_ids)
        for entity_id in entity_ids:
            self._busy[entity_id] = self._busy.get(entity_id, 0) + 1
        return self._next

    def resolve(self, token: int, context_id: str | None) -> None:
        """The call's result arrived (in the reader, before any later message)."""
        call = self._in_flight.get(token)
        if call is not None and context_id:
            self._remember(context_id, call.call_id)
        self.abort(token)

    def abort(self, token: int) -> None:
        """The call ended (failed, timed out, or resolved): release its held events."""
        call = self._in_flight.pop(token, None)
        if call is None:
            return
        for entity_id in call.entity_ids:
            left = self._busy.get(entity_id, 0) - 1
            if left > 0:
                self._busy[entity_id] = left
            else:
                self._busy.pop(entity_id, None)
        self._flush()

    def event(self, data: dict[str, Any], context_id: str | None) -> None:
        """A state_changed event: apply it now, or hold it while its entity has a call pending."""
        if self._held or data.get("entity_id") in self._busy:
            # Once anything is held, later events queue behind it: order is kept per home.
            self._held.append({"data": data, "context": context_id})
            self._flush()
            return
        self._apply(data, self.call_id(context_id))

    def call_id(self, context_id: str | None) -> str | None:
        """The hub's call id for a context, if the hub caused it recently."""
        if context_id is None:
            return None
        found = self._contexts.get(context_id)
        if found is None:
            return None
        call_id, expires = found
        if expires < self._monotonic():
            del self._contexts[context_id]
            return None
        return call_id

    def clear(self) -> None:
        """The connection dropped: in-flight calls fail, held events are stale (a resync follows)."""
        self._in_flight.clear()
        self._busy.clear()
        self._held.clear()

    def _flush(self) -> None:
        while self._held and self._held[0]["data"].get("entity_id") not in self._busy:
            item = self._held.pop(0)
            self._apply(item["data"], self.call_id(item["context"]))

    def _remember(self, context_id: str, call_id: str) -> None:
        now = self._monotonic()
        self._contexts[context_id] = (call_id, now + CONTEXT_TTL_S)
        while len(self._contexts) > _MAX_CONTEXTS:
            self._contexts.popitem(last=False)
        # Old entries expire from the front (they were added in time order).
        while self._contexts:
            first = next(iter(self._contexts.values()))
            if first[1] >= now:
                break
            self._contexts.popitem(last=False)
