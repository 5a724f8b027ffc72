"""InfluxDB line protocol, pure: points of power (W) and energy (kWh) from sensor states."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

from hub.core.model import EntitySpec

FieldValue = float | int | bool | str

_POWER = {"w": 1.0, "kw": 1000.0, "mw": 1e6}
_ENERGY = {"wh": 0.001, "kwh": 1.0, "mwh": 1000.0}


def _escape(text: str, specials: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in specials:
        out = out.replace(ch, "\\" + ch)
    # A newline would end the line: it has no escape in line protocol.
    return out.replace("\n", " ")


def _field(value: FieldValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}i"
    if isinstance(value, float):
        return repr(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def encode(
    measurement: str, tags: Mapping[str, str], fields: Mapping[str, FieldValue], ts_ms: int
) -> str:
    """One line: measurement,tags fields timestamp (milliseconds)."""
    head = _escape(measurement, ", ")
    for key in sorted(tags):  # sorted tags are what the server would sort them to anyway
        if tags[key]:
            head += f",{_escape(key, ',= ')}={_escape(tags[key], ',= ')}"
    body = ",".join(f"{_escape(k, ',= ')}={_field(v)}" for k, v in fields.items())
    return f"{head} {body} {ts_ms}"


def entity_tags(spec: EntitySpec) -> dict[str, str]:
    """The tags of an entity's points: entity_id, domain, name, area."""
    return {
        "entity_id": spec.entity_id,
        "domain": spec.domain,
        "name": spec.name,
        "area": spec.area or "",
    }


def ts_ms(ts: datetime) -> int:
    return round(ts.timestamp() * 1000)


def state_point(
    spec: EntitySpec,
    state: str,
    ts: datetime,
    measurement_power: str = "power",
    measurement_energy: str = "energy",
) -> str | None:
    """The point of a power or energy sensor's new state; None for other entities or no value."""
    if spec.device_class == "power":
        table, measurement, field = _POWER, measurement_power, "watts"
    elif spec.device_class == "energy":
        table, measurement, field = _ENERGY, measurement_energy, "kwh"
    else:
        return None
    default_unit = "W" if table is _POWER else "kWh"
    factor = table.get((spec.unit or default_unit).casefold())
    try:
        value = float(state)
    except ValueError:
        return None  # unavailable, unknown: a gap in the series, not a zero
    if factor is None or not math.isfinite(value):
        return None
    return encode(measurement, entity_tags(spec), {field: value * factor}, ts_ms(ts))
