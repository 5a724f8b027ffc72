"""The hub in Home Assistant over MQTT: its own entities, energy sensors, alerts, suggestions."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from hub.core import Entity, Event, HubEvent, JsonObject, StateChanged
from hub.energy import (
    ALERT_KIND,
    EnergyDevice,
    EnergySample,
    alert_topic,
    energy_discovery,
    energy_state_payload,
    energy_state_topic,
)
from integrations.homeassistant.hub_entities import hub_discovery, hub_state_messages

if TYPE_CHECKING:
    from hub.bus import Bus
    from hub.conversation import Conversation
    from hub.energy import EnergyTracker
    from hub.registry import Registry
    from hub.suggestion_store import Stored
    from hub.suggestions import Suggestions

log = logging.getLogger(__name__)

# Suggestion events on the bus -> the last level of their topic under <base>/suggestions/.
SUGGESTION_EVENTS = {
    "suggestion": "new",
    "suggestion_approved": "approved",
    "suggestion_dismissed": "dismissed",
    "automation_undone": "undone",
    "automation_removed": "removed",
}
OPEN_STATES = ("new", "offered")  # suggestions people have not answered yet
MAX_LISTED = 50  # the retained list stays small enough for HA's attributes
_DEBOUNCE_S = 0.2  # discovery and suggestion changes come in bursts


class MqttPort(Protocol):
    """What the bridge needs of the MQTT integration (MqttIntegration has it)."""

    def publish(
        self, topic: str, payload: str | bytes, *, retain: bool = False, qos: int | None = None
    ) -> None: ...

    def add_on_connect(self, callback: Callable[[], None]) -> None: ...

    def remove_on_connect(self, callback: Callable[[], None]) -> None: ...

    def subscribe(self, topic_filter: str, handler: Callable[[str, bytes, bool], None]) -> None: ...

    def unsubscribe(self, topic_filter: str) -> None: ...


def metered_devices(entities: Iterable[Entity], area_names: dict[str, str]) -> list[EnergyDevice]:
    """Devices with a power sensor, and power sensors that meter no device (the house, a plug).

    Sensors that already count kWh and meter nothing are left out: Home Assistant has them.
    """
    entities = list(entities)
    owned = {e.spec.power_sensor for e in entities if e.spec.power_sensor}
    out: list[EnergyDevice] = []
    for e in entities:
        spec = e.spec
        standalone = spec.device_class == "power" and spec.entity_id not in owned
        if spec.power_sensor or standalone:
            area = area_names.get(spec.area) if spec.area else None
            out.append(EnergyDevice(spec.entity_id, spec.name, area))
    return sorted(out, key=lambda d: d.entity_id)


class MqttBridge:
    """Owns the task "mqtt_bridge.refresh"; everything else is listeners that queue publishes.

    Retained configs and states are cached and republished after every (re)connect, so a broker
    that lost its retained store (no persistence) still shows the hub.
    """

    def __init__(
        self,
        mqtt: MqttPort,
        bus: Bus,
        registry: Registry,
        *,
        base_topic: str = "lamhub",
        discovery_prefix: str = "homeassistant",
        conversation: Conversation | None = None,
        energy: EnergyTracker | None = None,
        suggestions: Suggestions | None = None,
    ) -> None:
        self._mqtt, self._bus, self._registry = mqtt, bus, registry
        self.base, self.prefix = base_topic, discovery_prefix
        self._conversation, self._energy, self._suggestions = conversation, energy, suggestions
        self._configs: dict[str, str] = {}  # retained discovery configs, topic -> JSON
        self._states: dict[str, str] = {}  # retained states, topic -> payload
        self._devices: dict[str, EnergyDevice] = {}
        self._previous_sample: Callable[[EnergySample], None] | None = None
        self._dirty = asyncio.Event()
        self._devices_dirty = self._suggestions_dirty = True
        self._task: asyncio.Task[None] | None = None
        self._commands = [f"{self.base}/suggestions/+/{verb}" for verb in _VERBS]

    async def __aenter__(self) -> Self:
        for topic, payload in hub_discovery(self.base, self.prefix, _version()):
            self._configs[topic] = json.dumps(payload)
        self._state(hub_state_messages(self.base, pending=[]))
        self._refresh()  # energy devices and suggestions as they are now
        self._bus.add_listener(self._on_event)
        if self._conversation is not None:
            self._conversation.observers.append(self._on_turn)
        if self._energy is not None:  # chain: the InfluxDB exporter may listen already
            self._previous_sample = self._energy.on_sample
            self._energy.on_sample = self._on_sample
        if self._suggestions is not None:
            for topic_filter in self._commands:
                self._mqtt.subscribe(topic_filter, self._on_command)
        self._mqtt.add_on_connect(self._republish)
        self._task = asyncio.create_task(self._loop(), name="mqtt_bridge.refresh")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._mqtt.remove_on_connect(self._republish)
        if self._suggestions is not None:
            for topic_filter in self._commands:
                self._mqtt.unsubscribe(topic_filter)
        if self._energy is not None and self._energy.on_sample == self._on_sample:
            self._energy.on_sample = self._previous_sample
        if self._conversation is not None and self._on_turn in self._conversation.observers:
            self._conversation.observers.remove(self._on_turn)
        self._bus.remove_listener(self._on_event)

    # -- publishing -------------------------------------------------------------------------

    def _republish(self) -> None:
        """On every (re)connect: configs first, so Home Assistant knows the states it reads."""
        for topic, payload in self._configs.items():
            self._mqtt.publish(topic, payload, retain=True)
        for topic, payload in self._states.items():
            self._mqtt.publish(topic, payload, retain=True)

    def _config(self, topic: str, payload: JsonObject) -> None:
        text = json.dumps(payload)
        if self._configs.get(topic) != text:
            self._configs[topic] = text
            self._mqtt.publish(topic, text, retain=True)

    def _state(self, messages: Iterable[tuple[str, str]]) -> None:
        for topic, payload in messages:
            if self._states.get(topic) != payload:  # energy ticks repeat the same total often
                self._states[topic] = payload
                self._mqtt.publish(topic, payload, retain=True)

    # -- sources ----------------------------------------------------------------------------

    def _on_turn(self, request: JsonObject, answer: JsonObject) -> None:
        text, reply = request.get("text"), answer.get("reply")
        calls = answer.get("calls")
        pending = [
            {k: v for k, v in c.items() if k != "status"}
            for c in (calls if isinstance(calls, list) else [])
            if isinstance(c, dict) and c.get("status") == "awaiting_confirmation"
        ]
        self._state(
            hub_state_messages(
                self.base,
                last_command=text if isinstance(text, str) else None,
                last_reply=reply if isinstance(reply, str) else "",
                pending=pending,
            )
        )

    def _on_sample(self, sample: EnergySample) -> None:
        if self._previous_sample is not None:
            self._previous_sample(sample)
        if sample.entity_id in self._devices:
            topic = energy_state_topic(self.base, sample.entity_id)
            self._state([(topic, energy_state_payload(sample.total_kwh))])

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StateChanged):
            if event.old_state is None:  # a new (or re-described) entity: metered now?
                self._devices_dirty = True
                self._dirty.set()
            return
        if not isinstance(event, HubEvent):
            return
        if event.kind == ALERT_KIND:
            self._mqtt.publish(alert_topic(self.base), json.dumps(event.data, default=str))
        elif event.kind in SUGGESTION_EVENTS:
            topic = f"{self.base}/suggestions/{SUGGESTION_EVENTS[event.kind]}"
            self._mqtt.publish(topic, json.dumps(event.data, default=str))
            self._suggestions_dirty = True
            self._dirty.set()

    def _on_command(self, topic: str, payload: bytes, retained: bool) -> None:
        """`<base>/suggestions/<id>/approve|dismiss|remove`; the answer goes to `.../result`."""
        if retained:  # a stale retained command must not act again at every reconnect
            log.warning("ignoring a retained command on %s", topic)
            return
        # Approving writes a file and reloads automations: not inside the socket read callback.
        asyncio.get_running_loop().call_soon(self._answer_command, topic)

    def _answer_command(self, topic: str) -> None:
        suggestion_id, verb = topic.split("/")[-2:]
        result: JsonObject = {"id": suggestion_id, "command": verb}
        try:
            stored = _VERBS[verb](self._suggestions, suggestion_id) if self._suggestions else None
            result.update(ok=True, state=stored.state if stored else None)
        except Exception as exc:  # SuggestionError, or a file that cannot be written
            result.update(ok=False, error=str(exc))
        self._mqtt.publish(f"{self.base}/suggestions/{suggestion_id}/result", json.dumps(result))
        self._suggestions_dirty = True
        self._dirty.set()

    # -- refresh ----------------------------------------------------------------------------

    async def _loop(self) -> None:
        while True:
            await self._dirty.wait()
            await asyncio.sleep(_DEBOUNCE_S)
            self._dirty.clear()
            try:
                self._refresh()
            except Exception:  # a store hiccup must not end the bridge; the next change retries
                log.exception("MQTT bridge: refresh failed")

    def _refresh(self) -> None:
        if self._devices_dirty:
            self._devices_dirty = False
            self._refresh_devices()
        if self._suggestions_dirty:
            self._suggestions_dirty = False
            self._refresh_suggestions()

    def _refresh_devices(self) -> None:
        if self._energy is None:
            return
        areas = {a.id: a.name for a in self._registry.areas()}
        devices = [
            d
            for d in metered_devices(self._registry.entities(), areas)
            if self._devices.get(d.entity_id) != d
        ]
        for device in devices:
            self._devices[device.entity_id] = device
        for topic, payload in energy_discovery(devices, base_topic=self.base,
                                               discovery_prefix=self.prefix):  # fmt: skip
            self._config(topic, payload)
        totals = self._energy.totals()
        self._state(
            (energy_state_topic(self.base, d.entity_id), energy_state_payload(totals[d.entity_id]))
            for d in devices
            if d.entity_id in totals
        )

    def _refresh_suggestions(self) -> None:
        if self._suggestions is None:
            self._state(hub_state_messages(self.base, suggestions=0))
            return
        open_ = [s for s in self._suggestions.list() if s.state in OPEN_STATES]
        listed: JsonObject = {
            "count": len(open_),
            "suggestions": [s.to_json() for s in open_[:MAX_LISTED]],
        }
        self._state(hub_state_messages(self.base, suggestions=len(open_)))
        self._state([(f"{self.base}/suggestions", json.dumps(listed, default=str))])


def _remove(suggestions: Suggestions, suggestion_id: str) -> Stored:
    stored = suggestions.store.get(suggestion_id)
    if stored is None or stored.automation_id is None:
        raise ValueError(f"no learned automation from suggestion {suggestion_id}")
    return suggestions.remove_learned(stored.automation_id)


_VERBS: dict[str, Callable[[Suggestions, str], Stored]] = {
    "approve": lambda s, i: s.approve(i),
    "dismiss": lambda s, i: s.dismiss(i),
    "remove": _remove,
}


def _version() -> str:
    try:
        return version("lamhub")
    except PackageNotFoundError:
        return ""
