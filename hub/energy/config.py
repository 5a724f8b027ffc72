"""The `energy:` section of hub.yaml: how power is integrated and when to raise alerts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Minutes of continuous draw after which a kind of appliance is "left on", matched against the
# device's entity id and name (first match wins). Devices not matched get no long-run alert.
DEFAULT_LONG_RUN_MINUTES: dict[str, float] = {
    "space_heater": 240,
    "heater": 240,
    "iron": 30,
    "kettle": 30,
    "straightener": 30,
    "curling": 30,
    "hair_dryer": 30,
    "toaster": 20,
    "oven": 180,
    "stove": 120,
    "hob": 120,
    "cooktop": 120,
    "coffee": 120,
    "electric_blanket": 480,
    "dryer": 240,
    "washing_machine": 240,
    "dishwasher": 240,
}


class DeviceAlerts(BaseModel):
    """Alert settings of one device, overriding the defaults by kind."""

    model_config = ConfigDict(extra="forbid")

    max_on_minutes: float | None = Field(
        None, gt=0, description="Alert when it draws power longer than this; null: by kind."
    )
    standby_watts: float | None = Field(None, ge=0, description="Standby threshold when off.")
    standby_minutes: float | None = Field(None, gt=0, description="For how long, when off.")
    enabled: bool = True


class EnergyConfig(BaseModel):
    """Energy tracking: W -> kWh per device, hourly/daily totals in SQLite, alerts."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    method: Literal["left", "trapezoid"] = Field(
        "left",
        description="left: hold each reading until the next (exact for sensors that report on "
        "change); trapezoid: ramp between readings (better for smooth, periodic sampling).",
    )
    max_hold_minutes: float = Field(
        15, gt=0, description="A reading is held at most this long when no news arrives."
    )
    sample_interval_s: float = Field(
        60, gt=0, description="Re-read quiet sensors this often (a steady load reports nothing)."
    )
    flush_interval_s: float = Field(60, gt=0, description="Write totals to SQLite this often.")
    house_sensor: str | None = Field(
        "sensor.house_power", description="Whole-house meter; absent: the sum of the devices."
    )
    meter_reset_tolerance: float = Field(
        0.005, ge=0, le=1, description="A counter dip smaller than this fraction is jitter."
    )
    on_watts: float = Field(5.0, ge=0, description="Above this a device counts as drawing power.")
    long_run_minutes: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_LONG_RUN_MINUTES),
        description="Long-run alert limits by kind (a word in the entity id or name).",
    )
    long_run_grace_minutes: float = Field(
        10, ge=0, description="Pauses shorter than this (thermostats cycling) don't end a run."
    )
    standby_watts: float = Field(5.0, ge=0, description="Off but drawing more than this ...")
    standby_minutes: float = Field(30, gt=0, description="... for this long: standby alert.")
    devices: dict[str, DeviceAlerts] = Field(
        default_factory=dict, description="Per-device alert settings, by entity id."
    )

    def long_run_limit(self, entity_id: str, name: str) -> float | None:
        """Minutes of draw after which this device raises a long-run alert, or None."""
        rule = self.devices.get(entity_id)
        if rule is not None:
            if not rule.enabled:
                return None
            if rule.max_on_minutes is not None:
                return rule.max_on_minutes
        haystack = f"{entity_id} {name}".casefold().replace(" ", "_")
        for kind, minutes in self.long_run_minutes.items():
            if kind in haystack:
                return minutes
        return None

    def standby(self, entity_id: str) -> tuple[float, float] | None:
        """(watts, minutes) of the standby alert of this device, or None when disabled."""
        rule = self.devices.get(entity_id)
        if rule is not None and not rule.enabled:
            return None
        watts = rule.standby_watts if rule and rule.standby_watts is not None else None
        minutes = rule.standby_minutes if rule and rule.standby_minutes is not None else None
        return (
            watts if watts is not None else self.standby_watts,
            minutes if minutes is not None else self.standby_minutes,
        )
