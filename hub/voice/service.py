"""The voice component of the daemon: microphones and satellites feeding one pipeline."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from hub.core import HomeSnapshot
from hub.voice.accent import read_learnt, write_learnt
from hub.voice.audio import microphone_chunks
from hub.voice.config import MicrophoneConfig, VoiceConfig
from hub.voice.engines import RecognizerPool, make_recognizer
from hub.voice.grammar import Grammar, build_grammar
from hub.voice.pipeline import CommandCallback, PartialCallback, VoicePipeline
from hub.voice.tts import Speaker
from hub.voice.variants import Accent
from hub.voice.wake import WakeWord

if TYPE_CHECKING:  # the wyoming package is optional (the voice extra)
    from hub.voice.wyoming_server import WyomingVoiceServer

log = logging.getLogger(__name__)


class VoiceService:
    """An async context manager owning the voice tasks ("voice.mic.<name>", the server).

    `snapshot` gives the registry's current view (names and aliases go into the grammar, built
    once at start); `on_command` is the command path. Microphone loops restart after errors
    with a short backoff, logging once when a microphone goes away and once when it returns.
    """

    def __init__(
        self,
        config: VoiceConfig,
        snapshot: Callable[[], HomeSnapshot],
        on_command: CommandCallback,
        *,
        on_partial: PartialCallback | None = None,
        voice_dir: Path | None = None,
    ) -> None:
        """`voice_dir` (<data_dir>/voice) keeps the accent voice.accent auto learnt."""
        self.config = config
        self._voice_dir = voice_dir
        self._grammar: Grammar | None = None
        self._snapshot = snapshot
        self._on_command = on_command
        self._on_partial = on_partial
        self.pool: RecognizerPool | None = None
        self.pipeline: VoicePipeline | None = None
        self.server: WyomingVoiceServer | None = None
        # Push-to-talk per microphone name, ready before start so a press is never lost.
        self.talk: dict[str, asyncio.Event] = (
            {mic.name: asyncio.Event() for mic in config.microphones} if config.push_to_talk else {}
        )
        self._tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Self:
        cfg = self.config
        learnt = read_learnt(self._voice_dir) if self._voice_dir and cfg.learns_accent() else None
        if learnt is not None:
            log.info("voice: hearing the household as %s, as learnt before", learnt)
            cfg = self.config = cfg.model_copy(update={"accent": learnt})
        grammar = build_grammar(cfg.nlu_data, self._snapshot()) if cfg.mode == "grammar" else None
        self._grammar = grammar
        self.pool = RecognizerPool(lambda: make_recognizer(cfg, grammar=grammar), cfg.recognizers)
        first = await self.pool.warm_up()
        if first is not None and first.missing:
            log.warning("the speech model cannot hear: %s (`hub voice check`)", first.missing)
        if first is not None and (spelled := getattr(first, "spelled", None)):
            log.info("spelled from their parts: %s", spelled)
        self.pipeline = VoicePipeline(
            self.pool,
            self._on_command,
            cfg,
            speaker=Speaker(cfg.tts, cfg.tts_voice),
            on_partial=self._on_partial,
            on_accent=self._use_accent,
        )
        for mic in cfg.microphones:
            self._tasks.append(
                asyncio.create_task(self._mic_loop(mic), name=f"voice.mic.{mic.name}")
            )
        if cfg.wyoming.enabled:
            from hub.voice.wyoming_server import WyomingVoiceServer

            self.server = await WyomingVoiceServer(
                self.pipeline, cfg.wyoming, cfg.satellites, cfg.vad.max_utterance_s
            ).__aenter__()
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        if self.server is not None:
            await self.server.__aexit__(None, None, None)
        if self.pool is not None:
            self.pool.close()

    async def _use_accent(self, accent: Accent) -> None:
        """The commands told the household's accent (voice.accent auto): kept for the next
        start, and heard that way from the next utterance on."""
        assert self.pipeline is not None and self.pipeline.learner is not None
        assert self.pool is not None
        if self._voice_dir is not None:
            try:
                write_learnt(self._voice_dir, accent, self.pipeline.learner.vote)
            except OSError as exc:  # heard that way until the next start all the same
                log.warning("voice: could not keep the accent learnt: %s", exc)
        cfg = self.config = self.config.model_copy(update={"accent": accent})
        if accent != "en-us":  # auto started American: nothing to change for that
            grammar = self._grammar
            await self.pool.renew(lambda: make_recognizer(cfg, grammar=grammar))

    def talk_held(self) -> dict[str, bool]:
        """Each push-to-talk microphone by name, and whether it is held (empty: push-to-talk off)."""
        return {name: event.is_set() for name, event in self.talk.items()}

    def press(self, microphone: str, held: bool) -> None:
        """Hold (True) or release (False) push-to-talk on a microphone; releasing ends the utterance.

        Raises LookupError, naming the push-to-talk microphones, for a microphone that has none.
        """
        event = self.talk.get(microphone)
        if event is None:
            if not self.config.push_to_talk:
                raise LookupError("push-to-talk is off (voice.push_to_talk: false)")
            known = ", ".join(repr(name) for name in self.talk) or "none"
            raise LookupError(f"no microphone {microphone!r} (push-to-talk microphones: {known})")
        if held:
            event.set()
        else:
            event.clear()
        log.debug("push-to-talk %s on %s", "held" if held else "released", microphone)

    async def _mic_loop(self, mic: MicrophoneConfig) -> None:
        assert self.pipeline is not None and self.pool is not None
        wake = None
        if self.config.wake.enabled:
            wake = await self.pool.run(WakeWord, self.config.wake)
        delay, failing = 1.0, False
        while True:
            try:
                source = microphone_chunks(mic.device, mic.rate, mic.channels)
                if failing:
                    log.info("microphone %s is back", mic.name)
                    failing, delay = False, 1.0
                await self.pipeline.listen(
                    source, mic.area, f"mic:{mic.name}", talk=self.talk.get(mic.name), wake=wake
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # PortAudio errors vary by host: log once, retry
                if not failing:
                    log.warning("microphone %s unavailable: %s", mic.name, exc)
                failing = True
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
