"""The voice commands as a person runs them: `hub listen`, `hub plan --jsonl` with audio, and
`hub voice check`, each a real `python -m hub` process on speech synthesised at test time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration.voice.conftest import HOME

pytestmark = pytest.mark.voice


def hub(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hub", *args],
        input=stdin, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_listen_prints_what_was_heard_with_its_room(speak: Any) -> None:
    wav = speak("turn on the kitchen light", "slt")
    done = hub("listen", str(wav), "--area", "kitchen", "--home", str(HOME))
    assert done.returncode == 0, done.stderr
    heard = json.loads(done.stdout)
    assert heard["heard"] == "turn on the kitchen light" and heard["complete"]
    assert heard["area"] == "kitchen" and heard["engine"] == "pocketsphinx"
    assert heard["confidence"] >= 0.75


def test_listen_shows_the_free_form_hearing_of_a_doubtful_one(speak: Any) -> None:
    """No command says "what time is it": the grammar's hearing is doubtful, and the fallback's
    free-form one is shown beside it (the daemon offers that back, never acts on it)."""
    done = hub("listen", str(speak("what time is it", "slt")), "--home", str(HOME))
    heard = json.loads(done.stdout)
    assert not heard["complete"] or heard["confidence"] < 0.75
    assert heard["free"].endswith("time is it")


def test_listen_says_so_for_a_missing_file(tmp_path: Path) -> None:
    done = hub("listen", str(tmp_path / "none.wav"))
    assert done.returncode == 2 and "no such file" in done.stderr


def test_plan_takes_audio_in_place_of_text_and_says_what_it_heard(speak: Any) -> None:
    """The planner protocol of ../shared/eval: speech is scored exactly like text."""
    lines = [
        {"id": "a", "audio": str(speak("turn on the kitchen light", "slt"))},
        {"id": "b", "audio": str(speak("unlock the front door", "slt"))},
        {"id": "c", "text": "turn off the kitchen light"},
    ]
    done = hub(
        "plan", "--jsonl", "--home", str(HOME), stdin="".join(json.dumps(x) + "\n" for x in lines)
    )
    assert done.returncode == 0, done.stderr
    out = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert out["a"]["heard"] == "turn on the kitchen light"
    assert [(c["service"], c["entity_id"], c["confirm"]) for c in out["a"]["calls"]] == [
        ("light.turn_on", ["light.kitchen"], False)
    ]
    # Heard, and sensitive: it waits for a yes, as typed text would.
    assert [(c["service"], c["confirm"]) for c in out["b"]["calls"]] == [("lock.unlock", True)]
    assert "heard" not in out["c"] and out["c"]["calls"][0]["service"] == "light.turn_off"


def test_voice_check_lists_spelled_and_missing_words(tmp_path: Path) -> None:
    done = hub("voice", "check", "--home", str(HOME))
    assert done.returncode == 0, done.stdout  # every word of the reference home can be heard
    lines = done.stdout.splitlines()
    assert any(line.startswith("spelled: wallbox ") for line in lines)
    assert "spelled: roomba R UW M B AH" in lines  # a brand cmudict lacks (spelling.BRANDS)
    home = tmp_path / "home.yaml"
    home.write_text(
        "areas: [{id: kitchen, name: Kitchen}]\n"
        "entities: [{id: light.k, name: Kitchen light, area: kitchen, aliases: [qzxj lamp]}]\n",
        encoding="utf-8",
    )
    done = hub("voice", "check", "--home", str(home))
    assert done.returncode == 1 and "missing: qzxj" in done.stdout.splitlines()
