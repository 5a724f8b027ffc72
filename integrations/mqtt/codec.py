"""The message shapes shared by the MQTT components: JSON values, publishes and state updates."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from integrations.mqtt.discovery import Config, Discovered, DiscoveryError
from integrations.mqtt.templates import Template

# Structurally the same as hub.core.model.JsonValue: protocol code must not import the hub.
Json: TypeAlias = str | int | float | bool | list["Json"] | dict[str, "Json"] | None


class CommandError(Exception):
    """A service call cannot be expressed on this entity's topics."""


@dataclass(frozen=True, slots=True)
class Publish:
    """One message to send."""

    topic: str
    payload: str
    retain: bool = False


@dataclass(frozen=True, slots=True)
class Update:
    """What a received message says: a new state and/or attributes (merged)."""

    state: str | None = None
    attributes: dict[str, Json] | None = None


# A state topic's parser: payload text in, update out (None: nothing to report).
Parser = Callable[[str], Update | None]


@dataclass(slots=True)
class Component:
    """A discovered entity's codec: which topics it reads, how it turns calls into publishes."""

    domain: str
    features: frozenset[str] = frozenset()
    device_class: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    sensitive: bool = False
    routes: list[tuple[str, Parser]] = field(default_factory=list)  # a topic may appear twice
    # Last known state and attributes, kept for toggle and relative changes (steps).
    state: str = "unknown"
    attributes: dict[str, Json] = field(default_factory=dict)
    retain: bool = False
    has_state: bool = False  # without a state topic it is optimistic, like in HA

    def route(self, topic: str | None, parser: Parser, *, state: bool = True) -> None:
        """Read `topic` with `parser` (no-op when the config has no such topic)."""
        if topic is not None:
            self.routes.append((topic, parser))
            self.has_state = self.has_state or state

    def apply(self, update: Update) -> None:
        if update.state is not None:
            self.state = update.state
        if update.attributes:
            self.attributes.update(update.attributes)

    def command(self, service: str, data: Mapping[str, Json]) -> tuple[list[Publish], Update]:
        """Publishes for a call, and the update to assume when the entity is optimistic."""
        raise CommandError(f"{self.domain} entities from MQTT do not accept {service}")


def value_parser(template: Template | None, convert: Callable[[str], Update | None]) -> Parser:
    """Wrap a conversion with an optional value template (rendered first)."""
    if template is None:
        return convert
    render = template.render_value

    def parse(payload: str) -> Update | None:
        return convert(render(payload))

    return parse


def command_payload(template: Template | None, value: Json, **extra: Json) -> str:
    """A command payload: the template rendered with `value` (and extras), or the value as text."""
    if template is not None:
        return template.render(value=value, **extra)
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)


def on_off(on: str, off: str) -> Callable[[str], Update | None]:
    """Map the device's on/off payloads to "on"/"off"; HA's "None" payload means unknown."""

    def convert(value: str) -> Update | None:
        if value == on:
            return Update("on")
        if value == off:
            return Update("off")
        if value == "None":
            return Update("unknown")
        return None

    return convert


def json_attributes(config: Config) -> tuple[str | None, Parser]:
    """The json_attributes_topic route: a JSON object merged into the attributes."""
    template = config.template("json_attributes_template")

    def convert(value: str) -> Update | None:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise ValueError("json attributes must be a JSON object")
        return Update(attributes=data)

    return config.topic("json_attributes_topic"), value_parser(template, convert)


def require_topic(found: Discovered, key: str) -> str:
    """A required topic of a component, or a DiscoveryError naming it."""
    topic = found.config.topic(key)
    if topic is None:
        raise DiscoveryError(f"{found.component} needs {key}")
    return topic
