"""`hub call`, `hub entities`, `hub state`, `hub say`: a running hub, driven over its HTTP API.

The client is the standard library's urllib, not aiohttp: these commands make one request
each, and skipping aiohttp's import keeps them quick to start (about 0.1 s) on a Raspberry Pi.
Exit codes: 0 done, 1 the hub refused or failed, 2 bad usage or config, 3 no hub answering.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.core.model import JsonObject, JsonValue

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3
DEFAULT_URL = "http://127.0.0.1:8321"
TIMEOUT_S = 30.0  # a text command may wait for understanding and a device; calls are quicker

_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class CliError(Exception):
    """A failure to show as one line on stderr, with the exit code to return."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Target:
    """Where the hub answers and the token it wants."""

    url: str
    token: str | None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `hub call`, `hub entities`, `hub state` and `hub say` to the `hub` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--url", help="the hub's API (default: from hub.yaml, else " + DEFAULT_URL + ")"
    )
    common.add_argument("--config", type=Path, help="hub.yaml to read the API address from")
    common.add_argument("--token", help="API token (default: $LAMHUB_TOKEN, then hub.yaml)")
    common.add_argument("--json", action="store_true", help="print the hub's JSON answer")

    p = sub.add_parser("call", parents=[common], help="make a service call on a running hub")
    p.add_argument("service", help="e.g. light.turn_on")
    p.add_argument("items", nargs="+", metavar="ENTITY_ID|KEY=VALUE", help="entities and data")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--in", dest="delay_s", type=parse_duration, help="delay: 90s, 30m, 1h30m")
    when.add_argument("--at", type=parse_hhmm, help="local time HH:MM (the next one)")
    p.set_defaults(func=cmd_call)

    p = sub.add_parser("entities", parents=[common], help="list a running hub's entities")
    p.add_argument("--domain", help="only this domain, e.g. light")
    p.add_argument("--area", help="only this area (id, name or alias)")
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("state", parents=[common], help="show one entity's state and attributes")
    p.add_argument("entity_id")
    p.set_defaults(func=cmd_state)

    p = sub.add_parser("say", parents=[common], help="send a text command to a running hub")
    p.add_argument("text", nargs="+", help="what you would say, e.g. turn on the kitchen light")
    p.add_argument("--area", help="the room you are in")
    p.add_argument("--session", help="conversation id, so follow-ups ('and the fan') work")
    p.set_defaults(func=cmd_say)


def parse_duration(text: str) -> float:
    """Seconds in "90", "90s", "30m", "1h30m" or "1.5h"."""
    match = _DURATION.match(text.strip())
    if not text.strip() or match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 90s, 30m or 1h30m")
    h, m, s = (float(g) if g else 0.0 for g in match.groups())
    return h * 3600 + m * 60 + s


def parse_hhmm(text: str) -> str:
    """A local time as "HH:MM" (accepts "7:30")."""
    match = _HHMM.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 19:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_items(items: Sequence[str]) -> tuple[list[str], JsonObject]:
    """Split `call` arguments into entity ids and data; values are JSON when they parse."""
    entity_ids: list[str] = []
    data: JsonObject = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            entity_ids.append(item)
            continue
        if not key:
            raise CliError(f"{item!r}: data must look like key=value", EXIT_USAGE)
        try:
            value: JsonValue = json.loads(raw)
        except ValueError:
            value = raw  # brightness_pct=40 is a number, color_name=red a string
        data[key] = value
    if not entity_ids:
        raise CliError("name at least one entity, e.g. light.kitchen", EXIT_USAGE)
    return entity_ids, data


def resolve_target(args: argparse.Namespace) -> Target:
    """The hub's URL and token from the options, $LAMHUB_TOKEN and hub.yaml, in that order."""
    url: str | None = args.url
    token: str | None = args.token or os.environ.get("LAMHUB_TOKEN") or None
    if url is None or token is None:
        cfg_url, cfg_token = _from_config(args.config)
        url = url or cfg_url
        token = token or cfg_token
    return Target((url or DEFAULT_URL).rstrip("/"), token)


def _from_config(path: Path | None) -> tuple[str | None, str | None]:
    try:
        from hub.config import load_config
        from hub.core import ConfigError
    except ImportError:  # a trimmed install without the config loader: use the defaults
        return None, None
    try:
        config = load_config(path)
    except ConfigError as exc:
        raise CliError(f"cannot read the config:\n{exc}", EXIT_USAGE) from None
    api = config.api
    # A hub listening on every address is reached on this machine through loopback.
    host = "127.0.0.1" if api.host in ("", "0.0.0.0") else "::1" if api.host == "::" else api.host
    url = f"http://{f'[{host}]' if ':' in host else host}:{api.port}"
    if api.token is not None:
        return url, api.token.get_secret_value()
    token_file = api.token_file or config.data_dir / "api_token"
    try:
        return url, token_file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return url, None  # no token readable here; the hub will say 401 if it wants one


def request(
    target: Target, method: str, path: str, body: JsonValue = None
) -> tuple[int, JsonValue]:
    """One JSON request to the hub: (status, answer); CliError when it cannot be had."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{target.url}{path}", data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if target.token:
        req.add_header("Authorization", f"Bearer {target.token}")
    # No proxies: the hub is local, and an http_proxy variable must not reroute its token.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=TIMEOUT_S) as resp:
            status, raw = int(resp.status), resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise CliError(f"the hub at {target.url} did not answer in {TIMEOUT_S:.0f} s") from None
        raise CliError(
            f"no hub answering at {target.url}: is `hub run` running? ({reason})", EXIT_UNREACHABLE
        ) from None
    try:
        answer: JsonValue = json.loads(raw)
    except ValueError:
        raise CliError(
            f"{target.url} did not answer JSON (HTTP {status}): is it a lamhub?"
        ) from None
    if status == 401:
        raise CliError(
            "the hub wants its API token: pass --token, set LAMHUB_TOKEN, or run where "
            "hub.yaml and <data_dir>/api_token are readable",
            EXIT_USAGE,
        )
    return status, answer


def _error_of(answer: JsonValue) -> str:
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        return str(answer["error"])
    return json.dumps(answer)


def _print_json(answer: JsonValue) -> None:
    print(json.dumps(answer, indent=2, ensure_ascii=False))


def cmd_call(args: argparse.Namespace) -> int:
    """POST /api/call; prints the entities' new states, or when the call is scheduled."""
    try:
        entity_ids, data = parse_items(args.items)
        ids: list[JsonValue] = [i for i in entity_ids]
        body: JsonObject = {"service": args.service, "entity_id": ids, "data": data}
        if args.delay_s is not None:
            body["delay_s"] = args.delay_s
        if args.at is not None:
            body["at"] = args.at
        status, answer = request(resolve_target(args), "POST", "/api/call", body)
    except CliError as exc:
        return _fail(exc)
    if args.json:
        _print_json(answer)
    if status != 200 or not isinstance(answer, dict):
        return _fail(CliError(_error_of(answer)))
    if args.json:
        return EXIT_OK
    when = answer.get("scheduled_for")
    if when:
        print(f"{args.service} scheduled for {when} ({', '.join(entity_ids)})")
        return EXIT_OK
    print(f"{args.service}: done")
    states = answer.get("states")
    if isinstance(states, dict):
        _print_rows([[eid, str(state)] for eid, state in sorted(states.items())], indent="  ")
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    """GET /api/entities as a table: entity, name, area, state."""
    query = {k: v for k, v in (("domain", args.domain), ("area", args.area)) if v}
    path = "/api/entities" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    try:
        status, answer = request(resolve_target(args), "GET", path)
    except CliError as exc:
        return _fail(exc)
    if status != 200 or not isinstance(answer, list):
        return _fail(CliError(_error_of(answer)))
    if args.json:
        _print_json(answer)
        return EXIT_OK
    rows = [["ENTITY", "NAME", "AREA", "STATE"]]
    for e in answer:
        if isinstance(e, dict):
            rows.append(
                [
                    str(e.get("entity_id")),
                    str(e.get("name")),
                    str(e.get("area") or "-"),
                    _state_text(e),
                ]
            )
    _print_rows(rows)
    if len(rows) == 1:
        print("(no entities)", file=sys.stderr)
    return EXIT_OK


def cmd_state(args: argparse.Namespace) -> int:
    """GET /api/entities/{id}: state, then attributes one per line."""
    path = "/api/entities/" + urllib.parse.quote(args.entity_id, safe="")
    try:
        status, answer = request(resolve_target(args), "GET", path)
    except CliError as exc:
        return _fail(exc)
    if status != 200 or not isinstance(answer, dict):
        return _fail(CliError(_error_of(answer)))
    if args.json:
        _print_json(answer)
        return EXIT_OK
    print(f"{answer.get('entity_id')} ({answer.get('name')}): {_state_text(answer)}")
    rows = [
        ["area", str(answer.get("area") or "-")],
        ["last changed", str(answer.get("last_changed") or "-")],
    ]
    attributes = answer.get("attributes")
    if isinstance(attributes, dict):
        rows += [
            [key, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value]
            for key, value in sorted(attributes.items())
        ]
    _print_rows(rows, indent="  ")
    return EXIT_OK


def cmd_say(args: argparse.Namespace) -> int:
    """POST /api/command; prints the hub's reply."""
    body: JsonObject = {"text": " ".join(args.text), "area": args.area, "session": args.session}
    try:
        status, answer = request(resolve_target(args), "POST", "/api/command", body)
    except CliError as exc:
        return _fail(exc)
    if args.json:
        _print_json(answer)
    if status != 200 or not isinstance(answer, dict) or answer.get("ok") is False:
        return _fail(CliError(_error_of(answer)))
    if not args.json:
        reply = answer.get("reply")
        print(reply if isinstance(reply, str) and reply else json.dumps(answer, ensure_ascii=False))
    return EXIT_OK


def _state_text(entity: JsonObject) -> str:
    if entity.get("available") is False:
        return "unavailable"
    unit = entity.get("unit")
    return f"{entity.get('state')} {unit}" if unit else str(entity.get("state"))


def _print_rows(rows: list[list[str]], indent: str = "") -> None:
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print(indent + "  ".join([*cells, row[-1]]))


def _fail(exc: CliError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return exc.code
