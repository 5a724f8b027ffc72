"""The home's data model: areas, entities, their state, service calls and plans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

# Service data and attributes are JSON values; this alias keeps them typed past the adapters.
JsonScalar: TypeAlias = str | int | float | bool | None
JsonValue: TypeAlias = JsonScalar | list["JsonValue"] | dict[str, "JsonValue"]
JsonObject: TypeAlias = dict[str, JsonValue]

UNAVAILABLE = "unavailable"
UNKNOWN = "unknown"


class Origin(StrEnum):
    """Who caused a state change or asked for a call."""

    MANUAL = "manual"  # a person, by app, wall switch or remote: not the hub
    VOICE = "voice"
    TEXT = "text"
    AUTOMATION = "automation"
    HUB = "hub"  # the hub itself (API/CLI service calls, restores)
    SENSOR = "sensor"  # reported by a device itself: sensors, binary sensors


# Domains whose state is reported by the device, never set by a person.
SENSOR_DOMAINS = frozenset({"sensor", "binary_sensor"})


@dataclass(frozen=True, slots=True)
class Area:
    """A room or zone of the home."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """What an entity is: its identity and capabilities (it changes rarely)."""

    entity_id: str  # Home Assistant style "domain.object_id"
    name: str
    area: str | None = None
    aliases: tuple[str, ...] = ()
    features: frozenset[str] = frozenset()
    device_class: str | None = None
    unit: str | None = None
    sensitive: bool = False
    min_value: float | None = None  # e.g. min_temp of a climate entity
    max_value: float | None = None
    power_sensor: str | None = None  # entity_id of the sensor that meters this device (W)
    integration: str = ""  # name of the integration that owns it

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]

    @property
    def object_id(self) -> str:
        return self.entity_id.split(".", 1)[1]


@dataclass(frozen=True, slots=True)
class EntityState:
    """What an entity is doing now."""

    state: str
    attributes: Mapping[str, JsonValue] = field(default_factory=dict)
    last_changed: datetime | None = None
    available: bool = True


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity as the registry knows it: description plus current state."""

    spec: EntitySpec
    state: EntityState

    @property
    def entity_id(self) -> str:
        return self.spec.entity_id


@dataclass(frozen=True, slots=True)
class HomeSnapshot:
    """An immutable view of the registry, handed to the pure layers (planner, automations)."""

    areas: Mapping[str, Area]
    entities: Mapping[str, Entity]

    def in_area(self, area_id: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.spec.area == area_id]

    def in_domain(self, domain: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.spec.domain == domain]


def split_service(service: str) -> tuple[str, str]:
    """Split "light.turn_on" into ("light", "turn_on"); raise ValueError when malformed."""
    domain, sep, name = service.partition(".")
    if not sep or not domain or not name or "." in name:
        raise ValueError(f"service must look like 'domain.service', got {service!r}")
    return domain, name


@dataclass(frozen=True, slots=True)
class ServiceCall:
    """A Home Assistant style service call, possibly held for confirmation or deferred."""

    service: str  # "light.turn_on"
    entity_ids: tuple[str, ...]
    data: Mapping[str, JsonValue] = field(default_factory=dict)
    delay_s: float | None = None  # run this many seconds from now
    at: str | None = None  # run at the next local "HH:MM"
    confirm: bool = False  # held until the person says yes

    @property
    def domain(self) -> str:
        return split_service(self.service)[0]

    @property
    def name(self) -> str:
        return split_service(self.service)[1]

    def to_json(self) -> JsonObject:
        return {
            "service": self.service,
            "entity_id": list(self.entity_ids),
            "data": dict(self.data),
            "delay_s": self.delay_s,
            "at": self.at,
            "confirm": self.confirm,
        }


@dataclass(frozen=True, slots=True)
class Question:
    """A question asked of the home: answered, not acted on."""

    kind: str  # "state" | "power" | "energy"
    entity_ids: tuple[str, ...]
    period: str | None = None  # for energy: "today", "yesterday", "this_week", ...

    def to_json(self) -> JsonObject:
        out: JsonObject = {"kind": self.kind, "entity_id": list(self.entity_ids)}
        if self.period is not None:
            out["period"] = self.period
        return out


@dataclass(frozen=True, slots=True)
class Plan:
    """What understanding a command leads to: calls to make, questions to answer, a reply."""

    calls: tuple[ServiceCall, ...] = ()
    asks: tuple[Question, ...] = ()
    reply: str = ""
