"""GET/POST /api/voice/talk through a real ApiServer, over a real (not started) VoiceService."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from hub.api import ApiContext, ApiServer
from hub.api.voice import routes
from hub.voice import MicrophoneConfig, VoiceCommand, VoiceConfig, VoiceService
from tests.unit.hub.api.api_fakes import TOKEN, FakeBus, FakeEventLog, FakeHandler, FakeRegistry

AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def _no_command(cmd: VoiceCommand) -> str | None:
    raise AssertionError("no audio is heard in these tests")


def _service(push_to_talk: bool = True) -> VoiceService:
    # Never entered: no recogniser, no microphone; the talk events exist from construction.
    config = VoiceConfig(
        enabled=True,
        push_to_talk=push_to_talk,
        microphones=[MicrophoneConfig(name="kitchen"), MicrophoneConfig(name="hall")],
    )
    return VoiceService(config, FakeRegistry().snapshot, _no_command)


@asynccontextmanager
async def _serving(voice: VoiceService) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    registry = FakeRegistry()
    ctx = ApiContext(
        registry, FakeBus(), FakeEventLog(), FakeHandler(registry), TOKEN, asyncio.Event()
    )
    async with (
        ApiServer(ctx, "127.0.0.1", 0, extra_routes=routes(voice)) as server,
        aiohttp.ClientSession() as http,
    ):
        yield f"{server.url}/api/voice/talk", http


async def test_hold_and_release_set_and_clear_the_microphones_event() -> None:
    voice = _service()
    kitchen, hall = voice.talk["kitchen"], voice.talk["hall"]
    async with _serving(voice) as (url, http):
        async with http.post(url, json={"microphone": "kitchen", "held": True}, headers=AUTH) as r:
            assert (r.status, await r.json()) == (200, {"microphone": "kitchen", "held": True})
        assert kitchen.is_set() and not hall.is_set()
        assert voice.talk["kitchen"] is kitchen  # the very event the microphone loop reads

        async with http.get(url, headers=AUTH) as r:
            assert r.status == 200
            assert await r.json() == {
                "push_to_talk": True,
                "microphones": [
                    {"microphone": "kitchen", "held": True},
                    {"microphone": "hall", "held": False},
                ],
            }

        async with http.post(url, json={"microphone": "kitchen", "held": False}, headers=AUTH) as r:
            assert (r.status, await r.json()) == (200, {"microphone": "kitchen", "held": False})
        assert not kitchen.is_set()
        # Releasing twice is harmless (a button may send its release more than once).
        async with http.post(url, json={"microphone": "kitchen", "held": False}, headers=AUTH) as r:
            assert r.status == 200
        assert not kitchen.is_set()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
async def test_talk_needs_the_token(method: str, headers: dict[str, str]) -> None:
    voice = _service()
    async with (
        _serving(voice) as (url, http),
        http.request(
            method, url, json={"microphone": "kitchen", "held": True}, headers=headers
        ) as r,
    ):
        assert r.status == 401
        assert (await r.json())["code"] == "unauthorized"
    assert not voice.talk["kitchen"].is_set()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "bad_json"),
        (b'{"microphone": "kitchen"}', "invalid"),
        (b'{"held": true}', "invalid"),
        (b'{"microphone": "", "held": true}', "invalid"),
        (b'{"microphone": "kitchen", "held": "yes"}', "invalid"),
        (b'{"microphone": "kitchen", "held": 1}', "invalid"),
        (b'{"microphone": "kitchen", "held": true, "room": "x"}', "invalid"),
        (b'["kitchen", true]', "invalid"),
    ],
)
async def test_malformed_bodies_are_400(body: bytes, code: str) -> None:
    voice = _service()
    async with _serving(voice) as (url, http):
        headers = {**AUTH, "Content-Type": "application/json"}
        async with http.post(url, data=body, headers=headers) as r:
            assert r.status == 400
            reply = await r.json()
        assert reply["ok"] is False and reply["code"] == code
    assert not voice.talk["kitchen"].is_set()


async def test_unknown_microphone_is_404_naming_the_known_ones() -> None:
    voice = _service()
    async with (
        _serving(voice) as (url, http),
        http.post(url, json={"microphone": "attic", "held": True}, headers=AUTH) as r,
    ):
        assert r.status == 404
        reply = await r.json()
    assert reply["code"] == "unknown_microphone"
    assert "'attic'" in reply["error"]
    assert "'kitchen'" in reply["error"] and "'hall'" in reply["error"]
    assert not any(e.is_set() for e in voice.talk.values())


async def test_push_to_talk_off_is_404() -> None:
    voice = _service(push_to_talk=False)
    assert voice.talk == {}
    async with _serving(voice) as (url, http):
        async with http.post(url, json={"microphone": "kitchen", "held": True}, headers=AUTH) as r:
            assert r.status == 404
            reply = await r.json()
        assert reply["code"] == "push_to_talk_off"
        assert "voice.push_to_talk" in reply["error"]
        async with http.get(url, headers=AUTH) as r:
            assert (r.status, await r.json()) == (200, {"push_to_talk": False, "microphones": []})


async def test_routes_are_listed() -> None:
    async with (
        _serving(_service()) as (url, http),
        http.get(url.removesuffix("/voice/talk"), headers=AUTH) as r,
    ):
        listed = {(x["method"], x["path"], x["auth"]) for x in (await r.json())["routes"]}
    assert {("GET", "/api/voice/talk", True), ("POST", "/api/voice/talk", True)} <= listed
