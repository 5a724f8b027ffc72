"""Answers requests from `<base>/call` and `<base>/command` through the hub's RequestHandler."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from hub.core import JsonObject, Origin, RequestHandler
from integrations.mqtt.topics import Request, RequestError, encode_response

log = logging.getLogger(__name__)
_MAX_INFLIGHT = 64

# publish(topic or None for <base>/response, payload); raises when the broker is unreachable.
Publisher = Callable[[str | None, str], Awaitable[None]]


class RequestServer:
    """A queue of decoded requests, answered concurrently (bounded) with correlation ids."""

    def __init__(self, handler: RequestHandler | None, publish: Publisher) -> None:
        self._handler = handler
        self._publish = publish
        self._queue: asyncio.Queue[Request | RequestError] = asyncio.Queue()
        self._inflight: set[asyncio.Task[None]] = set()

    def submit(self, request: Request | RequestError) -> None:
        """Queue a request (or a rejection to answer); called from the message path."""
        self._queue.put_nowait(request)

    async def serve(self) -> None:
        """Answer queued requests until cancelled; cancelling also cancels those in flight."""
        try:
            while True:
                request = await self._queue.get()
                if len(self._inflight) >= _MAX_INFLIGHT:
                    await asyncio.wait(self._inflight, return_when=asyncio.FIRST_COMPLETED)
                task = asyncio.create_task(self._answer(request), name="mqtt.request")
                self._inflight.add(task)
                task.add_done_callback(self._inflight.discard)
        finally:
            for task in self._inflight:
                task.cancel()

    async def _answer(self, request: Request | RequestError) -> None:
        answer: JsonObject
        if isinstance(request, RequestError):
            answer = {"ok": False, "error": str(request)}
        elif self._handler is None:
            answer = {"ok": False, "error": "this hub does not take requests over MQTT"}
        else:
            origin = Origin.HUB if request.kind == "call" else Origin.TEXT
            try:
                answer = await self._handler.handle(request.kind, request.body, origin)
            except Exception as exc:  # the handler should answer errors; never drop a request
                log.exception("request %r on MQTT failed", request.id)
                answer = {"ok": False, "error": f"internal error: {exc}"}
        try:
            await self._publish(request.response_topic, encode_response(request.id, answer))
        except Exception as exc:  # broker gone: the requester times out; say so once here
            log.warning("cannot answer request %r: %s", request.id, exc)
