"""The hub's own entities in Home Assistant, as MQTT discovery configs and state messages (pure).

Home Assistant shows a "lamhub" device with: the last command and last reply (sensors), whether
a confirmation is pending (binary sensor, with what is pending as attributes), the number of
open suggestions (sensor) and a text entity that sends commands to `<base>/command` (the MQTT
integration's request topic, which takes plain text). Per-device energy sensors come from
hub.energy.discovery. Publish every config retained at connect; states retained on change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hub.core import JsonObject

NODE_ID = "lamhub"
# The MQTT integration's retained online/offline topic with its last will (integrations.mqtt
# HubTopics.status publishes it; the packages are independent, so a test keeps the two equal).
# Every entity the hub exposes, its own and the energy sensors, points its availability here.
AVAILABILITY_SUFFIX = "status"
# Home Assistant refuses states longer than 255 characters.
MAX_STATE = 255


@dataclass(frozen=True, slots=True)
class HubTopicsForHa:
    """Where the hub publishes what Home Assistant shows (all under the hub's base topic)."""

    base: str

    @property
    def availability(self) -> str:
        return availability_topic(self.base)

    @property
    def command(self) -> str:
        return f"{self.base}/command"

    @property
    def last_command(self) -> str:
        return f"{self.base}/hub/last_command"

    @property
    def last_reply(self) -> str:
        return f"{self.base}/hub/last_reply"

    @property
    def pending(self) -> str:
        return f"{self.base}/hub/pending"

    @property
    def pending_attributes(self) -> str:
        return f"{self.base}/hub/pending/attributes"

    @property
    def suggestions(self) -> str:
        return f"{self.base}/hub/suggestions"


def availability_topic(base_topic: str) -> str:
    """The hub's availability topic: `online`/`offline`, retained, and its last will."""
    return f"{base_topic}/{AVAILABILITY_SUFFIX}"


def device_block(version: str = "") -> JsonObject:
    """The "lamhub" device every hub entity belongs to (energy sensors point here via via_device)."""
    block: JsonObject = {
        "identifiers": [NODE_ID],
        "name": "lamhub",
        "manufacturer": "lamhub",
        "model": "local home hub",
    }
    if version:
        block["sw_version"] = version
    return block


def hub_discovery(
    base_topic: str = "lamhub", discovery_prefix: str = "homeassistant", version: str = ""
) -> list[tuple[str, JsonObject]]:
    """(config topic, payload) for each of the hub's entities; publish retained, QoS 1."""
    t = HubTopicsForHa(base_topic)
    common: JsonObject = {
        "availability_topic": t.availability,
        "payload_available": "online",
        "payload_not_available": "offline",
        "device": device_block(version),
    }
    entities: list[tuple[str, str, JsonObject]] = [
        ("sensor", "last_command", {"name": "Last command", "state_topic": t.last_command,
                                    "icon": "mdi:account-voice"}),
        ("sensor", "last_reply", {"name": "Last reply", "state_topic": t.last_reply,
                                  "icon": "mdi:message-reply-text"}),
        ("binary_sensor", "pending_confirmation", {
            "name": "Pending confirmation", "state_topic": t.pending,
            "payload_on": "ON", "payload_off": "OFF",
            "json_attributes_topic": t.pending_attributes, "icon": "mdi:help-circle"}),
        ("sensor", "suggestions", {"name": "Suggestions", "state_topic": t.suggestions,
                                   "json_attributes_topic": f"{t.base}/suggestions",
                                   "state_class": "measurement", "icon": "mdi:lightbulb-on"}),
        ("text", "command", {"name": "Command", "command_topic": t.command,
                             "state_topic": t.last_command, "max": MAX_STATE, "min": 0,
                             "mode": "text", "icon": "mdi:console"}),
    ]  # fmt: skip
    out: list[tuple[str, JsonObject]] = []
    for component, object_id, specific in entities:
        payload: JsonObject = {
            **specific,
            "unique_id": f"{NODE_ID}_{object_id}",
            "object_id": f"{NODE_ID}_{object_id}",
            **common,
        }
        out.append((f"{discovery_prefix}/{component}/{NODE_ID}/{object_id}/config", payload))
    return out


def hub_state_messages(
    base_topic: str = "lamhub",
    *,
    last_command: str | None = None,
    last_reply: str | None = None,
    pending: list[JsonObject] | None = None,
    suggestions: int | None = None,
) -> list[tuple[str, str]]:
    """(topic, payload) for the values given; publish retained so HA sees them after a restart.

    `pending` is the list of calls waiting for a yes (each as ServiceCall.to_json()); an empty
    list publishes OFF.
    """
    t = HubTopicsForHa(base_topic)
    out: list[tuple[str, str]] = []
    if last_command is not None:
        out.append((t.last_command, _clip(last_command)))
    if last_reply is not None:
        out.append((t.last_reply, _clip(last_reply)))
    if pending is not None:  # attributes first: whoever sees ON can read the calls at once
        out.append((t.pending_attributes, json.dumps({"calls": pending})))
        out.append((t.pending, "ON" if pending else "OFF"))
    if suggestions is not None:
        out.append((t.suggestions, str(int(suggestions))))
    return out


def hub_removal(
    base_topic: str = "lamhub", discovery_prefix: str = "homeassistant"
) -> list[tuple[str, str]]:
    """Empty retained configs: Home Assistant deletes the entities (when the feature is off)."""
    return [(topic, "") for topic, _ in hub_discovery(base_topic, discovery_prefix)]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_STATE else text[: MAX_STATE - 1] + "…"
