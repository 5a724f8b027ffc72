"""The pause after speech: when the pipeline asks a recogniser for the command said so far."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from hub.voice import RecognizerPool, VoiceCommand, VoiceConfig, VoicePipeline
from hub.voice.audio import RATE, WIDTH
from hub.voice.grammar import Grammar
from hub.voice.recognizer import Heard
from tests.fixtures.voice import silence, tone

BYTES_PER_MS = RATE * WIDTH // 1000
SPEECH_S, LEAD_S = 1.0, 0.5


class FakePeekingEngine:
    """A fake: its partial is a fixed text, its peek answers from a script, its final is the
    partial heard whole."""

    engine = "fake"
    grammar = Grammar(
        (("switch", "off", "the", "heater"), ("turn", "on", "the", "light"), ("lights", "off")),
        joiner="and",
    )

    def __init__(self, partial: str, peeked: Heard | None) -> None:
        self.missing: list[str] = []
        self.partial = partial
        self.peeked = peeked
        self.peeks = 0
        self.fits: Callable[[str], bool] | None = None  # what the last peek's hearing had to fit

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        pass

    def accept_waveform(self, chunk: bytes) -> str:
        return self.partial

    def peek(self, bar: float, fits: Callable[[str], bool]) -> Heard | None:
        self.peeks += 1
        self.fits = fits
        return self.peeked

    def final(self) -> Heard:
        return Heard(self.partial, 0.9)

    def vocabulary_has(self, word: str) -> bool:
        return True


def handed_on(rec: FakePeekingEngine) -> list[tuple[str, int]]:
    """What one spoken second followed by silence handed on: (text, ms after speech ended)."""
    got: list[tuple[str, int]] = []
    fed = 0

    async def source() -> AsyncIterator[bytes]:
        nonlocal fed
        audio = silence(LEAD_S) + tone(SPEECH_S, 6000) + silence(1.5)
        for i in range(0, len(audio), 1600):  # 50 ms chunks
            fed += 1600
            yield audio[i : i + 1600]

    async def on_command(command: VoiceCommand) -> str:
        end = int((LEAD_S + SPEECH_S) * RATE * WIDTH)
        got.append((command.text, (fed - end) // BYTES_PER_MS))
        return ""

    async def run() -> None:
        pool = RecognizerPool(lambda: rec, 1)
        try:
            pipeline = VoicePipeline(pool, on_command, VoiceConfig(noise_suppression=0))
            await pipeline.listen(source(), "hall", "s")
        finally:
            pool.close()

    asyncio.run(run())
    return got


def test_a_command_heard_with_a_word_too_many_is_peeked_at_the_quick_end() -> None:
    """The partial ("... heater and": noise heard as the start of another command) is no whole
    command, but a whole one and more: the recogniser is asked once, and what it heard so far
    is handed on at the quick end, not after the full silence."""
    quick, full = VoiceConfig().vad.quick_end_ms, VoiceConfig().vad.end_silence_ms
    rec = FakePeekingEngine("switch off the heater and", Heard("switch off the heater", 0.95))
    [(text, waited_ms)] = handed_on(rec)
    assert text == "switch off the heater" and rec.peeks == 1
    assert rec.fits is not None and rec.fits("switch off the heater")
    assert not rec.fits("turn on the light")  # not some other command
    assert quick <= waited_ms < full


def test_no_peek_before_a_whole_command_was_heard() -> None:
    """ "turn on the": the person may be looking for a word, so the full silence is waited."""
    rec = FakePeekingEngine("turn on the", Heard("turn on the light", 0.95))
    [(text, waited_ms)] = handed_on(rec)
    assert text == "turn on the" and rec.peeks == 0  # the final hearing, after the full silence
    assert waited_ms >= VoiceConfig().vad.end_silence_ms


def test_an_unsure_peek_leaves_the_utterance_to_its_end() -> None:
    rec = FakePeekingEngine("lights off and the", None)
    [(text, waited_ms)] = handed_on(rec)
    assert rec.peeks == 1 and text == "lights off and the"
    assert waited_ms >= VoiceConfig().vad.end_silence_ms


def test_a_peek_may_hear_the_start_again_when_it_keeps_what_followed_the_joiner() -> None:
    """Under noise "turn on the light" was heard so far as "lights off and the light": a whole
    command, the joiner, and the rest. A whole hearing that ends with that rest may hand on."""
    rec = FakePeekingEngine("lights off and the light", Heard("turn on the light", 0.95))
    [(text, waited_ms)] = handed_on(rec)
    assert rec.peeks == 1 and text == "turn on the light"
    assert rec.fits is not None and rec.fits("lights off") and rec.fits("turn on the light")
    assert not rec.fits("switch off the heater")  # neither begins nor ends as heard so far
    assert waited_ms < VoiceConfig().vad.end_silence_ms
