"""The in-process event bus: sync, non-blocking publish; bounded async subscriptions."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Self

from hub.core.events import Event

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class Subscription:
    """One subscriber's bounded queue of events: an async iterator and a context manager.

    When the subscriber falls behind and its queue is full, the oldest event is dropped so the
    publisher never waits; drops are counted and logged once per burst.
    """

    def __init__(self, bus: Bus, maxsize: int, name: str) -> None:
        self._bus = bus
        self._queue: deque[Event] = deque()
        self._maxsize = max(1, maxsize)
        self._name = name
        self._wakeup = asyncio.Event()
        self._closed = False
        self._dropping = False  # inside a burst of drops: logged once, at its start
        self.received = 0  # every event handed to this subscription, dropped or not
        self.dropped = 0

    def _put(self, event: Event) -> None:
        if len(self._queue) >= self._maxsize:
            self._queue.popleft()
            self.dropped += 1
            if not self._dropping:
                self._dropping = True
                log.warning(
                    "bus subscriber %s is falling behind: dropping oldest events", self._name
                )
        self._queue.append(event)
        self.received += 1
        self._wakeup.set()

    def pending(self) -> int:
        """How many events wait in the queue."""
        return len(self._queue)

    def get_nowait(self, max_items: int) -> list[Event]:
        """Take up to `max_items` queued events without waiting (batching consumers use it)."""
        n = min(max_items, len(self._queue))
        out = [self._queue.popleft() for _ in range(n)]
        if not self._queue:
            self._caught_up()
        return out

    async def wait(self) -> bool:
        """Wait until an event is queued; False once the subscription is closed and empty."""
        while not self._queue:
            if self._closed:
                return False
            self._wakeup.clear()
            await self._wakeup.wait()
        return True

    def _caught_up(self) -> None:
        if self._dropping:
            self._dropping = False
            log.warning(
                "bus subscriber %s caught up; %d events dropped so far", self._name, self.dropped
            )

    def close(self) -> None:
        """Unsubscribe; queued events can still be read, then iteration ends."""
        if not self._closed:
            self._closed = True
            self._bus._unsubscribe(self)
            self._wakeup.set()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Event:
        if not await self.wait():
            raise StopAsyncIteration
        event = self._queue.popleft()
        if not self._queue:
            self._caught_up()
        return event

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Bus:
    """Fans every published event out to all subscriptions and listeners.

    `publish` is synchronous and never waits, so integrations can report from any callback on
    the loop (on the loop's thread: other threads hand over with loop.call_soon_threadsafe).
    Listeners run inline and must be cheap; one that raises is logged, not fatal.
    """

    def __init__(self) -> None:
        self._subs: list[Subscription] = []
        self._listeners: list[Listener] = []
        self.published = 0

    def publish(self, event: Event) -> None:
        self.published += 1
        for fn in self._listeners:
            try:
                fn(event)
            except Exception:
                # A broken consumer must not stop the others, nor the integration reporting.
                log.exception("bus listener %r failed on %s", fn, type(event).__name__)
        for sub in self._subs:
            sub._put(event)

    def subscribe(self, maxsize: int = 10000, name: str = "") -> Subscription:
        sub = Subscription(self, maxsize, name or f"#{len(self._subs) + 1}")
        # Copy on write: publish iterates the list while a consumer may unsubscribe.
        self._subs = [*self._subs, sub]
        return sub

    def _unsubscribe(self, sub: Subscription) -> None:
        self._subs = [s for s in self._subs if s is not sub]

    def add_listener(self, fn: Listener) -> None:
        self._listeners = [*self._listeners, fn]

    def remove_listener(self, fn: Listener) -> None:
        self._listeners = [f for f in self._listeners if f != fn]  # bound methods: ==, not is

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)
