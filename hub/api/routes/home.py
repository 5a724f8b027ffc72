"""GET /api/entities, /api/entities/{entity_id} and /api/areas: the registry, read-only."""

from __future__ import annotations

from aiohttp import web

from hub.api.context import Route, api_context
from hub.api.http import ApiError, json_response
from hub.core.model import Area, Entity, JsonObject, JsonValue


def entity_to_json(entity: Entity) -> JsonObject:
    """An entity as the API shows it: identity, capabilities and current state."""
    spec, state = entity.spec, entity.state
    aliases: list[JsonValue] = [a for a in spec.aliases]
    features: list[JsonValue] = [f for f in sorted(spec.features)]
    return {
        "entity_id": spec.entity_id,
        "domain": spec.domain,
        "name": spec.name,
        "area": spec.area,
        "state": state.state,
        "attributes": dict(state.attributes),
        "last_changed": state.last_changed.isoformat() if state.last_changed else None,
        "available": state.available,
        "aliases": aliases,
        "features": features,
        "device_class": spec.device_class,
        "unit": spec.unit,
        "sensitive": spec.sensitive,
        "min_value": spec.min_value,
        "max_value": spec.max_value,
        "power_sensor": spec.power_sensor,
        "integration": spec.integration,
    }


def area_to_json(area: Area) -> JsonObject:
    """An area as the API shows it."""
    aliases: list[JsonValue] = [a for a in area.aliases]
    return {"id": area.id, "name": area.name, "aliases": aliases}


def resolve_area(areas: list[Area], wanted: str) -> str | None:
    """The id of the area named `wanted` by id, name or alias (any case); None if unknown."""
    key = wanted.strip().casefold()
    for area in areas:
        if key in {area.id.casefold(), area.name.casefold(), *(a.casefold() for a in area.aliases)}:
            return area.id
    return None


async def get_entities(request: web.Request) -> web.Response:
    """All entities, optionally only those of ?domain= and/or ?area= (id, name or alias)."""
    registry = api_context(request).registry
    entities = registry.entities()
    domain = request.query.get("domain")
    if domain:
        entities = [e for e in entities if e.spec.domain == domain]
    area = request.query.get("area")
    if area:
        area_id = resolve_area(registry.areas(), area)
        if area_id is None:
            raise ApiError(404, f"unknown area: {area}", "unknown_area")
        entities = [e for e in entities if e.spec.area == area_id]
    body: list[JsonValue] = [entity_to_json(e) for e in sorted(entities, key=_by_id)]
    return json_response(body)


async def get_entity(request: web.Request) -> web.Response:
    """One entity, or 404."""
    entity_id = request.match_info["entity_id"]
    entity = api_context(request).registry.get(entity_id)
    if entity is None:
        raise ApiError(404, f"unknown entity: {entity_id}", "unknown_entity")
    return json_response(entity_to_json(entity))


async def get_areas(request: web.Request) -> web.Response:
    """All areas."""
    areas = sorted(api_context(request).registry.areas(), key=lambda a: a.id)
    body: list[JsonValue] = [area_to_json(a) for a in areas]
    return json_response(body)


def _by_id(entity: Entity) -> str:
    return entity.entity_id


ROUTES = (
    Route("GET", "/api/entities", get_entities, "entities (?domain= &area=)"),
    Route("GET", "/api/entities/{entity_id}", get_entity, "one entity's state and attributes"),
    Route("GET", "/api/areas", get_areas, "areas of the home"),
)
