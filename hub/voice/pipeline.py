"""From audio to a command: end-pointing, recognition off the loop, confidence, reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass, replace

from hub.voice.accent import AccentLearner
from hub.voice.audio import RATE, WIDTH
from hub.voice.clean import NoiseSuppressor, suppressor
from hub.voice.config import VoiceConfig
from hub.voice.engines import RecognizerPool
from hub.voice.grammar import Grammar
from hub.voice.recognizer import Heard, Recognizer
from hub.voice.tts import Speaker
from hub.voice.vad import Endpointer, Mark
from hub.voice.variants import Accent
from hub.voice.wake import WakeWord

log = logging.getLogger(__name__)

ASK_AGAIN = "Sorry, I didn't catch that."
MISSED_REST = "I didn't catch the rest."


def rest_missed(reply: str | None) -> str:
    """The reply to a hearing that left out commands it heard too unsurely, or a remark
    (Heard.left_out): the person hears that not all they said was done, and may say the rest
    again."""
    return f"{reply} {MISSED_REST}" if reply else MISSED_REST


@dataclass(frozen=True, slots=True)
class VoiceCommand:
    """What was heard, where, and how sure: handed to the command path.

    The conversation layer must not carry out a sensitive command (unlock, open, disarm) when
    `confidence < sensitive_confidence`: it asks for a spoken yes instead.
    """

    text: str
    area: str | None
    confidence: float
    session: str
    heard: Heard
    sensitive_confidence: float = 0.8
    # Heard only free-form after a doubtful grammar hearing (Heard.free_text): the command path
    # answers it but holds every action for a spoken yes.
    hold: bool = False

    @property
    def doubtful(self) -> bool:
        """Too unsure for a sensitive action."""
        return self.confidence < self.sensitive_confidence


# The integrator binds this to the conversation: it returns the reply to speak (or None).
CommandCallback = Callable[[VoiceCommand], Awaitable[str | None]]
PartialCallback = Callable[[str | None, str], None]
AccentCallback = Callable[[Accent], Awaitable[None]]


class VoicePipeline:
    """Turns utterances into Heard and Heard into commands, speaking the replies."""

    def __init__(
        self,
        pool: RecognizerPool,
        on_command: CommandCallback,
        config: VoiceConfig | None = None,
        *,
        speaker: Speaker | None = None,
        on_partial: PartialCallback | None = None,
        on_accent: AccentCallback | None = None,
    ) -> None:
        """`on_accent`: told the household's accent once the commands acted on tell it
        (AccentLearner), when the config learns it (voice.accent: auto)."""
        self.pool = pool
        self.on_command = on_command
        self.config = config or VoiceConfig()
        self.speaker = speaker or Speaker("none")
        self.on_partial = on_partial
        self.on_accent = on_accent
        self.learner = (
            AccentLearner() if on_accent is not None and self.config.learns_accent() else None
        )
        self.last_latency_s: float | None = None  # end of speech -> text, for the bench
        # Utterances that come one by one (satellites) keep their stream's noise learnt, and
        # its speech level and what the recogniser adapted to in its last one, as listen() does.
        self._suppressors: dict[str, NoiseSuppressor | None] = {}
        self._after: dict[str, tuple[float | None, str]] = {}

    async def hear(
        self, chunks: AsyncIterable[bytes], area: str | None = None, stream: str | None = None
    ) -> Heard:
        """Recognise one utterance: every chunk is fed, no end-pointing (files, satellites).

        Utterances of one `stream` (a satellite) share a noise suppressor, and each starts at
        the level and adaptation the last one left, as a microphone's do.
        """
        if stream is None:
            clean = suppressor(self.config.noise_suppression)
        else:
            if stream not in self._suppressors:
                self._suppressors[stream] = suppressor(self.config.noise_suppression)
            clean = self._suppressors[stream]
        async with self.pool.borrow() as rec:
            level, adapted = self._after.get(stream or "", (None, ""))
            await self.pool.run(rec.start, level, adapted)
            async for chunk in chunks:
                await self._feed(rec, clean.process(chunk) if clean else chunk, area)
            t0 = time.perf_counter()
            heard = await self.pool.run(rec.final)
            self.last_latency_s = time.perf_counter() - t0
        if stream is not None:
            self._after[stream] = (heard.speech_rms or level, heard.adapted or adapted)
        return replace(heard, area=area)

    async def listen(
        self,
        source: AsyncIterable[bytes],
        area: str | None,
        session: str,
        *,
        talk: asyncio.Event | None = None,
        wake: WakeWord | None = None,
    ) -> None:
        """Listen to a live source for as long as it runs: each utterance becomes a command.

        With `talk` (push-to-talk) audio counts only while the event is set; with `wake`,
        only after the wake word: a command must start within `wake.listen_s` seconds of audio
        (not wall time: a file or a backlog is not real time), and once started it runs to its end.
        """
        endpointer = Endpointer(self.config.vad)
        rec: Recognizer | None = None
        borrowed: contextlib.AbstractAsyncContextManager[Recognizer] | None = None
        awake_s = 0.0  # audio seconds left for a command to start after the wake word
        held = False
        level: float | None = None  # this stream's speech level, from its last utterance
        adapted = ""  # what the recogniser adapted to in this stream's last utterance
        pause = _Pause(None, 0)  # the utterance's, from its start
        # Before the wake word and the end-pointer too: they hear the room with less noise.
        clean = suppressor(self.config.noise_suppression)
        try:
            async for raw in source:
                chunk = clean.process(raw) if clean is not None else raw
                if not chunk:  # under 10 ms: it waits in the suppressor for the next
                    continue
                if talk is not None:
                    if not talk.is_set():
                        if held and rec is not None:  # released: the utterance is over
                            level, adapted = await self._finish(rec, area, session, level, adapted)
                            assert borrowed is not None
                            await borrowed.__aexit__(None, None, None)
                            rec = borrowed = None
                        held = False
                        endpointer.reset()
                        continue
                    held = True
                if wake is not None and rec is None:
                    if awake_s <= 0:
                        if not await self.pool.run(wake.detect, chunk):
                            # Asleep, the end-pointer only learns the room's noise floor, so it
                            # does not take it from the speech right after the wake word.
                            endpointer.feed(chunk)
                            continue
                        log.info("wake word heard in %s", area)
                        awake_s = wake.listen_s
                        endpointer.reset()
                        # The phrase is spotted a chunk or two late: the audio after it may
                        # already hold the command's first words ("hey computer turn on...").
                        chunk = wake.tail
                    awake_s -= len(chunk) / (RATE * WIDTH)
                segments = endpointer.feed(chunk)
                for i, seg in enumerate(segments):
                    if seg.mark is Mark.START:
                        borrowed = self.pool.borrow()
                        rec = await borrowed.__aenter__()
                        await self.pool.run(rec.start, level, adapted)
                        pause = _Pause(getattr(rec, "grammar", None), self.config.vad.quick_end_ms)
                    if rec is None:
                        continue
                    partial = await self._feed(rec, seg.audio, area) if seg.audio else ""
                    ended = seg.mark is Mark.END
                    early: Heard | None = None
                    # Only after the chunk's last segment does the end-pointer's silence belong
                    # to this utterance (a chunk may also hold the start of the next one).
                    if not ended and i == len(segments) - 1:
                        silent_ms = endpointer.silent_ms
                        if pause.said(partial, silent_ms):
                            ended = True
                        elif pause.may_peek(partial, silent_ms):
                            early = await self._peek(rec, pause.fits)
                            ended = early is not None
                        if ended:
                            endpointer.end()
                    if ended:
                        awake_s = 0.0
                        level, adapted = await self._finish(
                            rec, area, session, level, adapted, early
                        )
                        assert borrowed is not None
                        await borrowed.__aexit__(None, None, None)
                        rec = borrowed = None
                        if wake is not None:
                            break  # asleep again: speech later in this chunk needs a wake word
            if rec is not None:  # the source ended mid-utterance (a file, a closed stream)
                await self._finish(rec, area, session, level, adapted)
        finally:
            if borrowed is not None:
                await borrowed.__aexit__(None, None, None)

    async def handle(self, heard: Heard, session: str) -> str:
        """Decide on a hearing: ask again when doubtful, else hand it on; speak the reply."""
        cfg = self.config
        said, heard = heard, replace(heard, audio=b"")  # the command path needs no audio
        doubtful = heard.doubtful(cfg.min_confidence)
        if doubtful and heard.free_text:
            log.info(
                "doubtful %r (%.2f), free-form %r", heard.text, heard.confidence, heard.free_text
            )
            held = VoiceCommand(
                heard.free_text, heard.area, heard.confidence, session, heard, hold=True
            )
            reply: str | None = await self.on_command(held)
        elif doubtful:
            log.info("not acting on %r (confidence %.2f)", heard.text, heard.confidence)
            reply = ASK_AGAIN
        else:
            command = VoiceCommand(
                heard.text, heard.area, heard.confidence, session, heard, cfg.sensitive_confidence
            )
            reply = await self.on_command(command)
            if heard.left_out:
                reply = rest_missed(reply)
        if reply:
            await self.speaker.say(reply, heard.area)
        if self.learner is not None and self.learner.accent is None:
            # After the reply, off the loop: the command waited for nothing.
            try:
                accent = await self.pool.run(self.learner.learn, said, cfg.min_confidence)
            except Exception:  # a hub that cannot learn its accent still hears: say so once
                log.exception("voice: cannot learn the accent; hearing it as %s", cfg.accent)
                self.learner = None
                accent = None
            if accent is not None and self.on_accent is not None:
                await self.on_accent(accent)
        return reply or ""

    async def _feed(self, rec: Recognizer, chunk: bytes, area: str | None) -> str:
        if not chunk:
            return ""
        partial = await self.pool.run(rec.accept_waveform, chunk)
        if self.on_partial is not None and partial:
            self.on_partial(area, partial)
        return partial

    async def _peek(self, rec: Recognizer, fits: Callable[[str], bool]) -> Heard | None:
        """The utterance so far, if the recogniser can tell, when it is a whole command that
        `fits` (its words), heard surely enough for any action (sensitive_confidence); None
        otherwise."""
        peek = getattr(rec, "peek", None)
        if peek is None:
            return None
        t0 = time.perf_counter()
        heard: Heard | None = await self.pool.run(peek, self.config.sensitive_confidence, fits)
        self.last_latency_s = time.perf_counter() - t0
        return heard

    async def _finish(
        self,
        rec: Recognizer,
        area: str | None,
        session: str,
        level: float | None,
        adapted: str,
        heard: Heard | None = None,
    ) -> tuple[float | None, str]:
        """Hear (unless `heard` early) and handle the utterance; the stream's level and
        adaptation from now on (the ones before where the engine measured none)."""
        if heard is None:
            t0 = time.perf_counter()
            heard = await self.pool.run(rec.final)
            self.last_latency_s = time.perf_counter() - t0
        heard = replace(heard, area=area)
        await self.handle(heard, session)
        return heard.speech_rms or level, heard.adapted or adapted


class _Pause:
    """Whether a whole command has been said and followed by a short pause (quick_end_ms).

    People expect a quick reply to "turn on the kitchen light", so a partial that is a whole
    sentence of the grammar ends the utterance sooner than end_silence_ms; a pause after
    "turn on the" (no command yet) still waits the full silence. Once the partial was whole in
    this pause it counts, even if the search then hangs a word on it: the room's noise in the
    pause was heard as "... light for" until the utterance ended, 300 ms late. Free mode has no
    grammar to tell a whole command by, so it always waits.

    A partial that was never whole in the pause but begins with a whole command ("stop
    charging the car and": under noise, the room taken for the start of another command) gets
    one peek: the recogniser is asked what it hears if the utterance ended now, and a whole
    command that begins with that one, heard surely enough for any action
    (sensitive_confidence), ends it. Under noise such turns were the slowest twentieth, waiting
    out the full silence. bench/voice_bench.py, one stream at 10 dB SNR: p95 end of speech to
    action 535 -> 384 ms (en-us) and 681-686 -> 375-601 ms (festival) over two runs, exact
    actions and wrong ones as before; clean voices and a 0.4 s pause mid-command as before. Any whole
    command the peek heard would do as well for latency, but a garbled partial then became an
    unrelated one ("hoover on for" -> "open garage door", "run my office fan for" -> "unlock
    the front door": 1 to 2 more wrong actions of 98 under noise). A partial with no whole
    command in it ("turn on the", "set the kitchen speaker") gets no peek: it is most often a
    person looking for a word, and peeking after any word a command can end with ("on",
    "speaker") acted on half commands ("set the kitchen speaker" + pause: "skip the kitchen
    speaker").

    Under noise the partial is often such a command, the joiner and a rest ("fan on and kitchen
    light") while the whole hearing reads the start again ("turn on the kitchen light"): the
    pause's noise made the search's best path go through the joiner. A peek whose whole command
    ends with that rest ends the utterance too: it agrees on what was said last. One stream at
    10 dB (festival slt): p95 end of speech to action 645 -> 395 ms over the dev cases (exact 67
    -> 66, wrong 7 -> 6), 418 -> 394 over held-out set 1 (70 -> 71); set 3, the out-of-home
    sentences, clean festival, espeak en-us and en-gb+f3 (also with a 0.4 s pause mid-command)
    as before. A pause after "set the kitchen speaker" still gets no peek: no whole command
    and joiner came before it.

    Under 10 dB the partial is often no guide at all ("office tv" for "pause the tv", heard
    right at the end): an eighth of festival's turns there wait the full silence. A peek after
    any partial in noisy utterances only (floor.snr_db under 40, clean ones are 65 and more)
    ended those too (festival at 10 dB: p95 665 -> 375 ms, exact and wrong as before), but then
    a person pausing mid-command was acted on: "turn on the ..." heard as "fan on", "unlock
    the ..." as "unlock them" (a 0.4 s pause at 10 dB: festival 8 -> 14 wrong actions of 98,
    en-us 1 -> 2). Nor does where the peek's last word ends tell a forced one: "open them" for
    "open the ..." ended within the speech as often as whole commands did. So it is not done.
    """

    def __init__(self, grammar: Grammar | None, quick_end_ms: int) -> None:
        self.grammar = grammar
        self.quick_end_ms = quick_end_ms
        self._whole = False
        self._peeked = False
        self.commands: list[str] = []  # the whole commands the partial begins with
        self.tails: list[str] = []  # what follows one of them and the joiner

    def said(self, partial: str, silent_ms: int) -> bool:
        if silent_ms == 0:  # speaking: what the pause will follow is not said yet
            self._whole = self._peeked = False
        elif self.grammar is not None and partial and self.grammar.accepts(partial):
            self._whole = True
        return self._whole and silent_ms >= self.quick_end_ms

    def may_peek(self, partial: str, silent_ms: int) -> bool:
        """Whether to ask the recogniser, once a pause, for a whole command said so far: the
        partial is not one, but a whole one with more after it ("stop charging the car and":
        the pause's noise taken for the start of another command)."""
        if self._peeked or silent_ms < self.quick_end_ms or self.grammar is None:
            return False
        words = partial.split()
        whole = [n for n in range(1, len(words)) if self.grammar.accepts(" ".join(words[:n]))]
        self.commands = [" ".join(words[:n]) for n in whole]
        joiner = self.grammar.joiner
        self.tails = [
            " ".join(words[n + 1 :]) for n in whole if n + 1 < len(words) and words[n] == joiner
        ]
        self._peeked = bool(self.commands)
        return self._peeked

    def fits(self, words: str) -> bool:
        """Whether the whole command a peek heard (its words) may end the utterance: it
        begins with one of `commands` or ends with one of `tails` (may_peek)."""
        said = f" {words} "
        return any(said.startswith(f" {c} ") for c in self.commands) or any(
            said.endswith(f" {t} ") for t in self.tails
        )
