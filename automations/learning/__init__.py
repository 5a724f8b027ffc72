"""Learning from demonstration: the event log of manual actions in, automation suggestions out."""

from automations.learning.events import LogEvent, parse_line, read_jsonl
from automations.learning.mine import MiningOptions, mine, mine_history
from automations.learning.render import automation_id, to_automation_yaml
from automations.learning.suggestion import Action, StateTrigger, Suggestion, TimeTrigger

__all__ = [
    "Action",
    "LogEvent",
    "MiningOptions",
    "StateTrigger",
    "Suggestion",
    "TimeTrigger",
    "automation_id",
    "mine",
    "mine_history",
    "parse_line",
    "read_jsonl",
    "to_automation_yaml",
]
