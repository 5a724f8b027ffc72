"""`hub events export FILE`: the event log as JSONL for the routine learner, no hub needed."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

EVENTS_DB = "events.sqlite"  # the file hub.app keeps in the data directory


def register(sub: Any) -> None:
    """Add `hub events ...` to the `hub` parser."""
    events: argparse.ArgumentParser = sub.add_parser("events", help="work with the event log")
    inner = events.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    export: argparse.ArgumentParser = inner.add_parser(
        "export", help="write the event log as JSONL (one event a line, by time)"
    )
    export.add_argument("file", type=Path, help="output file ('-' for stdout)")
    export.add_argument(
        "--data-dir", type=Path, default=Path("data"), help="the hub's data directory (./data)"
    )
    export.add_argument("--since", default=None, help="only events from this ISO time on")
    export.set_defaults(func=export_events)


def export_events(args: argparse.Namespace) -> int:
    """Exit 0 with the count on stderr; 2 when the log is missing or --since is malformed."""
    from hub.eventlog import EventLog, export_file

    db: Path = args.data_dir / EVENTS_DB
    if not db.is_file():
        print(f"{db}: no event log here (is --data-dir right?)", file=sys.stderr)
        return 2
    since: datetime | None = None
    if args.since is not None:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            print(f"--since {args.since!r} is not an ISO 8601 time", file=sys.stderr)
            return 2
        if since.tzinfo is None:
            since = since.astimezone()  # a bare time means the machine's local time
    if str(args.file) == "-":
        from hub.bus import Bus

        count = EventLog(db, Bus()).export_jsonl(sys.stdout, since=since)
    else:
        count = export_file(db, args.file, since=since)
    print(f"exported {count} events from {db}", file=sys.stderr)
    return 0
