"""Wake word: pocketsphinx keyphrase spotting (offline, its model ships in the wheel).

Chosen over openWakeWord (needs onnx models fetched at run time, unreachable here) and Porcupine
(closed, needs an access key): the phrase is any words in the dictionary, no training needed.
"""

from __future__ import annotations

import math
from typing import Any

from hub.voice.audio import Frames
from hub.voice.config import WakeConfig
from hub.voice.floor import DEFAULT_SPEECH_RMS, NoiseFloor, level_of
from hub.voice.recognizer import SAMPLE_RATE
from hub.voice.sphinx import CMN_INIT
from hub.voice.vad import frame_rms

FRAME_BYTES = SAMPLE_RATE // 100 * 2  # pocketsphinx frames are 10 ms: 320 bytes of s16 mono
# The phrase is called 0.1 s after it ends at the soonest, then at the end of the chunk, so the
# command's first words may be in the chunks already fed: this much audio is kept to hand on.
KEEP_S = 2.0
# When the command follows with no pause, the phrase's segment can end inside its last vowel
# (festival slt "...computer turn on": 50 ms early) and a recogniser fed that fragment heard no
# command, while the next word survived losing 160 ms of its onset: the tail starts this much
# after the segment (measured: 0 to 16 frames worked for both the one-breath and the butted
# clips of tests/integration/voice/test_listen_live.py).
END_MARGIN_FRAMES = 7
# The spotter's utterance is restarted after this much audio with no phrase: one endless
# utterance grew the process by 28 MB in 20 minutes of room noise. The last OVERLAP_S are fed
# again after the restart, so a phrase said across it is still heard.
RESTART_S = 30.0
OVERLAP_S = 1.5
# The spotter hears speech levelled over the recogniser's noise floor (floor.py), from the
# cepstral mean of levelled speech, and with the phone loop it weighs the phrase against made
# unlikely (kws_plp 1e-5, the default is 0.1). Before, no espeak-ng voice was ever spotted at
# any threshold. Measured on "hey computer ..." in four voices (5 phrases each) and 412 dev
# command clips (en-us, en-gb+f3, festival, en-us at 10 dB) as the false-wake test:
#   default plp, no floor:  5/20 spotted (festival only), 0 false
#   plp 1e-5, threshold 1e-10: 20/20 after one earlier utterance in the stream, 12-13/20 as
#     a stream's first words (the level was not known yet: see below), 0 false; threshold
#     1e-20: 2 false
#   plp 1e-7: 20/20 even as first words, but 4 false
PHONE_LOOP_PROB = 1e-5
# The speech level: the 90th percentile of the last LEVEL_FRAMES loud 10 ms frames (RMS above
# LOUD_RMS), once there are MIN_LOUD_FRAMES of them; it is set again when it moves LEVEL_DB.
# When it is first known, the stream's speech so far (OVERLAP_S) is heard again at it: as a
# stream's first words after a second of digital silence, through the noise suppressor, the
# four voices were spotted 11 to 14 times of 20 (espeak en-gb never), now 20 of 20; still no
# false wake over the 412 command clips, each as a fresh stream's first words or all in one
# stream, nor in 120 s of pink noise.
LOUD_RMS = 300.0
LEVEL_FRAMES = 1000
MIN_LOUD_FRAMES = 30
LEVEL_DB = 2.0


class WakeWord:
    """Spots the wake phrase in a stream of chunks (blocking calls: run via the pool)."""

    def __init__(self, config: WakeConfig | None = None) -> None:
        import pocketsphinx

        self.config = config or WakeConfig()
        self.listen_s = self.config.listen_s
        # After detect() returns True: the audio fed after the phrase ended (the command may
        # already have begun in it); empty otherwise.
        self.tail = b""
        # No word LM: keyphrase search does not use it, and it cost 63 MB of RSS per microphone
        # (91 MB with it, 28 MB without; load 0.24 s -> 0.08 s).
        self._decoder: Any = pocketsphinx.Decoder(
            samprate=SAMPLE_RATE,
            loglevel="FATAL",
            lm=None,
            cmninit=CMN_INIT,
            kws_plp=PHONE_LOOP_PROB,
            kws_threshold=self.config.threshold,
        )
        phrase = self.config.phrase.lower()
        missing = [w for w in phrase.split() if self._decoder.lookup_word(w) is None]
        if missing:
            raise ValueError(f"wake phrase words not in the dictionary: {', '.join(missing)}")
        self._decoder.add_keyphrase("wake", phrase)
        self._decoder.activate_search("wake")
        self._decoder.start_utt()
        self._recent = bytearray()  # the last KEEP_S of audio fed, oldest first
        self._keep = int(KEEP_S * SAMPLE_RATE) * 2
        self._fed = 0  # bytes fed since the decoder's utterance started (its frame 0)
        self._primed = 0  # of which fed again from before a restart
        self._floor = NoiseFloor()
        self._level = DEFAULT_SPEECH_RMS
        self._loud: list[float] = []  # RMS of the last loud frames
        self._frames = Frames(FRAME_BYTES)  # for the level

    @property
    def _known(self) -> bool:
        """Whether the level is the stream's own yet (the loud frames are never fewer again)."""
        return len(self._loud) >= MIN_LOUD_FRAMES

    def _levelled(self, chunk: bytes) -> bytes:
        """The chunk at the speech level, over the floor; the level follows loud frames."""
        known = self._known
        whole = self._frames.whole(chunk)
        self._loud += [e for e in frame_rms(whole, FRAME_BYTES) if e > LOUD_RMS]
        del self._loud[:-LEVEL_FRAMES]
        if self._known:
            level = level_of(self._loud)
            if not known or abs(20 * math.log10(level / self._level)) > LEVEL_DB:
                self._level = level
                self._floor.set_level(level)
        return self._floor.mix(chunk)

    def detect(self, chunk: bytes) -> bool:
        """Feed a chunk; True once the phrase has been heard (the spotter then restarts).

        On True, `tail` holds the audio after the phrase: feed it on as the start of the command.
        """
        self.tail = b""
        if not chunk:  # pocketsphinx refuses an empty buffer
            return False
        known = self._known
        levelled = self._levelled(chunk)
        self._fed += len(chunk)
        self._recent += chunk
        del self._recent[: -max(self._keep, len(chunk))]
        if self._known and not known:  # the stream's first speech, heard at an assumed level:
            self._restart()  # again at its own
        else:
            self._decoder.process_raw(levelled, False, False)
        if self._decoder.hyp() is None:
            if self._fed - self._primed >= RESTART_S * SAMPLE_RATE * 2:
                self._restart()
            return False
        # The segmentation is there before end_utt(): frames count from the utterance start.
        ends = [seg.end_frame for seg in self._decoder.seg()]
        if ends:
            cut = (max(ends) + 1 + END_MARGIN_FRAMES) * FRAME_BYTES  # frames are inclusive
            after = min(max(self._fed - cut, 0), len(self._recent))
            self.tail = bytes(self._recent[len(self._recent) - after :])
        self._decoder.end_utt()
        self._decoder.start_utt()
        self._fed = self._primed = 0  # the tail was decoded in the old utterance
        self._recent.clear()
        return True

    def _restart(self) -> None:
        """A fresh utterance, primed with the last OVERLAP_S of audio."""
        keep = min(len(self._recent), int(OVERLAP_S * SAMPLE_RATE) * 2)
        overlap = bytes(self._recent[len(self._recent) - keep :])
        self._decoder.end_utt()
        self._decoder.start_utt()
        if overlap:
            self._decoder.process_raw(self._floor.mix(overlap), False, False)
        self._fed = self._primed = len(overlap)
        self._recent = bytearray(overlap)
