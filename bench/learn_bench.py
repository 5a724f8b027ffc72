"""Routine-learning bench: precision, recall, wall time and peak RSS against the targets.

Runs the shared scorer (score.py) over dev.yaml and our held-out style scenarios for several
seeds and start dates (seasons, DST changes), then the `--scale 5` speed test (a year of history).

    .venv/bin/python bench/learn_bench.py [--kit ../shared/learn] [--quick] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests/unit/automations/learning/scenarios"
# (seed, start): winter, spring DST, summer, autumn DST, December, February, September, March.
RUNS = [
    (None, None),
    (1, "2025-01-06"),
    (2, "2025-03-03"),
    (3, "2025-07-07"),
    (4, "2025-10-06"),
    (5, "2024-12-01"),
    (6, "2025-02-17"),
    (7, "2025-09-15"),
    (8, "2026-03-09"),
]
TARGET_P = TARGET_R = 0.95
TARGET_WALL_S, TARGET_RSS_MIB = 10.0, 300.0


def score(kit: Path, scenario: Path, seed: int | None, start: str | None, scale: int) -> dict:
    cmd = [sys.executable, str(kit / "score.py"), str(scenario), "--json", "--scale", str(scale)]
    cmd += ["--seed", str(seed)] if seed is not None else []
    cmd += ["--start", start] if start else []
    cmd += ["--", sys.executable, "-m", "hub.learn"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode == 2 or not done.stdout.strip():
        return {"error": done.stderr.strip()[-300:] or "scorer failed"}
    result: dict = json.loads(done.stdout)
    return result


def row(name: str, r: dict) -> tuple[str, bool]:
    if r.get("error"):
        return f"{name:<52} ERROR {r['error']}", False
    h = r["hub"]
    ok = r["precision"] >= TARGET_P and r["recall"] >= TARGET_R
    text = (
        f"{name:<52} P {r['precision']:.3f}  R {r['recall']:.3f}  "
        f"{h['wall_s']:>6.2f} s  {h['peak_rss_mib']:>6.1f} MiB  {'ok' if ok else 'BELOW'}"
    )
    for m in r["missed"]:
        text += f"\n    missed {m['name']}"
    for f in r["false_positives"]:
        text += f"\n    false  {json.dumps(f['suggestion']['trigger'])} {f['suggestion']['action']}"
    return text, ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--kit",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "learn",
        help="score.py's dir",
    )
    ap.add_argument("--quick", action="store_true", help="3 seeds/starts instead of 9")
    ap.add_argument("--jobs", type=int, default=2, help="scorer runs in parallel (accuracy only)")
    args = ap.parse_args()
    scenarios = [args.kit / "dev.yaml", *sorted(SCENARIOS.glob("*.yaml"))]
    scenarios = [s for s in scenarios if s.name != "home.yaml"]
    runs = RUNS[:3] if args.quick else RUNS
    jobs = [(sc, seed, start) for sc in scenarios for seed, start in runs]
    print(
        f"targets: precision >= {TARGET_P}, recall >= {TARGET_R}; "
        f"--scale 5: wall < {TARGET_WALL_S:g} s, peak RSS < {TARGET_RSS_MIB:g} MiB\n"
    )
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(lambda j: score(args.kit, *j, scale=1), jobs))
    passed = total = 0
    sums = {"precision": 0.0, "recall": 0.0}
    for (sc, seed, start), r in zip(jobs, results, strict=True):
        label = f"{sc.stem} seed {seed or 'default'} start {start or 'default'}"
        text, ok = row(label, r)
        print(text)
        passed, total = passed + ok, total + 1
        for k in sums:
            sums[k] += r.get(k, 0.0)
    print(
        f"\naccuracy: {passed}/{total} runs at target; mean precision "
        f"{sums['precision'] / total:.3f}, mean recall {sums['recall'] / total:.3f}\n"
    )
    speed_ok = True
    for sc in scenarios:  # one at a time: wall time is the point here
        r = score(args.kit, sc, None, None, scale=5)
        text, ok = row(f"{sc.stem} --scale 5 ({r.get('events', '?')} events)", r)
        h = r.get("hub") or {}
        fast = (h.get("wall_s") or 1e9) < TARGET_WALL_S and (
            h.get("peak_rss_mib") or 1e9
        ) < TARGET_RSS_MIB
        speed_ok = speed_ok and fast and ok
        print(f"{text}  speed {'ok' if fast else 'BELOW'}")
    return 0 if passed == total and speed_ok else 1


if __name__ == "__main__":
    sys.exit(main())
