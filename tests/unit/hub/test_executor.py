"""The executor: validation messages, dispatch, attribution, failures and deferred calls."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import hub.executor as executor_mod
from hub.clock import FakeClock
from hub.core import (
    CallDone,
    CallFailed,
    CallRequested,
    Event,
    HubEvent,
    IntegrationError,
    InvalidCallError,
    Origin,
    ServiceCall,
    StateChanged,
    UnknownEntityError,
    UnknownServiceError,
)
from hub.executor import Executor, next_local
from hub.registry import Registry

from .fakes import FakeIntegration, collect, make_home


class RecordingScheduler:
    """Stands in for hub.scheduler.Scheduler: keeps what it was asked to schedule."""

    def __init__(self) -> None:
        self.jobs: list[tuple[ServiceCall, Origin, datetime]] = []

    def bind(self, run: Any) -> None:
        self.run = run

    def schedule_call(self, call: ServiceCall, origin: Origin, run_at: datetime) -> str:
        self.jobs.append((call, origin, run_at))
        return f"job{len(self.jobs)}"


def setup(
    clock: FakeClock | None = None, scheduler: RecordingScheduler | None = None
) -> tuple[Executor, FakeIntegration, Registry, list[Event]]:
    bus, clock, reg = make_home(clock)
    fake = FakeIntegration(reg)
    ex = Executor(reg, bus, clock, {"fake": fake}, scheduler)  # type: ignore[arg-type]
    return ex, fake, reg, collect(bus)


def call(service: str, *ids: str, **data: Any) -> ServiceCall:
    return ServiceCall(service, ids, data)


async def test_a_valid_call_is_carried_out_and_attributed_to_its_origin() -> None:
    ex, fake, reg, seen = setup()
    result = await ex.execute(
        call("light.turn_on", "light.kitchen", brightness_pct="40"), Origin.VOICE
    )
    assert result.ok and result.error is None and result.scheduled_for is None
    assert result.states == {"light.kitchen": "on"}
    sent, call_id = fake.calls[0]
    assert (sent.service, sent.entity_ids, dict(sent.data)) == (
        "light.turn_on",
        ("light.kitchen",),
        {"brightness_pct": 40.0},  # the numeric string became a number
    )
    assert call_id == result.call_id
    kinds = [type(e) for e in seen]
    assert kinds == [CallRequested, StateChanged, CallDone]
    change = seen[1]
    assert isinstance(change, StateChanged)
    assert (change.origin, change.service, change.call_id) == (
        Origin.VOICE,
        "light.turn_on",
        result.call_id,
    )
    done = seen[2]
    assert isinstance(done, CallDone) and done.states == {"light.kitchen": "on"}
    assert result.to_json()["ok"] is True
    assert reg.get("light.kitchen") is not None


async def test_untagged_device_reports_are_still_attributed_to_the_call() -> None:
    ex, fake, _, seen = setup()
    fake.tag_reports = False
    await ex.execute(call("switch.turn_on", "switch.coffee"), Origin.AUTOMATION)
    change = next(e for e in seen if isinstance(e, StateChanged))
    assert change.origin == Origin.AUTOMATION and change.service == "switch.turn_on"


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (
            call("light.turn_on", "light.kitchen", brightness_pct=250),
            InvalidCallError,
            "brightness_pct 250 is out of range 0..100 for Kitchen light",
        ),
        (
            call("climate.set_temperature", "climate.thermostat", temperature=35),
            InvalidCallError,
            "temperature 35 is out of range 7..30 for Thermostat",
        ),
        (
            call("light.turn_on", "light.kitchen", color_name="red"),
            InvalidCallError,
            "Kitchen light can't change colour",
        ),
        (call("light.turn_on", "light.garage"), UnknownEntityError, "light.garage"),
        (call("light.explode", "light.kitchen"), UnknownServiceError, "light.explode"),
        (call("light.turn_on", "switch.coffee"), UnknownServiceError, "Coffee maker"),
        (
            call("light.turn_on", "light.kitchen", sparkle=1),
            InvalidCallError,
            "doesn't take sparkle",
        ),
        (
            call("climate.set_temperature", "climate.thermostat"),
            InvalidCallError,
            "needs temperature",
        ),
        (
            call("light.turn_on", "light.kitchen", brightness_pct="bright"),
            InvalidCallError,
            "not a valid float",
        ),
        (
            call("light.turn_on", "light.living", color_name="octarine"),
            InvalidCallError,
            "is not one of",
        ),
        (call("nonsense", "light.kitchen"), UnknownServiceError, "domain.service"),
    ],
)
async def test_bad_calls_are_refused_with_a_plain_message(
    bad: ServiceCall, error: type[Exception], message: str
) -> None:
    ex, fake, _, seen = setup()
    with pytest.raises(error, match=message):
        ex.validate(bad)
    result = await ex.execute(bad, Origin.TEXT)
    assert not result.ok and result.error is not None and message in result.error
    assert fake.calls == []  # nothing reached the device
    assert [type(e) for e in seen] == [CallRequested, CallFailed]


def test_validation_coerces_and_accepts_features_the_entity_has() -> None:
    ex, _, _, _ = setup()
    checked = ex.validate(
        call("light.turn_on", "light.living", color_name="Red", rgb_color="255, 0, 10")
    )
    assert dict(checked.data) == {"color_name": "red", "rgb_color": [255, 0, 10]}
    checked = ex.validate(call("climate.set_temperature", "climate.thermostat", temperature="21.5"))
    assert dict(checked.data) == {"temperature": 21.5}


async def test_an_unavailable_entity_is_refused() -> None:
    ex, fake, reg, _ = setup()
    reg.set_available("light.kitchen", False)
    result = await ex.execute(call("light.turn_on", "light.kitchen"), Origin.HUB)
    assert not result.ok and result.error == "Kitchen light is unavailable"
    assert fake.calls == []


async def test_calls_waiting_for_confirmation_are_never_executed() -> None:
    ex, fake, _, seen = setup()
    held = ServiceCall("cover.open_cover", ("cover.blind",), confirm=True)
    result = await ex.execute(held, Origin.VOICE)
    assert not result.ok and result.error is not None and "confirmation" in result.error
    assert fake.calls == []
    assert isinstance(seen[-1], CallFailed)


async def test_integration_errors_and_timeouts_become_call_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ex, fake, _, seen = setup()
    fake.fail = IntegrationError("broker unreachable")
    result = await ex.execute(call("switch.turn_on", "switch.coffee"), Origin.HUB)
    assert (result.ok, result.error) == (False, "broker unreachable")
    assert result.states == {"switch.coffee": "off"}
    failed = seen[-1]
    assert isinstance(failed, CallFailed) and failed.error == "broker unreachable"

    fake.fail = RuntimeError("bug in the integration")
    result = await ex.execute(call("switch.turn_on", "switch.coffee"), Origin.HUB)
    assert not result.ok and result.error is not None and "bug in the integration" in result.error

    fake.fail = None
    fake.delay_s = 1.0
    monkeypatch.setattr(executor_mod, "CALL_TIMEOUT_S", 0.05)
    result = await ex.execute(call("switch.turn_on", "switch.coffee"), Origin.HUB)
    assert not result.ok and result.error is not None and "did not answer" in result.error


async def test_entities_of_an_unknown_integration_fail_cleanly() -> None:
    bus, clock, reg = make_home()
    ex = Executor(reg, bus, clock, {})
    result = await ex.execute(call("light.turn_off", "light.kitchen"), Origin.HUB)
    assert not result.ok and result.error is not None and "no integration 'fake'" in result.error


async def test_a_generic_call_goes_to_each_entitys_own_domain() -> None:
    ex, fake, _, _ = setup()
    result = await ex.execute(
        call("homeassistant.turn_on", "light.kitchen", "switch.coffee"), Origin.HUB
    )
    assert result.ok and result.states == {"light.kitchen": "on", "switch.coffee": "on"}
    assert sorted(c.service for c, _ in fake.calls) == ["light.turn_on", "switch.turn_on"]


async def test_delayed_and_timed_calls_go_to_the_scheduler() -> None:
    scheduler = RecordingScheduler()
    ex, fake, _, seen = setup(scheduler=scheduler)
    now = datetime(2025, 1, 6, 8, 0, tzinfo=ZoneInfo("UTC"))
    later = ServiceCall("light.turn_off", ("light.kitchen",), delay_s=600)
    result = await ex.execute(later, Origin.VOICE)
    assert result.ok and result.scheduled_for == now + timedelta(minutes=10)
    at = ServiceCall("switch.turn_on", ("switch.coffee",), at="06:45")
    result = await ex.execute(at, Origin.TEXT)
    assert result.scheduled_for == datetime(2025, 1, 7, 6, 45, tzinfo=ZoneInfo("UTC"))
    assert [(c.service, o) for c, o, _ in scheduler.jobs] == [
        ("light.turn_off", Origin.VOICE),
        ("switch.turn_on", Origin.TEXT),
    ]
    assert fake.calls == []
    assert [e.kind for e in seen if isinstance(e, HubEvent)] == ["call_scheduled"] * 2
    assert scheduler.run == ex.execute  # the executor binds itself


async def test_deferred_calls_without_a_scheduler_or_with_bad_times_fail() -> None:
    ex, _, _, _ = setup()
    result = await ex.execute(
        ServiceCall("light.turn_off", ("light.kitchen",), delay_s=5), Origin.HUB
    )
    assert not result.ok and result.error == "delayed calls need the scheduler"
    result = await ex.execute(
        ServiceCall("light.turn_off", ("light.kitchen",), at="25:00"), Origin.HUB
    )
    assert not result.ok and result.error is not None and "HH:MM" in result.error


def test_next_local_keeps_wall_clock_time_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    before = datetime(2025, 3, 29, 8, 0, tzinfo=berlin)  # the clocks go forward tonight
    nxt = next_local("07:30", before)
    assert (nxt.day, nxt.hour, nxt.minute) == (30, 7, 30)
    assert nxt.utcoffset() == timedelta(hours=2)
    assert next_local("09:15", before) == datetime(2025, 3, 29, 9, 15, tzinfo=berlin)
    assert next_local("08:00", before).day == 30  # now is not "next"


def test_a_boolean_field_takes_true_false_and_their_words() -> None:
    from hub.core.services import Field
    from hub.executor import InvalidCallError, _coerce

    flag = Field("bool")
    assert _coerce("is_volume_muted", True, flag, "TV") is True
    assert _coerce("is_volume_muted", " False ", flag, "TV") is False
    assert _coerce("is_volume_muted", "on", flag, "TV") is True
    for bad in (1, "maybe", None):
        with pytest.raises(InvalidCallError):
            _coerce("is_volume_muted", bad, flag, "TV")
