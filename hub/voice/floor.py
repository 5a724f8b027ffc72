"""Speech brought to one level, with a quiet pink-noise floor a fixed distance under it (pure).

pocketsphinx's acoustic model learnt from recordings, which always carry some room and
microphone noise; audio far cleaner than that (synthesised speech, satellites that gate their
own noise) is out of what it knows. Mixing in pink noise 35 dB below the speech gave it the floor
it expects: on the 98 dev cases (bench/voice_bench.py) espeak en-us went from 83-84 to 92-94
exact actions and en-gb+f3 from 70-72 to 77-83, festival slt stayed at 95-97. 30 and 40 dB
scored within a turn or two of 35; white noise about the same, brown noise worse. The floor
follows the speech level: a fixed -50 dBFS floor cost quiet speech (festival at -37 dBFS) a
quarter of its hearings, because to it that was loud noise. Real microphones' own noise is
usually above the floor already, and then the floor changes little.

The level is what the acoustic model's starting cepstral mean expects. Quiet speech (-51 dBFS)
was heard as "kitchen blind" for "kitchen light" by a fresh recogniser, and the mean it left
made the next loud utterance go unheard; levelled, both were right, and the 98 dev cases in
five voices scored the same as without.

The cost: pink noise in a trailing pause can sound like an "f", so the search may hang a "for"
or an "off" on a whole command ("... kitchen light for"). The quick end allows for that
(pipeline._Pause); a final hearing that keeps such a word is wrong, and was seen on espeak.
"""

from __future__ import annotations

import functools
import math
import random
import warnings
from array import array

with warnings.catch_warnings():  # stdlib until 3.13 (wyoming falls back the same way)
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

from hub.voice.audio import RATE, WIDTH, Loop
from hub.voice.vad import frame_rms

SNR_DB = 35.0
# Speech level (90th percentile of 10 ms frame RMS) assumed before any speech has been heard:
# -25 dBFS, close talk into a typical USB microphone; the synthesised dev cases sit at -15..-22.
DEFAULT_SPEECH_RMS = 32768 * 10 ** (-25 / 20)
# Speech is first brought to this level (90th percentile of 10 ms frame RMS), close to the
# synthesised dev cases: pocketsphinx's cepstral mean carries from one utterance to the next,
# and after a quiet microphone's utterance (-51 dBFS) a loud one was heard as nothing.
TARGET_RMS = 32768 * 10 ** (-20 / 20)
MAX_GAIN = 40.0  # 32 dB: quieter than -52 dBFS is mostly the room, not someone speaking
FRAME_BYTES = RATE // 100 * WIDTH
_UNIT_RMS = 4096.0  # the noise is kept at this RMS and scaled down: no precision lost
_LOOP_S = 2  # long enough that its repeating is not a sound of its own


@functools.cache
def _unit_noise() -> bytes:
    """Two seconds of pink noise at _UNIT_RMS (Paul Kellet's filter over seeded white noise)."""
    rnd = random.Random(7)
    b0 = b1 = b2 = b3 = b4 = b5 = b6 = 0.0
    out = []
    for _ in range(RATE * _LOOP_S):
        w = rnd.uniform(-1.0, 1.0)
        b0 = 0.99886 * b0 + w * 0.0555179
        b1 = 0.99332 * b1 + w * 0.0750759
        b2 = 0.96900 * b2 + w * 0.1538520
        b3 = 0.86650 * b3 + w * 0.3104856
        b4 = 0.55000 * b4 + w * 0.5329522
        b5 = -0.7616 * b5 - w * 0.0168980
        out.append(b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362)
        b6 = w * 0.115926
    scale = _UNIT_RMS / math.sqrt(sum(x * x for x in out) / len(out))
    return array("h", (max(-32768, min(32767, round(x * scale))) for x in out)).tobytes()


def level_of(frames: list[float]) -> float:
    """The speech level of frame RMS values: their 90th percentile, which most loud frames
    reach whatever the share of pauses (0 for none)."""
    return sorted(frames)[int(0.9 * (len(frames) - 1))] if frames else 0.0


def snr_db(frames: list[float]) -> float:
    """How far speech stands above the noise in an utterance's frame RMS values, in dB: the
    90th percentile (its speech) over the 10th (the pre-roll and the end-pointer's wait hold
    the room's noise); 0 for no frames."""
    if not frames:
        return 0.0
    ranked = sorted(frames)
    speech, noise = ranked[int(0.9 * (len(ranked) - 1))], ranked[int(0.1 * (len(ranked) - 1))]
    return 20 * math.log10(max(speech, 1.0) / max(noise, 1.0))


def speech_rms(pcm: bytes) -> float:
    """The speech level of some audio, from its 10 ms frames."""
    return level_of(frame_rms(pcm, FRAME_BYTES))


class NoiseFloor:
    """Levels the speech and mixes the floor into the chunks of one utterance; `set_level`
    before each."""

    def __init__(self, snr_db: float = SNR_DB) -> None:
        self.snr_db = snr_db
        self.gain = 1.0
        self.set_level(DEFAULT_SPEECH_RMS)

    def set_level(self, speech: float) -> None:
        """Scale speech of this level (RMS, as speech_rms measures it) to TARGET_RMS, and put
        the floor snr_db below it."""
        self.gain = min(MAX_GAIN, TARGET_RMS / max(1.0, speech))
        rms = max(1.0, speech) * self.gain * 10 ** (-self.snr_db / 20)
        # From its start: the same audio is heard the same way, whatever was heard before.
        self._noise = Loop(audioop.mul(_unit_noise(), WIDTH, rms / _UNIT_RMS))

    def mix(self, chunk: bytes) -> bytes:
        """The chunk at the speech level and with the floor added (samples clip at full scale)."""
        chunk = audioop.mul(chunk, WIDTH, self.gain)
        return audioop.add(chunk, self._noise.take(len(chunk)), WIDTH)
