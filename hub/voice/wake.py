"""Wake word: pocketsphinx keyphrase spotting (offline, its model ships in the wheel).

Chosen over openWakeWord (needs onnx models fetched at run time, unreachable here) and Porcupine
(closed, needs an access key): the phrase is any words in the dictionary, no training needed.
"""

from __future__ import annotations

from typing import Any

from hub.voice.config import WakeConfig
from hub.voice.recognizer import SAMPLE_RATE

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
            samprate=SAMPLE_RATE, loglevel="FATAL", lm=None, kws_threshold=self.config.threshold
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

    def detect(self, chunk: bytes) -> bool:
        """Feed a chunk; True once the phrase has been heard (the spotter then restarts).

        On True, `tail` holds the audio after the phrase: feed it on as the start of the command.
        """
        self.tail = b""
        self._decoder.process_raw(chunk, False, False)
        self._fed += len(chunk)
        self._recent += chunk
        del self._recent[: -max(self._keep, len(chunk))]
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
            self._decoder.process_raw(overlap, False, False)
        self._fed = self._primed = len(overlap)
        self._recent = bytearray(overlap)
