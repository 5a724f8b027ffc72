"""The one place that recovers: runs a connection loop forever, with backoff and jitter.

It logs once when a source goes away and once when it returns, not on every retry.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

Up = Callable[[], None]


async def supervise(
    name: str,
    serve: Callable[[Up], Awaitable[None]],
    *,
    logger: logging.Logger,
    on_down: Callable[[], None] | None = None,
    on_up: Callable[[], None] | None = None,
    min_backoff: float = 0.5,
    max_backoff: float = 30.0,
) -> None:
    """Run `serve(up)` again and again until cancelled.

    `serve` connects, calls `up()` once it is really connected, then serves until the
    connection fails (by raising) or ends (by returning). Backoff doubles up to `max_backoff`
    and resets after each successful connection.
    """
    backoff = min_backoff
    state: dict[str, bool] = {"up": False, "announced_down": False}

    def up() -> None:
        nonlocal backoff
        backoff = min_backoff
        if not state["up"]:
            state["up"] = True
            if state["announced_down"]:
                logger.info("%s is back", name)
            state["announced_down"] = False
            if on_up is not None:
                on_up()

    while True:
        error: BaseException | None = None
        try:
            await serve(up)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the loop must survive anything a source throws
            error = exc
        was_up = state["up"]
        state["up"] = False
        if not state["announced_down"]:
            reason = f"{type(error).__name__}: {error}" if error else "connection closed"
            if was_up:
                logger.warning("%s went away (%s); retrying in the background", name, reason)
            else:
                logger.warning("%s is unreachable (%s); retrying in the background", name, reason)
            state["announced_down"] = True
            if on_down is not None:
                on_down()
        else:
            logger.debug("%s still unreachable: %s", name, error)
        await asyncio.sleep(backoff * random.uniform(0.8, 1.2))
        backoff = min(max_backoff, backoff * 2)
