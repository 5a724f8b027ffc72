"""Energy: power sensors integrated to kWh per device, totals in SQLite, answers and alerts."""

from hub.energy.alerts import ALERT_KIND, AlertWatcher
from hub.energy.answers import (
    answer_energy,
    answer_house_energy,
    answer_house_power,
    answer_power,
    answer_ranking,
    format_energy,
    format_power,
)
from hub.energy.config import DEFAULT_LONG_RUN_MINUTES, DeviceAlerts, EnergyConfig
from hub.energy.discovery import (
    EnergyDevice,
    alert_topic,
    energy_discovery,
    energy_state_payload,
    energy_state_topic,
)
from hub.energy.meter import Integration, MeterState, parse_reading, step, unit_factor
from hub.energy.periods import PERIODS, Segment, period_days, split_hours
from hub.energy.store import EnergyStore
from hub.energy.tracker import EnergySample, EnergyTracker

__all__ = [
    "ALERT_KIND", "DEFAULT_LONG_RUN_MINUTES", "PERIODS", "AlertWatcher", "DeviceAlerts",
    "EnergyConfig", "EnergyDevice", "EnergySample", "EnergyStore", "EnergyTracker", "Integration",
    "MeterState", "Segment", "alert_topic", "answer_energy", "answer_house_energy",
    "answer_house_power", "answer_power", "answer_ranking", "energy_discovery",
    "energy_state_payload", "energy_state_topic", "format_energy", "format_power", "parse_reading",
    "period_days", "split_hours", "step", "unit_factor",
]  # fmt: skip
