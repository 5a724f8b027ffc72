"""End-pointing on synthetic signals: tones for speech, silence and low noise between."""

from __future__ import annotations

import math
import random
import struct

import pytest
from pydantic import ValidationError

from hub.voice import Endpointer, Mark, VadConfig
from hub.voice.audio import RATE, chunked


def tone(seconds: float, amp: int = 8000, hz: float = 300.0) -> bytes:
    n = int(RATE * seconds)
    return struct.pack(
        f"<{n}h", *(int(amp * math.sin(2 * math.pi * hz * i / RATE)) for i in range(n))
    )


def noise(seconds: float, amp: int = 40) -> bytes:
    rng = random.Random(1)
    n = int(RATE * seconds)
    return struct.pack(f"<{n}h", *(rng.randint(-amp, amp) for _ in range(n)))


def marks(ep: Endpointer, pcm: bytes) -> list[Mark]:
    out = [s.mark for c in chunked(pcm) for s in ep.feed(c)] + [s.mark for s in ep.flush()]
    return [m for m in out if m is not Mark.AUDIO]


def test_two_utterances_are_found() -> None:
    pcm = noise(0.5) + tone(0.8) + noise(1.0) + tone(0.6) + noise(1.0)
    assert marks(Endpointer(), pcm) == [Mark.START, Mark.END, Mark.START, Mark.END]


def test_silence_and_a_click_are_not_speech() -> None:
    pcm = noise(1.0) + tone(0.03) + noise(1.0)  # 30 ms: shorter than start_ms
    assert marks(Endpointer(), pcm) == []


def test_a_short_pause_inside_speech_does_not_end_it() -> None:
    pcm = noise(0.3) + tone(0.5) + noise(0.3) + tone(0.5) + noise(1.0)
    assert marks(Endpointer(VadConfig(end_silence_ms=600)), pcm) == [Mark.START, Mark.END]


def test_stream_ending_mid_speech_closes_the_utterance() -> None:
    assert marks(Endpointer(), noise(0.3) + tone(1.0)) == [Mark.START, Mark.END]


def test_too_long_an_utterance_is_cut() -> None:
    ms = marks(Endpointer(VadConfig(max_utterance_s=1.0)), noise(0.3) + tone(2.5))
    assert ms[:2] == [Mark.START, Mark.END]


def test_pre_roll_and_all_audio_reach_the_recogniser() -> None:
    pcm = noise(0.5) + tone(0.8) + noise(1.0)
    ep = Endpointer(VadConfig(pre_roll_ms=300))
    segs = [s for c in chunked(pcm) for s in ep.feed(c)] + ep.flush()
    start = next(s for s in segs if s.mark is Mark.START)
    assert len(start.audio) >= int(0.3 * RATE) * 2  # the quiet lead-in is kept
    total = sum(len(s.audio) for s in segs)
    assert int(1.0 * RATE) * 2 <= total <= len(pcm)


def test_noise_floor_adapts_to_a_louder_room() -> None:
    ep = Endpointer()
    loud_room = noise(2.0, amp=600)
    assert marks(ep, loud_room) == []
    assert ep.threshold > VadConfig().min_rms
    assert marks(ep, tone(0.8, amp=12000) + noise(1.0, amp=600)) == [Mark.START, Mark.END]


def test_silent_ms_counts_the_quiet_since_speech() -> None:
    ep = Endpointer()
    for c in chunked(noise(0.3) + tone(0.5)):
        ep.feed(c)
    assert ep.speaking and ep.silent_ms == 0
    ep.feed(noise(0.3))
    frame_ms = ep.cfg.frame_ms
    assert 0.3 * 1000 - 2 * frame_ms <= ep.silent_ms <= 0.3 * 1000
    assert ep.silent_ms % frame_ms == 0


def test_silent_ms_is_zero_outside_an_utterance() -> None:
    ep = Endpointer()
    ep.feed(noise(1.0))
    assert not ep.speaking and ep.silent_ms == 0


def test_end_closes_the_utterance_and_the_stream_goes_on() -> None:
    ep = Endpointer()
    for c in chunked(noise(0.3) + tone(0.5) + noise(0.3)):
        ep.feed(c)
    assert ep.end().mark is Mark.END
    assert not ep.speaking and ep.silent_ms == 0
    assert ep.flush() == []  # nothing left open
    ep = Endpointer()
    for c in chunked(noise(0.3) + tone(0.5) + noise(0.3)):
        ep.feed(c)
    ep.end()
    # The rest of that silence is no utterance; the next speech is a new one.
    assert marks(ep, noise(1.0) + tone(0.5) + noise(1.0)) == [Mark.START, Mark.END]


def test_quick_end_is_validated() -> None:
    assert VadConfig().quick_end_ms < VadConfig().end_silence_ms
    with pytest.raises(ValidationError):
        VadConfig(end_silence_ms=300, quick_end_ms=400)
    with pytest.raises(ValidationError):
        VadConfig(quick_end_ms=10)
