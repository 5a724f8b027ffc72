"""Answers to questions about the home, in a short natural sentence, from live data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hub.core import UNAVAILABLE, Entity, HomeSnapshot, Question
from intents.replies import spoken

# How a binary sensor's on/off reads for its device class.
_BINARY = {
    "door": ("open", "closed"),
    "window": ("open", "closed"),
    "garage_door": ("open", "closed"),
    "opening": ("open", "closed"),
    "motion": ("detecting motion", "clear"),
    "occupancy": ("occupied", "clear"),
    "moisture": ("wet", "dry"),
    "smoke": ("detecting smoke", "clear"),
}
_ACTIVE = frozenset({"on", "open", "opening", "unlocked", "playing", "cleaning", "heat", "cool"})


class EnergyView(Protocol):
    """What answers need from the energy store (issue 5); None when it is not running."""

    def power_now(self, entity_id: str) -> float | None: ...

    def energy(self, entity_id: str, period: str) -> float: ...


def _the(entity: Entity) -> str:
    return f"the {spoken(entity.spec.name)}"


def describe_state(entity: Entity) -> str:
    """'locked', '21.5 °C', 'open', 'on at 40%'."""
    st = entity.state
    if not st.available or st.state == UNAVAILABLE:
        return "unavailable right now"
    spec = entity.spec
    if spec.domain == "binary_sensor":
        on, off = _BINARY.get(spec.device_class or "", ("on", "off"))
        return on if st.state == "on" else off
    if spec.domain == "sensor":
        return f"{st.state} {spec.unit}".strip() if spec.unit else st.state
    if spec.domain == "light" and st.state == "on":
        bri = st.attributes.get("brightness")
        if isinstance(bri, int | float):
            return f"on at {round(bri / 2.55)}%"
    if spec.domain == "climate":
        target = st.attributes.get("temperature")
        current = st.attributes.get("current_temperature")
        out = "off" if st.state == "off" else f"set to {st.state.replace('_', ' ')}"
        if isinstance(target, int | float) and st.state != "off":
            out += f" at {target:g} degrees"
        if isinstance(current, int | float):
            out += f", and it is {current:g} degrees"
        return out
    if spec.domain == "cover":
        pos = st.attributes.get("current_position")
        if st.state == "open" and isinstance(pos, int) and 0 < pos < 100:
            return f"{pos}% open"
    if spec.domain == "alarm_control_panel":
        return st.state.replace("_", " ")
    return st.state.replace("_", " ")


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def answer_state(entities: Sequence[Entity]) -> str:
    if not entities:
        return "I don't know that device."
    if len(entities) == 1:
        e = entities[0]
        return _cap(f"{_the(e)} is {describe_state(e)}.")
    # Many: say which are active ("which lights are on?").
    active = [e for e in entities if e.state.state in _ACTIVE]
    kind = entities[0].spec.domain.replace("_", " ")
    if not active:
        return f"None of the {kind}s are on." if kind == "light" else "None of them are on."
    names = [_the(e) for e in active]
    verb = "is" if len(active) == 1 else "are"
    word = describe_state(active[0]) if len({e.state.state for e in active}) == 1 else "active"
    return _cap(f"{_join(names)} {verb} {word}.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _metered(sensor: Entity, snapshot: HomeSnapshot) -> Entity:
    """The device a power sensor meters (its name reads better), else the sensor itself."""
    for e in snapshot.entities.values():
        if e.spec.power_sensor == sensor.entity_id:
            return e
    return sensor


def _watts(w: float) -> str:
    return f"{w / 1000:.1f} kW" if abs(w) >= 1000 else f"{w:.0f} W"


class LiveAnswerer:
    """The planner's Answerer, reading live state and, when present, the energy store."""

    def __init__(self, energy: EnergyView | None = None) -> None:
        self.energy = energy

    def __call__(self, question: Question, snapshot: HomeSnapshot) -> str:
        entities = [e for i in question.entity_ids if (e := snapshot.entities.get(i))]
        if question.kind == "state":
            return answer_state(entities)
        if not entities:
            return "I don't have a meter for that."
        if question.kind == "power":
            parts = []
            for e in entities:
                value = self.energy.power_now(e.entity_id) if self.energy else None
                if value is None:
                    try:
                        value = float(e.state.state)
                    except ValueError:
                        parts.append(f"{_the(e)} has no reading right now")
                        continue
                parts.append(f"{_the(_metered(e, snapshot))} is using {_watts(value)}")
            return _cap(_join(parts)) + "."
        period = (question.period or "today").replace("_", " ")
        if self.energy is None:
            return "I'm not tracking energy yet."
        parts = [
            f"{_the(_metered(e, snapshot))} used "
            f"{self.energy.energy(e.entity_id, question.period or 'today'):.2f} kWh"
            for e in entities
        ]
        return _cap(_join(parts)) + f" {period}."
