"""Reads a home file (areas and entities, the format of the reference home) into the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.core import Area, ConfigError, EntitySpec, JsonValue

REFERENCE_HOME = Path(__file__).with_name("homes") / "reference.yaml"

_ENTITY_ID = r"^[a-z_]+\.[a-z0-9_]+$"
_AREA_ID = r"^[a-z0-9_]+$"
_SERVICE = r"^[a-z_]+\.[a-z0-9_]+$"

# One step of a scene: a service call on one entity, as {service, entity_id, data}.
SceneAction = tuple[str, str, dict[str, JsonValue]]


class _AreaModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Annotated[str, Field(pattern=_AREA_ID)]
    name: str
    aliases: list[str] = []


class _ActionModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: Annotated[str, Field(pattern=_SERVICE)]
    entity_id: Annotated[str, Field(pattern=_ENTITY_ID)]
    data: dict[str, str | int | float | bool | list[int | float]] = {}


class _EntityModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Annotated[str, Field(pattern=_ENTITY_ID)]
    name: str
    area: str | None = None
    aliases: list[str] = []
    features: list[str] = []
    device_class: str | None = None
    unit: str | None = None
    sensitive: bool = False
    min_temp: float | None = None
    max_temp: float | None = None
    power_sensor: Annotated[str | None, Field(pattern=_ENTITY_ID)] = None
    # Optional simulation hints for the virtual home (rated power draw in W, standby W).
    watts: float | None = None
    standby_watts: float | None = None
    # What a scene does when activated (the virtual home applies these calls).
    actions: list[_ActionModel] = []

    @field_validator("aliases", "features", mode="before")
    @classmethod
    def _strings(cls, value: object) -> object:
        # YAML reads `aliases: [on]` as a bool; keep every alias a string.
        if isinstance(value, list):
            return [str(v) for v in value]
        return value


class _HomeModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "Home"
    areas: list[_AreaModel] = []
    entities: list[_EntityModel] = []


@dataclass(frozen=True, slots=True)
class HomeFile:
    """A home as described in a file: its name, areas and entities (with simulation hints)."""

    name: str
    areas: list[Area]
    entities: list[EntitySpec]
    watts: dict[str, tuple[float | None, float | None]]  # entity_id -> (rated W, standby W)
    scenes: dict[str, list[SceneAction]] = field(default_factory=dict)  # scene id -> its calls


def parse_home(data: object, source: str = "<home>") -> HomeFile:
    """Validate parsed YAML as a home; raise ConfigError naming each bad path."""
    try:
        model = _HomeModel.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise ConfigError(
            [
                f"{source}: {'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
                for err in exc.errors()
            ]
        ) from None
    area_ids = {a.id for a in model.areas}
    errors: list[str] = []
    seen: set[str] = set()
    for i, e in enumerate(model.entities):
        if e.area is not None and e.area not in area_ids:
            errors.append(f"{source}: entities.{i}.area: unknown area {e.area!r}")
        if e.id in seen:
            errors.append(f"{source}: entities.{i}.id: duplicate entity {e.id!r}")
        seen.add(e.id)
    for i, e in enumerate(model.entities):
        if e.power_sensor is not None and e.power_sensor not in seen:
            errors.append(f"{source}: entities.{i}.power_sensor: unknown entity {e.power_sensor!r}")
        for j, action in enumerate(e.actions):
            if action.entity_id not in seen:
                errors.append(
                    f"{source}: entities.{i}.actions.{j}.entity_id: "
                    f"unknown entity {action.entity_id!r}"
                )
    if errors:
        raise ConfigError(errors)
    return HomeFile(
        name=model.name,
        areas=[Area(a.id, a.name, tuple(a.aliases)) for a in model.areas],
        entities=[
            EntitySpec(
                entity_id=e.id,
                name=e.name,
                area=e.area,
                aliases=tuple(e.aliases),
                features=frozenset(e.features),
                device_class=e.device_class,
                unit=e.unit,
                sensitive=e.sensitive,
                min_value=e.min_temp,
                max_value=e.max_temp,
                power_sensor=e.power_sensor,
                integration="virtual",
            )
            for e in model.entities
        ],
        watts={e.id: (e.watts, e.standby_watts) for e in model.entities},
        scenes={
            e.id: [(a.service, a.entity_id, _json(a.data)) for a in e.actions]
            for e in model.entities
            if e.actions
        },
    )


def _json(data: dict[str, str | int | float | bool | list[int | float]]) -> dict[str, JsonValue]:
    return {k: list(v) if isinstance(v, list) else v for k, v in data.items()}


def load_home(path: Path) -> HomeFile:
    """Read and validate a home file; raise ConfigError when it is unreadable or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read home file: {exc.strerror}"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from None
    return parse_home(data, str(path))
