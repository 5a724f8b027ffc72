"""POST /api/call and POST /api/command: validated at the edge, answered by the RequestHandler.

A refusal from the handler is {"ok": false, "error": "...", "code": "..."}; the code picks the
HTTP status: "unknown_entity" -> 404, "unknown_service" and "invalid" -> 400, "failed" (the
device or its integration could not do it) -> 502. Without a code the status is guessed from
the error text, so an older handler still gets sensible statuses.
"""

from __future__ import annotations

import re
from typing import Annotated

import pydantic
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from hub.api.context import Route, api_context
from hub.api.http import json_response, read_json
from hub.core.model import JsonObject, JsonValue, Origin, split_service

_ENTITY_ID = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

STATUS_BY_CODE = {"unknown_entity": 404, "unknown_service": 400, "invalid": 400, "failed": 502}

EntityId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_ENTITY_ID.pattern)]


class CallBody(BaseModel):
    """The body of POST /api/call."""

    model_config = ConfigDict(extra="forbid")

    service: str
    entity_id: EntityId | Annotated[list[EntityId], Field(min_length=1, max_length=500)]
    data: dict[str, pydantic.JsonValue] = Field(default_factory=dict)
    delay_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    at: str | None = None

    @field_validator("service")
    @classmethod
    def _service(cls, value: str) -> str:
        split_service(value)  # raises ValueError with a readable message
        return value

    @field_validator("at")
    @classmethod
    def _at(cls, value: str | None) -> str | None:
        if value is not None and not _HHMM.match(value):
            raise ValueError(f"at must be a local time 'HH:MM', got {value!r}")
        return value

    def to_request(self) -> JsonObject:
        """The request as the RequestHandler takes it."""
        entity_ids: JsonValue = (
            self.entity_id if isinstance(self.entity_id, str) else list(self.entity_id)
        )
        return {
            "service": self.service,
            "entity_id": entity_ids,
            "data": _json_object(self.data),
            "delay_s": self.delay_s,
            "at": self.at,
        }


class CommandBody(BaseModel):
    """The body of POST /api/command: a text command, as a person would say it."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    area: str | None = None
    session: Annotated[str, StringConstraints(max_length=200)] | None = None

    def to_request(self) -> JsonObject:
        """The request as the RequestHandler takes it."""
        return {"text": self.text, "area": self.area, "session": self.session}


def _json_object(data: dict[str, pydantic.JsonValue]) -> JsonObject:
    # pydantic's JsonValue and the core's JsonValue are the same shape under different names.
    return {key: value for key, value in data.items()}


def status_of(answer: JsonObject) -> int:
    """The HTTP status for a handler's answer."""
    if answer.get("ok") is not False:
        return 200
    code = answer.get("code")
    if isinstance(code, str) and code in STATUS_BY_CODE:
        return STATUS_BY_CODE[code]
    error = str(answer.get("error", "")).lower()
    if "unknown entity" in error or "no such entity" in error or "not found" in error:
        return 404
    return 400


async def post_call(request: web.Request) -> web.Response:
    """Make a service call now, after delay_s, or at HH:MM."""
    body = await read_json(request, CallBody)
    answer = await api_context(request).handler.handle("call", body.to_request(), Origin.HUB)
    return json_response(answer, status_of(answer))


async def post_command(request: web.Request) -> web.Response:
    """Understand and carry out a text command."""
    body = await read_json(request, CommandBody)
    answer = await api_context(request).handler.handle("command", body.to_request(), Origin.TEXT)
    return json_response(answer, status_of(answer))


ROUTES = (
    Route("POST", "/api/call", post_call, "make a service call (now, delay_s, or at HH:MM)"),
    Route("POST", "/api/command", post_command, "carry out a text command"),
)
