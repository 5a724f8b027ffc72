"""The automation schema: Home Assistant spellings accepted, errors named by file, line and path."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from automations.fields import parse_duration
from automations.learning import Action, StateTrigger, Suggestion, TimeTrigger, to_automation_yaml
from automations.schema import Automation, AutomationsConfig, ServiceStep
from hub.automation_files import load_file

EXAMPLES = Path(__file__).parents[3] / "automations" / "examples"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(5, 5), ("00:05:00", 300), ("1:30", 5400), ("-00:30:00", -1800), ({"minutes": 5}, 300),
     ({"hours": 1, "seconds": 2}, 3602), ("90", 90)],
)  # fmt: skip
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


def test_old_and_new_home_assistant_spellings_both_load() -> None:
    old = Automation.model_validate(
        yaml.safe_load("""
alias: Porch at dusk
trigger: {platform: sun, event: sunset, offset: "-00:15:00"}
condition: []
action: {service: light.turn_on, data: {brightness_pct: 50}, target: {entity_id: light.porch}}
""")
    )
    new = Automation.model_validate(
        yaml.safe_load("""
id: porch_at_dusk
triggers: [{trigger: sun, event: sunset, offset: "-00:15:00"}]
conditions: []
actions: [{action: light.turn_on, data: {brightness_pct: 50}, target: {entity_id: light.porch}}]
""")
    )
    assert old.id == new.id == "porch_at_dusk"  # no id: made from the alias
    assert old.trigger == new.trigger and old.action == new.action
    step = new.action[0]
    assert isinstance(step, ServiceStep) and step.service == "light.turn_on"


def test_yaml_booleans_read_as_on_off() -> None:
    a = Automation.model_validate(
        yaml.safe_load("""
id: x
trigger: {platform: state, entity_id: binary_sensor.door, to: on}
action: {delay: 1}
""")
    )
    assert a.trigger[0].to == ("on",)  # type: ignore[union-attr]


def test_errors_name_the_file_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("""\
- id: one
  trigger:
    - platform: time
      at: 22:30
      wekday: [mon]
  action:
    - service: light
      entity_id: light.x
- id: two
  trigger: {platform: numeric_state, entity_id: sensor.t, above: 30, below: 20}
  action:
    - choose:
        - conditions: {condition: sometimes}
          sequence: {delay: 1}
    - {what: 1}
""")
    loaded, problems = load_file(path)
    assert loaded == []
    assert [str(p) for p in problems] == [
        f'{path}:4: [0].trigger[0].at: write a time in quotes, like "22:30" (YAML reads 22:30 as '
        "a number)",
        f"{path}:5: [0].trigger[0].wekday: unknown key 'wekday'",
        f"{path}:7: [0].action[0].service: service must look like 'domain.service', got 'light'",
        f"{path}:10: [1].trigger: above (30) must be less than below (20)",
        f"{path}:13: [1].action[0].choose[0].conditions: a condition needs "
        "`condition:` set to state, numeric_state, time, sun, and, or or not",
        f"{path}:15: [1].action[1]: an action step needs `service:` (or `action:`), `delay:`, "
        "`choose:` or `condition:`",
    ]


def test_a_single_automation_file_and_yaml_syntax_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("id: a\ntrigger: {platform: time, at: '07:00'}\naction: {delay: 1}\n")
    assert [a.automation.id for a in load_file(good)[0]] == ["a"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: a\ntrigger: [\n")
    loaded, problems = load_file(bad)
    assert loaded == [] and str(problems[0]).startswith(f"{bad}:3: YAML syntax error")


def test_the_config_section_takes_a_bare_list_as_inline_automations() -> None:
    config = AutomationsConfig.model_validate(
        [{"id": "a", "trigger": {"platform": "time", "at": "07:00"}, "action": {"delay": 1}}]
    )
    assert [a.id for a in config.inline] == ["a"] and config.folder == Path("automations.d")
    with pytest.raises(ValidationError):
        AutomationsConfig.model_validate({"folderr": "x"})


def test_learned_automation_yaml_loads() -> None:
    for s in (
        Suggestion("time", TimeTrigger("06:45", ("mon", "tue")), Action("switch.turn_on", "switch.c"), 9, 0.9, "You turn on c."),
        Suggestion("state", StateTrigger("binary_sensor.d", "on", window=("18:00", "23:00")),
                   Action("light.turn_on", "light.h", {"brightness_pct": 40}), 9, 0.9),
    ):  # fmt: skip
        a = Automation.model_validate(yaml.safe_load(to_automation_yaml(s, approved=date.today())))
        assert a.id.startswith("learned_")


def test_examples_are_valid() -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert files
    for path in files:
        loaded, problems = load_file(path)
        assert problems == [] and loaded, path
