"""The noise floor under speech, and the speech level a stream carries from one utterance on."""

from __future__ import annotations

import asyncio
import math
from array import array
from collections.abc import AsyncIterator

import pytest

from hub.voice.audio import Loop
from hub.voice.config import VoiceConfig
from hub.voice.engines import RecognizerPool
from hub.voice.floor import MAX_GAIN, SNR_DB, TARGET_RMS, NoiseFloor, snr_db, speech_rms
from hub.voice.pipeline import VoiceCommand, VoicePipeline
from hub.voice.recognizer import Heard
from tests.fixtures.voice import rms, silence, tone


def test_speech_is_levelled_and_the_floor_sits_snr_below_it() -> None:
    floor = NoiseFloor()
    for level in (1000.0, 3000.0, 12000.0):
        floor.set_level(level)
        speech = tone(1.0, round(level * math.sqrt(2)))  # RMS `level`
        assert abs(speech_rms(floor.mix(speech)) / TARGET_RMS - 1) < 0.02
        floor.set_level(level)
        added = rms(floor.mix(silence(2.0)))
        assert abs(20 * math.log10(TARGET_RMS / added) - SNR_DB) < 0.5
    floor.set_level(1.0)  # silence is not raised to speech
    assert floor.gain == MAX_GAIN


def test_floor_runs_on_across_chunks_and_clips() -> None:
    """Chunk by chunk is the same noise as all at once (no restart at each chunk)."""
    whole, parts = NoiseFloor(), NoiseFloor()
    audio = tone(3.0, 2000)  # longer than the noise loop
    at_once = whole.mix(audio)
    in_chunks = b"".join(parts.mix(audio[i : i + 3200]) for i in range(0, len(audio), 3200))
    assert in_chunks == at_once and len(at_once) == len(audio)
    loud = NoiseFloor()
    loud.set_level(1000)  # gain 3.3
    full_scale = array("h", [32767, -32768] * 800).tobytes()
    mixed = array("h", loud.mix(full_scale))
    assert max(mixed) == 32767 and min(mixed) == -32768  # clipped, never wrapped around


def test_speech_level_is_the_loud_frames() -> None:
    """Pauses do not pull the level down: it is what most speech frames reach."""
    speech = tone(1.0, 8000)  # RMS 5657
    assert abs(speech_rms(speech) - 5657) < 30
    assert abs(speech_rms(silence(0.5) + speech + silence(0.3)) - 5657) < 30
    assert speech_rms(b"") == 0.0


def test_snr_is_the_loud_frames_over_the_quiet_ones() -> None:
    """An utterance with its pre-roll and the end-pointer's wait: speech 20 dB over the noise."""
    frames = [100.0] * 40 + [1000.0] * 100 + [100.0] * 30
    assert abs(snr_db(frames) - 20.0) < 0.01
    assert snr_db([]) == 0.0 and snr_db([0.0] * 10) == 0.0  # digital silence: nothing above it


class FakeRecognizer:
    """A fake: records the level each utterance starts with, and hears a fixed level back."""

    engine = "fake"
    grammar = None

    def __init__(self, levels: list[float]) -> None:
        self.levels = levels
        self.started: list[float | None] = []
        self.adapted_at_start: list[str] = []
        self.missing: list[str] = []

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        self.started.append(speech_rms)
        self.adapted_at_start.append(adapted)

    def accept_waveform(self, chunk: bytes) -> str:
        return ""

    def final(self) -> Heard:
        n = len(self.started)
        return Heard("lights off", 0.9, speech_rms=self.levels[n - 1], adapted=f"mean {n}")

    def vocabulary_has(self, word: str) -> bool:
        return True


def test_a_stream_starts_each_utterance_at_its_last_level() -> None:
    rec = FakeRecognizer([4000.0, 0.0, 900.0, 0.0])  # 0.0: an engine that measures no level

    async def source() -> AsyncIterator[bytes]:
        audio = silence(0.5)
        for _ in range(4):
            audio += tone(0.6, 6000) + silence(1.0)
        for i in range(0, len(audio), 3200):
            yield audio[i : i + 3200]

    async def on_command(command: VoiceCommand) -> str:
        return ""

    async def run() -> None:
        pool = RecognizerPool(lambda: rec, 1)
        try:
            await VoicePipeline(pool, on_command).listen(source(), "office", "s")
        finally:
            pool.close()

    asyncio.run(run())
    # The first utterance has no level yet; an utterance that measured none keeps the last one.
    assert rec.started == [None, 4000.0, 4000.0, 900.0]


class FakeRoomEngine:
    """A fake: hears which room an utterance came from by its loudness, says so in what it
    adapted to, and records what each utterance started from."""

    engine = "fake"
    grammar = None

    def __init__(self) -> None:
        self.missing: list[str] = []
        self.started: list[str] = []  # the `adapted` each utterance started from
        self.heard: list[str] = []  # the room each utterance was from
        self._peak = 0

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        self.started.append(adapted)
        self._peak = 0

    def accept_waveform(self, chunk: bytes) -> str:
        self._peak = max(self._peak, max(array("h", chunk), default=0))
        return ""

    def final(self) -> Heard:
        room = "loud room" if self._peak > 4500 else "quiet room"
        self.heard.append(room)
        return Heard("lights off", 0.9, adapted=room)

    def vocabulary_has(self, word: str) -> bool:
        return True


def test_rooms_sharing_a_recogniser_each_start_from_their_own_adaptation() -> None:
    rec = FakeRoomEngine()

    async def room(amplitude: int, lead_s: float) -> AsyncIterator[bytes]:
        audio = silence(lead_s)
        for _ in range(3):
            audio += tone(0.6, amplitude) + silence(1.2)
        for i in range(0, len(audio), 3200):
            yield audio[i : i + 3200]
            await asyncio.sleep(0.001)  # the two rooms' chunks interleave

    async def on_command(command: VoiceCommand) -> str:
        return ""

    async def run() -> None:
        pool = RecognizerPool(lambda: rec, 1)
        # No noise suppression: it would take the steady tones for noise.
        pipeline = VoicePipeline(pool, on_command, VoiceConfig(noise_suppression=0))
        try:
            await asyncio.gather(
                pipeline.listen(room(6000, 0.5), "kitchen", "k"),
                pipeline.listen(room(3000, 1.4), "bedroom", "b"),
            )
        finally:
            pool.close()

    asyncio.run(run())
    assert len(rec.heard) == 6 and rec.heard[:2] == ["loud room", "quiet room"]  # alternating
    # Each room's first utterance has nothing to start from; after that, its own and never
    # the other room's, though the recogniser heard that one last.
    assert rec.started[:2] == ["", ""]
    assert rec.started[2:] == rec.heard[2:]


def test_a_satellites_utterances_carry_its_level_and_adaptation() -> None:
    rec = FakeRecognizer([4000.0, 900.0, 0.0])

    async def utterance() -> AsyncIterator[bytes]:
        yield tone(0.3, 6000)

    async def on_command(command: VoiceCommand) -> str:
        return ""

    async def run() -> list[str]:
        pool = RecognizerPool(lambda: rec, 1)
        pipeline = VoicePipeline(pool, on_command)
        try:
            got = [(await pipeline.hear(utterance(), "porch", "sat-1")).adapted for _ in range(2)]
            await pipeline.hear(utterance(), "porch", "sat-2")  # another satellite: its own
            return got
        finally:
            pool.close()

    adapted = asyncio.run(run())
    assert rec.started == [None, 4000.0, None]
    assert rec.adapted_at_start == ["", adapted[0], ""]


def test_a_loop_plays_its_sound_round_and_round_across_takes() -> None:
    loop = Loop(b"abcdefgh")
    assert [loop.take(n) for n in (3, 3, 3, 16, 0)] == [
        b"abc",
        b"def",
        b"gha",
        b"bcdefghabcdefgha",
        b"",
    ]
    with pytest.raises(ValueError):
        Loop(b"")  # it would never give a byte
