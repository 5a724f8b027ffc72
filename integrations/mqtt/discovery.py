"""Home Assistant MQTT discovery: topic parsing, key expansion and a typed view of a config."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from integrations.mqtt.abbreviations import expand
from integrations.mqtt.templates import Template, TemplateFailed, compile_template

COMPONENTS = frozenset(
    {
        "light", "switch", "fan", "climate", "cover", "lock", "alarm_control_panel", "vacuum",
        "button", "scene", "sensor", "binary_sensor", "number", "select",
    }
)  # fmt: skip
_ID = re.compile(r"^[a-zA-Z0-9_-]+$")


class DiscoveryError(Exception):
    """A discovery config is malformed; the message names what is wrong."""


@dataclass(frozen=True, slots=True)
class DiscoveryTopic:
    """`<prefix>/<component>/[<node_id>/]<object_id>/config`, split."""

    topic: str
    component: str
    node_id: str | None
    object_id: str


def parse_topic(topic: str, prefix: str) -> DiscoveryTopic | None:
    """Split a discovery topic; None when it is not one (or names an unsupported component)."""
    if not topic.startswith(prefix + "/") or not topic.endswith("/config"):
        return None
    parts = topic[len(prefix) + 1 : -len("/config")].split("/")
    if len(parts) == 2:
        component, node_id, object_id = parts[0], None, parts[1]
    elif len(parts) == 3:
        component, node_id, object_id = parts
    else:
        return None
    if component not in COMPONENTS or not _ID.match(object_id):
        return None
    if node_id is not None and not _ID.match(node_id):
        return None
    return DiscoveryTopic(topic, component, node_id, object_id)


def slugify(text: str) -> str:
    """Home Assistant's slug: ASCII, lower case, runs of other characters become one `_`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug or "unknown"


class Config:
    """Typed read access to an expanded discovery config; wrong types raise DiscoveryError."""

    __slots__ = ("raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def has(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def text(self, key: str, default: str) -> str:
        value = self.opt_text(key)
        return default if value is None else value

    def opt_text(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise DiscoveryError(f"{key} must be a string, got {type(value).__name__}")
        # Payloads like pl_on: 1 are numbers in JSON but compared as text on the wire.
        return value if isinstance(value, str) else json.dumps(value)

    def topic(self, key: str) -> str | None:
        value = self.opt_text(key)
        if value is not None and (not value or "+" in value or "#" in value):
            raise DiscoveryError(f"{key} must be a topic without wildcards, got {value!r}")
        return value

    def number(self, key: str, default: float) -> float:
        value = self.opt_number(key)
        return default if value is None else value

    def opt_number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DiscoveryError(f"{key} must be a number, got {value!r}")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise DiscoveryError(f"{key} must be true or false, got {value!r}")
        return value

    def str_list(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DiscoveryError(f"{key} must be a list of strings")
        return tuple(value)

    def template(self, key: str) -> Template | None:
        try:
            return compile_template(self.raw.get(key))
        except TemplateFailed as exc:
            raise DiscoveryError(f"{key}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Device:
    """The `device` block: the physical device several entities belong to."""

    identifiers: tuple[str, ...]
    name: str | None
    manufacturer: str | None
    model: str | None
    suggested_area: str | None


@dataclass(frozen=True, slots=True)
class Availability:
    """One availability topic and the payloads that mean online/offline."""

    topic: str
    payload_available: str = "online"
    payload_not_available: str = "offline"
    template: Template | None = None


@dataclass(frozen=True, slots=True)
class Discovered:
    """What one discovery config declares, before the component decides what it can do."""

    where: DiscoveryTopic
    config: Config
    object_id: str  # slug used for the entity id
    name: str
    unique_id: str | None
    device: Device | None
    availability: tuple[Availability, ...]
    availability_mode: str  # "latest" | "all" | "any"

    @property
    def component(self) -> str:
        return self.where.component


def decode(where: DiscoveryTopic, payload: bytes) -> Discovered | None:
    """Decode a config payload; None for an empty one (the entity is removed)."""
    if not payload.strip():
        return None
    try:
        raw = json.loads(payload)
    except ValueError as exc:
        raise DiscoveryError(f"payload is not JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise DiscoveryError("payload must be a JSON object")
    config = Config(expand(raw))
    device = _device(config)
    return Discovered(
        where=where,
        config=config,
        object_id=_object_id(where, config),
        name=_name(where, config, device),
        unique_id=config.opt_text("unique_id"),
        device=device,
        availability=_availability(config),
        availability_mode=_availability_mode(config),
    )


def _object_id(where: DiscoveryTopic, config: Config) -> str:
    default_id = config.opt_text("default_entity_id")
    if default_id is not None:
        return slugify(default_id.partition(".")[2] or default_id)
    return slugify(config.opt_text("object_id") or where.object_id)


def _name(where: DiscoveryTopic, config: Config, device: Device | None) -> str:
    # HA: an entity named null is the device itself; otherwise "<device> <entity>".
    name = config.opt_text("name")
    if device is not None and device.name:
        if name is None or name == device.name:
            return device.name
        return f"{device.name} {name}"
    return name or where.object_id.replace("_", " ")


def _device(config: Config) -> Device | None:
    raw = config.raw.get("device")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise DiscoveryError("device must be an object")
    block = Config(raw)
    identifiers = raw.get("identifiers")
    ids = (identifiers,) if isinstance(identifiers, str) else block.str_list("identifiers")
    return Device(
        identifiers=ids,
        name=block.opt_text("name"),
        manufacturer=block.opt_text("manufacturer"),
        model=block.opt_text("model"),
        suggested_area=block.opt_text("suggested_area"),
    )


def _availability(config: Config) -> tuple[Availability, ...]:
    out: list[Availability] = []
    topic = config.topic("availability_topic")
    if topic is not None:
        out.append(
            Availability(
                topic,
                config.text("payload_available", "online"),
                config.text("payload_not_available", "offline"),
                config.template("availability_template"),
            )
        )
    items = config.raw.get("availability")
    if items is not None:
        if not isinstance(items, list):
            raise DiscoveryError("availability must be a list")
        for item in items:
            if not isinstance(item, dict):
                raise DiscoveryError("availability items must be objects")
            entry = Config(item)
            item_topic = entry.topic("topic")
            if item_topic is None:
                raise DiscoveryError("availability item without topic")
            out.append(
                Availability(
                    item_topic,
                    entry.text("payload_available", "online"),
                    entry.text("payload_not_available", "offline"),
                    entry.template("value_template"),
                )
            )
    return tuple(out)


def _availability_mode(config: Config) -> str:
    mode = config.text("availability_mode", "latest")
    if mode not in ("latest", "all", "any"):
        raise DiscoveryError(f"availability_mode must be latest, all or any, got {mode!r}")
    return mode
