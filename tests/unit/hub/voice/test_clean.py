"""Noise suppression per stream (WebRTC's, the real library: it is fast enough for a unit test)."""

from __future__ import annotations

import asyncio
import logging
import math
import sys
from collections.abc import AsyncIterator

import pytest

from hub.voice import clean
from hub.voice.clean import FRAME_BYTES, NoiseSuppressor, clean_file, suppressor
from hub.voice.config import VoiceConfig
from hub.voice.engines import RecognizerPool
from hub.voice.floor import _unit_noise
from hub.voice.pipeline import VoiceCommand, VoicePipeline
from hub.voice.recognizer import Heard
from tests.fixtures.voice import rms, silence


def test_audio_keeps_its_length_and_order_across_odd_chunks() -> None:
    ns = NoiseSuppressor(2)
    audio = _unit_noise()[: 16000 * 2]  # 1 s
    sizes = [1, 319, 321, 3200, 4000, 999]
    out, pos = b"", 0
    for size in sizes:
        out += ns.process(audio[pos : pos + size])
        pos += size
    out += ns.process(audio[pos:])
    assert len(out) % FRAME_BYTES == 0 and len(out) + len(ns.flush()) == len(audio)
    assert ns.flush() == b""  # flushed once


def test_noise_is_suppressed_once_learnt() -> None:
    noise = _unit_noise()  # 2 s of pink noise
    ns = NoiseSuppressor(2)
    ns.prime(noise)
    after = ns.process(noise)
    drop_db = 20 * math.log10(rms(noise) / max(1.0, rms(after)))
    assert drop_db > 10, drop_db


def test_a_sound_right_after_digital_silence_keeps_its_onset() -> None:
    """After a second of true zeros a fresh suppressor took the first 100 ms of a sound down to
    a quarter of its level (it had learnt a noise of nothing); with the dither, about 2/3."""
    burst = _unit_noise()[:9600]  # 0.3 s of pink noise, as loud as speech
    ns = NoiseSuppressor(2)
    out = ns.process(silence(1.0) + burst)
    onset = out[32000 : 32000 + 3200]
    assert rms(onset) > 0.5 * rms(burst[:3200]), rms(onset) / rms(burst[:3200])


def test_only_digital_silence_is_dithered() -> None:
    """Any other sound reaches WebRTC's suppressor exactly as it came."""
    from webrtc_noise_gain import AudioProcessor

    noise = _unit_noise()[:16000]
    plain = AudioProcessor(0, 2)
    expected = b"".join(
        plain.Process10ms(noise[i : i + FRAME_BYTES]).audio
        for i in range(0, len(noise), FRAME_BYTES)
    )
    assert NoiseSuppressor(2).process(noise) == expected


def test_a_file_is_cleaned_to_its_full_length_after_priming() -> None:
    noise = _unit_noise()[:12346]  # not a whole number of 10 ms frames
    cleaned = clean_file(noise, 2)
    assert len(cleaned) == len(noise)
    assert rms(cleaned) < rms(noise) / 3


def test_level_0_is_off() -> None:
    audio = _unit_noise()[:3200]
    assert suppressor(0) is None
    assert clean_file(audio, 0) == audio


def test_without_the_library_audio_passes_as_it_came_and_it_is_said_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "webrtc_noise_gain", None)  # import fails
    clean.available.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="hub.voice.clean"):
            assert suppressor(2) is None and suppressor(3) is None
            assert clean_file(b"\x01\x00" * 500, 2) == b"\x01\x00" * 500
        assert [r.getMessage() for r in caplog.records] == [
            "noise suppression is off: webrtc-noise-gain is not installed"
        ]
    finally:
        clean.available.cache_clear()


class RecordingRecognizer:
    """A fake: keeps the audio each utterance was fed, and hears nothing."""

    engine = "fake"
    grammar = None

    def __init__(self) -> None:
        self.fed: list[bytes] = []
        self.missing: list[str] = []

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        self.fed.append(b"")

    def accept_waveform(self, chunk: bytes) -> str:
        self.fed[-1] += chunk
        return ""

    def final(self) -> Heard:
        return Heard("", 0.0)

    def vocabulary_has(self, word: str) -> bool:
        return True


def test_a_satellite_keeps_its_noise_learnt_from_one_utterance_to_the_next() -> None:
    """Satellites send utterance by utterance: the second one is cleaned from its first frame."""
    rec = RecordingRecognizer()
    noise = _unit_noise()

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(noise), 2048):  # Wyoming's usual 1024-sample chunks
            yield noise[i : i + 2048]

    async def run() -> None:
        pool = RecognizerPool(lambda: rec, 1)
        try:
            pipeline = VoicePipeline(pool, _ignore, VoiceConfig(noise_suppression=2))
            for stream in ("wyoming:10.0.0.7", "wyoming:10.0.0.7", "wyoming:10.0.0.8"):
                await pipeline.hear(chunks(), "office", stream)
            off = VoicePipeline(pool, _ignore, VoiceConfig(noise_suppression=0))
            await off.hear(chunks(), "office", "wyoming:10.0.0.7")
        finally:
            pool.close()

    asyncio.run(run())
    first, learnt, other, raw = [rms(fed[:3200]) for fed in rec.fed]  # the first 100 ms
    assert raw == rms(noise[:3200])  # off: fed as it came
    assert first < raw / 3
    assert learnt < 0.8 * first  # the same satellite again: it knows the noise already
    assert other == first  # another satellite starts afresh, on its own room


async def _ignore(command: VoiceCommand) -> None:
    return None
