"""Fixtures for the virtual home: a fake sink, a fake clock and the reference home, entered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hub.clock import FakeClock
from integrations.virtual import VirtualConfig, VirtualHome
from tests.unit.integrations.virtual.virtual_fakes import FakeSink


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


@pytest.fixture
async def home(sink: FakeSink, clock: FakeClock) -> AsyncIterator[VirtualHome]:
    async with VirtualHome(VirtualConfig(seed=7), sink, clock) as h:
        sink.clear()
        yield h
