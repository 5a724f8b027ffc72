"""The runtime's side of the connection: publish (queued), on-connect callbacks, topic handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from paho.mqtt.client import topic_matches_sub

from integrations.mqtt.outbox import Outbox, Outgoing

log = logging.getLogger(__name__)

# A handler for messages on a topic filter the hub's runtime asked for: (topic, payload,
# retained). Runs inline in the message path: it must be quick and must not block.
MessageHandler = Callable[[str, bytes, bool], None]


class Channel:
    """What the hub's runtime (hub.mqtt_bridge) uses; the integration owns the connection.

    `changed` tells the integration that the handlers' topic filters changed (resubscribe);
    `connected` says whether the link is up right now.
    """

    def __init__(
        self, default_qos: int, changed: Callable[[], None], connected: Callable[[], bool]
    ) -> None:
        self.outbox = Outbox()
        self._qos = default_qos
        self._changed = changed
        self._connected = connected
        self._on_connect: list[Callable[[], None]] = []
        self.handlers: dict[str, MessageHandler] = {}

    def publish(
        self, topic: str, payload: str | bytes, *, retain: bool = False, qos: int | None = None
    ) -> None:
        level = self._qos if qos is None else qos
        self.outbox.put(Outgoing(topic, payload, level, retain))

    def add_on_connect(self, callback: Callable[[], None]) -> None:
        self._on_connect.append(callback)
        if self._connected():  # registered late: this connection is already up
            self._run([callback])

    def remove_on_connect(self, callback: Callable[[], None]) -> None:
        self._on_connect = [c for c in self._on_connect if c != callback]

    def subscribe(self, topic_filter: str, handler: MessageHandler) -> None:
        self.handlers[topic_filter] = handler
        self._changed()

    def unsubscribe(self, topic_filter: str) -> None:
        if self.handlers.pop(topic_filter, None) is not None:
            self._changed()

    def connected_now(self) -> None:
        """Run every on-connect callback (the integration calls this after each connect)."""
        self._run(list(self._on_connect))

    def dispatch(self, topic: str, payload: bytes, retained: bool) -> bool:
        """Hand a message to the handlers whose filter matches; False when none does."""
        matched = False
        for topic_filter, handler in list(self.handlers.items()):
            if topic_matches_sub(topic_filter, topic):
                matched = True
                try:
                    handler(topic, payload, retained)
                except Exception:  # one broken handler must not starve the others
                    log.exception("MQTT handler for %s failed on %s", topic_filter, topic)
        return matched

    def _run(self, callbacks: list[Callable[[], None]]) -> None:
        for callback in callbacks:
            try:
                callback()
            except Exception:  # one broken consumer must not keep the link down
                log.exception("MQTT on_connect callback %r failed", callback)
