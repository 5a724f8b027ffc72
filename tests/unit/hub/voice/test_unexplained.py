"""The share of loud frames a hearing leaves to silence: arithmetic over fake segmentations."""

from __future__ import annotations

import pytest

from hub.voice.sphinx import PocketsphinxRecognizer

pytest.importorskip("pocketsphinx")


class FakeSegment:
    """A stand-in for a pocketsphinx segment: a word and its (inclusive) frames."""

    def __init__(self, word: str, start: int, end: int) -> None:
        self.word, self.start_frame, self.end_frame = word, start, end


class FakeDecoder:
    """A stand-in for the decoder's segmentation only."""

    def __init__(self, segments: list[FakeSegment]) -> None:
        self.segments = segments

    def seg(self) -> list[FakeSegment]:
        return self.segments


def test_unexplained_counts_loud_frames_left_to_silence() -> None:
    """The share of loud frames a hearing gives to silence/fillers instead of words."""
    rec = PocketsphinxRecognizer()  # free mode: no grammar needed for the arithmetic
    decoder = rec._decoder
    try:
        # Noise: loud throughout, one short word and "silence" over the rest.
        rec._energy = [1000.0] * 200
        rec._decoder = FakeDecoder([FakeSegment("<sil>", 0, 79), FakeSegment("no", 80, 109),
                                    FakeSegment("<sil>", 110, 199)])  # fmt: skip
        assert rec._unexplained() == 0.85
        # Speech: silence only where it is quiet, words over the loud frames.
        rec._energy = [10.0] * 30 + [1000.0] * 140 + [10.0] * 30
        rec._decoder = FakeDecoder([FakeSegment("<sil>", 0, 29), FakeSegment("turn", 30, 99),
                                    FakeSegment("on", 100, 169), FakeSegment("<sil>", 170, 199)])  # fmt: skip
        assert rec._unexplained() == 0.0
    finally:
        rec._decoder = decoder
