"""`hub automations`, `hub suggestions`, `hub approve ID`, `hub dismiss ID`: over the HTTP API."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from hub.commands.remote import (
    DEFAULT_URL,
    EXIT_OK,
    CliError,
    request,
    resolve_target,
)
from hub.core.model import JsonValue


def register(sub: Any) -> None:
    """Add the automation and suggestion subcommands to the `hub` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help=f"the hub's API (default: from hub.yaml, else {DEFAULT_URL})")
    common.add_argument("--config", type=Path, help="hub.yaml to read the API address from")
    common.add_argument("--token", help="API token (default: $LAMHUB_TOKEN, then hub.yaml)")
    common.add_argument("--json", action="store_true", help="print the hub's JSON answer")

    p = sub.add_parser("automations", parents=[common], help="list automations and next runs")
    p.set_defaults(func=cmd_automations)
    p = sub.add_parser("suggestions", parents=[common], help="list learned suggestions")
    p.add_argument("--all", action="store_true", help="also approved, dismissed and removed")
    p.set_defaults(func=cmd_suggestions)
    for name, verb in (("approve", "turn a suggestion into an automation"),
                       ("dismiss", "never offer a suggestion again")):  # fmt: skip
        p = sub.add_parser(name, parents=[common], help=verb)
        p.add_argument("id", help="the suggestion's id, as `hub suggestions` shows it")
        p.set_defaults(func=cmd_answer, verb=name)


def _get(args: argparse.Namespace, method: str, path: str) -> JsonValue:
    status, answer = request(resolve_target(args), method, path)
    if status != 200:
        error = answer.get("error") if isinstance(answer, dict) else None
        raise CliError(str(error or json.dumps(answer)))
    return answer


def cmd_automations(args: argparse.Namespace) -> int:
    """GET /api/automations as a table: id, next run, triggers, name; problems after it."""
    try:
        answer = _get(args, "GET", "/api/automations")
    except CliError as exc:
        return _fail(exc)
    if args.json:
        _print_json(answer)
        return EXIT_OK
    body = answer if isinstance(answer, dict) else {}
    items = body.get("automations")
    rows = [["ID", "NEXT RUN", "TRIGGERS", "NAME"]]
    for a in items if isinstance(items, list) else []:
        if isinstance(a, dict):
            triggers = a.get("triggers")
            kinds = ",".join(str(t) for t in triggers) if isinstance(triggers, list) else "-"
            name = str(a.get("alias") or "") + (" (learned)" if a.get("learned") else "")
            rows.append([str(a.get("id")), str(a.get("next_run") or "-"), kinds, name])
    _print_rows(rows)
    if len(rows) == 1:
        print("(no automations)", file=sys.stderr)
    errors = body.get("errors")
    for error in errors if isinstance(errors, list) else []:
        print(f"problem: {error}", file=sys.stderr)
    return EXIT_OK


def cmd_suggestions(args: argparse.Namespace) -> int:
    """GET /api/suggestions: the open ones (new, offered), or --all."""
    try:
        answer = _get(args, "GET", "/api/suggestions")
    except CliError as exc:
        return _fail(exc)
    items = [s for s in answer if isinstance(s, dict)] if isinstance(answer, list) else []
    if not args.all:
        items = [s for s in items if s.get("state") in ("new", "offered")]
    if args.json:
        _print_json(list(items))
        return EXIT_OK
    rows = [["ID", "STATE", "SEEN", "CONF", "SUGGESTION"]]
    for s in items:
        conf = s.get("confidence")
        rows.append([
            str(s.get("id")), str(s.get("state")), str(s.get("support")),
            f"{conf:.2f}" if isinstance(conf, int | float) else "-", str(s.get("sentence") or ""),
        ])  # fmt: skip
    _print_rows(rows)
    if len(rows) == 1:
        print("(no suggestions yet)", file=sys.stderr)
    return EXIT_OK


def cmd_answer(args: argparse.Namespace) -> int:
    """POST /api/suggestions/{id}/approve or /dismiss."""
    path = f"/api/suggestions/{urllib.parse.quote(args.id, safe='')}/{args.verb}"
    try:
        answer = _get(args, "POST", path)
    except CliError as exc:
        return _fail(exc)
    if args.json:
        _print_json(answer)
        return EXIT_OK
    s = answer.get("suggestion") if isinstance(answer, dict) else None
    s = s if isinstance(s, dict) else {}
    if args.verb == "approve":
        print(f"approved: {s.get('sentence') or args.id}\n  automation {s.get('automation_id')} "
              f"in {s.get('file')}")  # fmt: skip
    else:
        print(f"dismissed: {s.get('sentence') or args.id} (it will not be offered again)")
    return EXIT_OK


def _print_json(answer: JsonValue) -> None:
    print(json.dumps(answer, indent=2, ensure_ascii=False))


def _print_rows(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]))


def _fail(exc: CliError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return exc.code
