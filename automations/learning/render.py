"""An approved suggestion as a readable automation YAML file (Home Assistant-like syntax)."""

from __future__ import annotations

import json
import re
from datetime import date

from automations.learning.suggestion import StateTrigger, Suggestion
from hub.core.model import JsonValue


def _q(value: JsonValue) -> str:
    # JSON scalars are valid YAML and never misread (no bare on/off/22:30 surprises).
    return json.dumps(value, ensure_ascii=False)


def automation_id(s: Suggestion) -> str:
    """A readable, stable id: "learned_coffee_maker_turn_on_0645"."""
    service = s.action.service.partition(".")[2]
    obj = s.action.entity_id.partition(".")[2]
    if isinstance(s.trigger, StateTrigger):
        when = "after_" + s.trigger.entity_id.partition(".")[2] + "_" + s.trigger.to
    else:
        when = s.trigger.at.replace(":", "")
    return re.sub(r"[^a-z0-9_]+", "_", f"learned_{obj}_{service}_{when}".lower())


def to_automation_yaml(s: Suggestion, *, approved: date | None = None) -> str:
    """The automation text for `s`, commented with where it came from."""
    lines = [
        "# Learned by lamhub from what you did by hand; you approved it.",
        f"# {s.sentence}" if s.sentence else "# (no description)",
        f"# Seen {s.support} times, confidence {s.confidence:.2f}"
        + (f", from {s.first_seen} to {s.last_seen}" if s.first_seen else "")
        + (f"; approved {approved.isoformat()}" if approved else "")
        + ".",
        f"# Suggestion {s.id}",
        f"id: {_q(automation_id(s))}",
        f"alias: {_q(s.sentence.rstrip('.') or automation_id(s))}",
        "trigger:",
    ]
    conditions: list[str] = []
    if isinstance(s.trigger, StateTrigger):
        lines += [
            "  - platform: state",
            f"    entity_id: {_q(s.trigger.entity_id)}",
            f"    to: {_q(s.trigger.to)}",
        ]
        if s.trigger.window:
            conditions += [
                "  - condition: time",
                f"    after: {_q(s.trigger.window[0] + ':00')}",
                f"    before: {_q(s.trigger.window[1] + ':00')}",
            ]
    else:
        lines += [
            "  - platform: time",
            f"    at: {_q(s.trigger.at + ':00')}",
            f"    weekdays: [{', '.join(s.trigger.weekdays)}]",
        ]
    if conditions:
        lines += ["condition:", *conditions]
    lines += [
        "action:",
        f"  - service: {_q(s.action.service)}",
        "    target:",
        f"      entity_id: {_q(s.action.entity_id)}",
        f"    data: {_q(dict(s.action.data))}",
        "",
    ]
    return "\n".join(lines)
