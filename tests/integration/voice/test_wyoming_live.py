"""A Wyoming satellite streams a WAV over a real socket and gets its text back, with its room."""

from __future__ import annotations

from typing import Any

import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient

from hub.voice import (
    RecognizerPool,
    SatelliteConfig,
    VoiceCommand,
    VoicePipeline,
    WyomingServerConfig,
)
from hub.voice.audio import chunked, read_wav
from hub.voice.tts import Speaker
from hub.voice.wyoming_server import WyomingVoiceServer

pytestmark = pytest.mark.voice


async def test_satellite_utterance_carries_its_area(speak: Any, sphinx: Any) -> None:
    got: list[VoiceCommand] = []

    async def on_command(cmd: VoiceCommand) -> str:
        got.append(cmd)
        return "done"

    pool = RecognizerPool(lambda: sphinx, 1)
    pipeline = VoicePipeline(pool, on_command, speaker=Speaker("none"))
    sats = [SatelliteConfig(area="bedroom", host="10.9.9.9", name="bedroom-sat")]
    cfg = WyomingServerConfig(enabled=True, host="127.0.0.1", port=0)
    pcm = read_wav(speak("turn off the kitchen light", "slt"))
    async with WyomingVoiceServer(pipeline, cfg, sats) as server:
        for name, area in (("bedroom-sat", "bedroom"), (None, None)):
            async with AsyncTcpClient("127.0.0.1", server.port) as client:
                await client.write_event(Transcribe(name=name).event())
                await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
                for chunk in chunked(pcm, 2048):
                    await client.write_event(
                        AudioChunk(rate=16000, width=2, channels=1, audio=chunk).event()
                    )
                await client.write_event(AudioStop().event())
                event = await client.read_event()
                assert event is not None and Transcript.is_type(event.type)
                assert Transcript.from_event(event).text == "turn off the kitchen light"
            assert got[-1].area == area
    pool.close()
    assert len(got) == 2


async def test_area_from_transcribe_context_wins() -> None:
    server = WyomingVoiceServer(None, WyomingServerConfig(), [SatelliteConfig(area="a", host="h")])  # type: ignore[arg-type]
    assert server.area_for("h", None, {"area": "garage"}) == "garage"
    assert server.area_for("h", None, None) == "a"
    assert server.area_for("x", None, None) is None


def test_only_configured_satellites_and_this_machine_may_connect() -> None:
    sats = [SatelliteConfig(area="a", host="10.9.9.9")]
    server = WyomingVoiceServer(None, WyomingServerConfig(), sats)  # type: ignore[arg-type]
    assert server.allowed("10.9.9.9") and server.allowed("127.0.0.1") and server.allowed("::1")
    assert not server.allowed("10.9.9.8") and not server.allowed(None)
    assert not server.allowed("not-an-address")


async def test_an_endless_utterance_is_cut_at_the_longest(speak: Any, sphinx: Any) -> None:
    """A satellite that never sends audio-stop in time is heard for max_utterance_s only."""
    heard: list[float] = []

    async def on_command(cmd: VoiceCommand) -> str:
        heard.append(cmd.heard.audio_s)
        return "done"

    pool = RecognizerPool(lambda: sphinx, 1)
    pipeline = VoicePipeline(pool, on_command, speaker=Speaker("none"))
    cfg = WyomingServerConfig(enabled=True, host="127.0.0.1", port=0)
    pcm = read_wav(speak("turn off the kitchen light", "slt"))
    server = WyomingVoiceServer(pipeline, cfg, [], max_utterance_s=len(pcm) / 32000)
    async with server, AsyncTcpClient("127.0.0.1", server.port) as client:
        await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
        for chunk in chunked(pcm + bytes(32000 * 20), 4096):  # then 20 s of silence
            await client.write_event(
                AudioChunk(rate=16000, width=2, channels=1, audio=chunk).event()
            )
        await client.write_event(AudioStop().event())
        event = await client.read_event()
        assert event is not None
        assert Transcript.from_event(event).text == "turn off the kitchen light"
    pool.close()
    assert heard and abs(heard[0] - len(pcm) / 32000) < 0.01
