"""Helpers for the Home Assistant tests: the real-server fixture, a recording sink, polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from hub.clock import SystemClock
from integrations.homeassistant import HomeAssistantConfig, HomeAssistantIntegration
from tests.fakesink import FakeSink
from tests.fixtures.homeassistant import HomeAssistant, homeassistant

__all__ = ["FakeSink", "HomeAssistant", "eventually", "homeassistant", "running"]


def config_for(ha: HomeAssistant, **overrides: Any) -> HomeAssistantConfig:
    """A config pointing at the test server (fast reconnects, so restarts are quick to see)."""
    base: dict[str, Any] = {
        "enabled": True,
        "url": ha.url,
        "token": ha.token,
        "reconnect_min_s": 0.2,
        "reconnect_max_s": 1.0,
    }
    return HomeAssistantConfig.model_validate({**base, **overrides})


@asynccontextmanager
async def running(
    ha: HomeAssistant, sink: FakeSink | None = None, **overrides: Any
) -> AsyncIterator[tuple[HomeAssistantIntegration, FakeSink]]:
    """The integration connected to the test server and fully imported."""
    sink = sink or FakeSink()
    async with HomeAssistantIntegration(config_for(ha, **overrides), sink, SystemClock()) as hai:
        async with asyncio.timeout(20):
            await hai.wait_connected()
        yield hai, sink


async def eventually(check: Callable[[], object], within: float = 10.0) -> None:
    """Poll `check` until it is truthy."""
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
