"""Home Assistant MQTT discovery configs for the hub's per-device energy sensors (pure data)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hub.core.model import JsonObject
from integrations.homeassistant.hub_entities import availability_topic


@dataclass(frozen=True, slots=True)
class EnergyDevice:
    """A metered device as Home Assistant should see it."""

    entity_id: str  # switch.dryer
    name: str  # Dryer
    area: str | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.casefold()).strip("_")


def energy_state_topic(base_topic: str, entity_id: str) -> str:
    """Where the hub publishes a device's running kWh total (retained)."""
    return f"{base_topic}/energy/{_slug(entity_id)}/state"


def energy_discovery(
    devices: Iterable[EnergyDevice],
    *,
    base_topic: str = "lamhub",
    discovery_prefix: str = "homeassistant",
    node_id: str = "lamhub",
) -> list[tuple[str, JsonObject]]:
    """(config topic, retained JSON payload) per device: a kWh sensor for HA's energy dashboard.

    `device_class: energy` with `state_class: total_increasing` is what the energy dashboard
    accepts; the state is the device's lifetime kWh, so HA computes its own statistics.
    """
    out: list[tuple[str, JsonObject]] = []
    for device in devices:
        object_id = f"{_slug(device.entity_id)}_energy"
        unique_id = f"{node_id}_{object_id}"
        device_block: JsonObject = {
            "identifiers": [f"{node_id}_{_slug(device.entity_id)}"],
            "name": device.name,
            "manufacturer": "lamhub",
            "model": "metered device",
            "via_device": node_id,
        }
        if device.area:
            device_block["suggested_area"] = device.area
        payload: JsonObject = {
            "name": "Energy",
            "unique_id": unique_id,
            "object_id": f"{_slug(device.name)}_energy",
            "state_topic": energy_state_topic(base_topic, device.entity_id),
            "availability_topic": availability_topic(base_topic),
            "device_class": "energy",
            "state_class": "total_increasing",
            "unit_of_measurement": "kWh",
            "suggested_display_precision": 2,
            "device": device_block,
        }
        out.append((f"{discovery_prefix}/sensor/{node_id}/{object_id}/config", payload))
    return out


def energy_state_payload(total_kwh: float) -> str:
    """The state published on a device's energy topic: kWh with Wh resolution."""
    return f"{total_kwh:.3f}"


def alert_topic(base_topic: str) -> str:
    """Where energy alerts are published (JSON of the HubEvent's data, not retained)."""
    return f"{base_topic}/energy/alert"
