"""Vosk (Kaldi): the default engine when a model directory is configured; grammar or free."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from hub.voice.fst_words import FstFormatError, output_words
from hub.voice.grammar import Grammar
from hub.voice.recognizer import SAMPLE_RATE, Heard, Word, free_text

MAX_PHRASES = 20000  # Vosk compiles its phrase list at start: bounded so start-up stays quick


UNKNOWN = "[unk]"  # what a phrase-list recogniser says for speech outside the list


def model_words(model_dir: Path) -> set[str] | None:
    """The words a Vosk model can output: its words.txt (a full HCLG graph), else the symbol
    table in graph/Gr.fst (the small models, built at run time); None when it has neither."""
    for rel in ("graph/words.txt", "words.txt", "graph/phones/words.txt"):
        path = model_dir / rel
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                return {line.split()[0] for line in f if line.strip()}
    gr = model_dir / "graph" / "Gr.fst"
    if gr.is_file():
        try:
            return output_words(gr)
        except FstFormatError:
            return None  # Vosk itself will say what is wrong with the model
    return None


class VoskRecognizer:
    """A KaldiRecognizer over a shared Model, with a phrase grammar (plus [unk]) or free."""

    engine = "vosk"

    def __init__(
        self,
        model_dir: Path,
        grammar: Grammar | None = None,
        model: Any = None,
        *,
        free_below: float | None = None,
    ) -> None:
        """`free_below`: a grammar hearing under this confidence is also heard free-form, by a
        recogniser without the phrase list over the same model (Heard.free_text)."""
        import vosk

        vosk.SetLogLevel(-1)
        t0 = time.perf_counter()
        self.model: Any = model if model is not None else vosk.Model(str(model_dir))
        self._words = model_words(model_dir)
        self.grammar: Grammar | None = None
        self.missing: list[str] = []
        self.phrases: list[str] = []
        if grammar is not None:
            self.grammar, self.missing = grammar.restrict(self.vocabulary_has)
            self.phrases = self.grammar.phrases(MAX_PHRASES)
        # Vosk's own JSON reader takes "\u00fc" as six letters, not "ü": unescaped, or every
        # phrase with a word beyond ASCII is dropped (a Korean model's whole list was).
        # "[unk]" only where the model has it: Vosk warns and drops it where not.
        phrase_list = json.dumps(
            [*self.phrases, *([UNKNOWN] if self.vocabulary_has(UNKNOWN) else [])],
            ensure_ascii=False,
        )
        self._make: Any = lambda: (
            vosk.KaldiRecognizer(self.model, SAMPLE_RATE, phrase_list)
            if self.phrases
            else vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
        )
        self._rec: Any = self._make()
        self.free_below = free_below if self.phrases else None
        self._free: Any = None  # the fallback's recogniser, made on first need (shares the model)
        self._utt: list[bytes] = []  # the utterance, kept while the fallback may hear it
        self._rec.SetWords(True)
        self.load_s = time.perf_counter() - t0
        self._texts: list[str] = []
        self._words_out: list[Word] = []
        self._confs: list[float] = []
        self._audio_bytes = 0
        self._decode_s = 0.0
        self.last_final_s = 0.0

    def vocabulary_has(self, word: str) -> bool:
        return True if self._words is None else word in self._words

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        # No noise floor (hub.voice.floor): Kaldi models learn with dither and noisy copies.
        # Nothing is handed between streams (Heard.adapted): Vosk adapts inside the recogniser.
        self._rec.Reset()
        self._texts, self._words_out, self._confs = [], [], []
        self._utt = []
        self._audio_bytes = 0
        self._decode_s = 0.0

    def accept_waveform(self, chunk: bytes) -> str:
        t0 = time.perf_counter()
        self._audio_bytes += len(chunk)
        if self.free_below is not None:
            self._utt.append(chunk)
        if self._rec.AcceptWaveform(chunk):
            self._take(json.loads(self._rec.Result()))
            partial = ""
        else:
            partial = str(json.loads(self._rec.PartialResult()).get("partial", ""))
        self._decode_s += time.perf_counter() - t0
        return " ".join([*self._texts, partial]).strip()

    def final(self) -> Heard:
        t0 = time.perf_counter()
        self._take(json.loads(self._rec.FinalResult()))
        text = " ".join(self._texts).strip()
        # Per-word confidences (posteriors) from Kaldi: the hearing is as sure as its worst word.
        confidence = min(self._confs) if self._confs else (0.0 if not text else 1.0)
        complete = bool(text) and (self.grammar is None or self.grammar.accepts(text))
        if not complete or (self.grammar is not None and self.grammar.run_on(text)):
            confidence = min(confidence, 0.2)
        free = free_text(self._utt, confidence, self.free_below, self._hear_free)
        self._utt = []
        self.last_final_s = time.perf_counter() - t0  # end of speech -> text, for the bench
        self._decode_s += self.last_final_s
        return Heard(
            free_text=free,
            text=text,
            confidence=confidence,
            words=tuple(self._words_out),
            complete=complete,
            engine=self.engine,
            audio_s=self._audio_bytes / (2 * SAMPLE_RATE),
            decode_s=self._decode_s,
        )

    def prepare(self) -> None:
        """Make the fallback's recogniser now (the pool's warm-up), not on the first doubt."""
        if self.free_below is not None:
            self._free_recognizer()

    def _free_recognizer(self) -> Any:
        import vosk

        if self._free is None:
            self._free = vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
        return self._free

    def _hear_free(self, audio: bytes) -> str:
        """The utterance heard again without the phrase list (free_below)."""
        free = self._free_recognizer()
        free.Reset()
        free.AcceptWaveform(audio)
        return str(json.loads(free.FinalResult()).get("text", "")).strip()

    def _take(self, result: dict[str, Any]) -> None:
        for w in result.get("result") or []:
            if w.get("word") == UNKNOWN:
                self._confs.append(0.0)  # something out of grammar was said
                continue
            conf = float(w.get("conf", 1.0))
            self._words_out.append(Word(str(w["word"]), float(w["start"]), float(w["end"]), conf))
            self._confs.append(conf)
        text = " ".join(t for t in str(result.get("text", "")).split() if t != UNKNOWN)
        if text:
            self._texts.append(text)
