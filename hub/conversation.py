"""Text (typed or heard) with its room -> a plan -> calls made, held, or refused -> a reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from hub.core import Clock, JsonObject, JsonValue, Origin, Plan, Question, ServiceCall
from hub.core.services import needs_confirmation
from hub.executor import CallResult, Executor
from hub.rasa_engine import RasaUnavailable
from hub.registry import Registry
from intents import Planner
from intents.replies import acting

log = logging.getLogger(__name__)

DOUBTFUL = "Sorry, I didn't catch that. Could you say it again?"
UNAVAILABLE = "Sorry, I can't understand commands right now: the language server isn't answering."

Hook = Callable[[str | None, str], Awaitable[str | None]]
# Told of every turn with text: (request, answer); sync and cheap (e.g. publish to MQTT).
Observer = Callable[[JsonObject, JsonObject], None]


class Conversation:
    """Answers kind "command" requests: plans with the planner and executes what is safe now.

    Calls held for confirmation are not executed; the planner keeps them in the session until
    the person says yes. A hearing below `min_confidence` is asked again; a sensitive call
    needs at least `sensitive_confidence` (never act on a doubtful hearing). A request with
    "hold": true (a doubtful hearing heard again free-form) is answered with every call held.
    """

    def __init__(
        self,
        planner: Planner,
        registry: Registry,
        executor: Executor,
        clock: Clock,
        *,
        blocking_engine: bool = False,
        min_confidence: float = 0.4,
        sensitive_confidence: float = 0.75,
    ) -> None:
        self._planner = planner
        self.engine = planner.engine
        self._registry = registry
        self._executor = executor
        self._clock = clock
        self._blocking = blocking_engine
        self._lock = asyncio.Lock()  # sessions are per-conversation state: one turn at a time
        self.min_confidence = min_confidence
        self.sensitive_confidence = sensitive_confidence
        # After a turn: text to add to the reply (suggestions offered "when the person next
        # speaks"); before a turn: a reply that answers it instead (the yes to such an offer).
        self.hooks: list[Hook] = []
        self.before: list[Callable[[str, str], Awaitable[str | None]]] = []
        # Answers power and energy questions from the energy store (async: it reads SQLite).
        self.ask: Callable[[Question], Awaitable[str]] | None = None
        self.observers: list[Observer] = []

    async def handle(self, request: JsonObject, origin: Origin) -> JsonObject:
        answer = await self._turn(request, origin)
        if isinstance(request.get("text"), str):
            for observe in self.observers:
                try:
                    observe(request, answer)
                except Exception:  # an observer must never cost the person their answer
                    log.exception("conversation observer %r failed", observe)
        return answer

    async def _turn(self, request: JsonObject, origin: Origin) -> JsonObject:
        text = request.get("text")
        if not isinstance(text, str):
            return {"ok": False, "code": "invalid", "error": "'text' must be a string"}
        area = request.get("area")
        if area is not None and not isinstance(area, str):
            return {"ok": False, "code": "invalid", "error": "'area' must be a string"}
        area = self._area_id(area)
        raw_session = request.get("session")
        session = raw_session if isinstance(raw_session, str) else f"{origin.value}:{area or '-'}"
        conf = request.get("confidence")
        confidence = float(conf) if isinstance(conf, int | float) else 1.0
        # A doubtful hearing offered back ("hold": true): answered, but nothing done without a yes.
        hold = request.get("hold") is True
        if confidence < self.min_confidence and not hold:
            return _answer(Plan(reply=DOUBTFUL), [], session)
        for before in () if hold else self.before:  # a doubtful "yes" answers no offer
            answered = await before(text, session)
            if answered is not None:
                return _answer(Plan(reply=answered), [], session)
        async with self._lock:
            snapshot = self._registry.snapshot()
            now = self._clock.now()
            try:
                if self._blocking:  # a remote engine (Rasa) blocks: keep it off the loop
                    plan = await asyncio.to_thread(
                        self._planner.plan, text, snapshot, area, session, now, hold=hold
                    )
                else:
                    plan = self._planner.plan(text, snapshot, area, session, now, hold=hold)
            except RasaUnavailable as exc:
                log.warning("%s", exc)
                answer = _answer(Plan(reply=UNAVAILABLE), [], session)
                answer.update(ok=False, code="unavailable", error=str(exc))
                return answer
        if confidence < self.sensitive_confidence and any(
            self._sensitive(c) for c in plan.calls if not c.confirm
        ):
            log.info("not acting on a doubtful hearing (%.2f): %r", confidence, text)
            return _answer(Plan(reply=DOUBTFUL), [], session)
        results: list[CallResult] = []
        for call in plan.calls:
            if not call.confirm:
                results.append(await self._executor.execute(call, origin))
        reply = plan.reply
        metered = [q for q in plan.asks if q.kind in ("power", "energy")]
        if metered and self.ask is not None:
            # The planner only knows live state; meters are read from the energy store.
            parts = [acting(plan.calls, snapshot)] if plan.calls else []
            for q in plan.asks:
                parts.append(
                    await self.ask(q) if q in metered else self._planner.answerer(q, snapshot)
                )
            reply = " ".join(p for p in parts if p)
        failed = [r for r in results if not r.ok]
        if failed:
            reply = "Sorry, " + "; ".join(r.error or "that failed" for r in failed) + "."
        for hook in self.hooks if not any(c.confirm for c in plan.calls) else ():
            # Never ask two questions at once: a held call's "yes" must stay unambiguous.
            extra = await hook(area, session)
            if extra:
                reply = f"{reply} {extra}".strip()
        return _answer(Plan(plan.calls, plan.asks, reply), results, session)

    def _sensitive(self, call: ServiceCall) -> bool:
        for entity_id in call.entity_ids:
            entity = self._registry.get(entity_id)
            if entity is not None and needs_confirmation(call.service, entity.spec.sensitive):
                return True
        return False

    def _area_id(self, area: str | None) -> str | None:
        """Accept an area's id, name or alias (satellites are configured by people)."""
        if area is None:
            return None
        wanted = area.strip().lower()
        for a in self._registry.areas():
            if wanted in (a.id, a.name.lower(), *(x.lower() for x in a.aliases)):
                return a.id
        return area


def _answer(plan: Plan, results: list[CallResult], session: str) -> JsonObject:
    done = iter(results)  # one result per call made now, in plan order
    calls: list[JsonValue] = []
    for call in plan.calls:
        row = call.to_json()
        if call.confirm:
            row["status"] = "awaiting_confirmation"
        else:
            result = next(done)
            row["status"] = (
                "scheduled" if result.scheduled_for else ("done" if result.ok else "failed")
            )
            row["error"] = result.error
        calls.append(row)
    return {
        "ok": True,
        "reply": plan.reply,
        "calls": calls,
        "asks": [q.to_json() for q in plan.asks],
        "pending_confirmation": any(c.confirm for c in plan.calls),
        "session": session,
    }
