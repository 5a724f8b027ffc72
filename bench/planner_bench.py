"""Planner benchmark: accuracy, wrong actions, latency, training time and RSS per engine.

Usage: .venv/bin/python bench/planner_bench.py [--cases FILE ...] [--home FILE]
Runs the cases in-process through the Planner (same judging as ../shared/eval/score.py).
The Rasa column is filled once the Rasa backend is wired in (`--rasa-url`).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cases(planner: Any, snapshot: Any, cases_file: Path, home: Path) -> dict[str, Any]:
    from hub.commands.plan import plan_to_json

    score = _scorer()
    entity_ids = [e["id"] for e in yaml.safe_load(home.read_text())["entities"]]
    cases = yaml.safe_load(cases_file.read_text())["cases"]
    passed, wrong, latencies = 0, 0, []
    for number, case in enumerate(cases, 1):
        ok = True
        for turn in case.get("turns") or [case]:
            started = time.perf_counter()
            plan = planner.plan(
                turn["text"], snapshot, turn.get("area", case.get("area")), f"c{number}",
                datetime.now(),
            )  # fmt: skip
            latencies.append((time.perf_counter() - started) * 1000)
            answer = plan_to_json(plan)
            ok &= not score.judge(turn["expect"], answer, entity_ids)
            wrong += score.acted_wrongly(turn["expect"], answer, entity_ids)
        passed += ok
    latencies.sort()
    return {
        "cases": len(cases),
        "passed": passed,
        "wrong": wrong,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=EVAL / "home.yaml")
    parser.add_argument(
        "--cases",
        type=Path,
        nargs="*",
        default=[EVAL / "commands.yaml", ROOT / "tests/unit/intents/cases_extra.yaml"],
    )
    parser.add_argument("--rasa-url", help="also measure a Rasa server (not wired in yet)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from hub.commands.plan import load_snapshot
    from intents import Planner, train_embedded

    snapshot = load_snapshot(args.home)
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        engine = train_embedded(cache_dir=Path(cache))
        train_s = time.perf_counter() - started
        started = time.perf_counter()
        train_embedded(cache_dir=Path(cache))
        cached_s = time.perf_counter() - started
    planner = Planner(engine)
    print(f"embedded engine: training {train_s:.2f} s, start from cache {cached_s:.2f} s")
    print(f"{'cases':<28} {'engine':<9} {'passed':>10} {'wrong':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for cases in args.cases:
        r = run_cases(planner, snapshot, cases, args.home)
        print(
            f"{cases.name:<28} {'embedded':<9} {r['passed']:>4}/{r['cases']:<5} {r['wrong']:>6} "
            f"{r['p50']:>8.2f} {r['p95']:>8.2f}"
        )
        print(f"{'':<28} {'rasa':<9} {'n/a (backend not wired in yet)':>40}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
