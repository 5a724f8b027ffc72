"""The hub's own MQTT topics (see TOPICS.md) and the decoding of requests sent to them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from integrations.mqtt.codec import Json

ONLINE = "online"
OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class HubTopics:
    """Topic names under the hub's base topic."""

    base: str

    @property
    def status(self) -> str:
        return f"{self.base}/status"

    @property
    def call(self) -> str:
        return f"{self.base}/call"

    @property
    def command(self) -> str:
        return f"{self.base}/command"

    @property
    def response(self) -> str:
        return f"{self.base}/response"


@dataclass(frozen=True, slots=True)
class Request:
    """A decoded request: its kind ("call" | "command"), correlation id, body and reply topic."""

    kind: str
    id: Json
    body: dict[str, Json]
    response_topic: str | None = None


class RequestError(Exception):
    """A request that cannot be handled; `id` is its correlation id when one could be read."""

    def __init__(self, message: str, request_id: Json = None, response_topic: str | None = None):
        super().__init__(message)
        self.id = request_id
        self.response_topic = response_topic


def _reply_topic(body: dict[str, Json]) -> str | None:
    topic = body.pop("response_topic", None)
    if topic is None:
        return None
    if not isinstance(topic, str) or not topic or "+" in topic or "#" in topic:
        raise RequestError("response_topic must be a topic name without wildcards")
    return topic


def decode_request(kind: str, payload: bytes) -> Request:
    """Decode a `call` or `command` payload; raise RequestError with a reason people can read."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError("payload is not UTF-8 text") from None
    stripped = text.strip()
    if kind == "command" and stripped and not stripped.startswith("{"):
        return Request(kind, None, {"text": stripped})  # a plain-text command, no correlation id
    try:
        data = json.loads(stripped)
    except ValueError as exc:
        raise RequestError(f"payload is not JSON ({exc.args[0]})") from None
    if not isinstance(data, dict):
        raise RequestError("payload must be a JSON object")
    request_id = data.pop("id", None)
    if isinstance(request_id, dict | list):
        raise RequestError("id must be a string or a number")
    try:
        response_topic = _reply_topic(data)
    except RequestError as exc:
        raise RequestError(str(exc), request_id) from None
    problem = _check_call(data) if kind == "call" else _check_command(data)
    if problem:
        raise RequestError(problem, request_id, response_topic)
    return Request(kind, request_id, data, response_topic)


def _check_call(body: dict[str, Json]) -> str | None:
    service = body.get("service")
    if not isinstance(service, str) or service.count(".") != 1:
        return "service must look like 'domain.service'"
    entity_id = body.get("entity_id")
    if isinstance(entity_id, str):
        body["entity_id"] = [entity_id]
    elif not isinstance(entity_id, list) or not all(isinstance(e, str) for e in entity_id):
        return "entity_id must be an entity id or a list of them"
    if not isinstance(body.setdefault("data", {}), dict):
        return "data must be a JSON object"
    delay = body.get("delay_s")
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, int | float)):
        return "delay_s must be a number of seconds"
    if body.get("at") is not None and not isinstance(body.get("at"), str):
        return "at must be a local time 'HH:MM'"
    return None


def _check_command(body: dict[str, Json]) -> str | None:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return "text must be a non-empty string"
    for key in ("area", "session"):
        if body.get(key) is not None and not isinstance(body.get(key), str):
            return f"{key} must be a string"
    return None


def encode_response(request_id: Json, answer: dict[str, Json]) -> str:
    """The response payload: the handler's answer with the request's correlation id."""
    return json.dumps({"id": request_id, **answer}, separators=(",", ":"), default=str)
