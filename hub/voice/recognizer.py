"""One interface over every speech engine: stream chunks in, partial text out, then a Heard."""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from hub.voice import floor
from hub.voice.audio import CHUNK_BYTES, read_wav
from hub.voice.clean import clean_file

SAMPLE_RATE = 16000  # every engine is fed 16 kHz mono s16; sources convert


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its time (s) and confidence (0..1)."""

    text: str
    start: float
    end: float
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Heard:
    """What a recogniser made of one utterance.

    `complete` is False when the engine never reached the end of a grammar sentence (it then
    returns its best partial path, e.g. "make the hallway light"): such text is never acted on.
    """

    text: str
    confidence: float
    words: tuple[Word, ...] = ()
    complete: bool = True
    engine: str = ""
    audio_s: float = 0.0
    decode_s: float = 0.0
    speech_rms: float = 0.0  # the utterance's level (floor.level_of), 0 when the engine has none
    # What the engine adapted to while hearing it (pocketsphinx: its cepstral means), for the
    # same stream's next utterance (Recognizer.start); "" when the engine keeps nothing.
    adapted: str = field(default="", compare=False, repr=False)
    # What free-form recognition made of a doubtful grammar hearing (voice.free_fallback): only
    # ever offered back to the person ("I heard ... Do you want me to ...?"), never acted on.
    free_text: str = ""
    area: str | None = field(default=None, compare=False)
    # Commands the hearing joined but heard too unsurely to act on (pocketsphinx:
    # SURE_COMMAND_GAP): left out of `text`; the reply says the rest was not caught.
    unsure: tuple[str, ...] = ()
    # What followed the command after a pause and was no command ("..., I'm expecting a
    # delivery"), as free-form recognition heard it: left out of `text`, never acted on.
    remark: str = ""
    # The utterance as the engine decoded it (pocketsphinx grammar mode; b"" otherwise): the
    # pipeline learns the household's accent from it (voice.accent: auto), then drops it.
    audio: bytes = field(default=b"", compare=False, repr=False)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def left_out(self) -> bool:
        """Whether some of what was said is not in `text` (unsure commands, a remark)."""
        return bool(self.unsure or self.remark)

    def doubtful(self, min_confidence: float) -> bool:
        """Not to be acted on: nothing heard, no whole sentence, or too unsure."""
        return self.empty or not self.complete or self.confidence < min_confidence


class Recognizer(Protocol):
    """A streaming recogniser for one utterance at a time; not thread-safe, never on the loop.

    Call `start()` (with the stream's speech level when known: see hub.voice.floor, and what
    the engine adapted to in the stream's last utterance: Heard.adapted), then
    `accept_waveform(chunk)` for each 16 kHz s16 mono chunk (it returns the partial text so
    far), then `final()`. The same object is reused for the next utterance, of any stream.
    """

    engine: str
    missing: list[str]  # grammar words the model cannot hear, dropped from its grammar

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None: ...

    def accept_waveform(self, chunk: bytes) -> str: ...

    def final(self) -> Heard: ...

    def vocabulary_has(self, word: str) -> bool:
        """Whether the model can spell this word (grammar words it lacks are never heard)."""


def free_text(
    kept: list[bytes], confidence: float, below: float | None, hear: Callable[[bytes], str]
) -> str:
    """What the free-form fallback hears of a doubtful utterance (voice.free_fallback): `hear`
    runs on the kept audio only when the hearing's confidence is under `below`."""
    if below is None or confidence >= below or not kept:
        return ""
    return hear(b"".join(kept))


def transcribe_chunks(
    chunks: Iterable[bytes], recognizer: Recognizer, speech_rms: float | None = None
) -> Heard:
    """Feed chunks through a recogniser (blocking: call from a worker thread)."""
    recognizer.start(speech_rms)
    for chunk in chunks:
        recognizer.accept_waveform(chunk)
    return recognizer.final()


def transcribe_file(path: Path | str, recognizer: Recognizer, noise_suppression: int = 0) -> Heard:
    """Recognise a WAV file in microphone-sized chunks, the path the microphone takes (blocking).

    With `noise_suppression` (a level, as voice.noise_suppression) the file is cleaned first,
    as a microphone's stream would be.
    """
    pcm = clean_file(read_wav(Path(path)), noise_suppression)
    return transcribe_chunks(
        (pcm[i : i + CHUNK_BYTES] for i in range(0, len(pcm), CHUNK_BYTES)),
        recognizer,
        floor.speech_rms(pcm),  # a whole file's level is known before it is heard
    )


def wav_seconds(path: Path) -> float:
    """The duration of a WAV file."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())
