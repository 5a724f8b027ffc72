"""The HTTP API's routes against a real ApiServer on a free port, over fakes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from aiohttp import web

from hub.api import ApiContext, ApiServer, Route, json_response
from hub.core import Origin
from tests.unit.hub.api.api_fakes import (
    TOKEN,
    FakeBus,
    FakeEventLog,
    FakeHandler,
    FakeRegistry,
    Fakes,
    running_api,
)


@pytest.fixture
async def api() -> AsyncIterator[Fakes]:
    async with running_api() as fakes:
        yield fakes


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_health_needs_no_auth_and_follows_ready(http: aiohttp.ClientSession) -> None:
    async with running_api(ready=False) as api:
        async with http.get(f"{api.url}/api/health") as r:
            assert (r.status, await r.json()) == (503, {"status": "starting"})
        api.ctx.ready.set()
        async with http.get(f"{api.url}/api/health") as r:
            assert (r.status, await r.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
async def test_routes_need_the_token(
    api: Fakes, http: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    async with http.get(f"{api.url}/api/entities", headers=headers) as r:
        assert r.status == 401
        assert r.headers["WWW-Authenticate"] == "Bearer"
        body = await r.json()
    assert body["ok"] is False and body["code"] == "unauthorized"


async def test_server_header_hides_versions(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{api.url}/api/health") as r:
        assert r.headers["Server"] == "lamhub"


async def test_entities_filtered_by_domain_and_area(
    api: Fakes, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{api.url}/api/entities", headers=api.auth) as r:
        assert r.status == 200
        assert [e["entity_id"] for e in await r.json()] == [
            "light.kitchen",
            "light.sofa",
            "switch.kettle",
        ]
    query = {"domain": "light", "area": "Cooking Area"}  # an alias, any case
    async with http.get(f"{api.url}/api/entities", params=query, headers=api.auth) as r:
        (kitchen,) = await r.json()
    assert kitchen["entity_id"] == "light.kitchen"
    assert kitchen["state"] == "off" and kitchen["attributes"] == {"brightness": 0}
    assert kitchen["area"] == "kitchen" and kitchen["features"] == ["brightness"]
    async with http.get(f"{api.url}/api/entities?area=attic", headers=api.auth) as r:
        assert r.status == 404


async def test_one_entity_and_unknown_entity(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{api.url}/api/entities/light.sofa", headers=api.auth) as r:
        assert r.status == 200
        assert (await r.json())["state"] == "on"
    async with http.get(f"{api.url}/api/entities/light.nope", headers=api.auth) as r:
        assert r.status == 404
        assert await r.json() == {
            "ok": False,
            "error": "unknown entity: light.nope",
            "code": "unknown_entity",
        }


async def test_areas(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{api.url}/api/areas", headers=api.auth) as r:
        assert await r.json() == [
            {"id": "kitchen", "name": "Kitchen", "aliases": ["cooking area"]},
            {"id": "living_room", "name": "Living room", "aliases": []},
        ]


async def test_call_ok_goes_to_the_handler(api: Fakes, http: aiohttp.ClientSession) -> None:
    body = {
        "service": "light.turn_on",
        "entity_id": "light.kitchen",
        "data": {"brightness_pct": 40},
    }
    async with http.post(f"{api.url}/api/call", json=body, headers=api.auth) as r:
        assert r.status == 200
        assert (await r.json())["states"] == {"light.kitchen": "on"}
    kind, request, origin = api.handler.requests[-1]
    assert (kind, origin) == ("call", Origin.HUB)
    assert request == {**body, "delay_s": None, "at": None}


async def test_call_refusals_map_to_statuses(api: Fakes, http: aiohttp.ClientSession) -> None:
    unknown = {"service": "light.turn_on", "entity_id": ["light.kitchen", "light.nope"]}
    async with http.post(f"{api.url}/api/call", json=unknown, headers=api.auth) as r:
        assert r.status == 404
        assert (await r.json())["code"] == "unknown_entity"
    bad = {
        "service": "light.turn_on",
        "entity_id": "light.kitchen",
        "data": {"brightness_pct": 400},
    }
    async with http.post(f"{api.url}/api/call", json=bad, headers=api.auth) as r:
        assert r.status == 400
        assert (await r.json())["error"] == "brightness_pct must be 0..100"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"service": "turn_on", "entity_id": "light.kitchen"}, "service"),
        ({"service": "light.turn_on", "entity_id": []}, "entity_id"),
        ({"service": "light.turn_on", "entity_id": "kitchen"}, "entity_id"),
        ({"service": "light.turn_on", "entity_id": "light.kitchen", "data": [1]}, "data"),
        ({"service": "light.turn_on", "entity_id": "light.kitchen", "delay_s": -1}, "delay_s"),
        ({"service": "light.turn_on", "entity_id": "light.kitchen", "at": "25:00"}, "HH:MM"),
        ({"service": "light.turn_on", "entity_id": "light.kitchen", "colour": "red"}, "colour"),
        ([1, 2], "body"),
    ],
)
async def test_invalid_call_bodies_are_400(
    api: Fakes, http: aiohttp.ClientSession, body: object, words: str
) -> None:
    async with http.post(f"{api.url}/api/call", json=body, headers=api.auth) as r:
        assert r.status == 400
        answer = await r.json()
    assert answer["code"] == "invalid" and words in answer["error"]
    assert api.handler.requests == []


async def test_malformed_json_is_400(api: Fakes, http: aiohttp.ClientSession) -> None:
    for raw in (b"{not json", b"\xff\xfe", b""):
        async with http.post(f"{api.url}/api/call", data=raw, headers=api.auth) as r:
            assert r.status == 400
            assert await r.json() == {
                "ok": False,
                "error": "request body is not valid JSON",
                "code": "bad_json",
            }


async def test_oversized_body_is_413_and_the_server_keeps_serving(
    api: Fakes, http: aiohttp.ClientSession
) -> None:
    huge = {"service": "light.turn_on", "entity_id": "light.kitchen", "data": {"x": "a" * 70_000}}
    async with http.post(f"{api.url}/api/call", json=huge, headers=api.auth) as r:
        assert r.status == 413
        assert (await r.json())["code"] == "too_large"

    async def chunks():  # no Content-Length: the limit must hold while reading
        for _ in range(20):
            yield b"x" * 10_000

    async with http.post(f"{api.url}/api/call", data=chunks(), headers=api.auth) as r:
        assert r.status == 413
        assert (await r.json())["code"] == "too_large"
    async with http.get(f"{api.url}/api/health") as r:
        assert r.status == 200


async def test_unknown_routes_and_methods_are_json(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{api.url}/api/nope", headers=api.auth) as r:
        assert r.status == 404
        assert (await r.json())["code"] == "not_found"
    async with http.delete(f"{api.url}/api/call", headers=api.auth) as r:
        assert r.status == 405
        assert "POST" in r.headers["Allow"]
        assert (await r.json())["code"] == "method_not_allowed"


async def test_unexpected_error_is_500_logged_once_and_serving_goes_on(
    api: Fakes, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"service": "light.turn_on", "entity_id": "light.kitchen", "data": {"boom": True}}
    with caplog.at_level(logging.ERROR, logger="hub.api"):
        async with http.post(f"{api.url}/api/call", json=body, headers=api.auth) as r:
            assert r.status == 500
            assert (await r.json())["code"] == "internal"
    assert len(caplog.records) == 1 and "the handler broke" in caplog.records[0].getMessage()
    async with http.get(f"{api.url}/api/areas", headers=api.auth) as r:
        assert r.status == 200


async def test_command_goes_to_the_handler_as_text(api: Fakes, http: aiohttp.ClientSession) -> None:
    body = {"text": "turn on the kitchen light", "area": "kitchen"}
    async with http.post(f"{api.url}/api/command", json=body, headers=api.auth) as r:
        assert r.status == 200
        assert (await r.json())["reply"] == "Done: turn on the kitchen light"
    assert api.handler.requests[-1] == ("command", {**body, "session": None}, Origin.TEXT)
    async with http.post(f"{api.url}/api/command", json={"text": "  "}, headers=api.auth) as r:
        assert r.status == 400


async def test_events_query_parameters(api: Fakes, http: aiohttp.ClientSession) -> None:
    api.eventlog.rows = [{"type": "state_changed", "entity_id": "light.kitchen"}]
    params = [
        ("since", "2025-01-06T08:00:00+00:00"),
        ("type", "state_changed,call_done"),
        ("type", "hub_event"),
        ("entity_id", "light.kitchen"),
        ("limit", "5"),
    ]
    async with http.get(f"{api.url}/api/events", params=params, headers=api.auth) as r:
        assert r.status == 200
        assert await r.json() == api.eventlog.rows
    assert api.eventlog.queries[-1] == {
        "since": datetime(2025, 1, 6, 8, 0, tzinfo=UTC),
        "until": None,
        "types": ["state_changed", "call_done", "hub_event"],
        "entity_id": "light.kitchen",
        "limit": 5,
    }
    async with http.get(f"{api.url}/api/events", headers=api.auth) as r:
        assert r.status == 200
    assert api.eventlog.queries[-1]["limit"] == 100


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=100000", "limit=x", "since=yesterday", "type=nope", "colour=red"]
)
async def test_bad_event_queries_are_400(
    api: Fakes, http: aiohttp.ClientSession, query: str
) -> None:
    async with http.get(f"{api.url}/api/events?{query}", headers=api.auth) as r:
        assert r.status == 400
        assert (await r.json())["code"] == "invalid"


async def test_index_lists_routes(api: Fakes, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{api.url}/api", headers=api.auth) as r:
        routes = (await r.json())["routes"]
    assert {
        "method": "GET",
        "path": "/api/health",
        "summary": routes[0]["summary"],
        "auth": False,
    } in routes
    assert {(r["method"], r["path"]) for r in routes} >= {("POST", "/api/call"), ("GET", "/api/ws")}


async def test_cors_for_configured_origins_only(http: aiohttp.ClientSession) -> None:
    registry = FakeRegistry()
    ctx = ApiContext(
        registry, FakeBus(), FakeEventLog(), FakeHandler(registry), TOKEN, asyncio.Event()
    )
    app_origin = "http://tablet.local:3000"
    async with ApiServer(ctx, port=0, cors_origins=[app_origin]) as server:
        preflight = {"Origin": app_origin, "Access-Control-Request-Method": "POST"}
        async with http.options(f"{server.url}/api/call", headers=preflight) as r:
            assert r.status == 204
            assert r.headers["Access-Control-Allow-Origin"] == app_origin
            assert "Authorization" in r.headers["Access-Control-Allow-Headers"]
        async with http.get(f"{server.url}/api/entities", headers={"Origin": app_origin}) as r:
            assert r.status == 401  # errors carry CORS headers too, so the app can read them
            assert r.headers["Access-Control-Allow-Origin"] == app_origin
        async with http.get(f"{server.url}/api/health", headers={"Origin": "http://evil"}) as r:
            assert "Access-Control-Allow-Origin" not in r.headers


async def test_extra_routes_are_served_behind_auth(http: aiohttp.ClientSession) -> None:
    async def get_energy(request: web.Request) -> web.Response:
        return json_response({"kwh_today": 1.5})

    registry = FakeRegistry()
    ctx = ApiContext(
        registry, FakeBus(), FakeEventLog(), FakeHandler(registry), TOKEN, asyncio.Event()
    )
    extra = [Route("GET", "/api/energy", get_energy, "energy use")]
    async with ApiServer(ctx, port=0, extra_routes=extra) as server:
        async with http.get(f"{server.url}/api/energy") as r:
            assert r.status == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        async with http.get(f"{server.url}/api/energy", headers=auth) as r:
            assert await r.json() == {"kwh_today": 1.5}
