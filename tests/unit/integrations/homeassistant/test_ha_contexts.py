"""Context ids: HA sends a call's state events before its result; they still get the call id."""

from __future__ import annotations

from typing import Any

from integrations.homeassistant.contexts import CONTEXT_TTL_S, ContextTracker


class Rec:
    def __init__(self) -> None:
        self.now = 0.0
        self.applied: list[tuple[str, str | None]] = []
        self.tracker = ContextTracker(self.apply, lambda: self.now)

    def apply(self, data: dict[str, Any], call_id: str | None) -> None:
        self.applied.append((data["entity_id"], call_id))


def test_events_before_the_result_are_held_then_tagged() -> None:
    r = Rec()
    t = r.tracker.begin("call-1", ("light.a",))
    r.tracker.event({"entity_id": "light.a"}, "ctx1")  # arrives before the result
    assert r.applied == []
    r.tracker.resolve(t, "ctx1")
    assert r.applied == [("light.a", "call-1")]
    r.tracker.event({"entity_id": "light.a"}, "ctx1")  # a slow device, later, same context
    r.tracker.event({"entity_id": "light.a"}, "ctx-person")
    assert r.applied[1:] == [("light.a", "call-1"), ("light.a", None)]


def test_order_is_kept_and_failures_release() -> None:
    r = Rec()
    t = r.tracker.begin("c", ("light.a",))
    r.tracker.event({"entity_id": "light.a"}, "x")
    r.tracker.event({"entity_id": "switch.b"}, None)  # queued behind the held one
    assert r.applied == []
    r.tracker.abort(t)  # the call failed: no context, events released untagged
    assert r.applied == [("light.a", None), ("switch.b", None)]
    r.tracker.abort(t)  # idempotent
    assert len(r.applied) == 2


def test_contexts_expire() -> None:
    r = Rec()
    r.tracker.resolve(r.tracker.begin("c", ("light.a",)), "ctx")
    assert r.tracker.call_id("ctx") == "c"
    r.now += CONTEXT_TTL_S + 1
    assert r.tracker.call_id("ctx") is None
    r.tracker.clear()
    r.tracker.event({"entity_id": "light.a"}, "ctx")
    assert r.applied == [("light.a", None)]
