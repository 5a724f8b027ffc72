"""A small metered home on the real bus and registry, driven by a FakeClock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hub.bus import Bus
from hub.clock import FakeClock
from hub.core import EntitySpec, EntityState, Event, HubEvent
from hub.energy import EnergyConfig, EnergyTracker
from hub.registry import Registry

ZONE = ZoneInfo("Europe/Berlin")

DEVICES = [
    ("switch.dryer", "Dryer", "sensor.dryer_power", "W"),
    ("switch.space_heater", "Space heater", "sensor.space_heater_power", "W"),
    ("switch.kettle", "Kettle", "sensor.kettle_power", "W"),
    ("switch.ev_charger", "Car charger", "sensor.ev_charger_power", "kW"),
]


class Home:
    """Registry + bus + clock with a few metered devices; `alerts` collects energy alerts."""

    def __init__(self, start: datetime | None = None, house: bool = False) -> None:
        # FakeClock adds timedeltas in the zone of its start (wall-clock arithmetic, wrong across
        # DST); running it in UTC keeps elapsed time exact, and the tracker gets the home's zone.
        start = start or datetime(2025, 1, 6, 8, 0, tzinfo=ZONE)
        self.clock = FakeClock(start.astimezone(UTC))
        self.bus = Bus()
        self.registry = Registry(self.bus, self.clock)
        self.alerts: list[HubEvent] = []
        self.bus.add_listener(self._collect)
        for device, name, sensor, unit in DEVICES:
            self.registry.upsert_entity(
                EntitySpec(sensor, f"{name} power", device_class="power", unit=unit),
                EntityState("0"),
            )
            self.registry.upsert_entity(
                EntitySpec(device, name, power_sensor=sensor), EntityState("off")
            )
        self.registry.upsert_entity(
            EntitySpec("sensor.grid_energy", "Grid meter", device_class="energy", unit="kWh"),
            EntityState("unknown"),
        )
        if house:
            self.registry.upsert_entity(
                EntitySpec("sensor.house_power", "House power", device_class="power", unit="W"),
                EntityState("0"),
            )

    def _collect(self, event: Event) -> None:
        if isinstance(event, HubEvent) and event.kind == "energy_alert":
            self.alerts.append(event)

    def tracker(self, data_dir: Path, **config: object) -> EnergyTracker:
        cfg = EnergyConfig.model_validate(config)
        return EnergyTracker(cfg, data_dir, self.bus, self.registry, self.clock, tz=ZONE)

    def set(self, entity_id: str, state: str) -> None:
        self.registry.report_state(entity_id, state)

    def run(self, tracker: EnergyTracker, minutes: float, step_s: float = 60) -> None:
        """Let time pass, ticking the tracker as its loop would."""
        for _ in range(round(minutes * 60 / step_s)):
            self.clock.advance(step_s)
            tracker.tick()
