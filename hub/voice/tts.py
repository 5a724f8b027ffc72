"""Spoken replies: piper or espeak-ng in a subprocess (never blocking the loop), else print."""

from __future__ import annotations

import asyncio
import logging
import shutil
import sys
from typing import Literal

log = logging.getLogger(__name__)

Engine = Literal["auto", "espeak-ng", "piper", "none"]


def pick_engine(wanted: Engine) -> Literal["espeak-ng", "piper", "none"]:
    """The TTS engine to use: auto prefers piper (more natural), then espeak-ng."""
    if wanted == "auto":
        if shutil.which("piper"):
            return "piper"
        return "espeak-ng" if shutil.which("espeak-ng") else "none"
    return wanted


class Speaker:
    """Says replies aloud on the hub, or prints them when no TTS engine is installed."""

    def __init__(self, engine: Engine = "auto", voice: str | None = None) -> None:
        self.engine = pick_engine(engine)
        self.voice = voice
        self.said: list[tuple[str | None, str]] = []  # (area, text): what was said, for tests

    async def say(self, text: str, area: str | None = None) -> None:
        """Speak (or print) a reply; failures are logged, never raised into the pipeline."""
        self.said.append((area, text))
        if self.engine == "none":
            print(f"[{area or 'hub'}] {text}", file=sys.stdout, flush=True)
            return
        try:
            await self._run(text)
        except (TimeoutError, OSError) as exc:
            log.warning("tts %s failed (%s); reply was: %s", self.engine, exc, text)

    async def _run(self, text: str) -> None:
        if self.engine == "espeak-ng":
            args = ["espeak-ng", *(["-v", self.voice] if self.voice else []), text]
            proc = await asyncio.create_subprocess_exec(
                *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
            )
            await asyncio.wait_for(proc.wait(), 30)
            return
        # piper writes raw audio for aplay; the model path is the configured voice.
        piper = await asyncio.create_subprocess_exec(
            "piper", "--model", self.voice or "en_US-lessac-medium.onnx", "--output-raw",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        raw, _ = await asyncio.wait_for(piper.communicate(text.encode()), 30)
        play = await asyncio.create_subprocess_exec(
            "aplay", "-q", "-r", "22050", "-f", "S16_LE", "-t", "raw", "-",
            stdin=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await asyncio.wait_for(play.communicate(raw), 30)
