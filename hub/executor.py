"""The executor: validates service calls and carries them out on the owning integrations."""

from __future__ import annotations

import asyncio
import logging
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hub.bus import Bus
from hub.core.errors import (
    HubError,
    IntegrationError,
    InvalidCallError,
    UnknownEntityError,
    UnknownServiceError,
)
from hub.core.events import CallDone, CallFailed, CallRequested, HubEvent
from hub.core.model import UNAVAILABLE, Entity, JsonObject, JsonValue, Origin, ServiceCall
from hub.core.ports import Clock, Integration
from hub.core.services import Field, lookup
from hub.registry import Registry

if TYPE_CHECKING:
    from hub.scheduler import Scheduler

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 10.0
# Covers and vacuums take a while to settle: their later states still answer the call.
_SLOW_DOMAINS = frozenset({"cover", "vacuum"})


@dataclass(frozen=True)
class CallResult:
    """What became of a call: done (with the entities' states), failed, or scheduled."""

    call_id: str
    ok: bool
    call: ServiceCall
    states: dict[str, str]
    error: str | None = None
    scheduled_for: datetime | None = None
    # Why it failed, for the front doors: unknown_entity | unknown_service | invalid | failed.
    code: str | None = None

    def to_json(self) -> JsonObject:
        return {
            "ok": self.ok,
            "code": self.code,
            "call_id": self.call_id,
            "call": self.call.to_json(),
            "states": dict(self.states),
            "error": self.error,
            "scheduled_for": self.scheduled_for.isoformat() if self.scheduled_for else None,
        }


def next_local(at: str, now: datetime) -> datetime:
    """The next "HH:MM" wall-clock time after `now`, in `now`'s time zone (DST-aware)."""
    hour, minute = (int(p) for p in at.split(":"))
    for days in (0, 1, 2):
        day = now.date() + timedelta(days=days)
        # Build from the wall-clock date, not now + 24 h, so a DST change keeps the local time.
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a time within two days is always later")


_AT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# What a missing feature stops an entity from doing, in the words a person would use.
_CANNOT = {
    "brightness": "dim",
    "color": "change colour",
    "color_temp": "change colour temperature",
    "percentage": "change speed",
    "temperature": "set a temperature",
    "hvac_mode": "change mode",
    "position": "move to a position",
}


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


_TRUTH = {"true": True, "on": True, "yes": True, "false": False, "off": False, "no": False}


def _coerce(key: str, value: JsonValue, field: Field, who: str) -> JsonValue:
    """The value in the field's type (numeric strings become numbers), or InvalidCallError."""
    bad = InvalidCallError(f"{key} {value!r} is not a valid {field.kind} for {who}")
    if field.kind in ("int", "float"):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise bad from None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise bad
        if field.kind == "int" or float(value).is_integer():
            return round(value)  # 40.0 -> 40: the same number, logged the way people write it
        return float(value)
    if field.kind == "rgb":
        parts = value.split(",") if isinstance(value, str) else value
        try:
            rgb: list[JsonValue] = [int(str(p).strip()) for p in parts]  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise bad from None
        if len(rgb) != 3 or not all(isinstance(c, int) and 0 <= c <= 255 for c in rgb):
            raise bad
        return rgb
    if field.kind == "bool":  # JSON true/false, as Home Assistant's schemas take it
        if isinstance(value, str) and value.strip().lower() in _TRUTH:
            return _TRUTH[value.strip().lower()]
        if not isinstance(value, bool):
            raise bad
        return value
    if isinstance(value, bool):
        value = "true" if value else "false"
    if not isinstance(value, str):
        raise bad
    if field.choices is not None:
        if value.strip().lower() not in field.choices:
            options = ", ".join(sorted(field.choices))
            raise InvalidCallError(f"{key} {value!r} is not one of {options} for {who}")
        return value.strip().lower()
    return value


def _check_field(key: str, value: JsonValue, field: Field, entity: Entity) -> JsonValue:
    spec, who = entity.spec, entity.spec.name
    if field.feature is not None and field.feature not in spec.features:
        doing = _CANNOT.get(field.feature, f"take {key}")
        raise InvalidCallError(f"{who} can't {doing}")
    value = _coerce(key, value, field, who)
    lo, hi = (spec.min_value, spec.max_value) if field.entity_range else (field.lo, field.hi)
    if isinstance(value, int | float) and (
        (lo is not None and value < lo) or (hi is not None and value > hi)
    ):
        span = f"{_fmt(lo) if lo is not None else '..'}..{_fmt(hi) if hi is not None else ''}"
        raise InvalidCallError(f"{key} {_fmt(value)} is out of range {span} for {who}")
    return value


def validate_call(call: ServiceCall, registry: Registry) -> ServiceCall:
    """The call with its data checked against every entity and coerced; raises HubError."""
    try:
        domain, name = call.domain, call.name
    except ValueError as exc:
        raise UnknownServiceError(str(exc)) from None
    if not call.entity_ids:
        raise InvalidCallError(f"{call.service} names no entity")
    if call.at is not None and not _AT.match(call.at):
        raise InvalidCallError(f"at {call.at!r} is not a local time HH:MM")
    if call.delay_s is not None and not (math.isfinite(call.delay_s) and call.delay_s >= 0):
        raise InvalidCallError(f"delay_s {call.delay_s} must be a number of seconds >= 0")
    data: dict[str, JsonValue] = {}
    for entity_id in call.entity_ids:
        entity = registry.get(entity_id)
        if entity is None:
            raise UnknownEntityError(f"unknown entity {entity_id}")
        spec = entity.spec
        service = lookup(f"{spec.domain}.{name}")
        if service is None or (spec.domain != domain and domain != "homeassistant"):
            raise UnknownServiceError(f"{spec.name} ({entity_id}) has no service {call.service}")
        if not entity.state.available or entity.state.state == UNAVAILABLE:
            raise InvalidCallError(f"{spec.name} is unavailable")
        for key, value in call.data.items():
            field = service.fields.get(key)
            if field is None:
                raise InvalidCallError(f"{call.service} doesn't take {key} (for {spec.name})")
            data[key] = _check_field(key, value, field, entity)
        if service.required_any and not any(k in call.data for k in service.required_any):
            needs = " or ".join(service.required_any)
            raise InvalidCallError(f"{call.service} needs {needs} for {spec.name}")
    return replace(call, data=data)


class Executor:
    """Validates calls, dispatches them to integrations, and reports every outcome on the bus."""

    def __init__(
        self,
        registry: Registry,
        bus: Bus,
        clock: Clock,
        integrations: Mapping[str, Integration],
        scheduler: Scheduler | None = None,
    ) -> None:
        self._registry = registry
        self._bus = bus
        self._clock = clock
        self._integrations = integrations  # kept by reference: the app fills it after us
        self._scheduler = scheduler
        if scheduler is not None:
            scheduler.bind(self.execute)

    def validate(self, call: ServiceCall) -> ServiceCall:
        """The call with its data coerced, or InvalidCall/UnknownEntity/UnknownService error."""
        return validate_call(call, self._registry)

    async def execute(self, call: ServiceCall, origin: Origin) -> CallResult:
        """Carry out a call; never raises: failures come back as ok=False and a CallFailed."""
        call_id = uuid.uuid4().hex[:16]
        error: str | None = None
        code = "invalid"
        try:
            checked = self.validate(call)
        except (HubError, ValueError) as exc:
            checked, error = call, str(exc)
            if isinstance(exc, UnknownEntityError):
                code = "unknown_entity"
            elif isinstance(exc, UnknownServiceError):
                code = "unknown_service"
        # Requested before anything else happens, with the coerced call when it was valid.
        self._bus.publish(CallRequested(self._clock.now(), call_id, checked, origin))
        if error is None and call.confirm:
            error = (
                f"{call.service} needs confirmation first; the executor does not run calls "
                "that wait for a yes"
            )
        if error is not None:
            return self._fail(call_id, checked, origin, error, code)
        if checked.delay_s is not None or checked.at is not None:
            return self._schedule(call_id, checked, origin)
        return await self._run(call_id, checked, origin)

    def _fail(
        self, call_id: str, call: ServiceCall, origin: Origin, error: str, code: str = "failed"
    ) -> CallResult:
        self._bus.publish(CallFailed(self._clock.now(), call_id, call, origin, error))
        return CallResult(call_id, False, call, self._states(call), error, code=code)

    def _states(self, call: ServiceCall) -> dict[str, str]:
        out: dict[str, str] = {}
        for entity_id in call.entity_ids:
            entity = self._registry.get(entity_id)
            if entity is not None:
                out[entity_id] = entity.state.state
        return out

    def _schedule(self, call_id: str, call: ServiceCall, origin: Origin) -> CallResult:
        if self._scheduler is None:
            return self._fail(call_id, call, origin, "delayed calls need the scheduler")
        now = self._clock.now()
        if call.at is not None:
            run_at = next_local(call.at, now)
        else:
            run_at = now + timedelta(seconds=call.delay_s or 0.0)
        job_id = self._scheduler.schedule_call(call, origin, run_at)
        data: JsonObject = {"job_id": job_id, "call_id": call_id, "run_at": run_at.isoformat()}
        self._bus.publish(HubEvent(now, "call_scheduled", data))
        return CallResult(call_id, True, call, self._states(call), None, run_at)

    async def _run(self, call_id: str, call: ServiceCall, origin: Origin) -> CallResult:
        groups: dict[tuple[str, str], list[str]] = {}
        for entity_id in call.entity_ids:
            entity = self._registry.get(entity_id)
            assert entity is not None  # validate() checked every entity
            key = (entity.spec.integration, entity.spec.domain)
            groups.setdefault(key, []).append(entity_id)
        window = 120.0 if any(domain in _SLOW_DOMAINS for _, domain in groups) else 10.0
        self._registry.expect(call_id, call.entity_ids, origin, call.service, window)
        results = await asyncio.gather(
            *(
                self._dispatch(call, name, domain, ids, call_id)
                for (name, domain), ids in groups.items()
            )
        )
        errors = [e for e in results if e is not None]
        if errors:
            return self._fail(call_id, call, origin, "; ".join(errors))
        states = self._states(call)
        self._bus.publish(CallDone(self._clock.now(), call_id, call, origin, states))
        return CallResult(call_id, True, call, states)

    async def _dispatch(
        self, call: ServiceCall, name: str, domain: str, ids: list[str], call_id: str
    ) -> str | None:
        """Send one integration its part of the call; the error text when it fails."""
        integration = self._integrations.get(name)
        if integration is None:
            return f"no integration {name or '(none)'!r} handles {', '.join(ids)}"
        # Each entity gets its own domain's service (light.turn_on on a switch: switch.turn_on).
        sub = replace(call, service=f"{domain}.{call.name}", entity_ids=tuple(ids))
        try:
            async with asyncio.timeout(CALL_TIMEOUT_S):
                await integration.call(sub, call_id)
        except TimeoutError:
            return f"{name} did not answer {sub.service} within {CALL_TIMEOUT_S:.0f} s"
        except (IntegrationError, InvalidCallError, UnknownServiceError) as exc:
            return str(exc)
        except Exception as exc:
            # An integration bug must not take the hub down; it is logged with its traceback.
            log.exception("integration %s failed on %s", name, sub.service)
            return f"{name} failed on {sub.service}: {exc}"
        return None
