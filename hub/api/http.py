"""HTTP plumbing shared by all routes: JSON replies and errors, body parsing, auth, logging."""

from __future__ import annotations

import hmac
import json
import logging
from typing import TypeVar

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from pydantic import BaseModel, ValidationError

from hub.api.context import Handler, api_context
from hub.core.model import JsonObject, JsonValue

log = logging.getLogger("hub.api")

M = TypeVar("M", bound=BaseModel)

MAX_BODY_KEY = web.AppKey("lamhub.api.max_body_bytes", int)

# Error codes of JSON error bodies, by HTTP status (routes may give a more precise one).
_CODES = {
    400: "invalid",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "internal",
}


def json_response(body: JsonValue, status: int = 200) -> web.Response:
    """A JSON reply."""
    return web.json_response(body, status=status, dumps=_dumps)


def json_error(
    status: int, error: str, code: str | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON error reply: {"ok": false, "error": "...", "code": "..."}."""
    body: JsonObject = {"ok": False, "error": error, "code": code or _CODES.get(status, "error")}
    response = json_response(body, status)
    response.headers.update(headers or {})
    return response


class ApiError(Exception):
    """Raised by route code to answer with a JSON error; the error middleware renders it."""

    def __init__(self, status: int, error: str, code: str | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.code = code


def _dumps(obj: object) -> str:
    # Compact and strict: NaN is not JSON, and a route must never produce it.
    return json.dumps(obj, separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def format_validation(exc: ValidationError) -> str:
    """A pydantic error as one readable line: "field: message; other: message"."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


async def read_json(request: web.Request, model: type[M]) -> M:
    """The request body, validated against `model`; ApiError(400/413) when it is not."""
    limit = request.app[MAX_BODY_KEY]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"request body is larger than {limit} bytes")
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, f"request body is larger than {limit} bytes") from None
    try:
        obj = json.loads(raw)
    except ValueError:  # also catches bad UTF-8
        raise ApiError(400, "request body is not valid JSON", "bad_json") from None
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        raise ApiError(400, f"invalid request: {format_validation(exc)}") from None


def token_matches(expected: str, given: str | None) -> bool:
    """Whether `given` is the API token, compared in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def bearer_token(request: web.Request) -> str | None:
    """The token of an "Authorization: Bearer ..." header, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def trusted_ingress(request: web.Request) -> bool:
    """A request relayed by a configured proxy that authenticated the person (HA ingress)."""
    proxies = api_context(request).trusted_proxies
    return bool(proxies) and request.remote in proxies and "X-Ingress-Path" in request.headers


def require_auth(request: web.Request) -> None:
    """Raise 401 unless the request carries the API token as a bearer header."""
    if trusted_ingress(request):
        return
    if not token_matches(api_context(request).token, bearer_token(request)):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every error into a JSON reply; log unexpected ones once and keep serving."""
    try:
        return await handler(request)
    except ApiError as exc:
        return json_error(exc.status, exc.error, exc.code)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        # Keep the headers clients need (Allow on 405, WWW-Authenticate on 401).
        keep = {k: v for k, v in exc.headers.items() if k in ("Allow", "WWW-Authenticate")}
        return json_error(exc.status, _describe(exc, request), headers=keep)
    except Exception as exc:
        log.error(
            "unexpected error on %s %s: %s: %s",
            request.method,
            request.path,
            type(exc).__name__,
            exc,
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        return json_error(500, "internal error; see the hub's log")


def _describe(exc: web.HTTPException, request: web.Request) -> str:
    if exc.status == 401:
        return "missing or wrong API token (send 'Authorization: Bearer <token>')"
    if exc.status == 404:
        return f"no such route: {request.path}"
    if exc.status == 405:
        return f"method {request.method} not allowed on {request.path}"
    if exc.status == 413:
        return f"request body is larger than {request.app[MAX_BODY_KEY]} bytes"
    return exc.reason


async def set_server_header(request: web.Request, response: web.StreamResponse) -> None:
    """Answer with a Server header that names the product, not its versions."""
    response.headers["Server"] = "lamhub"


class AccessLogger(AbstractAccessLogger):
    """Logs method, path, status and time, never the query string (it may hold ?token=)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.debug(
            "%s %s -> %d (%.1f ms)", request.method, request.path, response.status, time * 1000
        )
