"""Room satellites over the Wyoming protocol: audio-start/chunk/stop in, a transcript back."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import async_read_event, async_write_event
from wyoming.info import AsrModel, AsrProgram, Attribution, Describe, Info

from hub.voice.audio import RATE, WIDTH, Resampler
from hub.voice.config import SatelliteConfig, WyomingServerConfig
from hub.voice.pipeline import VoicePipeline

log = logging.getLogger(__name__)
_END = object()


class WyomingVoiceServer:
    """A Wyoming ASR server for satellites; each utterance carries its satellite's room.

    The room comes from, in order: the `transcribe` event's context {"area": ...}, a configured
    satellite whose name matches the transcribe name, one whose host is the peer's address.
    After the transcript the text goes through the command path like any other utterance.

    Only configured satellites (by address) and this machine may talk to it: what it hears can
    unlock a door once confirmed. An utterance is cut at `max_utterance_s` of audio.
    """

    def __init__(
        self,
        pipeline: VoicePipeline,
        config: WyomingServerConfig,
        satellites: list[SatelliteConfig] | None = None,
        max_utterance_s: float = 10.0,
    ) -> None:
        self.pipeline = pipeline
        self.config = config
        self.satellites = satellites or []
        self.max_bytes = int(max_utterance_s * RATE) * WIDTH
        self._server: asyncio.Server | None = None
        self.port = config.port

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._client, self.config.host, self.config.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("wyoming voice server on %s:%s", self.config.host, self.port)
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.close()
            await asyncio.wait_for(self._server.wait_closed(), 5)

    def area_for(self, peer: str | None, name: str | None, context: object) -> str | None:
        """Which room a satellite is in."""
        if isinstance(context, dict) and isinstance(context.get("area"), str):
            return str(context["area"])
        for sat in self.satellites:
            if name is not None and sat.name == name:
                return sat.area
        return next((s.area for s in self.satellites if s.host == peer), None)

    def allowed(self, peer: str | None) -> bool:
        """A configured satellite's address, or this machine."""
        if peer is None:
            return False
        if any(s.host == peer for s in self.satellites):
            return True
        try:
            return ipaddress.ip_address(peer.split("%")[0]).is_loopback
        except ValueError:
            return False

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = (writer.get_extra_info("peername") or (None,))[0]
        if not self.allowed(peer):
            log.warning("wyoming: refused %s, not a configured satellite (voice.satellites)", peer)
            writer.close()
            return
        name: str | None = None
        context: object = None
        queue: asyncio.Queue[bytes | object] | None = None
        task: asyncio.Task[None] | None = None
        try:
            while (event := await async_read_event(reader)) is not None:
                if Describe.is_type(event.type):
                    await async_write_event(_info().event(), writer)
                elif Transcribe.is_type(event.type):
                    t = Transcribe.from_event(event)
                    name, context = t.name, t.context
                elif AudioStart.is_type(event.type):
                    start = AudioStart.from_event(event)
                    convert = Resampler(start.rate, start.channels, start.width)
                    queue = asyncio.Queue()
                    area = self.area_for(peer, name, context)
                    task = asyncio.create_task(
                        self._utterance(queue, area, writer, f"wyoming:{peer}"),
                        name="voice.wyoming_utterance",
                    )
                elif AudioChunk.is_type(event.type) and queue is not None:
                    queue.put_nowait(convert(AudioChunk.from_event(event).audio))
                elif AudioStop.is_type(event.type) and queue is not None and task is not None:
                    queue.put_nowait(_END)
                    await task
                    queue = task = None
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            log.info("satellite %s went away: %s", peer, exc)
        finally:
            if task is not None:
                task.cancel()
            writer.close()

    async def _utterance(
        self,
        queue: asyncio.Queue[bytes | object],
        area: str | None,
        writer: asyncio.StreamWriter,
        session: str,
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            left = self.max_bytes
            while (item := await queue.get()) is not _END:
                assert isinstance(item, bytes)
                if left <= 0:
                    continue  # past the longest utterance: drained, not heard
                left -= len(item)
                yield item[: len(item) + min(0, left)]

        heard = await self.pipeline.hear(chunks(), area, session)
        await async_write_event(Transcript(text=heard.text).event(), writer)
        await self.pipeline.handle(heard, session)


def _info() -> Info:
    """What this server offers, for satellites that ask (describe)."""
    attribution = Attribution(name="lamhub", url="")
    model = AsrModel(
        name="home-grammar", description="the home's command grammar", attribution=attribution,
        installed=True, version="1", languages=["en"],
    )  # fmt: skip
    program = AsrProgram(
        name="lamhub", description="lamhub voice", attribution=attribution, installed=True,
        version="1", models=[model],
    )  # fmt: skip
    return Info(asr=[program])
