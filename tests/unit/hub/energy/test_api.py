"""GET /api/energy through a real ApiServer, over a real tracker."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp

from hub.api import ApiContext, ApiServer
from hub.api.energy import routes

from .home import Home

TOKEN = "t0ken"


class _NoLog:
    def query(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


class _NoHandler:
    async def handle(self, kind: str, request: Any, origin: Any) -> Any:
        return {"ok": False, "error": "unused"}


async def test_energy_route(tmp_path: Path) -> None:
    home = Home(house=True)
    async with home.tracker(tmp_path) as tracker:
        home.set("sensor.dryer_power", "2400")
        home.set("sensor.kettle_power", "1200")
        home.set("sensor.house_power", "4000")
        home.run(tracker, 30)
        ctx = ApiContext(
            registry=home.registry,
            bus=home.bus,  # type: ignore[arg-type]
            eventlog=_NoLog(),
            handler=_NoHandler(),
            token=TOKEN,
            ready=asyncio.Event(),
        )
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            ApiServer(ctx, "127.0.0.1", 0, extra_routes=routes(tracker)) as server,
            aiohttp.ClientSession(headers=headers) as http,
        ):
            for entity_id in ("switch.dryer", "sensor.dryer_power"):
                async with http.get(
                    f"{server.url}/api/energy", params={"entity_id": entity_id}
                ) as resp:
                    body = await resp.json()
                assert resp.status == 200
                assert body["entity_id"] == entity_id
                assert body["period"] == "today"
                assert body["kwh"] == 1.2
                assert body["device"] == "switch.dryer"
            async with http.get(f"{server.url}/api/energy?period=this_week") as resp:
                body = await resp.json()
            assert [d["entity_id"] for d in body["devices"]] == ["switch.dryer", "switch.kettle"]
            assert body["house"] == {
                "entity_id": "sensor.house_power",
                "source": "meter",
                "kwh": 2.0,
                "power_w": 4000.0,
            }
            async with http.get(f"{server.url}/api/energy?period=fortnight") as resp:
                assert resp.status == 400
                assert (await resp.json())["code"] == "invalid_period"
            async with http.get(f"{server.url}/api/energy?entity_id=light.nope") as resp:
                assert resp.status == 404
