"""voice.accent auto: the household's accent learnt from the commands acted on (the aligner
here is a fake: these test the learner's logic, the pipeline's hook and the pool's renewal;
tests/integration/voice/test_accent_live.py hears real British speech)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from hub.voice import RecognizerPool, VoiceCommand, VoiceConfig, VoicePipeline
from hub.voice.accent import (
    ACCENT_FILE,
    LEARN_MIN_WORDS,
    AccentLearner,
    AccentVote,
    read_learnt,
    words_of,
    write_learnt,
)
from hub.voice.recognizer import Heard
from hub.voice.variants import Accent


class FakeAligner:
    """Counts every word of a command as said the British way (or the American)."""

    def __init__(self, british: bool) -> None:
        self.british = british
        self.seen: list[str] = []

    def count(self, pcm: bytes, text: str) -> AccentVote:
        self.seen.append(text)
        n = len(text.split())
        return AccentVote(n, 0) if self.british else AccentVote(0, n)


def test_the_learner_tells_the_accent_once_enough_words_voted_then_stops() -> None:
    aligner = FakeAligner(british=True)
    learner = AccentLearner(aligner)
    command = "turn on the kitchen light"  # 5 words
    told = [learner.observe(b"\0\0", command) for _ in range(LEARN_MIN_WORDS // 5 + 2)]
    assert told[: LEARN_MIN_WORDS // 5 - 1] == [None] * (LEARN_MIN_WORDS // 5 - 1)
    assert told[LEARN_MIN_WORDS // 5 - 1] == "en-gb"  # the command that made 30 words
    assert learner.accent == "en-gb"
    assert len(aligner.seen) == LEARN_MIN_WORDS // 5  # told: nothing more is aligned
    assert learner.observe(b"", command) is None  # no audio (another engine): nothing counted


def test_the_majority_decides_and_few_words_tell_nothing() -> None:
    assert AccentVote(15, 14).told(30, 0.5) is None
    assert AccentVote(16, 14).told(30, 0.5) == "en-gb"
    assert AccentVote(14, 16).told(30, 0.5) == "en-us"
    assert AccentVote(16, 14).accent == "en-us"  # enrolment's vote: two thirds for British


def test_words_of_a_hearing_are_dictionary_words() -> None:
    assert words_of("Lock the front door, arm the alarm.") == "lock the front door arm the alarm"
    assert words_of("turn on Emma's night light") == "turn on emma's night light"


def test_what_was_learnt_is_kept_and_a_broken_file_learns_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert read_learnt(tmp_path) is None
    write_learnt(tmp_path / "voice", "en-gb", AccentVote(17, 14))
    assert read_learnt(tmp_path / "voice") == "en-gb"
    (tmp_path / ACCENT_FILE).write_text('{"accent": "klingon"}')
    with caplog.at_level(logging.WARNING, logger="hub.voice"):
        assert read_learnt(tmp_path) is None
    assert "klingon" in caplog.text
    (tmp_path / ACCENT_FILE).write_text("{not json")
    assert read_learnt(tmp_path) is None


def test_only_pocketsphinx_grammar_mode_learns_and_auto_starts_american(tmp_path: Path) -> None:
    assert VoiceConfig().accent == "auto" and VoiceConfig().spoken_accent() == "en-us"
    assert VoiceConfig().learns_accent()
    assert not VoiceConfig(accent="en-gb").learns_accent()
    assert VoiceConfig(accent="en-gb").spoken_accent() == "en-gb"
    assert not VoiceConfig(mode="free").learns_accent()
    assert not VoiceConfig(vosk_model=tmp_path).learns_accent()


async def test_the_pipeline_learns_from_commands_acted_on_after_replying() -> None:
    """Audio and text of each command acted on go to the learner, after the reply; a doubtful
    hearing, or one with commands left out, teaches nothing; the command path gets no audio."""
    told: list[Accent] = []
    handed: list[VoiceCommand] = []

    async def on_command(command: VoiceCommand) -> str:
        handed.append(command)
        return "OK."

    async def on_accent(accent: Accent) -> None:
        told.append(accent)

    pool = RecognizerPool(lambda: None, 1)  # handle() hears nothing itself
    try:
        pipeline = VoicePipeline(pool, on_command, on_accent=on_accent)
        aligner = FakeAligner(british=True)
        pipeline.learner = AccentLearner(aligner)
        audio = b"\1\0" * 1600
        await pipeline.handle(Heard("lock the front door, arm the alarm", 0.9, audio=audio), "s")
        await pipeline.handle(Heard("turn on the hoover", 0.3, audio=audio), "s")  # doubtful
        await pipeline.handle(Heard("turn on it", 0.9, unsure=("lamp on",), audio=audio), "s")
        await pipeline.handle(Heard("lamp on", 0.97, remark="it's dark", audio=audio), "s")
        assert aligner.seen == ["lock the front door arm the alarm"]
        assert all(c.heard.audio == b"" for c in handed)
        while not told:
            await pipeline.handle(Heard("turn on the kitchen light", 0.9, audio=audio), "s")
        assert told == ["en-gb"]
    finally:
        pool.close()


async def test_a_pool_renewed_lends_only_the_new_recognisers() -> None:
    """After renew(), the recogniser lent out before is dropped when it comes back."""
    made: list[str] = []

    def factory(name: str):  # type: ignore[no-untyped-def]
        def build() -> str:
            made.append(name)
            return f"{name}{len(made)}"

        return build

    pool = RecognizerPool(factory("us"), 1)  # type: ignore[arg-type]
    try:
        async with pool.borrow() as old:
            await pool.renew(factory("gb"))  # built now, while the old one is lent out
        async with pool.borrow() as new:
            pass
        async with pool.borrow() as again:
            pass
        assert (old, new, again) == ("us1", "gb2", "gb2") and made == ["us", "gb"]
    finally:
        pool.close()


def test_the_planner_protocol_learns_the_accent_from_the_requests_it_heard() -> None:
    """`hub plan --jsonl` with audio requests (voice.accent auto there too): each hearing it
    acted on teaches; once told British, the next request is heard by a recogniser built so."""
    from hub.commands.plan import Hearing
    from hub.core import HomeSnapshot

    hearing = Hearing(HomeSnapshot(entities={}, areas={}))
    aligner = FakeAligner(british=True)
    hearing._learner = AccentLearner(aligner)
    hearing._recognizer = object()  # type: ignore[assignment]  # the one heard with so far
    heard = Heard("turn on the kitchen light", 0.9, audio=b"\1\0" * 160)
    hearing.learn(Heard("turn on the hoover", 0.3, audio=b"\1\0"))  # doubtful: nothing
    assert aligner.seen == []
    while hearing.config.accent == "auto":
        hearing.learn(heard)
    assert hearing.config.accent == "en-gb" and hearing._recognizer is None  # built anew
