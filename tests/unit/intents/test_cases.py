"""The development and held-out cases, run through the Planner directly and judged like score.py."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from hub.core import HomeSnapshot
from intents import Planner

HERE = Path(__file__).parent
EVAL = HERE.parents[3] / "shared" / "eval"
HOME = EVAL / "home.yaml"


def _score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("cases", [EVAL / "commands.yaml", HERE / "cases_extra.yaml"])
def test_cases(cases: Path, planner: Planner, snapshot: HomeSnapshot) -> None:
    if not cases.exists():
        pytest.skip(f"{cases} not present")
    score = _score()
    ids = [e["id"] for e in yaml.safe_load(HOME.read_text())["entities"]]
    passed = wrong = 0
    failures = []
    all_cases = yaml.safe_load(cases.read_text())["cases"]
    for n, case in enumerate(all_cases):
        ok = True
        for turn in case.get("turns") or [case]:
            plan = planner.plan(turn["text"], snapshot, turn.get("area", case.get("area")),
                                f"c{n}", datetime(2024, 5, 1, 15, 0))  # fmt: skip
            answer = {"calls": [c.to_json() for c in plan.calls],
                      "asks": [a.to_json() for a in plan.asks], "reply": plan.reply}  # fmt: skip
            problems = score.judge(turn["expect"], answer, ids)
            wrong += score.acted_wrongly(turn["expect"], answer, ids)
            if problems:
                ok = False
                failures.append((turn["text"], problems))
        passed += ok
    assert wrong == 0, failures
    assert passed / len(all_cases) >= 0.97, failures
