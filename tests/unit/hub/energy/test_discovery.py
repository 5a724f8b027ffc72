"""Home Assistant MQTT discovery configs for the per-device energy sensors."""

from __future__ import annotations

from hub.energy import EnergyDevice, energy_discovery, energy_state_payload


def test_energy_sensor_config_fits_the_energy_dashboard() -> None:
    [(topic, payload)] = energy_discovery(
        [EnergyDevice("switch.dryer", "Dryer", "laundry")], base_topic="home"
    )
    assert topic == "homeassistant/sensor/lamhub/switch_dryer_energy/config"
    assert payload["device_class"] == "energy"
    assert payload["state_class"] == "total_increasing"
    assert payload["unit_of_measurement"] == "kWh"
    assert payload["unique_id"] == "lamhub_switch_dryer_energy"
    assert payload["state_topic"] == "home/energy/switch_dryer/state"
    assert payload["availability_topic"] == "home/status"
    device = payload["device"]
    assert isinstance(device, dict)
    assert device["identifiers"] == ["lamhub_switch_dryer"]
    assert device["suggested_area"] == "laundry"
    assert energy_state_payload(12.34567) == "12.346"
