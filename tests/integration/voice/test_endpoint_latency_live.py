"""End of speech to hand-on, measured in audio: how much silence a person waits through.

Each command is festival's slt voice followed by 1.5 s of silence, streamed in microphone-sized
chunks through `VoicePipeline.listen`. When the command is handed on, the audio fed so far past
the end of speech (the last loud 10 ms frame) is what a person standing there waited: a
microphone delivers a chunk only once all of it has been captured. Decode time (a few ms) is
not counted; it is wall time, measured by the bench.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hub.core import HomeSnapshot
from hub.voice import (
    Endpointer,
    Mark,
    RecognizerPool,
    VadConfig,
    VoiceCommand,
    VoicePipeline,
    WakeConfig,
    build_grammar,
)
from hub.voice.audio import CHUNK_BYTES, RATE, WIDTH, chunked
from hub.voice.sphinx import PocketsphinxRecognizer
from hub.voice.wake import WakeWord
from tests.fixtures.voice import FRAME_BYTES, in_room_noise, loud_frames, silence, trimmed, words

pytestmark = pytest.mark.voice

VOICE = "slt"
BYTES_PER_MS = RATE * WIDTH // 1000
TARGET_MS = 400  # end of speech to action, of which decode takes ~5 ms
COMMANDS = [
    "turn on the kitchen light",
    "unlock the front door",
    "turn off the kitchen light",
]


def speech_end(pcm: bytes) -> int:
    """The byte just past the clip's last loud 10 ms frame."""
    return loud_frames(pcm)[-1] + FRAME_BYTES


@dataclass
class Timed:
    """One listen() run over a source that counts the bytes it has handed out."""

    fed: int = 0
    commands: list[tuple[str, int]] = field(default_factory=list)  # (words, bytes fed then)

    async def source(self, pcm: bytes, size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        for chunk in chunked(pcm, size):
            self.fed += len(chunk)
            yield chunk
            await asyncio.sleep(0)

    async def on_command(self, cmd: VoiceCommand) -> str:
        assert cmd.heard.complete
        self.commands.append((words(cmd.text), self.fed))
        return "ok"

    async def run(self, pool: RecognizerPool, pcm: bytes, wake: WakeWord | None = None) -> None:
        pipeline = VoicePipeline(pool, self.on_command)
        await asyncio.wait_for(pipeline.listen(self.source(pcm), "kitchen", "mic:k", wake=wake), 30)


@pytest.mark.parametrize("text", COMMANDS)
async def test_a_whole_command_is_handed_on_soon_after_speech_ends(
    pcm: Callable[[str], bytes], pool: RecognizerPool, text: str
) -> None:
    lead, clip = silence(0.5), pcm(text)
    end = len(lead) + speech_end(clip)
    timed = Timed()
    await timed.run(pool, lead + clip + silence(1.5))
    assert [w for w, _ in timed.commands] == [text]
    waited_ms = (timed.commands[0][1] - end) / BYTES_PER_MS
    print(f"{text!r}: handed on {waited_ms:.0f} ms of audio after speech ended")
    assert 0 <= waited_ms < TARGET_MS


async def test_a_pause_mid_sentence_does_not_cut_the_command(
    pcm: Callable[[str], bytes], pool: RecognizerPool
) -> None:
    """ "turn on the" is no command: the pause after it is waited out, and the whole is heard."""
    first, second = trimmed(pcm("turn on the")), trimmed(pcm("kitchen light"))
    audio = silence(0.5) + first + silence(0.35) + second + silence(1.5)
    # The control: the pause is long enough to end a whole command quickly.
    quick = Endpointer(VadConfig(end_silence_ms=VadConfig().quick_end_ms))
    ends = [s for c in chunked(audio) for s in quick.feed(c) if s.mark is Mark.END]
    assert len(ends) == 2
    timed = Timed()
    await timed.run(pool, audio)
    assert [w for w, _ in timed.commands] == ["turn on the kitchen light"]


async def test_wake_word_then_a_quick_command(
    pcm: Callable[[str], bytes], pool: RecognizerPool
) -> None:
    """The wake path ends its command just as soon, and the tail still carries the first words."""
    text = "turn on the kitchen light"
    lead, clip = silence(0.5) + pcm(WakeConfig().phrase), pcm(text)
    end = len(lead) + speech_end(clip)
    timed = Timed()
    await timed.run(pool, lead + clip + silence(1.5), wake=WakeWord())
    assert [w for w, _ in timed.commands] == [text]
    waited_ms = (timed.commands[0][1] - end) / BYTES_PER_MS
    print(f"after the wake word, {text!r}: handed on {waited_ms:.0f} ms after speech ended")
    assert 0 <= waited_ms < TARGET_MS


async def test_a_fresh_recogniser_in_a_noisy_room_ends_its_first_command_soon(
    pcm: Callable[[str], bytes], snapshot: HomeSnapshot, tmp_path: Path
) -> None:
    """The first command after a start, in pink noise at 10 dB SNR: the recogniser's cepstral
    mean is still the one it was made with, so it hears the command again from its own once
    1.2 s is in (sphinx.ADAPT_AFTER_BYTES), and the partial is whole at the quick end. Heard
    from the first mean to its end, the partial was "turn on the kitchen light" only after
    the full silence (630 ms). (Under this noise some commands' partials are not whole at all,
    "turn office kitchen light", fresh or not: those wait the full silence.)"""
    text = "turn on the kitchen light"
    clip = trimmed(pcm(text))
    audio = in_room_noise(clip, 10.0, tmp_path)
    end = int(RATE * WIDTH * 1.0) + speech_end(clip)  # the noise starts a second before
    pool = RecognizerPool(lambda: PocketsphinxRecognizer(build_grammar(None, snapshot)), 1)
    timed = Timed()
    try:
        await timed.run(pool, audio)
    finally:
        pool.close()
    assert [w for w, _ in timed.commands] == [text]
    waited_ms = (timed.commands[0][1] - end) / BYTES_PER_MS
    print(f"{text!r} in noise, fresh: handed on {waited_ms:.0f} ms of audio after speech ended")
    assert 0 <= waited_ms < TARGET_MS
