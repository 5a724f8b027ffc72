"""Planner benchmark: accuracy, wrong actions and latency for the embedded engine and Rasa, in one run.

Usage: .venv/bin/python bench/planner_bench.py [--cases FILE ...] [--home FILE]
           [--rasa-url URL | --no-rasa] [--show-failures]
Runs the same cases in-process through the same Planner with each engine, judged by
../shared/eval/score.py. Without --rasa-url it starts a Rasa server with scripts/rasa.sh
(installed and trained on intents/data the first time; the model is cached by a hash of the
data) and stops it afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
RASA_SH = ROOT / "scripts" / "rasa.sh"


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
    passed, wrong, latencies, failures = 0, 0, [], []
    for number, case in enumerate(cases, 1):
        ok = True
        # Sessions named per file: case 1 of one file must not follow up on case 1 of another.
        session = f"{cases_file.stem}-{number}"
        for turn in case.get("turns") or [case]:
            started = time.perf_counter()
            plan = planner.plan(
                turn["text"], snapshot, turn.get("area", case.get("area")), session, datetime.now()
            )
            latencies.append((time.perf_counter() - started) * 1000)
            answer = plan_to_json(plan)
            problems = score.judge(turn["expect"], answer, entity_ids)
            acted = bool(score.acted_wrongly(turn["expect"], answer, entity_ids))
            ok &= not problems
            wrong += acted
            if problems:
                failures.append(f"{'WRONG ' if acted else ''}{turn['text']!r}: {problems[0]}")
        passed += ok
    latencies.sort()
    return {
        "cases": len(cases),
        "passed": passed,
        "wrong": wrong,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "failures": failures,
    }


@contextmanager
def rasa_server() -> Iterator[tuple[str, float, str]]:
    """Start a Rasa server with scripts/rasa.sh; yields (url, seconds to ready, script log)."""
    with tempfile.TemporaryDirectory(prefix="lamhub-bench-rasa-") as run_dir:
        env = {**os.environ, "RASA_RUN": run_dir}
        started = time.perf_counter()
        done = subprocess.run(
            [str(RASA_SH), "start"], env=env, capture_output=True, text=True, check=False
        )
        ready_s = time.perf_counter() - started
        try:
            if done.returncode != 0:
                raise SystemExit(
                    f"scripts/rasa.sh start failed ({done.returncode}):\n{done.stderr}"
                )
            out = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
            yield out["RASA_URL"], ready_s, done.stderr
        finally:
            subprocess.run([str(RASA_SH), "stop"], env=env, capture_output=True, check=False)


def rasa_rss_mb(url: str) -> float | None:
    """The server's RSS, when it runs on this machine and `ss` can name its PID."""
    port = url.rsplit(":", 1)[-1].strip("/")
    try:
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    except OSError:  # no iproute2 here: the figure is optional
        return None
    for part in out.stdout.split("pid=")[1:]:
        pid = part.split(",", 1)[0]
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def report(name: str, engine: str, r: dict[str, Any], show: bool) -> None:
    print(
        f"{name:<22} {engine:<9} {r['passed']:>4}/{r['cases']:<4} {100 * r['passed'] / r['cases']:>6.1f}%"
        f" {r['wrong']:>6} {r['p50']:>8.2f} {r['p95']:>8.2f}"
    )
    for line in r["failures"] if show else ():
        print(f"{'':<32}  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=EVAL / "home.yaml")
    parser.add_argument(
        "--cases",
        type=Path,
        nargs="*",
        default=[EVAL / "commands.yaml", ROOT / "tests/unit/intents/cases_extra.yaml"],
    )
    rasa = parser.add_mutually_exclusive_group()
    rasa.add_argument("--rasa-url", help="a running Rasa server (default: start one)")
    rasa.add_argument("--no-rasa", action="store_true", help="the embedded engine only")
    parser.add_argument("--show-failures", action="store_true", help="list failed turns")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from hub.commands.plan import load_snapshot
    from hub.rasa_engine import RasaEngine
    from intents import Planner, train_embedded

    snapshot = load_snapshot(args.home)
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        engine = train_embedded(cache_dir=Path(cache))
        train_s = time.perf_counter() - started
        started = time.perf_counter()
        train_embedded(cache_dir=Path(cache))
        cached_s = time.perf_counter() - started
    print(f"embedded engine: training {train_s:.2f} s, start from cache {cached_s:.2f} s")
    results = [("embedded", Planner(engine), args.cases)]
    with rasa_server() if not (args.rasa_url or args.no_rasa) else _given(args.rasa_url) as server:
        if server is not None:
            url, ready_s, log = server
            rss = rasa_rss_mb(url)
            how = f"started by scripts/rasa.sh, ready in {ready_s:.1f} s" if log else "given"
            print(f"rasa server {url}: {how}" + (f", RSS {rss:.0f} MB" if rss else ""))
            for line in log.splitlines():
                if "trained in" in line or "cached" in line or "answering" in line:
                    print(f"  {line}")
            results.append(("rasa", Planner(RasaEngine(url, timeout_s=30)), args.cases))
        header = f"{'cases':<22} {'engine':<9} {'passed':>9} {'acc':>7} {'wrong':>6}"
        print(f"{header} {'p50 ms':>8} {'p95 ms':>8}")
        for cases in args.cases:
            for name, planner, _ in results:
                report(
                    cases.name,
                    name,
                    run_cases(planner, snapshot, cases, args.home),
                    args.show_failures,
                )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (embedded engine + planner) {rss_mb:.1f} MB")
    return 0


@contextmanager
def _given(url: str | None) -> Iterator[tuple[str, float, str] | None]:
    yield (url, 0.0, "") if url else None


if __name__ == "__main__":
    sys.exit(main())
