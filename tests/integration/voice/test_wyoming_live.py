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
