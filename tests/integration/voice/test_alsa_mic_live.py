"""The real capture code (sounddevice/PortAudio) on an ALSA `file` virtual microphone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.voice
pytest.importorskip("sounddevice")

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from hub.voice import build_grammar, microphone_chunks, transcribe_chunks
    from hub.voice.sphinx import PocketsphinxRecognizer
    from hub.commands.plan import load_snapshot

    async def capture(n):
        return [c async for c in microphone_chunks("wavmic", 16000, 1, max_bytes=n)]

    chunks = asyncio.run(capture(int(sys.argv[1])))
    rec = PocketsphinxRecognizer(build_grammar(None, load_snapshot(Path(sys.argv[2]))))
    print(transcribe_chunks(chunks, rec).text)
    """
)


def test_virtual_microphone_is_heard(speak: Any, tmp_path: Path) -> None:
    from hub.voice import read_wav

    from .conftest import HOME

    pcm = read_wav(speak("unlock the front door", "slt"))
    raw = tmp_path / "mic.raw"
    raw.write_bytes(pcm)
    # PortAudio reads ALSA's config once per process: a child with its own HOME/.asoundrc.
    (tmp_path / ".asoundrc").write_text(
        f'pcm.wavmic {{ type file; slave.pcm null; file "/dev/null"; infile "{raw}"; '
        'format "raw" }\n'
    )
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(Path.cwd())}
    res = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(len(pcm)), str(HOME)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    if "PortAudio library not found" in res.stderr:
        pytest.skip("libportaudio2 is not installed")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "unlock the front door"
