"""EnergyTracker: follows power and energy sensors on the bus and keeps kWh per device."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from hub.core.events import Event, HubEvent, StateChanged
from hub.core.model import Entity, Question
from hub.core.ports import Clock
from hub.energy import answers
from hub.energy.alerts import AlertWatcher
from hub.energy.config import EnergyConfig
from hub.energy.meter import Integration, Kind, MeterState, parse_reading, step, unit_factor
from hub.energy.store import EnergyStore

log = logging.getLogger(__name__)

_ON_STATES = frozenset({"on", "heat", "cool", "heat_cool", "auto", "dry", "fan_only", "playing"})


class BusLike(Protocol):
    """The bus, as far as the tracker listens to it."""

    def add_listener(self, fn: Callable[[Event], None]) -> None: ...

    def remove_listener(self, fn: Callable[[Event], None]) -> None: ...


class RegistryLike(Protocol):
    """The registry, as far as the tracker reads it and emits alerts through it."""

    def get(self, entity_id: str) -> Entity | None: ...

    def entities(self) -> list[Entity]: ...

    def emit(self, event: HubEvent) -> None: ...


@dataclass(frozen=True, slots=True)
class EnergySample:
    """A device's running kWh total (for exporters and MQTT state topics)."""

    ts: datetime
    entity_id: str  # the device (or the sensor, when it meters no device)
    sensor: str
    total_kwh: float


@dataclass(frozen=True, slots=True)
class _Sensor:
    kind: Kind
    factor: float


class EnergyTracker:
    """Integrates every power sensor (W, kW) into kWh and follows energy counters (Wh, kWh).

    An async context manager owning its "energy.tick" task, which re-reads quiet sensors (the
    registry only reports changes, so a steady 2 kW load is silent), runs the alert checks and
    flushes totals to `<data_dir>/energy.sqlite`.
    """

    def __init__(
        self,
        config: EnergyConfig,
        data_dir: Path,
        bus: BusLike,
        registry: RegistryLike,
        clock: Clock,
        *,
        tz: tzinfo | None = None,
        on_sample: Callable[[EnergySample], None] | None = None,
    ) -> None:
        self.config = config
        self._bus, self._registry, self._clock = bus, registry, clock
        zone = tz or clock.now().tzinfo
        if zone is None:
            raise ValueError("the clock must give timezone-aware times")
        self.store = EnergyStore(data_dir / "energy.sqlite", zone, config.house_sensor)
        self.alerts = AlertWatcher(config)
        self.on_sample = on_sample
        self._how = Integration(
            config.method, config.max_hold_minutes * 60, config.meter_reset_tolerance
        )
        self._meters: dict[str, MeterState] = {}
        self._sensors: dict[str, _Sensor | None] = {}  # None: looked at, not metered
        self._task: asyncio.Task[None] | None = None
        self._last_flush = 0.0

    async def __aenter__(self) -> Self:
        self._meters = await self.store.open()
        for entity in self._registry.entities():
            self._learn(entity)
        for sensor in [s for s, info in self._sensors.items() if info is not None]:
            current = self._registry.get(sensor)
            if current is not None:  # pick up where the saved meter left off
                self._feed(sensor, current.state.state, self._clock.now())
        self._bus.add_listener(self.on_event)
        self._last_flush = self._clock.monotonic()
        self._task = asyncio.create_task(self._loop(), name="energy.tick")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bus.remove_listener(self.on_event)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.tick()  # count the held readings up to now, so a restart resumes from here
        await self.store.close()

    # -- entities --------------------------------------------------------------------------

    def _learn(self, entity: Entity) -> _Sensor | None:
        """Note what an entity is: a metered sensor, a device with a meter, or neither."""
        spec = entity.spec
        if spec.power_sensor:
            self.store.owners[spec.power_sensor] = spec.entity_id
            if self._sensors.get(spec.power_sensor, 0) is None:
                del self._sensors[spec.power_sensor]  # seen before its device: look again
        kind: Kind | None = None
        if spec.device_class in ("power", "energy"):
            kind = "power" if spec.device_class == "power" else "energy"
        elif spec.entity_id in self.store.owners:
            kind = "power"  # named as a device's power sensor: watts unless it says otherwise
        factor = unit_factor(kind, spec.unit) if kind else None
        if kind is not None and factor is None:
            log.warning(
                "%s: unit %r is not a power/energy unit; ignored", spec.entity_id, spec.unit
            )
        info = _Sensor(kind, factor) if kind is not None and factor is not None else None
        self._sensors[spec.entity_id] = info
        if info is not None:
            self.store.tracked.add(spec.entity_id)
        return info

    def _sensor(self, entity_id: str) -> _Sensor | None:
        if entity_id in self._sensors:
            return self._sensors[entity_id]
        entity = self._registry.get(entity_id)
        return self._learn(entity) if entity is not None else None

    def name_of(self, entity_id: str) -> str:
        """A device's name; a sensor that meters a device is named by the device."""
        entity = self._registry.get(self.store.device_of(entity_id))
        return entity.spec.name if entity is not None else entity_id

    # -- events ----------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Bus listener: feeds sensor readings, watches devices switching on and off."""
        if not isinstance(event, StateChanged):
            return
        if event.old_state is None:  # first sight or re-described: look at it afresh
            self._sensors.pop(event.entity_id, None)
        if self._sensor(event.entity_id) is not None:
            self._feed(event.entity_id, event.new_state, event.ts)
        elif event.entity_id in self.store.owners.values():
            sensor = self.store.sensor_of(event.entity_id)
            self._check(sensor, self.store.live.get(sensor), event.ts)

    def _feed(self, sensor: str, state: str, ts: datetime) -> None:
        info = self._sensors.get(sensor)
        if info is None:
            return
        meter = self._meters.get(sensor)
        if meter is None or meter.kind != info.kind:
            meter = self._meters[sensor] = MeterState(info.kind)
        value = parse_reading(state, info.factor)
        segments = step(meter, ts.timestamp(), value, self._how)
        self.store.record(sensor, meter, segments)
        if info.kind == "power":
            watts = max(0.0, value) if value is not None else None
            self.store.live[sensor] = watts
            self._check(sensor, watts, ts)

    def _check(self, sensor: str, watts: float | None, now: datetime) -> None:
        device = self.store.device_of(sensor)
        if device == self.config.house_sensor or sensor == self.config.house_sensor:
            return
        on: bool | None = None
        if device != sensor:
            entity = self._registry.get(device)
            if entity is not None and entity.state.available:
                on = entity.state.state in _ON_STATES
        for alert in self.alerts.observe(device, self.name_of(device), watts, on, now):
            log.info("energy alert: %s", alert.data.get("message"))
            self._registry.emit(alert)

    # -- time ------------------------------------------------------------------------------

    def tick(self) -> None:
        """Re-read every available power sensor at the clock's now; publish running totals."""
        now = self._clock.now()
        for sensor, info in list(self._sensors.items()):
            if info is None:
                continue
            entity = self._registry.get(sensor)
            if info.kind == "power" and entity is not None and entity.state.available:
                self._feed(sensor, entity.state.state, now)
            meter = self._meters.get(sensor)
            if self.on_sample is not None and meter is not None:
                device = self.store.device_of(sensor)
                self.on_sample(EnergySample(now, device, sensor, meter.total_kwh))

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.config.sample_interval_s)
            try:
                self.tick()
                if self._clock.monotonic() - self._last_flush >= self.config.flush_interval_s:
                    self._last_flush = self._clock.monotonic()
                    await self.store.flush()
            except Exception:  # a full disk must not stop the tracking; the next flush retries
                log.exception("energy: tick failed")

    def now(self) -> datetime:
        """The clock's now (what "today" is measured from)."""
        return self._clock.now()

    def totals(self) -> dict[str, float]:
        """Lifetime kWh per device (or unowned sensor): the state of its MQTT energy sensor."""
        return {self.store.device_of(s): m.total_kwh for s, m in self._meters.items()}

    # -- answers ---------------------------------------------------------------------------

    def _is_house(self, entity_id: str) -> bool:
        return entity_id == self.config.house_sensor or entity_id in ("house", "home")

    async def answer(self, question: Question) -> str:
        """The reply to a planner's question of kind "power" or "energy"."""
        now = self._clock.now()
        targets = question.entity_ids or ()
        if question.kind == "power":
            if not targets or all(self._is_house(t) for t in targets):
                return answers.answer_house_power(self.store.house_power_now())
            return " ".join(
                answers.answer_power(self.name_of(t), self.store.power_now(t)) for t in targets
            )
        period = question.period or "today"
        if not targets:
            ranking = await self.store.ranking(period, now)
            named = [(self.name_of(device), kwh) for device, kwh in ranking]
            return answers.answer_ranking(named, period)
        if len(targets) >= 3:  # "what used the most": rank the devices asked about
            ranking = await self.store.ranking(period, now)
            wanted = {self.store.device_of(t) for t in targets} | set(targets)
            named = [(self.name_of(d), kwh) for d, kwh in ranking if d in wanted]
            return answers.answer_ranking(named, period)
        replies = []
        for target in targets:
            if self._is_house(target):
                kwh = await self.store.house(period, now)
                replies.append(answers.answer_house_energy(kwh, period))
            else:
                kwh = await self.store.energy(target, period, now)
                replies.append(answers.answer_energy(self.name_of(target), kwh, period))
        return " ".join(replies)
