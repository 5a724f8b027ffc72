"""Home Assistant answers (2024.3 shapes) translated into the hub's areas, specs and filters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from integrations.homeassistant import HomeAssistantConfig
from integrations.homeassistant.mapping import (
    Registries,
    build_spec,
    context_id,
    features,
    parse_areas,
    parse_device_areas,
    parse_exposed,
    state_of,
)


def regs() -> Registries:
    r = Registries(
        parse_areas([{"area_id": "kitchen", "name": "Kitchen", "aliases": ["Cookery"]}]),
        parse_device_areas([{"id": "dev1", "area_id": "kitchen"}, {"id": "dev2", "area_id": None}]),
    )
    r.entries = {
        "light.k": {
            "entity_id": "light.k",
            "device_id": "dev1",
            "area_id": None,
            "aliases": ["Top"],
        },
        "light.own": {"entity_id": "light.own", "device_id": "dev1", "area_id": "hall"},
    }
    r.exposed = parse_exposed({"exposed_entities": {"light.k": {"conversation": True},
                                                    "lock.x": {"conversation": False}}})  # fmt: skip
    return r


def test_areas_devices_and_exposure() -> None:
    r = regs()
    assert r.areas["kitchen"].aliases == ("Cookery",)
    assert r.area_of("light.k") == "kitchen"  # from its device
    assert r.area_of("light.own") == "hall"  # its own area wins over the device's
    assert r.area_of("sensor.none") is None
    assert r.exposed == {"light.k"}


def test_spec_from_state_and_registry() -> None:
    attrs = {"friendly_name": "Kitchen Lights", "supported_color_modes": ["hs", "color_temp"]}
    spec = build_spec("light.k", attrs, regs(), "homeassistant")
    assert (spec.name, spec.area, spec.aliases) == ("Kitchen Lights", "kitchen", ("Top",))
    assert spec.features == {"brightness", "color", "color_temp"}
    climate = build_spec("climate.x", {"supported_features": 1 | 16, "hvac_modes": ["off", "heat"],
                                       "min_temp": 7, "max_temp": 35}, regs(), "ha")  # fmt: skip
    assert climate.features == {"temperature", "hvac_mode"}
    assert (climate.min_value, climate.max_value) == (7.0, 35.0)
    garage = build_spec(
        "cover.g", {"device_class": "garage", "supported_features": 15}, regs(), "ha"
    )
    assert garage.sensitive and garage.features == {"position"}
    assert not build_spec("cover.w", {"device_class": "window"}, regs(), "ha").sensitive
    assert build_spec("lock.x", {}, regs(), "ha").sensitive
    assert build_spec("sensor.p", {"unit_of_measurement": "W"}, regs(), "ha").unit == "W"
    assert build_spec("switch.my_plug", {}, regs(), "ha").name == "my plug"


def test_features_by_domain() -> None:
    assert features("light", {"supported_color_modes": ["onoff"]}, {}) == frozenset()
    assert features("light", {"supported_color_modes": ["brightness"]}, {}) == {"brightness"}
    assert features("light", {}, {"supported_color_modes": ["rgbw"]}) == {"brightness", "color"}
    assert features("fan", {"supported_features": 1}, {}) == {"percentage"}
    assert features("cover", {"supported_features": 3}, {}) == frozenset()


def test_state_and_context() -> None:
    new = {"state": "on", "attributes": {"brightness": 3}, "last_changed": "2024-03-20T10:00:00+00:00",
           "context": {"id": "01ABC", "parent_id": None, "user_id": None}}  # fmt: skip
    state, attrs, ts = state_of(new)
    assert (state, attrs["brightness"], ts is not None and ts.year) == ("on", 3, 2024)
    assert context_id(new) == "01ABC" and context_id({}) is None


def test_filter_default_is_assist_exposure() -> None:
    c = HomeAssistantConfig(exclude={"domains": ["lock"]})  # type: ignore[arg-type]
    assert c.allows("light.a", None, exposed=True) and not c.allows("light.a", None, exposed=False)
    assert not c.allows("lock.a", None, exposed=True)
    inc = HomeAssistantConfig(include={"areas": ["kitchen"], "entities": ["switch.ac"]},  # type: ignore[arg-type]
                              exclude={"entities": ["light.k2"]})  # type: ignore[arg-type]  # fmt: skip
    assert inc.allows("light.k", "kitchen", exposed=False)
    assert inc.allows("switch.ac", None, exposed=False)
    assert not inc.allows("light.k2", "kitchen", exposed=True)
    assert not inc.allows("light.h", "hall", exposed=True)


def test_urls_and_tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    c = HomeAssistantConfig(url="https://ha.example:8123/")
    assert c.websocket_url == "wss://ha.example:8123/api/websocket"
    assert c.api_url == "https://ha.example:8123/api"
    addon = HomeAssistantConfig(url="http://supervisor/core")
    assert addon.websocket_url == "ws://supervisor/core/websocket"
    monkeypatch.delenv("SUPERVISOR_TOKEN", raising=False)
    assert addon.secret() is None
    monkeypatch.setenv("SUPERVISOR_TOKEN", "sup")
    assert addon.secret() == "sup"
    assert HomeAssistantConfig(token="t").secret() == "t"  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="either token or token_file"):
        HomeAssistantConfig(token="t", token_file="/x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="url must look like"):
        HomeAssistantConfig(url="ha.local")
