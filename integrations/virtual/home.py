"""The virtual home integration: simulates a home file's devices and reports their states."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Self

from hub.core import (
    Clock,
    EntitySink,
    EntityState,
    IntegrationError,
    JsonValue,
    ServiceCall,
    split_service,
)
from integrations.virtual.config import VirtualConfig
from integrations.virtual.device import Device, Sim, Snapshot
from integrations.virtual.factory import Simulation, build
from integrations.virtual.homefile import REFERENCE_HOME, HomeFile, load_home
from integrations.virtual.simple import Scene

log = logging.getLogger(__name__)
MAX_DT = 10.0  # longest simulated stretch a device moves in one go (keeps physics smooth)


class VirtualHome:
    """A simulated home: every entity of its home file, moving in (sped-up) simulated time."""

    name = "virtual"

    def __init__(self, config: VirtualConfig, sink: EntitySink, clock: Clock) -> None:
        self.config = config
        self._sink = sink
        self._clock = clock
        self._sim = Sim(random.Random(config.seed), clock.now)
        self._devices: dict[str, Device] = {}
        self._simulation: Simulation | None = None
        self._last: dict[str, tuple[Snapshot, float]] = {}  # what was reported, at which sim time
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        # Reading the file is quick, but keep the loop free all the same.
        home = await asyncio.to_thread(load_home, self.config.home or REFERENCE_HOME)
        self.load(home)
        self._task = asyncio.create_task(
            self._tick_loop(self._clock.monotonic()), name="virtual.tick"
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def load(self, home: HomeFile) -> None:
        """Build the devices of `home` and register its areas and entities with the sink."""
        self._simulation = build(home, self._sim)
        self._devices = self._simulation.devices
        now = self._clock.now()
        for area in home.areas:
            self._sink.upsert_area(area)
        for entity_id, device in self._devices.items():
            snap = device.snapshot()
            self._sink.upsert_entity(device.spec, EntityState(snap[0], snap[1], last_changed=now))
            self._last[entity_id] = (snap, self._sim.t)
        log.info(
            "virtual home %r: %d areas, %d entities", home.name, len(home.areas), len(self._devices)
        )

    @property
    def sim_time(self) -> float:
        """Simulated seconds since the home started."""
        return self._sim.t

    def entity_ids(self) -> list[str]:
        return list(self._devices)

    def snapshot(self, entity_id: str) -> Snapshot:
        """The current simulated state and attributes of an entity (for demos and tests)."""
        return self._device(entity_id).snapshot()

    def watts(self, entity_id: str) -> float:
        """The simulated draw of a device right now (W)."""
        return self._device(entity_id).watts()

    async def call(self, call: ServiceCall, call_id: str) -> None:
        """Carry out a service call; the new states are reported tagged with `call_id`."""
        try:
            domain, service = split_service(call.service)
        except ValueError as exc:
            raise IntegrationError(str(exc)) from None
        self._apply(call.entity_ids, domain, service, call.data, call_id)

    def press(
        self, entity_id: str, service: str, data: Mapping[str, JsonValue] | None = None
    ) -> None:
        """A person uses a device by hand (wall switch, remote): reported with no call_id."""
        domain, _, name = service.rpartition(".")
        self._apply((entity_id,), domain or None, name, data or {}, None)

    def step(self, seconds: float) -> None:
        """Advance the simulation by `seconds` of simulated time and report what changed."""
        if seconds < 0:
            raise ValueError("cannot step back in time")
        if self._simulation is None:
            return
        devices = list(self._devices.values())
        weather = self._simulation.weather
        left = seconds
        while left > 1e-9:
            dt = min(left, MAX_DT)
            weather.step(dt)
            for device in devices:
                device.step(dt)
            self._sim.t += dt
            left -= dt
        self._report(devices)

    def _device(self, entity_id: str) -> Device:
        device = self._devices.get(entity_id)
        if device is None:
            raise IntegrationError(f"the virtual home has no entity {entity_id}")
        return device

    def _apply(
        self,
        entity_ids: Iterable[str],
        domain: str | None,
        service: str,
        data: Mapping[str, JsonValue],
        cause: str | None,
        *,
        nested: bool = False,  # inside a scene: scenes in scenes are not expanded (no loops)
    ) -> None:
        targets = [self._device(e) for e in entity_ids]
        for device in targets:  # check every entity before touching any
            if domain is not None and device.spec.domain != domain:
                raise IntegrationError(f"{domain}.{service} cannot act on {device.spec.entity_id}")
            if service not in device.SERVICES:
                raise IntegrationError(
                    f"{device.name} ({device.spec.entity_id}) has no service "
                    f"{device.spec.domain}.{service}"
                )
        try:
            for device in targets:
                device.cause = cause
                device.apply(service, data)
                if isinstance(device, Scene) and not nested:
                    for scene_service, entity_id, scene_data in device.targets:
                        d, _, name = scene_service.partition(".")
                        self._apply((entity_id,), d, name, scene_data, cause, nested=True)
        finally:  # what did change before a bad value is still reported
            if not nested:
                self._report(self._devices.values())

    def _report(self, devices: Iterable[Device]) -> None:
        """Report each device whose state is news; multi-step changes carry their call's id."""
        now, t = self._clock.now(), self._sim.t
        for device in devices:
            entity_id = device.spec.entity_id
            snap = device.snapshot()
            prev, at = self._last[entity_id]
            if device.should_report(snap, prev, t - at):
                self._sink.report_state(entity_id, snap[0], snap[1], call_id=device.cause, ts=now)
                self._last[entity_id] = (snap, t)
            if not device.busy:
                device.cause = None

    async def _tick_loop(self, last: float) -> None:
        """Step by the clock's elapsed time (from `last`, when the home was entered) × speed."""
        failing = False
        while True:
            await asyncio.sleep(self.config.tick_s)
            now = self._clock.monotonic()
            try:
                self.step(max(0.0, now - last) * self.config.speed)
                failing = False
            except Exception:  # a simulation bug must not stop the home; say so once, go on
                if not failing:
                    log.exception("virtual home step failed")
                failing = True
            last = now
