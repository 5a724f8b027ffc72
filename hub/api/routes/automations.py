"""GET /api/automations, GET /api/suggestions, POST /api/suggestions/{id}/approve|dismiss."""

from __future__ import annotations

from aiohttp import web

from hub.api.context import Route
from hub.api.http import ApiError, json_response
from hub.automation_runner import AutomationRunner
from hub.core.model import JsonObject, JsonValue
from hub.suggestion_store import STATES
from hub.suggestions import SuggestionError, Suggestions

_STATUS = {"not_found": 404, "invalid": 400}


def routes(runner: AutomationRunner, suggestions: Suggestions | None) -> tuple[Route, ...]:
    """The automation routes, closed over the runner; pass them as ApiServer extra_routes."""

    async def get_automations(request: web.Request) -> web.Response:
        """Every loaded automation with where it is written and its next timed run."""
        learned = {s.automation_id for s in suggestions.list("approved")} if suggestions else set()
        items: list[JsonValue] = []
        for item in runner.loaded:
            auto = item.automation
            nxt = runner.next_run(auto.id)
            entry: JsonObject = {
                "id": auto.id,
                "alias": auto.alias,
                "description": auto.description,
                "mode": auto.mode,
                "triggers": [t.kind for t in auto.trigger],
                "file": item.mark.file,
                "line": item.mark.line,
                "next_run": nxt.isoformat() if nxt else None,
                "learned": auto.id in learned,
            }
            items.append(entry)
        errors: list[JsonValue] = list(runner.errors)
        return json_response({"automations": items, "errors": errors})

    async def post_reload(request: web.Request) -> web.Response:
        """Re-read the automation files now."""
        errors: list[JsonValue] = list(runner.reload())
        return json_response({"ok": not errors, "loaded": len(runner.loaded), "errors": errors})

    def need() -> Suggestions:
        if suggestions is None:
            raise ApiError(404, "learning is off (automations.learn: false)", "not_found")
        return suggestions

    async def get_suggestions(request: web.Request) -> web.Response:
        """?state=new|offered|approved|dismissed|removed (default: all)."""
        state = request.query.get("state") or None
        if state is not None and state not in STATES:
            raise ApiError(400, f"state must be one of {', '.join(STATES)}")
        body: list[JsonValue] = [s.to_json() for s in need().list(state)]
        return json_response(body)

    def answer(request: web.Request, yes: bool) -> web.Response:
        suggestion_id = request.match_info["id"]
        try:
            stored = need().answer_offer(suggestion_id, yes)
        except SuggestionError as exc:
            raise ApiError(_STATUS.get(exc.code, 400), str(exc), exc.code) from None
        return json_response({"ok": True, "suggestion": stored.to_json()})

    async def post_approve(request: web.Request) -> web.Response:
        """Turn the suggestion into an automation file, running at once."""
        return answer(request, True)

    async def post_dismiss(request: web.Request) -> web.Response:
        """Never offer this suggestion again."""
        return answer(request, False)

    async def delete_learned(request: web.Request) -> web.Response:
        """Remove a learned automation (its file) and never suggest it again."""
        try:
            stored = need().remove_learned(request.match_info["id"])
        except SuggestionError as exc:
            raise ApiError(_STATUS.get(exc.code, 400), str(exc), exc.code) from None
        return json_response({"ok": True, "suggestion": stored.to_json()})

    return (
        Route("GET", "/api/automations", get_automations, "automations with their next run"),
        Route("POST", "/api/automations/reload", post_reload, "re-read the automation files"),
        Route("DELETE", "/api/automations/{id}", delete_learned, "remove a learned automation"),
        Route("GET", "/api/suggestions", get_suggestions, "learned suggestions (?state=)"),
        Route("POST", "/api/suggestions/{id}/approve", post_approve, "approve a suggestion"),
        Route("POST", "/api/suggestions/{id}/dismiss", post_dismiss, "dismiss a suggestion"),
    )
