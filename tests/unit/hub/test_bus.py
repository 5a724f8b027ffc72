"""The bus: fan-out, bounded queues that drop oldest, listeners, unsubscribe."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest

from hub.bus import Bus
from hub.core import Event, HubEvent

T0 = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def ev(n: int) -> HubEvent:
    return HubEvent(T0, "test", {"n": n})


def numbers(events: list[Event]) -> list[object]:
    return [e.data["n"] for e in events if isinstance(e, HubEvent)]


async def test_every_subscriber_gets_every_event_in_order() -> None:
    bus = Bus()
    a, b = bus.subscribe(), bus.subscribe()
    for i in range(5):
        bus.publish(ev(i))
    got_a = [await anext(a) for _ in range(5)]
    got_b = [await anext(b) for _ in range(5)]
    assert numbers(got_a) == numbers(got_b) == [0, 1, 2, 3, 4]


async def test_subscriber_waits_for_an_event_published_later() -> None:
    bus = Bus()
    sub = bus.subscribe()
    task = asyncio.create_task(anext(sub))
    await asyncio.sleep(0)
    assert not task.done()
    bus.publish(ev(7))
    assert numbers([await asyncio.wait_for(task, 1)]) == [7]


async def test_slow_subscriber_drops_oldest_and_logs_once_per_burst(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = Bus()
    sub = bus.subscribe(maxsize=3, name="slow")
    with caplog.at_level(logging.WARNING, logger="hub.bus"):
        for i in range(10):
            bus.publish(ev(i))  # never waits, however far behind the subscriber is
        assert sub.dropped == 7
        assert sub.received == 10
        assert numbers(sub.get_nowait(100)) == [7, 8, 9]
        falling = [r for r in caplog.records if "falling behind" in r.getMessage()]
        assert len(falling) == 1
        for i in range(5):  # a second burst after catching up logs again
            bus.publish(ev(i))
        falling = [r for r in caplog.records if "falling behind" in r.getMessage()]
        assert len(falling) == 2
    assert sub.dropped == 9


async def test_listeners_run_inline_and_a_failing_one_does_not_stop_others() -> None:
    bus = Bus()
    seen: list[Event] = []

    def broken(_: Event) -> None:
        raise RuntimeError("boom")

    bus.add_listener(broken)
    bus.add_listener(seen.append)
    sub = bus.subscribe()
    bus.publish(ev(1))
    assert numbers(seen) == [1]  # before publish returned, without awaiting
    assert sub.pending() == 1
    bus.remove_listener(seen.append)
    bus.publish(ev(2))
    assert numbers(seen) == [1]


async def test_context_manager_unsubscribes_and_iteration_ends_after_draining() -> None:
    bus = Bus()
    with bus.subscribe() as sub:
        assert bus.subscriber_count == 1
        bus.publish(ev(1))
        bus.publish(ev(2))
    assert bus.subscriber_count == 0
    bus.publish(ev(3))  # after close: not delivered
    assert numbers([e async for e in sub]) == [1, 2]


async def test_close_wakes_a_waiting_consumer() -> None:
    bus = Bus()
    sub = bus.subscribe()

    async def consume() -> list[Event]:
        return [e async for e in sub]

    task = asyncio.create_task(consume())
    await asyncio.sleep(0)
    sub.close()
    assert await asyncio.wait_for(task, 1) == []
