"""Enrolment: a voice the wheel's model hears badly reads training sentences to `hub voice
enrol`, and the adapted model then hears that voice's commands better (commands none of the
sentences are)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hub.voice import build_grammar, transcribe_file
from hub.voice.enrol import dictionary, prompts
from hub.voice.sphinx import PocketsphinxRecognizer
from tests.integration.voice.conftest import HOME

pytestmark = pytest.mark.voice

COMMANDS = [
    "start the robot vacuum",
    "open the garage door",
    "turn off the television",
    "lock the back door",
    "activate movie night",
    "is the garage door open",
    "turn on the fan",
    "is the back door locked",
    "how much power is the dryer using",
    "turn off the space heater in half an hour",
    "set the kitchen light to seventy five percent",
    "close the blinds in the living room",
]


def exact(rec: PocketsphinxRecognizer, wavs: list[Path]) -> int:
    """How many are heard word for word, each the way `hub listen` hears a file."""
    right = 0
    for wav, text in zip(wavs, COMMANDS, strict=True):
        right += transcribe_file(wav, rec, 2).text.lower().replace(",", "") == text
    return right


def test_an_enrolled_voice_is_heard_better(
    tmp_path: Path, speak: Any, sphinx: PocketsphinxRecognizer, snapshot: Any
) -> None:
    said = [t for t in prompts(60, knows=dictionary()) if t not in COMMANDS][:40]
    wavs = tmp_path / "read"
    wavs.mkdir()
    for n, text in enumerate(said):
        (wavs / f"{n}.wav").write_bytes(speak(text, "gb140").read_bytes())
        (wavs / f"{n}.txt").write_text(text)
    data = tmp_path / "data"
    config = tmp_path / "hub.yaml"  # where the daemon keeps its data, and how it cleans speech
    config.write_text(f"data_dir: {data}\nvoice:\n  noise_suppression: 3\n")
    done = subprocess.run(
        [sys.executable, "-m", "hub", "voice", "enrol", "--wavs", str(wavs), "--config", str(config)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[1])
    assert report["sentences"] == 40 and report["aligned"] >= 36
    assert report["noise_suppression"] == 3  # hub.yaml's, not the default 2
    # Its words took their British pronunciations, and the household is told so.
    assert report["accent"]["accent"] == "en-gb", report["accent"]
    # voice.accent auto (the default): kept for the daemon's next start, and said so.
    assert "sounded British: the hub hears you that way" in done.stdout
    assert json.loads((data / "voice" / "accent.json").read_text())["accent"] == "en-gb"
    assert (data / "voice" / "enrolment" / "00039.wav").is_file()  # kept for the next person
    model = data / "voice" / "adapted"
    commands = [speak(text, "gb140") for text in COMMANDS]
    before = exact(sphinx, commands)
    adapted = PocketsphinxRecognizer(build_grammar(None, snapshot), model=model)
    after = exact(adapted, commands)
    print(f"en-gb 140 wpm, {len(COMMANDS)} commands: {before} right before, {after} after")
    assert after >= before + 3
    # The command line hears with it too.
    listen = subprocess.run(
        [sys.executable, "-m", "hub", "listen", str(commands[0]), "--home", str(HOME),
         "--acoustic-model", str(model)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert json.loads(listen.stdout)["heard"] == COMMANDS[0], listen.stderr


async def test_each_sentence_shown_is_paired_with_the_next_utterance(speak: Any) -> None:
    """The microphone's way (`hub voice enrol` without --wavs): the end-pointer cuts the
    stream, one utterance per sentence shown, and the next sentence is shown after each."""
    from hub.voice.audio import read_wav
    from hub.voice.enrol import record
    from tests.fixtures.voice import silence

    said = ["turn on the kitchen light", "close the blinds"]
    clips = [read_wav(speak(t, "us170")) for t in said]
    stream = silence(1.0) + clips[0] + silence(1.5) + clips[1] + silence(1.5) + silence(5.0)

    async def chunks() -> Any:
        for i in range(0, len(stream), 3200):
            yield stream[i : i + 3200]

    shown: list[tuple[int, str]] = []
    got = await record(said, chunks(), lambda n, text: shown.append((n, text)))
    assert shown == [(1, said[0]), (2, said[1])]
    assert [text for _, text in got] == said
    for (audio, _), clip in zip(got, clips, strict=True):
        # the utterance with the pre-roll and the end-pointer's wait, not the other one
        assert len(clip) * 0.6 < len(audio) < len(clip) + 2 * 16000 * 2


@pytest.mark.parametrize(
    ("voice", "accent"), [("slt", "en-us"), ("us170", "en-us"), ("gb140", "en-gb")]
)
def test_the_words_a_household_reads_say_its_accent(speak: Any, voice: str, accent: str) -> None:
    """Each word with a British rendering of its own is aligned with it and with the American
    dictionary's; most take the British one only when the voice is British."""
    from hub.voice import read_wav
    from hub.voice.enrol import accent_heard, as_heard

    said = [t for t in prompts(40, knows=dictionary()) if t not in COMMANDS][:12]
    vote = accent_heard([(as_heard(read_wav(speak(t, voice)), 2), t) for t in said])
    assert vote.accent == accent, vote
