"""GET and POST /api/voice/talk: hold and release push-to-talk per microphone over HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StrictBool, StringConstraints

from hub.api.context import Route
from hub.api.http import ApiError, json_response, read_json
from hub.core.model import JsonValue

if TYPE_CHECKING:  # hub.voice is started only when voice is enabled; the routes need only a type
    from hub.voice.service import VoiceService


class TalkBody(BaseModel):
    """The body of POST /api/voice/talk: which microphone, and whether talk is now held."""

    model_config = ConfigDict(extra="forbid")

    microphone: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    held: StrictBool  # JSON true/false only: "false" or 0 must not hold a microphone open


def routes(voice: VoiceService) -> tuple[Route, ...]:
    """The voice routes, closed over the running service; pass them as ApiServer extra_routes."""

    async def get_talk(request: web.Request) -> web.Response:
        """Push-to-talk microphones and whether each is held."""
        microphones: list[JsonValue] = [
            {"microphone": name, "held": held} for name, held in voice.talk_held().items()
        ]
        return json_response(
            {"push_to_talk": voice.config.push_to_talk, "microphones": microphones}
        )

    async def post_talk(request: web.Request) -> web.Response:
        """{"microphone": "kitchen", "held": true}: hold; false releases and ends the utterance."""
        body = await read_json(request, TalkBody)
        code = "unknown_microphone" if voice.config.push_to_talk else "push_to_talk_off"
        try:
            voice.press(body.microphone, body.held)
        except LookupError as exc:
            raise ApiError(404, str(exc), code) from None
        return json_response({"microphone": body.microphone, "held": body.held})

    return (
        Route("GET", "/api/voice/talk", get_talk, "push-to-talk microphones and which are held"),
        Route(
            "POST",
            "/api/voice/talk",
            post_talk,
            'hold/release push-to-talk: {"microphone", "held"}',
        ),
    )
