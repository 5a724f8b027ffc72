"""The learner's JSONL format (shared/learn/README.md): stored events as the actions people took.

Pure: it reads events as the event log stores them (JSON objects in time order) and writes one
line per settled state change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TextIO

from hub.core.model import SENSOR_DOMAINS, UNAVAILABLE, UNKNOWN, JsonObject, JsonValue

# A person's action is known by the state it leaves: (domain, new state) -> service name.
_ACTIONS: dict[str, dict[str, str]] = {
    "lock": {"locked": "lock", "unlocked": "unlock", "open": "open"},
    "cover": {"open": "open_cover", "closed": "close_cover"},
    "alarm_control_panel": {
        "armed_away": "alarm_arm_away",
        "armed_home": "alarm_arm_home",
        "armed_night": "alarm_arm_night",
        "disarmed": "alarm_disarm",
    },
    "media_player": {
        "on": "turn_on",
        "off": "turn_off",
        "playing": "media_play",
        "paused": "media_pause",
        "idle": "media_stop",
    },
    "vacuum": {"cleaning": "start", "returning": "return_to_base", "paused": "pause"},
    "climate": {},  # handled in _infer: temperature or mode
}
_ON_OFF = {"on": "turn_on", "off": "turn_off"}
# Moving between states: the action shows in the state it settles in, so these are skipped.
_TRANSIENT = frozenset({"opening", "closing", "locking", "unlocking", "arming", "pending"})
_GONE = frozenset({UNAVAILABLE, UNKNOWN})


def _num(value: JsonValue) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _tidy(x: float) -> JsonValue:
    return round(x) if x.is_integer() else x


def _brightness_pct(attrs: Mapping[str, JsonValue]) -> int | None:
    pct = _num(attrs.get("brightness_pct"))
    if pct is None and (raw := _num(attrs.get("brightness"))) is not None:
        pct = raw * 100 / 255
    return None if pct is None else round(pct)


def _infer(
    domain: str,
    old: str,
    new: str,
    attrs: Mapping[str, JsonValue],
    before: Mapping[str, JsonValue],
) -> tuple[str | None, JsonObject]:
    """The service a person used, read from the change it made (None: not an action)."""
    if domain == "climate":
        temp = _num(attrs.get("temperature"))
        if temp is not None and temp != _num(before.get("temperature")):
            return "climate.set_temperature", {"temperature": _tidy(temp)}
        return ("climate.set_hvac_mode", {"hvac_mode": new}) if new != old else (None, {})
    if domain == "light" and new == "on":
        pct = _brightness_pct(attrs)
        # Brightness is the person's intent only when it moved; a plain switch-on keeps it.
        if pct is not None and pct != _brightness_pct(before):
            return "light.turn_on", {"brightness_pct": pct}
    if domain == "cover" and new == "open":
        pos = _num(attrs.get("current_position", attrs.get("position")))
        if pos is not None and 0 < pos < 100:
            return "cover.set_cover_position", {"position": round(pos)}
    if new == old:
        return None, {}
    name = _ACTIONS.get(domain, _ON_OFF).get(new)
    return (f"{domain}.{name}", {}) if name else (None, {})


def write_jsonl(events: Iterable[JsonObject], out: TextIO) -> int:
    """Turn stored events (time order) into the learner's lines; returns how many were written.

    One line per settled state change. Hub-caused changes carry the call's service and data
    (once per call and entity); changes nobody asked the hub for are read as the action that
    leaves that state; sensors report a state and no service.
    """
    call_data: dict[str, JsonValue] = {}  # call_id -> data, from call_requested
    seen: set[tuple[str, str]] = set()  # (call_id, entity_id) already written
    last_attrs: dict[str, Mapping[str, JsonValue]] = {}
    n = 0
    for ev in events:
        if ev.get("type") == "call_requested":
            call = ev.get("call")
            if isinstance(call, dict) and isinstance(cid := ev.get("call_id"), str):
                call_data[cid] = call.get("data", {})
                if len(call_data) > 10_000:  # bounded: only recent calls get answered
                    call_data.pop(next(iter(call_data)))
            continue
        entity_id, old, new = ev.get("entity_id"), ev.get("old_state"), ev.get("new_state")
        attrs = ev.get("attributes")
        if not isinstance(entity_id, str) or not isinstance(new, str):
            continue
        attrs = attrs if isinstance(attrs, dict) else {}
        domain = entity_id.partition(".")[0]
        before = last_attrs.get(entity_id, {})
        if domain != "light" or new == "on":  # a light's brightness is compared while lit
            last_attrs[entity_id] = attrs
        if not isinstance(old, str) or old in _GONE or new in _GONE or new in _TRANSIENT:
            continue
        service, cid = ev.get("service"), ev.get("call_id")
        data: JsonValue = {}
        if isinstance(service, str) and isinstance(cid, str):
            if (cid, entity_id) in seen:
                continue
            seen.add((cid, entity_id))
            data = call_data.get(cid, {})
        elif domain in SENSOR_DOMAINS:
            service = None
            if new == old:
                continue
        else:
            service, data = _infer(domain, old, new, attrs, before)
            if service is None and new == old:
                continue
        ts = datetime.fromisoformat(str(ev["ts"])).isoformat(timespec="seconds")
        line = {"ts": ts, "entity_id": entity_id, "service": service, "data": data}
        line.update(state=new, origin=ev.get("origin"))
        out.write(json.dumps(line) + "\n")
        n += 1
    return n
