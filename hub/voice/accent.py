"""How the household speaks English, told by its words (`hub voice enrol`) or learnt from the
commands it gives (voice.accent: auto).

Each word that has a British rendering (variants.british) of its own is aligned with both it
and the dictionary's American pronunciation; the share that took the British one says how the
household speaks.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.voice.recognizer import SAMPLE_RATE, Heard
from hub.voice.variants import Accent

log = logging.getLogger("hub.voice")

# 8 commands, 19 such words, the wheel's model: espeak en-us took 2 British, festival slt 0,
# espeak en-gb 18, the formant voice en-us+f3 10 (a tie, so a third voice of the kind is not
# taken for British).
BRITISH_SHARE = 2 / 3
ACCENT_MIN_WORDS = 10  # fewer tell nothing
# Commands are not chosen to tell an accent as enrolment's sentences are: for espeak en-gb
# "light" took its British rendering (the AA IY of "five") as often as its American one, so
# the first 13 dev commands, "light" in most, gave 17 British of 31 where enrolment's 40
# sentences gave 61 of 75. So the learner (voice.accent auto) waits for more words and goes by
# the majority: 30 words, told after 13 commands, bench/voice_bench.py --room --accent auto:
# en-gb+f3 17 of 31, British, 93 exact of 98 (79 heard the American way throughout); festival
# 0 of 32, espeak en-us 0 of 31, en-us at 10 dB 4 of 31, festival at 10 dB 2 of 30 and the
# formant voice en-us+f3 10 of 30 stay American (en-us+f3 from files scores 68 American, 73
# British: no harm either way).
LEARN_MIN_WORDS = 30
LEARN_SHARE = 0.5


@dataclass(frozen=True)
class AccentVote:
    """How many of the household's words aligned with their British rendering, and how many
    with the American dictionary's."""

    british: int
    american: int

    @property
    def accent(self) -> Accent | None:
        """The accent the words say; None when too few words had a British rendering."""
        return self.told(ACCENT_MIN_WORDS)

    def told(self, min_words: int, share: float = BRITISH_SHARE) -> Accent | None:
        """The accent the words say once `min_words` had a British rendering (British when
        `share` of them took it), else None."""
        n = self.british + self.american
        if n < min_words:
            return None
        return "en-gb" if self.british >= share * n else "en-us"

    def __add__(self, other: AccentVote) -> AccentVote:
        return AccentVote(self.british + other.british, self.american + other.american)

    def as_json(self) -> dict[str, Any]:
        return {"british": self.british, "american": self.american, "accent": self.accent}


class AccentAligner:
    """Aligns (audio as the recogniser heard it, its words) with every word's American and
    British pronunciations (the wheel's model) and counts which one each word took. Blocking."""

    def __init__(self) -> None:
        import pocketsphinx

        from hub.voice.sphinx import CMN_INIT

        self._d: Any = pocketsphinx.Decoder(
            samprate=SAMPLE_RATE, lm=None, loglevel="FATAL", cmninit=CMN_INIT
        )

    def count(self, pcm: bytes, text: str) -> AccentVote:
        from hub.voice.sphinx import add_variants
        from hub.voice.variants import british

        d = self._d
        words = text.split()
        if not words or any(d.lookup_word(w) is None for w in words):
            return AccentVote(0, 0)
        add_variants(d, set(words), "en-gb")
        try:
            d.set_align_text(text)
            d.start_utt()
            d.process_raw(pcm, False, True)
            d.end_utt()
        except RuntimeError:  # the beams lost every path
            return AccentVote(0, 0)
        said_british = said_american = 0
        for seg in d.seg() or ():
            word = seg.word.split("(")[0]
            first = d.lookup_word(word) if word and word[0].isalpha() else None
            if first is None or british(first) == first:
                continue
            taken = d.lookup_word(seg.word)
            said_british += taken == british(first)
            said_american += taken == first
        return AccentVote(said_british, said_american)


def accent_heard(heard: list[tuple[bytes, str]]) -> AccentVote:
    """The vote of (audio as heard, text) pairs (AccentAligner)."""
    aligner = AccentAligner()
    vote = AccentVote(0, 0)
    for pcm, text in heard:
        vote += aligner.count(pcm, text)
    return vote


def words_of(text: str) -> str:
    """A hearing's text as dictionary words: lower case, no punctuation ("door, arm")."""
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


class AccentLearner:
    """Learns the household's accent from the commands acted on (voice.accent: auto): each
    one's audio is aligned (AccentAligner) until the words tell an accent, then it stops.

    `aligner` makes the aligner on first use (its model loads in a second); a unit test may
    pass a fake.
    """

    def __init__(self, aligner: Any = None) -> None:
        self._aligner = aligner
        self.vote = AccentVote(0, 0)
        self.accent: Accent | None = None  # once told, it stays

    def learn(self, heard: Heard, min_confidence: float) -> Accent | None:
        """Count a hearing that was acted on (blocking): not a doubtful one, nor one with
        commands or a remark left out (its audio holds words its text does not); the accent when told."""
        if self.accent is not None or heard.left_out or heard.doubtful(min_confidence):
            return None
        return self.observe(heard.audio, heard.text)

    def observe(self, pcm: bytes, text: str) -> Accent | None:
        """Count one command's words (blocking: run it off the loop); the accent when this one
        made the words tell it, else None."""
        if self.accent is not None or not pcm:
            return None
        if self._aligner is None:
            self._aligner = AccentAligner()
        self.vote += self._aligner.count(pcm, words_of(text))
        self.accent = self.vote.told(LEARN_MIN_WORDS, LEARN_SHARE)
        if self.accent is not None:
            log.info(
                "voice: the household speaks %s (%d of %d words said the British way)",
                self.accent, self.vote.british, self.vote.british + self.vote.american,
            )  # fmt: skip
        return self.accent


ACCENT_FILE = "accent.json"  # in <data_dir>/voice: what voice.accent auto learnt


def read_learnt(voice_dir: Path) -> Accent | None:
    """The accent learnt before (ACCENT_FILE), if any; a broken file is logged and ignored."""
    path = voice_dir / ACCENT_FILE
    try:
        accent = json.loads(path.read_text()).get("accent")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("voice: ignoring %s (%s): learning the accent again", path, exc)
        return None
    if accent not in ("en-us", "en-gb"):
        log.warning("voice: ignoring %s (accent %r): learning the accent again", path, accent)
        return None
    return accent  # type: ignore[no-any-return]


def write_learnt(voice_dir: Path, accent: Accent, vote: AccentVote) -> None:
    """Keep the accent the words told (and their vote) for the next start."""
    voice_dir.mkdir(parents=True, exist_ok=True)
    tmp = voice_dir / f".{ACCENT_FILE}.tmp"
    tmp.write_text(json.dumps({**vote.as_json(), "accent": accent}) + "\n")
    tmp.replace(voice_dir / ACCENT_FILE)
