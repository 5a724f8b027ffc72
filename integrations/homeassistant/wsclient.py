"""A small client for Home Assistant's websocket API over aiohttp: auth, commands, events.

Why aiohttp and not the homeassistant-api library the issue names (6.1.0, checked against HA
2024.3.3): its websocket `trigger_service` discards the result's context id (its source says
"TODO: handle result['context']") and takes no `target`, yet that id is how the hub tells its
own changes from manual ones; its registry models reject 2024.3's answers (pydantic
"created_at Field required"); calling a Service object raises TypeError after the service ran.
And its niquests dependency installs urllib3-future, whose top-level `urllib3` (2.25.904)
replaced the real urllib3 (2.8.0) that influxdb-client uses, in a venv with both. aiohttp is
already a hub dependency and speaks the protocol exactly as this server version does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

import aiohttp

Message = dict[str, Any]  # one decoded websocket message; stays inside this adapter
EventHandler = Callable[[Message], None]
ResultHook = Callable[[Any], None]


class HomeAssistantAuthError(Exception):
    """Home Assistant refused the access token."""


class HomeAssistantCommandError(Exception):
    """A websocket command answered success: false."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class HaWebsocket:
    """One authenticated websocket connection: `await connect()`, `command()`, `run()`."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        token: str,
        *,
        verify_ssl: bool = True,
        heartbeat_s: float = 20.0,
    ) -> None:
        self._session = session
        self._url = url
        self._token = token
        self._verify_ssl = verify_ssl
        self._heartbeat = heartbeat_s
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._next_id = 1
        self._pending: dict[int, tuple[asyncio.Future[Any], ResultHook | None]] = {}
        self._subscriptions: dict[int, EventHandler] = {}
        self.ha_version = ""

    async def connect(self, timeout_s: float = 10.0) -> None:
        """Open the socket and authenticate; raises HomeAssistantAuthError on a bad token."""
        async with asyncio.timeout(timeout_s):
            # The heartbeat pings: a Home Assistant that froze or lost its network is noticed.
            self._ws = await self._session.ws_connect(
                self._url, heartbeat=self._heartbeat, ssl=self._verify_ssl
            )
            hello = await self._ws.receive_json()
            if hello.get("type") != "auth_required":
                raise ConnectionError(f"unexpected first message from Home Assistant: {hello}")
            await self._ws.send_json({"type": "auth", "access_token": self._token})
            reply = await self._ws.receive_json()
        if reply.get("type") == "auth_invalid":
            raise HomeAssistantAuthError(reply.get("message") or "invalid access token")
        if reply.get("type") != "auth_ok":
            raise ConnectionError(f"unexpected auth answer from Home Assistant: {reply}")
        self.ha_version = str(reply.get("ha_version", ""))

    async def close(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 1.0)
        self._fail_pending(ConnectionError("the websocket closed"))

    def send(self, message: Message, on_result: ResultHook | None = None) -> asyncio.Future[Any]:
        """Send a command; the future gets its result. `on_result` runs in the reader, before
        any later message is handled (so a context id is known before its events are read)."""
        if self._ws is None or self._ws.closed:
            raise ConnectionError("not connected to Home Assistant")
        msg_id = self._next_id
        self._next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = (future, on_result)
        task = asyncio.ensure_future(self._ws.send_str(json.dumps({"id": msg_id, **message})))
        task.add_done_callback(lambda t: _send_failed(t, future))
        return future

    async def command(
        self, message: Message, timeout_s: float = 10.0, on_result: ResultHook | None = None
    ) -> Any:
        """Send a command and wait for its result."""
        future = self.send(message, on_result)
        async with asyncio.timeout(timeout_s):
            return await future

    async def subscribe(
        self, event_type: str, handler: EventHandler, timeout_s: float = 10.0
    ) -> None:
        """Subscribe to an event type; `handler` gets each event's `event` object, in order."""
        msg_id = self._next_id
        self._subscriptions[msg_id] = handler
        await self.command({"type": "subscribe_events", "event_type": event_type}, timeout_s)

    async def run(self) -> None:
        """Read messages until the connection ends; then raise ConnectionError."""
        ws = self._ws
        if ws is None:
            raise ConnectionError("not connected")
        async for raw in ws:
            if raw.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(raw.data)
            # Home Assistant may coalesce several messages into one JSON array.
            for message in data if isinstance(data, list) else [data]:
                self._dispatch(message)
        self._fail_pending(ConnectionError("Home Assistant closed the connection"))
        raise ConnectionError(f"Home Assistant closed the connection ({ws.close_code})")

    def _dispatch(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "event":
            handler = self._subscriptions.get(message.get("id", -1))
            if handler is not None:
                handler(message["event"])
        elif kind == "result":
            future, hook = self._pending.pop(message.get("id", -1), (None, None))
            if future is None or future.done():
                return
            if message.get("success"):
                if hook is not None:
                    hook(message.get("result"))
                future.set_result(message.get("result"))
            else:
                error = message.get("error") or {}
                future.set_exception(
                    HomeAssistantCommandError(
                        str(error.get("code", "unknown_error")), str(error.get("message", ""))
                    )
                )

    def _fail_pending(self, error: Exception) -> None:
        pending, self._pending = self._pending, {}
        for future, _ in pending.values():
            if not future.done():
                future.set_exception(error)


def _send_failed(task: asyncio.Task[None], future: asyncio.Future[Any]) -> None:
    if task.cancelled() or future.done():
        return
    exc = task.exception()
    if exc is not None:
        future.set_exception(ConnectionError(f"sending to Home Assistant failed: {exc}"))
