"""Chooses and builds recognisers from the config; the one thread pool recognition runs in."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from hub.core import HomeSnapshot
from hub.voice.config import VoiceConfig
from hub.voice.grammar import Grammar, build_grammar
from hub.voice.recognizer import Recognizer

T = TypeVar("T")


def make_recognizer(
    config: VoiceConfig, snapshot: HomeSnapshot | None = None, grammar: Grammar | None = None
) -> Recognizer:
    """A recogniser as configured: Vosk when a model is set, else pocketsphinx (blocking)."""
    if config.mode == "grammar" and grammar is None:
        grammar = build_grammar(config.nlu_data, snapshot)
    use = grammar if config.mode == "grammar" else None
    free_below = config.min_confidence if config.free_fallback else None
    if config.chosen_engine() == "vosk":
        from hub.voice.vosk_engine import VoskRecognizer

        assert config.vosk_model is not None  # the config validator guarantees it
        return VoskRecognizer(Path(config.vosk_model), use, free_below=free_below)
    from hub.voice.sphinx import PocketsphinxRecognizer

    return PocketsphinxRecognizer(
        use,
        free_below=free_below,
        model=config.acoustic_model,
        accent=config.spoken_accent(),
        remark_below=config.min_confidence if config.remarks else None,
    )


def ready(rec: Recognizer) -> Recognizer:
    """The recogniser with the decoders a doubtful hearing's end needs made now (`prepare`,
    where the engine has it), so the first doubtful reply waits for none (blocking)."""
    prepare = getattr(rec, "prepare", None)
    if prepare is not None:
        prepare()
    return rec


class RecognizerPool:
    """N recognisers and the threads that run them: the one place decoding leaves the loop.

    Each utterance borrows a recogniser for its whole length, so several rooms decode at once
    (up to N) and a recogniser only ever runs on one thread at a time.
    """

    def __init__(self, factory: Callable[[], Recognizer], size: int = 1) -> None:
        self._factory = factory
        self.size = size
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="voice-asr")
        self._free: asyncio.Queue[Recognizer] = asyncio.Queue()
        self._built = 0
        self._current: set[int] = set()  # ids of the recognisers the factory in use built

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking recogniser call on the pool's threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    async def warm_up(self) -> Recognizer | None:
        """Build the first recogniser now (model load takes seconds), off the loop, with the
        decoders a doubtful hearing needs (`prepare`, where the engine has it); it, if new."""
        if self._built:
            return None
        self._built += 1
        rec = await self._ready(self._factory)
        self._current.add(id(rec))
        self._free.put_nowait(rec)
        return rec

    async def renew(self, factory: Callable[[], Recognizer]) -> None:
        """Make recognisers with `factory` from now on (voice.accent learnt): one is built now,
        off the loop (as warm_up's), and the old ones are dropped, those lent out when they
        come back."""
        rec = await self._ready(factory)
        self._factory = factory
        while not self._free.empty():
            self._free.get_nowait()
        self._current = {id(rec)}
        self._built = 1
        self._free.put_nowait(rec)

    async def _ready(self, factory: Callable[[], Recognizer]) -> Recognizer:
        """A recogniser built and readied (`ready`) off the loop. Those built on demand
        (borrow) make their second-pass decoders on first need, as a room waits."""
        return await self.run(lambda: ready(factory()))

    @contextlib.asynccontextmanager
    async def borrow(self) -> AsyncIterator[Recognizer]:
        """A recogniser for one utterance; built on demand up to the pool's size."""
        if self._free.empty() and self._built < self.size:
            self._built += 1
            try:
                rec = await self.run(self._factory)
            except BaseException:
                self._built -= 1
                raise
            self._current.add(id(rec))
        else:
            rec = await self._free.get()
        try:
            yield rec
        finally:
            if id(rec) in self._current:  # else built before renew(): dropped
                self._free.put_nowait(rec)

    def close(self) -> None:
        """Stop the threads (decodes in progress finish first)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
