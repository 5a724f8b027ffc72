"""Suggestions: stable ids, JSON round trip, automation YAML and the command line."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from automations.learning import (
    Action,
    StateTrigger,
    Suggestion,
    TimeTrigger,
    parse_line,
    to_automation_yaml,
)

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
COFFEE = Suggestion(
    kind="time",
    trigger=TimeTrigger("06:45", WORKDAYS),
    action=Action("switch.turn_on", "switch.coffee_maker"),
    support=49,
    confidence=0.82,
    sentence="You turn on the coffee maker around 6:45 on weekdays.",
    first_seen="2025-04-07",
    last_seen="2025-06-27",
)
DOOR = Suggestion(
    kind="state",
    trigger=StateTrigger("binary_sensor.front_door_contact", "on", 40, ("17:00", "23:30")),
    action=Action("light.turn_on", "light.hallway", {"brightness_pct": 60}),
    support=119,
    confidence=0.92,
    sentence="When the front door contact opens, between 17:00 and 23:30, you turn on the hallway"
    " light within 40 seconds.",
)


def test_id_ignores_statistics_and_small_drift() -> None:
    later = replace(COFFEE, support=80, confidence=0.9, trigger=TimeTrigger("06:52", WORKDAYS))
    assert later.id == COFFEE.id and later.same_habit(COFFEE)
    assert COFFEE.id.startswith("sug-")


def test_id_changes_with_what_the_routine_does() -> None:
    other = replace(COFFEE, action=Action("switch.turn_on", "switch.kettle"))
    weekend = replace(COFFEE, trigger=TimeTrigger("06:45", ("sat", "sun")))
    assert len({COFFEE.id, other.id, weekend.id, DOOR.id}) == 4
    assert not weekend.same_habit(COFFEE)


def test_json_follows_the_contract_and_round_trips() -> None:
    out = DOOR.to_json()
    assert out["trigger"] == {
        "type": "state",
        "entity_id": "binary_sensor.front_door_contact",
        "to": "on",
    }
    assert out["action"] == {
        "service": "light.turn_on",
        "entity_id": "light.hallway",
        "data": {"brightness_pct": 60},
    }
    assert out["support"] == 119 and out["window"] == ["17:00", "23:30"]
    for s in (COFFEE, DOOR):
        back = Suggestion.from_json(json.loads(json.dumps(s.to_json())))
        assert back == s and back.id == s.id


def test_automation_yaml_is_readable_and_parses() -> None:
    text = to_automation_yaml(COFFEE, approved=date(2025, 7, 1))
    assert text.startswith("# Learned by lamhub")
    assert (
        "Seen 49 times, confidence 0.82, from 2025-04-07 to 2025-06-27; approved 2025-07-01" in text
    )
    doc = yaml.safe_load(text)
    assert doc["trigger"] == [
        {"platform": "time", "at": "06:45:00", "weekdays": ["mon", "tue", "wed", "thu", "fri"]}
    ]
    assert doc["action"] == [
        {"service": "switch.turn_on", "target": {"entity_id": "switch.coffee_maker"}, "data": {}}
    ]
    door = yaml.safe_load(to_automation_yaml(DOOR))
    assert door["trigger"][0] == {
        "platform": "state",
        "entity_id": "binary_sensor.front_door_contact",
        "to": "on",
    }
    assert door["condition"] == [{"condition": "time", "after": "17:00:00", "before": "23:30:00"}]
    assert door["action"][0]["data"] == {"brightness_pct": 60}


def test_parse_line_reads_the_log_format() -> None:
    ev = parse_line(
        '{"ts": "2025-10-26T06:47:12+01:00", "entity_id": "switch.coffee_maker", '
        '"service": "switch.turn_on", "data": {}, "state": "on", "origin": "manual"}'
    )
    assert (ev.ts.hour, ev.ts.minute, ev.service, ev.origin.value) == (
        6,
        47,
        "switch.turn_on",
        "manual",
    )
    with pytest.raises(ValueError):
        parse_line('{"ts": "2025-10-26T06:47:12", "entity_id": "x.y", "state": "on"}')


def test_cli_prints_one_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hub.cli import main as hub_main
    from hub.learn import main

    log = tmp_path / "events.jsonl"
    log.write_text(
        '{"ts": "2025-04-07T06:47:12+02:00", "entity_id": "switch.coffee_maker", '
        '"service": "switch.turn_on", "data": {}, "state": "on", "origin": "manual"}\n'
        "not json\n"
    )
    assert main([str(log)]) == 0
    assert json.loads(capsys.readouterr().out) == {"suggestions": []}
    assert hub_main(["learn", str(log)]) == 0
    assert json.loads(capsys.readouterr().out) == {"suggestions": []}
