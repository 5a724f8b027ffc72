"""Audio in: WAV files and microphones as async streams of 16 kHz mono s16 chunks."""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # stdlib until 3.13 (wyoming falls back the same way)
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

import asyncio
import contextlib
import logging
import wave
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RATE = 16000
WIDTH = 2  # bytes per sample (s16)
# A microphone hands over a chunk only once all of it is captured, so the end of an utterance
# is seen up to a chunk late: 0.1 s keeps that inside the 400 ms end-of-speech-to-action target
# (0.25 s ate most of it). Decoding costs the same per second of audio (pocketsphinx grammar
# RTF 0.103 vs 0.102, wake spotter 0.021 vs 0.022 on slt commands).
CHUNK_S = 0.1
CHUNK_BYTES = int(RATE * CHUNK_S) * WIDTH


def to_mono16k(pcm: bytes, rate: int, channels: int, width: int = WIDTH) -> bytes:
    """Convert raw PCM to 16 kHz mono s16, the only format the engines are fed."""
    if width != WIDTH:
        pcm = audioop.lin2lin(pcm, width, WIDTH)
    if channels == 2:
        pcm = audioop.tomono(pcm, WIDTH, 0.5, 0.5)
    elif channels > 2:
        # Keep the first channel: summing many mics out of phase hurts more than it helps.
        frame = WIDTH * channels
        pcm = b"".join(pcm[i : i + WIDTH] for i in range(0, len(pcm), frame))
    if rate != RATE:
        pcm, _ = audioop.ratecv(pcm, WIDTH, 1, rate, RATE, None)
    return pcm


class Resampler:
    """Streaming to_mono16k that keeps the rate converter's state between chunks."""

    def __init__(self, rate: int, channels: int, width: int = WIDTH) -> None:
        self.rate, self.channels, self.width = rate, channels, width
        self._state: Any = None

    def __call__(self, pcm: bytes) -> bytes:
        pcm = to_mono16k(pcm, RATE, self.channels, self.width)  # mono s16, rate unchanged
        if self.rate == RATE:
            return pcm
        out, self._state = audioop.ratecv(pcm, WIDTH, 1, self.rate, RATE, self._state)
        return bytes(out)


class Frames:
    """A stream cut into whole frames in order: a chunk's last partial frame waits for the next."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.rest = b""

    def whole(self, chunk: bytes) -> bytes:
        """The whole frames now complete (a multiple of `size` bytes, maybe none)."""
        data = self.rest + chunk
        cut = len(data) - len(data) % self.size
        self.rest = data[cut:]
        return data[:cut]


class Loop:
    """A sound played round and round (a noise floor, a dither): its next bytes on each take."""

    def __init__(self, sound: bytes) -> None:
        if not sound:
            raise ValueError("a loop needs a sound to play")
        self.sound = sound
        self.at = 0

    def take(self, size: int) -> bytes:
        parts = []
        while size > 0:
            n = min(size, len(self.sound) - self.at)
            parts.append(self.sound[self.at : self.at + n])
            self.at = (self.at + n) % len(self.sound)
            size -= n
        return b"".join(parts)


def read_wav(path: Path) -> bytes:
    """A WAV file's audio as 16 kHz mono s16."""
    with wave.open(str(path), "rb") as w:
        pcm = w.readframes(w.getnframes())
        return to_mono16k(pcm, w.getframerate(), w.getnchannels(), w.getsampwidth())


def write_wav(path: Path, pcm: bytes) -> None:
    """16 kHz mono s16 audio as a WAV file."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(WIDTH)
        w.setframerate(RATE)
        w.writeframes(pcm)


def chunked(pcm: bytes, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Split audio into chunks of `size` bytes (the last may be shorter)."""
    for i in range(0, len(pcm), size):
        yield pcm[i : i + size]


async def wav_chunks(
    path: Path, *, realtime: bool = False, tail_silence_s: float = 0.0
) -> AsyncIterator[bytes]:
    """Stream a WAV file as chunks, optionally paced like a live microphone."""
    pcm = read_wav(path) + bytes(int(RATE * tail_silence_s) * WIDTH)
    for chunk in chunked(pcm):
        yield chunk
        await asyncio.sleep(len(chunk) / (RATE * WIDTH) if realtime else 0)


async def microphone_chunks(
    device: str | int | None,
    rate: int = RATE,
    channels: int = 1,
    *,
    max_bytes: int | None = None,
) -> AsyncIterator[bytes]:
    """Capture from a PortAudio input (sounddevice) as 16 kHz mono chunks.

    PortAudio calls back on its own thread; chunks cross to the loop through a queue, so the
    loop never waits on the sound card. `max_bytes` (of 16 kHz output) stops the stream: an ALSA
    `file` virtual microphone reads garbage past its end, so tests stop at the file's length.
    """
    import sounddevice as sd  # optional dependency: only needed with a microphone

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=200)
    frames = int(rate * CHUNK_S)

    def on_audio(data: Any, _frames: int, _time: Any, status: Any) -> None:
        if status:
            log.debug("microphone %s: %s", device, status)
        with contextlib.suppress(RuntimeError):  # the loop closed while capture ran
            loop.call_soon_threadsafe(_put, bytes(data))

    def _put(data: bytes) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # drop audio rather than grow without end
            queue.put_nowait(data)

    convert = Resampler(rate, channels)
    sent = 0
    stream = sd.RawInputStream(
        device=device,
        samplerate=rate,
        channels=channels,
        dtype="int16",
        blocksize=frames,
        callback=on_audio,
    )
    with stream:
        while max_bytes is None or sent < max_bytes:
            chunk = convert(await queue.get())
            if max_bytes is not None:
                chunk = chunk[: max_bytes - sent]
            sent += len(chunk)
            yield chunk
