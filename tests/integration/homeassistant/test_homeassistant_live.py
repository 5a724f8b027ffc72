"""The Home Assistant integration against a real Home Assistant Core 2024.3.3 (demo entities)."""

from __future__ import annotations

import asyncio

import pytest

from hub.core import IntegrationError, ServiceCall
from tests.integration.homeassistant.conftest import HomeAssistant, eventually, running

# The first run builds HA's venv (about a minute) inside the session fixture's setup.
pytestmark = [pytest.mark.homeassistant, pytest.mark.timeout(600)]


async def test_imports_areas_and_entities(homeassistant: HomeAssistant) -> None:
    async with running(homeassistant) as (_, sink):
        assert {"kitchen", "living_room", "bedroom", "office"} <= set(sink.areas)
        assert sink.areas["living_room"].name == "Living Room"
        bed = sink.specs["light.bed_light"]
        assert (bed.name, bed.area, bed.integration) == ("Bed Light", "bedroom", "homeassistant")
        assert {"brightness", "color", "color_temp"} <= bed.features
        # An entity's area comes from its device (the fixture put devices into areas).
        assert sink.specs["climate.ecobee"].area == "living_room"
        hvac = sink.specs["climate.hvac"]
        assert {"temperature", "hvac_mode"} <= hvac.features
        assert hvac.min_value is not None and hvac.max_value is not None
        assert sink.specs["cover.garage_door"].device_class == "garage"
        assert sink.specs["cover.garage_door"].sensitive
        assert sink.specs["lock.front_door"].sensitive
        assert "position" in sink.specs["cover.hall_window"].features
        assert sink.specs["sensor.power_consumption"].unit == "W"
        assert sink.states["light.bed_light"] in ("on", "off")
        assert all(sink.available[e] for e in ("light.bed_light", "switch.ac"))


async def test_include_exclude_and_assist_exposure(homeassistant: HomeAssistant) -> None:
    only = {"include": {"domains": ["light"], "entities": ["switch.ac"]}}
    async with running(homeassistant, **only, exclude={"areas": ["office"]}) as (_, sink):
        assert "switch.ac" in sink.specs and "light.bed_light" in sink.specs
        assert "light.office_rgbw_lights" not in sink.specs  # excluded by area
        assert not any(e.startswith(("sensor.", "lock.")) for e in sink.specs)
    # Default: what Home Assistant exposes to Assist. Hide one entity from Assist first.
    async with running(homeassistant) as (hai, _):
        ws = hai._ws
        assert ws is not None
        await ws.command({"type": "homeassistant/expose_entity", "assistants": ["conversation"],
                          "entity_ids": ["switch.ac"], "should_expose": False})  # fmt: skip
    try:
        async with running(homeassistant) as (_, sink):
            assert "switch.ac" not in sink.specs and "switch.decorative_lights" in sink.specs
    finally:
        async with running(homeassistant) as (hai, _):
            assert hai._ws is not None
            await hai._ws.command({"type": "homeassistant/expose_entity", "assistants": ["conversation"],
                                   "entity_ids": ["switch.ac"], "should_expose": True})  # fmt: skip


async def test_call_changes_state_tagged_with_call_id(homeassistant: HomeAssistant) -> None:
    homeassistant.rest("POST", "services/light/turn_off", {"entity_id": "light.kitchen_lights"})
    async with running(homeassistant) as (hai, sink):
        await eventually(lambda: sink.states["light.kitchen_lights"] == "off")
        call = ServiceCall("light.turn_on", ("light.kitchen_lights",), {"brightness": 77})
        await hai.call(call, "call-1")
        await eventually(lambda: ("on", "call-1") in sink.reports_of("light.kitchen_lights"))
        assert sink.attributes["light.kitchen_lights"]["brightness"] == 77
        assert homeassistant.state("light.kitchen_lights") == "on"
        # Every report of that change carries the call id: none is taken for a person's.
        assert ("on", None) not in sink.reports_of("light.kitchen_lights")


async def test_manual_change_has_no_call_id(homeassistant: HomeAssistant) -> None:
    async with running(homeassistant) as (hai, sink):
        await hai.call(ServiceCall("switch.turn_off", ("switch.decorative_lights",)), "call-2")
        await eventually(lambda: sink.states["switch.decorative_lights"] == "off")
        # A person's app calls Home Assistant directly: a new context the hub never saw.
        homeassistant.rest(
            "POST", "services/switch/turn_on", {"entity_id": "switch.decorative_lights"}
        )
        await eventually(lambda: ("on", None) in sink.reports_of("switch.decorative_lights"))
        assert ("off", "call-2") in sink.reports_of("switch.decorative_lights")


async def test_refused_and_unknown_calls_raise(homeassistant: HomeAssistant) -> None:
    async with running(homeassistant, include={"domains": ["light"]}) as (hai, _):
        with pytest.raises(IntegrationError, match="not controlled"):
            await hai.call(ServiceCall("switch.turn_on", ("switch.ac",)), "c")
        with pytest.raises(IntegrationError, match=r"refused light\.no_such_service"):
            await hai.call(ServiceCall("light.no_such_service", ("light.bed_light",)), "c")


async def test_restart_reconnects_and_resyncs(homeassistant: HomeAssistant) -> None:
    async with running(homeassistant) as (hai, sink):
        first = hai.syncs
        await asyncio.to_thread(homeassistant.stop)
        await eventually(lambda: not sink.available["light.bed_light"], within=10)
        assert "integration_unavailable" in sink.kinds()
        with pytest.raises(IntegrationError, match="unreachable"):
            await hai.call(ServiceCall("light.turn_on", ("light.bed_light",)), "c-down")
        await asyncio.to_thread(homeassistant.start)
        await eventually(lambda: hai.connected and hai.syncs > first, within=30)
        assert sink.available["light.bed_light"] and "integration_available" in sink.kinds()
        await hai.call(ServiceCall("light.toggle", ("light.bed_light",)), "after-restart")
        await eventually(
            lambda: any(c == "after-restart" for _, c in sink.reports_of("light.bed_light"))
        )


async def test_bad_token_is_one_clear_error_and_a_slow_retry(
    homeassistant: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    from hub.clock import SystemClock
    from integrations.homeassistant import HomeAssistantIntegration
    from tests.integration.homeassistant.conftest import FakeSink, config_for

    sink = FakeSink()
    config = config_for(homeassistant, token="not-a-token", auth_retry_s=300)
    async with HomeAssistantIntegration(config, sink, SystemClock()) as hai:
        await eventually(lambda: hai.last_error is not None)
        await asyncio.sleep(3)  # a crash loop would retry many times in this while
        assert not hai.connected
        assert "refused the access token" in (hai.last_error or "")
        assert sink.kinds() == ["integration_unavailable"]
        assert "refused the access token" in str(sink.events[0].data["error"])
        warnings = [
            r
            for r in caplog.records
            if "Home Assistant" in r.getMessage() and r.levelname == "WARNING"
        ]
        assert len(warnings) == 1 and "refused the access token" in warnings[0].getMessage()
        task = hai._tasks[0]
        assert not task.done()  # still alive, waiting to retry
    assert task.done()  # and it stopped promptly
