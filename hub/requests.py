"""Answers requests from every front door (HTTP, MQTT, CLI) in one way: the RequestHandler."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from hub.core import JsonObject, JsonValue, Origin, ServiceCall, split_service
from hub.executor import Executor

log = logging.getLogger(__name__)

_AT = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

CommandFn = Callable[[JsonObject, Origin], Awaitable[JsonObject]]


class BadRequest(ValueError):
    """A request whose shape is wrong; answered with code "invalid"."""


def parse_call(req: JsonObject) -> ServiceCall:
    """Turn a request body into a ServiceCall, or raise BadRequest saying what is wrong."""
    service = req.get("service")
    if not isinstance(service, str):
        raise BadRequest("'service' must be a string like 'light.turn_on'")
    try:
        split_service(service)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    raw_ids = req.get("entity_id", [])
    ids: list[str]
    if isinstance(raw_ids, str):
        ids = [raw_ids]
    elif isinstance(raw_ids, list) and all(isinstance(i, str) for i in raw_ids):
        ids = [i for i in raw_ids if isinstance(i, str)]
    else:
        raise BadRequest("'entity_id' must be a string or a list of strings")
    if not ids:
        raise BadRequest("'entity_id' names no entity")
    data = req.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadRequest("'data' must be an object")
    delay = req.get("delay_s")
    if delay is not None and (
        isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0
    ):
        raise BadRequest("'delay_s' must be a number of seconds >= 0")
    at = req.get("at")
    if at is not None and (not isinstance(at, str) or not _AT.match(at)):
        raise BadRequest("'at' must be a local time 'HH:MM'")
    return ServiceCall(
        service=service,
        entity_ids=tuple(ids),
        data=data,
        delay_s=float(delay) if delay is not None else None,
        at=at,
    )


class RequestRouter:
    """The hub's RequestHandler: service calls go to the executor, text to understanding."""

    def __init__(self, executor: Executor, command: CommandFn | None = None) -> None:
        self._executor = executor
        self._command = command

    def set_command_handler(self, command: CommandFn) -> None:
        self._command = command

    async def handle(self, kind: str, request: JsonObject, origin: Origin) -> JsonObject:
        try:
            if kind == "call":
                return await self._call(request, origin)
            if kind == "command":
                if self._command is None:
                    return _error("invalid", "this hub does not take text commands")
                return await self._command(request, origin)
            return _error("invalid", f"unknown request kind {kind!r}")
        except BadRequest as exc:
            return _error("invalid", str(exc))
        except Exception:  # a front door must always get an answer
            log.exception("request %s failed", kind)
            return _error("failed", "internal error; see the hub's log")

    async def _call(self, request: JsonObject, origin: Origin) -> JsonObject:
        call = parse_call(request)
        if request.get("confirm") is True:
            raise BadRequest("service calls from the API are direct; 'confirm' is not accepted")
        result = await self._executor.execute(call, origin)
        return result.to_json()


def _error(code: str, message: str) -> JsonObject:
    out: dict[str, JsonValue] = {"ok": False, "code": code, "error": message}
    return out
