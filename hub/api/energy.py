"""GET /api/energy: kWh per device and for the whole house, from the local energy store."""

from __future__ import annotations

from aiohttp import web

from hub.api.context import Route
from hub.api.http import ApiError, json_response
from hub.core.model import JsonObject, JsonValue
from hub.energy import PERIODS, EnergyTracker


def routes(tracker: EnergyTracker) -> tuple[Route, ...]:
    """The energy routes, closed over the running tracker; pass them as ApiServer extra_routes."""

    async def get_energy(request: web.Request) -> web.Response:
        """?entity_id= (device or its power sensor) &period= (default today)."""
        period = request.query.get("period", "today")
        now = tracker.now()
        try:
            first, last = tracker.store.days(period, now)
        except ValueError as exc:
            raise ApiError(400, str(exc), "invalid_period") from None
        span: JsonObject = {"period": period, "from": first.isoformat(), "to": last.isoformat()}
        entity_id = request.query.get("entity_id")
        store = tracker.store
        if entity_id:
            sensor = store.sensor_of(entity_id)
            if sensor not in store.tracked:
                raise ApiError(404, f"no power or energy meter for {entity_id}", "unknown_entity")
            kwh = await store.energy(entity_id, (first, last), now)
            return json_response(
                {
                    "entity_id": entity_id,
                    **span,
                    "kwh": round(kwh, 4),
                    "device": store.device_of(sensor),
                    "sensor": sensor,
                    "name": tracker.name_of(sensor),
                    "power_w": store.power_now(sensor),
                }
            )
        ranking = await store.ranking((first, last), now)
        devices: list[JsonValue] = [
            {
                "entity_id": device,
                "name": tracker.name_of(device),
                "kwh": round(kwh, 4),
                "power_w": store.power_now(device),
            }
            for device, kwh in ranking
        ]
        house_meter = store.house_sensor if store.house_sensor in store.tracked else None
        house: JsonObject = {
            "entity_id": house_meter,
            "source": "meter" if house_meter else "sum of devices",
            "kwh": round(await store.house((first, last), now), 4),
            "power_w": store.house_power_now(),
        }
        return json_response({**span, "house": house, "devices": devices})

    summary = f"kWh per device and the whole house (?entity_id= &period={'|'.join(PERIODS)})"
    return (Route("GET", "/api/energy", get_energy, summary),)
