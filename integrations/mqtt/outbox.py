"""The hub's outgoing messages: queued while the broker is away, sent in order once it is back."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

MAX_QUEUED = 10_000


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to publish."""

    topic: str
    payload: str | bytes
    qos: int
    retain: bool


# Sends one message; raises when the connection is gone (the message is then kept).
Sender = Callable[[Outgoing], Awaitable[None]]
_Key = tuple[str, str | int]


class Outbox:
    """A bounded FIFO of messages; a retained message replaces one queued for the same topic.

    Only the newest value of a retained topic matters to anyone subscribing later, so a long
    outage costs one message per retained topic, not one per change. Events (not retained) are
    kept in order up to MAX_QUEUED; past that the oldest are dropped, logged once per burst.
    """

    def __init__(self, limit: int = MAX_QUEUED) -> None:
        self._queue: OrderedDict[_Key, Outgoing] = OrderedDict()
        self._limit = max(1, limit)
        self._seq = itertools.count()
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()  # nothing queued, nothing in flight
        self._idle.set()
        self._dropping = False
        self._sending = False  # a message taken from the queue and not yet acknowledged
        self.dropped = 0
        self.sent = 0

    def __len__(self) -> int:
        return len(self._queue)

    def put(self, message: Outgoing) -> None:
        key: _Key = ("r", message.topic) if message.retain else ("e", next(self._seq))
        self._queue.pop(key, None)  # a newer retained value goes to the back of the line
        self._queue[key] = message
        self._idle.clear()
        while len(self._queue) > self._limit:
            self._queue.popitem(last=False)
            self.dropped += 1
            if not self._dropping:
                self._dropping = True
                log.warning("MQTT outbox full (%d): dropping the oldest messages", self._limit)
        self._ready.set()

    async def drain(self, wait_connected: Callable[[], Awaitable[Sender]]) -> None:
        """Send queued messages for ever; `wait_connected` returns a sender for the live link."""
        while True:
            await self._ready.wait()
            send = await wait_connected()
            while self._queue:
                key, message = self._queue.popitem(last=False)
                self._sending = True
                try:
                    await send(message)
                except Exception as exc:
                    if key not in self._queue:  # unless a newer value came meanwhile
                        self._queue[key] = message
                        self._queue.move_to_end(key, last=False)
                    log.debug("MQTT publish to %s deferred: %s", message.topic, exc)
                    await asyncio.sleep(0.1)  # the connection loop notices the loss and retries
                    break
                finally:
                    self._sending = False
                self.sent += 1
            else:
                if self._dropping:
                    self._dropping = False
                    log.warning("MQTT outbox caught up; %d messages dropped so far", self.dropped)
                self._ready.clear()
                self._idle.set()

    async def idle(self) -> None:
        """Wait until everything queued has been sent (bound it with asyncio.timeout)."""
        await self._idle.wait()
