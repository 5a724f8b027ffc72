"""`hub learn EVENTS.jsonl`: suggest automations from the manual actions in an event log."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "learn",
        help="suggest automations from an event log",
        description='Mine an event log (JSONL) for routines; print {"suggestions": [...]}.',
    )
    parser.add_argument("log", help="event log, one JSON object per line")
    parser.add_argument("--min-support", type=int, default=5)
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import logging
    import sys

    from automations.learning import MiningOptions
    from hub.learn import run

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    options = MiningOptions(min_support=args.min_support, min_confidence=args.min_confidence)
    return run(args.log, options)
