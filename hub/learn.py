"""`python -m hub.learn LOG`: mine an event log and print {"suggestions": [...]} as JSON."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence

from automations.learning import MiningOptions, mine, read_jsonl

log = logging.getLogger("hub.learn")


def run(path: str, options: MiningOptions | None = None) -> int:
    """Mine `path`, write the JSON answer on stdout and a summary on stderr."""
    started = time.perf_counter()
    try:
        suggestions = mine(read_jsonl(path), options=options)
    except OSError as exc:
        log.error("cannot read %s: %s", path, exc)
        return 1
    json.dump({"suggestions": [s.to_json() for s in suggestions]}, sys.stdout)
    sys.stdout.write("\n")
    log.info("%d suggestion(s) in %.2f s", len(suggestions), time.perf_counter() - started)
    for s in suggestions:
        log.info(
            "  %s  %s (support %d, confidence %.2f)", s.id, s.sentence, s.support, s.confidence
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    defaults = MiningOptions()
    parser = argparse.ArgumentParser(prog="python -m hub.learn", description=__doc__)
    parser.add_argument("log", help="event log, one JSON object per line (events.jsonl)")
    parser.add_argument("--min-support", type=int, default=defaults.min_support)
    parser.add_argument("--min-confidence", type=float, default=defaults.min_confidence)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    options = MiningOptions(min_support=args.min_support, min_confidence=args.min_confidence)
    return run(args.log, options)


if __name__ == "__main__":
    sys.exit(main())
