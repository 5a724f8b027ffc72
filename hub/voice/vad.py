"""Energy voice activity detection and end-pointing over a stream of s16 chunks (pure)."""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # stdlib until 3.13 (wyoming falls back the same way)
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from hub.voice.audio import RATE, WIDTH
from hub.voice.config import VadConfig


class Mark(StrEnum):
    """What a piece of the stream is, as the end-pointer sees it."""

    START = "start"  # speech began: the audio is the pre-roll plus the first loud frames
    AUDIO = "audio"  # more audio of the utterance in progress
    END = "end"  # the utterance ended (silence long enough, too long, or the stream ended)


@dataclass(frozen=True, slots=True)
class Segment:
    """A mark and its audio (empty for END)."""

    mark: Mark
    audio: bytes = b""


class Endpointer:
    """Finds where utterances start and end from frame energy against an adaptive noise floor.

    webrtcvad would be more robust to music and fans, but its wheels are not on PyPI for every
    Pi and it only classifies frames; the floor tracking and hangover logic here would still be
    needed, and energy is what end-pointing synthesised and close-talk speech needs.
    """

    def __init__(self, config: VadConfig | None = None) -> None:
        self.cfg = config or VadConfig()
        self.frame_bytes = RATE * self.cfg.frame_ms // 1000 * WIDTH
        self.floor: float | None = None
        self.speaking = False
        self._pending = b""
        self._pre: deque[bytes] = deque(maxlen=max(1, self.cfg.pre_roll_ms // self.cfg.frame_ms))
        self._loud_run: list[bytes] = []
        self._silent_frames = 0
        self._spoken_frames = 0
        # The first frames of a stream only teach the noise floor: a humming room is not speech.
        self._calibrate = max(1, 150 // self.cfg.frame_ms)

    @property
    def threshold(self) -> float:
        """The RMS above which a frame counts as speech."""
        return max(self.cfg.min_rms, (self.floor or 0.0) * self.cfg.start_ratio)

    @property
    def silent_ms(self) -> int:
        """How long the utterance in progress has been quiet, in whole frames (0 when not in one)."""
        return self._silent_frames * self.cfg.frame_ms if self.speaking else 0

    def end(self) -> Segment:
        """Close the utterance in progress now (its caller knows it is complete): the END mark.

        The stream goes on: the noise floor and any part-frame of audio are kept, and the next
        loud frames start a new utterance as usual.
        """
        self.speaking = False
        self._silent_frames = self._spoken_frames = 0
        return Segment(Mark.END)

    def reset(self) -> None:
        """Forget the utterance in progress (the noise floor is kept)."""
        self.speaking = False
        self._pending = b""
        self._pre.clear()
        self._loud_run = []
        self._silent_frames = self._spoken_frames = 0

    def feed(self, chunk: bytes) -> list[Segment]:
        """Process a chunk; return the marks it produced, in order."""
        data = self._pending + chunk
        n = len(data) - len(data) % self.frame_bytes
        self._pending = data[n:]
        out: list[Segment] = []
        for i in range(0, n, self.frame_bytes):
            out.extend(self._frame(data[i : i + self.frame_bytes]))
        return _merge(out)

    def flush(self) -> list[Segment]:
        """The stream ended: close an utterance in progress."""
        if not self.speaking:
            self.reset()
            return []
        tail = self._pending
        self.reset()
        return [Segment(Mark.AUDIO, tail), Segment(Mark.END)] if tail else [Segment(Mark.END)]

    def _frame(self, frame: bytes) -> list[Segment]:
        rms = float(audioop.rms(frame, WIDTH))
        frame_ms = self.cfg.frame_ms
        if self._calibrate > 0:
            self._calibrate -= 1
            self._adapt(rms)
            self._pre.append(frame)
            return []
        if not self.speaking:
            loud = rms > self.threshold
            if not loud:
                self._adapt(rms)
                self._pre.extend(self._loud_run)
                self._loud_run = []
                self._pre.append(frame)
                return []
            self._loud_run.append(frame)
            if len(self._loud_run) * frame_ms < self.cfg.start_ms:
                return []
            self.speaking = True
            self._silent_frames = 0
            self._spoken_frames = len(self._loud_run)
            audio = b"".join(self._pre) + b"".join(self._loud_run)
            self._pre.clear()
            self._loud_run = []
            return [Segment(Mark.START, audio)]
        self._spoken_frames += 1
        # Hysteresis: once speaking, a softer frame still counts (trailing consonants are quiet).
        if rms > self.threshold * 0.6:
            self._silent_frames = 0
        else:
            self._silent_frames += 1
        ended = self._silent_frames * frame_ms >= self.cfg.end_silence_ms
        too_long = self._spoken_frames * frame_ms >= self.cfg.max_utterance_s * 1000
        if ended or too_long:
            self.speaking = False
            self._silent_frames = self._spoken_frames = 0
            return [Segment(Mark.AUDIO, frame), Segment(Mark.END)]
        return [Segment(Mark.AUDIO, frame)]

    def _adapt(self, rms: float) -> None:
        # Falls fast (a fan switched off) and rises slowly (so speech never becomes "noise").
        if self.floor is None or rms < self.floor:
            self.floor = rms
        else:
            self.floor = 0.95 * self.floor + 0.05 * rms


def frame_rms(pcm: bytes, frame_bytes: int) -> list[float]:
    """The RMS of each whole frame of s16 audio."""
    return [
        float(audioop.rms(pcm[i : i + frame_bytes], WIDTH))
        for i in range(0, len(pcm) - frame_bytes + 1, frame_bytes)
    ]


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join consecutive AUDIO segments so the recogniser gets chunks, not 30 ms frames."""
    out: list[Segment] = []
    for seg in segments:
        if out and seg.mark is Mark.AUDIO and out[-1].mark in (Mark.AUDIO, Mark.START):
            out[-1] = Segment(out[-1].mark, out[-1].audio + seg.audio)
        else:
            out.append(seg)
    return out
