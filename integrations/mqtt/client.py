"""The broker connection: an aiomqtt client built from MqttConfig, with inline message dispatch."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable

import aiomqtt
from paho.mqtt.enums import MQTTErrorCode

from integrations.mqtt.config import MqttConfig
from integrations.mqtt.topics import OFFLINE, HubTopics

Dispatch = Callable[[aiomqtt.Message], None]


def _dispatching_queue(dispatch: Dispatch) -> type[asyncio.Queue[aiomqtt.Message]]:
    """A queue type whose put_nowait handles the message at once.

    aiomqtt's own iterator costs a task and an asyncio.wait per message (~3k msg/s measured);
    handling each message inline in the socket read callback keeps order and costs a call.
    Nothing is ever queued, so `client.messages` only wakes to raise when the link drops.
    """

    class DispatchQueue(asyncio.Queue[aiomqtt.Message]):
        def put_nowait(self, item: aiomqtt.Message) -> None:
            dispatch(item)

    return DispatchQueue


def tls_context(config: MqttConfig) -> ssl.SSLContext | None:
    """The TLS context of the config (None without TLS); raises OSError/SSLError on bad files."""
    tls = config.tls
    if not tls.enabled:
        return None
    context = ssl.create_default_context(
        cafile=str(tls.ca_certs) if tls.ca_certs is not None else None
    )
    if tls.certfile is not None:
        keyfile = str(tls.keyfile) if tls.keyfile is not None else None
        context.load_cert_chain(str(tls.certfile), keyfile)
    if tls.insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def make_client(config: MqttConfig, dispatch: Dispatch, *, timeout: float = 10.0) -> aiomqtt.Client:
    """A client for one connection attempt (aiomqtt clients are not reused across attempts)."""
    topics = HubTopics(config.base_topic)
    client = aiomqtt.Client(
        config.host,
        config.port,
        username=config.username,
        password=config.secret(),
        identifier=config.client_id,
        clean_session=config.clean_session,
        keepalive=config.keepalive,
        timeout=timeout,
        tls_context=tls_context(config),
        will=aiomqtt.Will(topics.status, OFFLINE, qos=1, retain=True),
        queue_type=_dispatching_queue(dispatch),
        # QoS 1 bursts (the hub's own publishes) must not stall on paho's default of 20.
        max_inflight_messages=1000,
    )
    read_in_bursts(client)
    return client


_BURST = 512  # packets read per socket wake-up; bounded so other tasks still get the loop


def read_in_bursts(client: aiomqtt.Client) -> bool:
    """Make the socket read callback drain up to _BURST packets instead of one per wake-up.

    paho's loop_read reads a single QoS 0 packet per call, and aiomqtt calls it once per
    readable event: one event-loop iteration per message, the main cost at 10k msg/s. This
    uses paho 2.x internals (pinned <3), so it checks for them and does nothing otherwise.
    """
    paho = getattr(client, "_client", None)
    read = getattr(paho, "_packet_read", None)
    handle = getattr(paho, "_loop_rc_handle", None)
    if paho is None or read is None or handle is None or not hasattr(paho, "_sock"):
        return False

    def loop_read(max_packets: int = 1) -> MQTTErrorCode:
        for _ in range(_BURST):
            if paho._sock is None:
                return MQTTErrorCode.MQTT_ERR_NO_CONN
            rc: MQTTErrorCode = read()
            if rc > 0:
                return handle(rc)  # type: ignore[no-any-return]
            if rc == MQTTErrorCode.MQTT_ERR_AGAIN:
                break
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    paho.loop_read = loop_read
    return True


async def wait_disconnected(client: aiomqtt.Client) -> None:
    """Return (by raising aiomqtt.MqttError) when the connection drops."""
    async for _ in client.messages:  # never yields: messages are dispatched inline
        pass
