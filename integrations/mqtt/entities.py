"""The discovered entities and the topic routing tables the message path looks up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from integrations.mqtt.codec import Component, Parser
from integrations.mqtt.discovery import Availability, Discovered, slugify


@dataclass(slots=True, eq=False)
class MqttEntity:
    """One discovered entity: its config, codec and availability."""

    entity_id: str
    found: Discovered
    codec: Component
    payload: bytes  # the config it came from, to skip identical re-deliveries
    online: dict[str, bool] = field(default_factory=dict)  # availability topic -> online
    template_error_logged: bool = False

    @property
    def available(self) -> bool:
        """Availability per the config's mode; entities without topics are always available."""
        topics = self.found.availability
        if not topics:
            return True
        mode = self.found.availability_mode
        if mode == "all":
            return all(self.online.get(a.topic, False) for a in topics)
        if mode == "any":
            return any(self.online.get(a.topic, False) for a in topics)
        return self.online.get("", False)  # "latest": the last message on any of them


T = TypeVar("T")
Route = tuple[MqttEntity, Parser]
AvailabilityRoute = tuple[MqttEntity, Availability]


class EntityTable:
    """Entities by discovery topic and id, and per-topic routes (a dict lookup per message)."""

    def __init__(self) -> None:
        self.by_config: dict[str, MqttEntity] = {}
        self.by_id: dict[str, MqttEntity] = {}
        self.routes: dict[str, list[Route]] = {}
        self.availability: dict[str, list[AvailabilityRoute]] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def free_id(self, found: Discovered) -> str:
        """The entity id for a config: `<component>.<object_id>`, made unique when taken."""
        current = self.by_config.get(found.where.topic)
        base = f"{found.component}.{found.object_id}"
        if current is not None and current.entity_id.startswith(base):
            return current.entity_id  # a config update keeps its id
        node = found.where.node_id
        if base in self.by_id and node and not found.config.has("object_id"):
            # Same object id on two devices (sensor/<node>/temperature): name it by its node.
            base = f"{found.component}.{slugify(node)}_{found.object_id}"
        candidate, n = base, 1
        while candidate in self.by_id:
            n += 1
            candidate = f"{base}_{n}"
        return candidate

    def add(self, entity: MqttEntity) -> MqttEntity | None:
        """Add or replace the entity of a discovery topic; return the one it replaced."""
        old = self.remove(entity.found.where.topic)
        self.by_config[entity.found.where.topic] = entity
        self.by_id[entity.entity_id] = entity
        for topic, parser in entity.codec.routes:
            self.routes.setdefault(topic, []).append((entity, parser))
        for avail in entity.found.availability:
            self.availability.setdefault(avail.topic, []).append((entity, avail))
        return old

    def remove(self, config_topic: str) -> MqttEntity | None:
        """Forget the entity of a discovery topic and its routes."""
        entity = self.by_config.pop(config_topic, None)
        if entity is None:
            return None
        self.by_id.pop(entity.entity_id, None)
        _drop(self.routes, entity)
        _drop(self.availability, entity)
        return entity

    def topics(self) -> set[str]:
        """Every state and availability topic the entities read (to subscribe)."""
        return set(self.routes) | set(self.availability)


def _drop(table: dict[str, list[tuple[MqttEntity, T]]], entity: MqttEntity) -> None:
    for topic in [t for t, routes in table.items() if any(r[0] is entity for r in routes)]:
        kept = [r for r in table[topic] if r[0] is not entity]
        if kept:
            table[topic] = kept
        else:
            del table[topic]


def availability_payload(avail: Availability, payload: str) -> bool | None:
    """Whether an availability message says online (True), offline (False), or neither."""
    if payload == avail.payload_available:
        return True
    if payload == avail.payload_not_available:
        return False
    return None
