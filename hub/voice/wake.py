"""Wake word: pocketsphinx keyphrase spotting (offline, its model ships in the wheel).

Chosen over openWakeWord (needs onnx models fetched at run time, unreachable here) and Porcupine
(closed, needs an access key): the phrase is any words in the dictionary, no training needed.
"""

from __future__ import annotations

from typing import Any

from hub.voice.config import WakeConfig
from hub.voice.recognizer import SAMPLE_RATE


class WakeWord:
    """Spots the wake phrase in a stream of chunks (blocking calls: run via the pool)."""

    def __init__(self, config: WakeConfig | None = None) -> None:
        import pocketsphinx

        self.config = config or WakeConfig()
        self.listen_s = self.config.listen_s
        self._decoder: Any = pocketsphinx.Decoder(
            samprate=SAMPLE_RATE, loglevel="FATAL", kws_threshold=self.config.threshold
        )
        phrase = self.config.phrase.lower()
        missing = [w for w in phrase.split() if self._decoder.lookup_word(w) is None]
        if missing:
            raise ValueError(f"wake phrase words not in the dictionary: {', '.join(missing)}")
        self._decoder.add_keyphrase("wake", phrase)
        self._decoder.activate_search("wake")
        self._decoder.start_utt()

    def detect(self, chunk: bytes) -> bool:
        """Feed a chunk; True once the phrase has been heard (the spotter then restarts)."""
        self._decoder.process_raw(chunk, False, False)
        if self._decoder.hyp() is None:
            return False
        self._decoder.end_utt()
        self._decoder.start_utt()
        return True
