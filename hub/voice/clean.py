"""Noise suppression per audio stream: WebRTC's, the one Home Assistant's voice pipeline uses.

It learns each room's noise from the audio around the speech, so a stream keeps one suppressor
for as long as it runs (a microphone, a satellite), and a recording is primed by a first pass
over the whole file. On the 98 dev cases under pink noise at 10 dB SNR (bench/voice_bench.py,
pocketsphinx grammar mode) level 2 raised festival slt from 52 to 78-80 right of 103 turns and
espeak en-us from 91 to 95; clean speech scored the same. Level 3 was alike, 4 worse. Started
fresh on each clip instead, with speech in its first frames and nothing to learn the noise
from, it cost clean espeak en-us 4 turns (6 wrong): hence the priming.
It costs 2 ms per second of audio.

Its input carries a least-significant-bit dither (DITHER_LSB): after digital silence (a
synthesiser's, a satellite's that gates its own noise, a muted microphone's) a fresh
suppressor took the first 100 ms of speech down by 6-12 dB ("is the garage door open": 553 and
1941 RMS in its first 30 ms frames for 2074 and 4287; with the dither 1372 and 4142), and the
first word with it. A new stream per turn (bench/voice_bench.py --room, clean speech) went from
91, 92 and 70-73 exact actions of 98 (festival slt, espeak en-us, en-gb+f3) to 97, 96 and 80-81;
with the suppressor off they were 96, 94 and 78. Pink noise in the room at 25 to 60 dB SNR
needed no dither (94-97 exact either way): a real microphone's own noise is far above it.
"""

from __future__ import annotations

import functools
import logging
import random
import warnings
from array import array
from typing import Any

with warnings.catch_warnings():  # stdlib until 3.13 (wyoming falls back the same way)
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

from hub.voice.audio import RATE, WIDTH, Frames, Loop

log = logging.getLogger(__name__)

FRAME_BYTES = RATE // 100 * WIDTH  # the library takes 10 ms frames of 16 kHz s16 mono
# +-2 of 32768 (-88 dBFS RMS), added only to frames of digital silence: under any microphone's
# own noise, and enough that the suppressor's noise estimate never sees true zeros.
DITHER_LSB = 2


@functools.cache
def _dither() -> bytes:
    """A second of seeded uniform dither, looped: the same audio is cleaned the same way."""
    rnd = random.Random(3)
    return array("h", (rnd.randint(-DITHER_LSB, DITHER_LSB) for _ in range(RATE))).tobytes()


class NoiseSuppressor:
    """Cleans one stream's audio in order; a chunk's last partial frame waits for the next."""

    def __init__(self, level: int) -> None:
        from webrtc_noise_gain import AudioProcessor

        self.level = level
        self._processor: Any = AudioProcessor(0, level)  # no auto gain: floor.py levels speech
        self._frames = Frames(FRAME_BYTES)
        self._dither = Loop(_dither())

    def process(self, chunk: bytes) -> bytes:
        data, run = self._frames.whole(chunk), self._processor.Process10ms
        return b"".join(
            run(self._dithered(data[i : i + FRAME_BYTES])).audio
            for i in range(0, len(data), FRAME_BYTES)
        )

    def _dithered(self, frame: bytes) -> bytes:
        """The frame with dither added if it is digital silence (within the dither's range):
        any other sound goes in as it came."""
        if audioop.max(frame, WIDTH) > DITHER_LSB:
            return frame
        return audioop.add(frame, self._dither.take(len(frame)), WIDTH)

    def flush(self) -> bytes:
        """The last partial frame (under 10 ms), as it came."""
        rest, self._frames.rest = self._frames.rest, b""
        return rest

    def prime(self, pcm: bytes) -> None:
        """Learn a recording's noise from all of it before it is heard (output dropped)."""
        self.process(pcm)
        self._frames.rest = b""


@functools.cache
def available() -> bool:
    """Whether webrtc-noise-gain is installed (the voice extra); says so once if not."""
    try:
        import webrtc_noise_gain  # noqa: F401
    except ImportError:
        log.warning("noise suppression is off: webrtc-noise-gain is not installed")
        return False
    return True


def suppressor(level: int) -> NoiseSuppressor | None:
    """A suppressor at `level` (1-4), or None when off (0) or the library is not installed."""
    return NoiseSuppressor(level) if level > 0 and available() else None


def clean_file(pcm: bytes, level: int) -> bytes:
    """A whole recording cleaned the way a stream would be, after priming on itself."""
    ns = suppressor(level)
    if ns is None:
        return pcm
    ns.prime(pcm)
    return ns.process(pcm) + ns.flush()
