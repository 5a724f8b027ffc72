"""The MQTT integration: discovery devices and the hub's topics, reported into the hub's ports."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Self

import aiomqtt
from aiomqtt.exceptions import MqttConnectError

from hub.core import (
    Area,
    Clock,
    EntitySink,
    EntitySpec,
    EntityState,
    HubEvent,
    IntegrationError,
    RequestHandler,
    ServiceCall,
)
from hub.core.supervisor import supervise
from integrations.mqtt.channel import Channel, MessageHandler
from integrations.mqtt.client import make_client, wait_disconnected
from integrations.mqtt.codec import CommandError, Parser
from integrations.mqtt.components import build
from integrations.mqtt.config import MqttConfig
from integrations.mqtt.discovery import DiscoveryError, decode, parse_topic, slugify
from integrations.mqtt.entities import EntityTable, MqttEntity, availability_payload
from integrations.mqtt.outbox import Outgoing, Sender
from integrations.mqtt.requests import RequestServer
from integrations.mqtt.templates import TemplateFailed
from integrations.mqtt.topics import (
    OFFLINE,
    ONLINE,
    HubTopics,
    Request,
    RequestError,
    decode_request,
)

log = logging.getLogger(__name__)
_SUBSCRIBE_BATCH = 200
# The node id of the hub's own discovery configs (its entities, its energy sensors): never
# imported back as devices, or the hub would meter its own energy sensors a second time.
OWN_NODE_ID = "lamhub"


class MqttIntegration:
    """Home Assistant discovery devices on a broker, plus `<base>/call` and `<base>/command`."""

    name = "mqtt"

    def __init__(
        self,
        config: MqttConfig,
        sink: EntitySink,
        clock: Clock,
        handler: RequestHandler | None = None,
        *,
        own_node_id: str = OWN_NODE_ID,
    ) -> None:
        self._config = config
        self._sink = sink
        self._clock = clock
        self._handler = handler
        self.topics = HubTopics(config.base_topic)
        self.table = EntityTable()
        self.received = 0  # messages dispatched (for benchmarks and tests)
        self._prefix = config.discovery_prefix + "/"
        self._client: aiomqtt.Client | None = None  # set while connected
        self._connected = asyncio.Event()
        self._subscribed: set[str] = set()
        self._wanted = asyncio.Event()  # entity topics changed: (un)subscribe
        self._bad_configs: dict[str, bytes] = {}  # config topic -> payload already logged
        self._areas: set[str] = set()
        self._requests = RequestServer(handler, self._publish_response)
        self._tasks: list[asyncio.Task[None]] = []
        self._own_node_id = own_node_id
        self._channel = Channel(config.qos, self._wanted.set, lambda: self.connected)

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        where = f"MQTT broker {self._config.host}:{self._config.port}"
        loop = supervise(
            where,
            self._serve,
            logger=log,
            on_down=self._on_down,
            on_up=self._on_up,
            min_backoff=self._config.reconnect_min_s,
            max_backoff=self._config.reconnect_max_s,
        )
        # Never wait for the broker here: a broker that is down must not hold up the hub.
        self._tasks = [
            asyncio.create_task(loop, name="mqtt.connection"),
            asyncio.create_task(self._requests.serve(), name="mqtt.requests"),
            asyncio.create_task(self._channel.outbox.drain(self._sender), name="mqtt.outbox"),
        ]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:  # what the hub said last should reach the broker
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._channel.outbox.idle(), 1.0)
        client = self._client
        if client is not None:
            # A clean disconnect suppresses the last will, so say "offline" ourselves.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    client.publish(self.topics.status, OFFLINE, qos=1, retain=True), 0.5
                )
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=1.5)
        self._tasks = []

    async def wait_connected(self) -> None:
        """Wait until connected and subscribed (wrap in asyncio.timeout to bound it)."""
        await self._connected.wait()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def subscriptions_settled(self) -> bool:
        """Connected and subscribed to every topic the discovered entities read."""
        return self.connected and self.table.topics() <= self._subscribed

    # -- the runtime's publish API -----------------------------------------------------------

    def publish(
        self, topic: str, payload: str | bytes, *, retain: bool = False, qos: int | None = None
    ) -> None:
        """Queue a message; sent in order while connected, kept (bounded) while the broker is away.

        Never waits and never raises for the broker: callable from bus listeners and callbacks.
        A retained message replaces one still queued for the same topic.
        """
        self._channel.publish(topic, payload, retain=retain, qos=qos)

    def add_on_connect(self, callback: Callable[[], None]) -> None:
        """Call `callback` after every (re)connect, and now if connected: republish retained
        discovery configs and states there (a broker may have lost them)."""
        self._channel.add_on_connect(callback)

    def remove_on_connect(self, callback: Callable[[], None]) -> None:
        self._channel.remove_on_connect(callback)

    def subscribe(self, topic_filter: str, handler: MessageHandler) -> None:
        """Hand messages on `topic_filter` (wildcards allowed) to `handler`, across reconnects."""
        self._channel.subscribe(topic_filter, handler)

    def unsubscribe(self, topic_filter: str) -> None:
        self._channel.unsubscribe(topic_filter)

    @property
    def queued(self) -> int:
        """Messages waiting for the broker."""
        return len(self._channel.outbox)

    async def _sender(self) -> Sender:
        await self._connected.wait()
        client = self._client
        if client is None:
            raise aiomqtt.MqttError("the MQTT broker is unreachable")

        async def send(message: Outgoing) -> None:
            await client.publish(
                message.topic, message.payload, qos=message.qos, retain=message.retain
            )

        return send

    # -- connection -----------------------------------------------------------------------

    async def _serve(self, up: Callable[[], None]) -> None:
        client = make_client(self._config, self._on_message)
        try:
            await client.__aenter__()
        except MqttConnectError as exc:
            raise ConnectionRefusedError(_refusal(self._config, exc)) from None
        try:
            self._client = client
            await client.publish(self.topics.status, ONLINE, qos=1, retain=True)
            qos: int = self._config.qos
            base: list[tuple[str, int]] = [(self.topics.call, qos), (self.topics.command, qos)]
            if self._config.discovery:
                prefix = self._config.discovery_prefix
                base += [(f"{prefix}/+/+/config", qos), (f"{prefix}/+/+/+/config", qos)]
            await client.subscribe(base)
            # Resubscribe everything: a broker that lost its sessions knows nothing of us.
            self._subscribed = set()
            await self._sync_subscriptions(client)
            self._channel.connected_now()
            self._connected.set()
            up()
            watchers = [
                asyncio.create_task(wait_disconnected(client), name="mqtt.watch"),
                asyncio.create_task(self._subscriptions(client), name="mqtt.subscribe"),
            ]
            try:
                done, _ = await asyncio.wait(watchers, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in watchers:
                    task.cancel()
            for task in done:
                task.result()  # re-raise why the connection ended
        finally:
            self._connected.clear()
            self._client = None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.__aexit__(None, None, None), 1.0)

    async def _subscriptions(self, client: aiomqtt.Client) -> None:
        while True:
            await self._wanted.wait()
            await asyncio.sleep(0.05)  # discovery comes in bursts: batch the topics
            await self._sync_subscriptions(client)

    async def _sync_subscriptions(self, client: aiomqtt.Client) -> None:
        self._wanted.clear()
        wanted = self.table.topics() | set(self._channel.handlers)
        new = sorted(wanted - self._subscribed)
        gone = sorted(self._subscribed - wanted)
        qos: int = self._config.qos
        for i in range(0, len(new), _SUBSCRIBE_BATCH):
            await client.subscribe([(t, qos) for t in new[i : i + _SUBSCRIBE_BATCH]])
        if gone:
            await client.unsubscribe(gone)
        self._subscribed = (self._subscribed | set(new)) - set(gone)

    def _on_down(self) -> None:
        for entity in self.table.by_id.values():
            self._sink.set_available(entity.entity_id, False)
        self._sink.emit(
            HubEvent(self._clock.now(), "integration_unavailable", {"integration": self.name})
        )

    def _on_up(self) -> None:
        for entity in self.table.by_id.values():
            self._sink.set_available(entity.entity_id, entity.available)
        self._sink.emit(
            HubEvent(self._clock.now(), "integration_available", {"integration": self.name})
        )

    # -- the message path: runs inline in the socket read callback, must never raise --------

    def _on_message(self, message: aiomqtt.Message) -> None:
        self.received += 1
        topic = message.topic.value
        try:
            routes = self.table.routes.get(topic)
            if routes is not None:
                text = _text(message.payload)
                for entity, parser in routes:
                    self._ingest(entity, parser, text)
            if topic in self.table.availability:
                self._availability(topic, _text(message.payload))
            elif routes is None:
                self._other(topic, message.payload, message.retain)
        except Exception:  # a bug here must not drop the connection (paho would re-raise)
            log.exception("MQTT message on %s could not be handled", topic)

    def _ingest(self, entity: MqttEntity, parser: Parser, text: str) -> None:
        try:
            update = parser(text)
        except Exception as exc:  # templates and conversions: anything means "skip this one"
            if not entity.template_error_logged:
                entity.template_error_logged = True
                log.warning("%s: ignoring message %r: %s", entity.entity_id, text[:80], exc)
            return
        if update is None:
            return
        codec = entity.codec
        codec.apply(update)
        self._sink.report_state(entity.entity_id, codec.state, update.attributes)

    def _availability(self, topic: str, text: str) -> None:
        for entity, avail in self.table.availability[topic]:
            try:
                value = avail.template.render_value(text) if avail.template else text
            except TemplateFailed as exc:
                log.warning("%s: bad availability message: %s", entity.entity_id, exc)
                continue
            online = availability_payload(avail, value)
            if online is None:
                continue
            before = entity.available
            entity.online[avail.topic] = online
            entity.online[""] = online
            if entity.available != before and self.connected:
                self._sink.set_available(entity.entity_id, entity.available)

    def _other(self, topic: str, payload: bytes, retained: bool = False) -> None:
        if topic == self.topics.call or topic == self.topics.command:
            kind = "call" if topic == self.topics.call else "command"
            try:
                request: Request | RequestError = decode_request(kind, payload)
            except RequestError as exc:
                log.warning("rejected request on %s: %s", topic, exc)
                request = exc
            self._requests.submit(request)
        elif topic.startswith(self._prefix):
            self._on_config(topic, payload)
        else:
            self._channel.dispatch(topic, payload, retained)

    # -- discovery ------------------------------------------------------------------------

    def _on_config(self, topic: str, payload: bytes) -> None:
        where = parse_topic(topic, self._config.discovery_prefix)
        if where is None or where.node_id == self._own_node_id:
            return
        old = self.table.by_config.get(topic)
        if old is not None and old.payload == payload:
            return  # the retained config again (e.g. after resubscribing)
        try:
            found = decode(where, payload)
            codec = build(found) if found is not None else None
        except (DiscoveryError, TemplateFailed) as exc:
            if self._bad_configs.get(topic) != payload:
                self._bad_configs[topic] = payload
                log.warning("ignoring discovery config on %s: %s", topic, exc)
            return
        self._bad_configs.pop(topic, None)
        if found is None or codec is None:
            removed = self.table.remove(topic)
            if removed is not None:
                self._sink.remove_entity(removed.entity_id)
                log.info("MQTT entity %s removed", removed.entity_id)
                self._wanted.set()
            return
        entity = MqttEntity(self.table.free_id(found), found, codec, payload)
        if old is not None:
            codec.state, codec.attributes, entity.online = (
                old.codec.state,
                old.codec.attributes,
                old.online,
            )
        self.table.add(entity)
        if old is not None and old.entity_id != entity.entity_id:
            self._sink.remove_entity(old.entity_id)
        self._sink.upsert_entity(
            self._spec(entity),
            None if old is not None else EntityState("unknown", available=self._is_up(entity)),
        )
        self._wanted.set()

    def _is_up(self, entity: MqttEntity) -> bool:
        return self.connected and entity.available

    def _spec(self, entity: MqttEntity) -> EntitySpec:
        found, codec = entity.found, entity.codec
        area = found.device.suggested_area if found.device is not None else None
        area_id = slugify(area) if area else None
        if area and area_id and area_id not in self._areas:
            # Only the first time: later upserts would overwrite names set elsewhere.
            self._areas.add(area_id)
            self._sink.upsert_area(Area(area_id, area))
        return EntitySpec(
            entity_id=entity.entity_id,
            name=found.name,
            area=area_id,
            features=codec.features,
            device_class=codec.device_class,
            unit=codec.unit,
            sensitive=codec.sensitive,
            min_value=codec.min_value,
            max_value=codec.max_value,
            integration=self.name,
        )

    async def _publish_response(self, topic: str | None, payload: str) -> None:
        client = self._client
        if client is None:
            raise aiomqtt.MqttError("the MQTT broker is unreachable")
        await client.publish(topic or self.topics.response, payload, qos=self._config.qos)

    # -- commands -------------------------------------------------------------------------

    async def call(self, call: ServiceCall, call_id: str) -> None:
        """Publish a call's payloads to each entity's command topics."""
        for entity_id in call.entity_ids:
            entity = self.table.by_id.get(entity_id)
            if entity is None:
                raise IntegrationError(f"{entity_id} is not an MQTT entity (any more)")
            try:
                publishes, assumed = entity.codec.command(call.name, call.data)
            except (CommandError, TemplateFailed) as exc:
                raise IntegrationError(f"{entity_id}: {exc}") from None
            client = self._client
            if client is None:
                raise IntegrationError("the MQTT broker is unreachable; try again later")
            try:
                for out in publishes:
                    await client.publish(
                        out.topic, out.payload, qos=self._config.qos, retain=out.retain
                    )
            except aiomqtt.MqttError as exc:
                raise IntegrationError(f"MQTT publish failed: {exc}") from None
            if not entity.codec.has_state and (assumed.state or assumed.attributes):
                # No state topic: like HA's optimistic mode, the command is the new state.
                entity.codec.apply(assumed)
                self._sink.report_state(
                    entity_id, entity.codec.state, assumed.attributes, call_id=call_id
                )


def _text(payload: object) -> str:
    if isinstance(payload, bytes | bytearray):
        return payload.decode("utf-8", "replace")
    return "" if payload is None else str(payload)


def _refusal(config: MqttConfig, exc: MqttConnectError) -> str:
    who = f"user {config.username!r}" if config.username else "an anonymous client"
    return f"the broker refused {who} ({exc}); check mqtt.username and the password"
