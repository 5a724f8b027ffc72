"""The websocket event stream and the server's lifecycle (bounded shutdown, port 0)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from hub.core import CallDone, HubEvent, Origin, ServiceCall, StateChanged, event_to_json
from tests.unit.hub.api.api_fakes import TOKEN, TS, Fakes, running_api


@pytest.fixture
async def api() -> AsyncIterator[Fakes]:
    async with running_api() as fakes:
        yield fakes


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def changed(entity_id: str, state: str = "on") -> StateChanged:
    return StateChanged(TS, entity_id, "off", state, Origin.MANUAL)


async def next_json(ws: aiohttp.ClientWebSocketResponse) -> object:
    return await asyncio.wait_for(ws.receive_json(), 2)


async def wait_subscribed(api: Fakes) -> None:
    for _ in range(100):
        if api.bus.subs:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the websocket never subscribed to the bus")


async def test_header_auth_then_events_stream(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(f"{api.url}/api/ws", headers=api.auth) as ws:
        assert await next_json(ws) == {"type": "auth_ok"}
        await wait_subscribed(api)
        event = changed("light.kitchen")
        api.bus.publish(event)
        assert await next_json(ws) == event_to_json(event)
    await asyncio.sleep(0.05)
    assert api.bus.subs == []  # unsubscribed when the client left


async def test_query_token_for_browsers(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(f"{api.url}/api/ws?token={TOKEN}") as ws:
        assert await next_json(ws) == {"type": "auth_ok"}


async def test_auth_message_like_home_assistant(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(f"{api.url}/api/ws") as ws:
        assert await next_json(ws) == {"type": "auth_required"}
        await ws.send_json({"type": "auth", "access_token": TOKEN})
        assert await next_json(ws) == {"type": "auth_ok"}


@pytest.mark.parametrize("first", [{"type": "auth", "token": "wrong"}, {"type": "subscribe"}])
async def test_wrong_auth_closes(api: Fakes, http: aiohttp.ClientSession, first: object) -> None:
    async with http.ws_connect(f"{api.url}/api/ws") as ws:
        assert await next_json(ws) == {"type": "auth_required"}
        await ws.send_json(first)
        assert (await next_json(ws))["type"] == "auth_invalid"  # type: ignore[index]
        msg = await asyncio.wait_for(ws.receive(), 2)
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert api.bus.subs == []


async def test_subscribe_filters_by_type_and_entity(
    api: Fakes, http: aiohttp.ClientSession
) -> None:
    async with http.ws_connect(f"{api.url}/api/ws", headers=api.auth) as ws:
        assert await next_json(ws) == {"type": "auth_ok"}
        await ws.send_json(
            {
                "type": "subscribe",
                "event_types": ["state_changed", "call_done"],
                "entity_id": "light.sofa",
            }
        )
        assert await next_json(ws) == {
            "type": "subscribed",
            "event_types": ["call_done", "state_changed"],
            "entity_id": ["light.sofa"],
        }
        done = CallDone(TS, "c1", ServiceCall("light.turn_on", ("light.sofa",)), Origin.HUB)
        for event in (changed("light.kitchen"), HubEvent(TS, "x"), done, changed("light.sofa")):
            api.bus.publish(event)
        assert await next_json(ws) == event_to_json(done)
        assert await next_json(ws) == event_to_json(changed("light.sofa"))
        await ws.send_json({"type": "ping"})
        assert await next_json(ws) == {"type": "pong"}
        await ws.send_json({"type": "subscribe", "event_types": ["nope"]})
        assert (await next_json(ws))["type"] == "error"  # type: ignore[index]
        await ws.send_str("not json")
        assert (await next_json(ws))["type"] == "error"  # type: ignore[index]


async def test_shutdown_is_bounded_with_open_websockets(http: aiohttp.ClientSession) -> None:
    async with running_api() as api:
        ws = await http.ws_connect(f"{api.url}/api/ws", headers=api.auth)
        assert await next_json(ws) == {"type": "auth_ok"}
        silent = await http.ws_connect(f"{api.url}/api/ws")  # never authenticates
        assert await next_json(silent) == {"type": "auth_required"}
        started = time.monotonic()
    assert time.monotonic() - started < 2.0
    msg = await asyncio.wait_for(ws.receive(), 2)
    assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    await ws.close()
    await silent.close()


async def test_port_zero_binds_a_free_port_and_is_released(http: aiohttp.ClientSession) -> None:
    async with running_api() as api:
        port = api.server.port
        assert port > 0 and api.url == f"http://127.0.0.1:{port}"
    with pytest.raises(aiohttp.ClientConnectionError):
        await http.get(f"http://127.0.0.1:{port}/api/health")
