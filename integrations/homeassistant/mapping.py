"""Home Assistant's registries and states, translated into the hub's areas and entity specs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.core import Area, EntitySpec, JsonValue

# Bits of `supported_features` (homeassistant.components.*.const, stable across releases).
_COVER_SET_POSITION = 4
_FAN_SET_SPEED = 1
_CLIMATE_TARGET_TEMPERATURE = 1
_COLOR_MODES = frozenset({"hs", "xy", "rgb", "rgbw", "rgbww"})
_SENSITIVE_COVERS = frozenset({"garage", "door", "gate"})
_SENSITIVE_DOMAINS = frozenset({"lock", "alarm_control_panel"})


@dataclass(slots=True)
class Registries:
    """One consistent read of Home Assistant's registries and exposure settings."""

    areas: dict[str, Area] = field(default_factory=dict)
    device_areas: dict[str, str] = field(default_factory=dict)  # device id -> area id
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # entity id -> entry
    exposed: set[str] = field(default_factory=set)  # exposed to Assist ("conversation")

    def area_of(self, entity_id: str) -> str | None:
        """The entity's own area, else its device's (as Home Assistant resolves it)."""
        entry = self.entries.get(entity_id) or {}
        area = entry.get("area_id")
        if area:
            return str(area)
        device = entry.get("device_id")
        return self.device_areas.get(device) if device else None


def parse_areas(items: list[dict[str, Any]]) -> dict[str, Area]:
    """`config/area_registry/list` → areas by id."""
    return {
        str(a["area_id"]): Area(
            str(a["area_id"]), str(a.get("name") or a["area_id"]), _strings(a.get("aliases"))
        )
        for a in items
    }


def parse_device_areas(items: list[dict[str, Any]]) -> dict[str, str]:
    """`config/device_registry/list` → area id by device id (devices without one left out)."""
    return {str(d["id"]): str(d["area_id"]) for d in items if d.get("area_id")}


def parse_exposed(result: dict[str, Any]) -> set[str]:
    """`homeassistant/expose_entity/list` → ids exposed to Assist (registry or not)."""
    exposed = result.get("exposed_entities") or {}
    return {eid for eid, by in exposed.items() if isinstance(by, dict) and by.get("conversation")}


def build_spec(
    entity_id: str, attrs: Mapping[str, Any], regs: Registries, integration: str
) -> EntitySpec:
    """An entity spec from its state attributes and (when it has one) its registry entry."""
    entry = regs.entries.get(entity_id) or {}
    domain = entity_id.split(".", 1)[0]
    # friendly_name is HA's own resolution of registry name, device name and entity name.
    name = attrs.get("friendly_name") or entry.get("name") or entry.get("original_name")
    device_class = attrs.get("device_class") or entry.get("device_class")
    device_class = str(device_class) if device_class else None
    lo, hi = _range(domain, attrs)
    return EntitySpec(
        entity_id=entity_id,
        name=str(name or entity_id.split(".", 1)[1].replace("_", " ")),
        area=regs.area_of(entity_id),
        aliases=_strings(entry.get("aliases")),
        features=features(domain, attrs, entry.get("capabilities") or {}),
        device_class=device_class,
        unit=_str_or_none(attrs.get("unit_of_measurement")),
        sensitive=domain in _SENSITIVE_DOMAINS
        or (domain == "cover" and device_class in _SENSITIVE_COVERS),
        min_value=lo,
        max_value=hi,
        integration=integration,
    )


def features(
    domain: str, attrs: Mapping[str, Any], capabilities: Mapping[str, Any]
) -> frozenset[str]:
    """The hub's feature names, from supported_features and supported_color_modes."""
    bits = attrs.get("supported_features")
    bits = bits if isinstance(bits, int) else 0
    out: set[str] = set()
    if domain == "light":
        modes = set(
            attrs.get("supported_color_modes") or capabilities.get("supported_color_modes") or ()
        )
        if modes - {"onoff"}:
            out.add("brightness")  # every mode but on/off dims
        if modes & _COLOR_MODES:
            out.add("color")
        if "color_temp" in modes:
            out.add("color_temp")
    elif domain == "cover" and bits & _COVER_SET_POSITION:
        out.add("position")
    elif domain == "fan" and bits & _FAN_SET_SPEED:
        out.add("percentage")
    elif domain == "climate":
        if bits & _CLIMATE_TARGET_TEMPERATURE:
            out.add("temperature")
        if attrs.get("hvac_modes"):
            out.add("hvac_mode")
    return frozenset(out)


def state_of(new_state: Mapping[str, Any]) -> tuple[str, dict[str, JsonValue], datetime | None]:
    """A state object's state, attributes (JSON as received) and last_changed."""
    attrs: dict[str, JsonValue] = dict(new_state.get("attributes") or {})
    changed = new_state.get("last_changed")
    ts = None
    if isinstance(changed, str):
        try:
            ts = datetime.fromisoformat(changed)
        except ValueError:
            ts = None
    return str(new_state.get("state", "unknown")), attrs, ts


def context_id(new_state: Mapping[str, Any]) -> str | None:
    """The id of the context that caused this state (the service call's, for the hub's own)."""
    ctx = new_state.get("context")
    return str(ctx["id"]) if isinstance(ctx, dict) and ctx.get("id") else None


def _range(domain: str, attrs: Mapping[str, Any]) -> tuple[float | None, float | None]:
    keys = {"climate": ("min_temp", "max_temp"), "water_heater": ("min_temp", "max_temp")}
    lo_key, hi_key = keys.get(domain, ("min", "max"))
    if domain not in ("climate", "water_heater", "number", "input_number"):
        return None, None
    return _num(attrs.get(lo_key)), _num(attrs.get(hi_key))


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in value)) if isinstance(value, list | set | tuple) else ()
