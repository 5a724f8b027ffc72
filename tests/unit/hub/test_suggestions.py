"""Suggestions in the daemon: mining merged into SQLite, approve -> running automation, dismiss."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import hub.suggestions as suggestions_mod
from automations.learning import Action, StateTrigger, Suggestion, TimeTrigger
from automations.schema import AutomationsConfig
from hub.api import ApiContext, ApiServer
from hub.api.routes.automations import routes as automation_routes
from hub.automation_runner import AutomationRunner
from hub.bus import Bus
from hub.commands import automations as commands
from hub.config.schema import HomeConfig
from hub.core import Event, HubEvent
from hub.eventlog import EventLog
from hub.executor import Executor
from hub.registry import Registry
from hub.suggestions import Suggestions
from intents import Parse

from .api.api_fakes import TOKEN, FakeEventLog, FakeHandler, FakeRegistry
from .fakes import FakeIntegration, collect, make_home

COFFEE = Suggestion(
    kind="time",
    trigger=TimeTrigger("06:45", ("mon", "tue", "wed", "thu", "fri")),
    action=Action("switch.turn_on", "switch.coffee"),
    support=40,
    confidence=0.9,
    sentence="You turn on the coffee maker around 6:45 on weekdays.",
    first_seen="2025-01-01",
    last_seen="2025-03-01",
)
DOOR = Suggestion(
    kind="state",
    trigger=StateTrigger("binary_sensor.door", "on", within_s=30),
    action=Action("light.turn_on", "light.kitchen"),
    support=20,
    confidence=0.8,
    sentence="When the front door opens, you turn on the kitchen light.",
)


@dataclass
class World:
    hub: Suggestions
    runner: AutomationRunner
    folder: Path
    seen: list[Event]
    mined: list[Suggestion]
    registry: Registry
    bus: Bus


@pytest.fixture
async def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[World]:
    mined: list[Suggestion] = []
    monkeypatch.setattr(suggestions_mod, "_mine", lambda *args: list(mined))
    bus, clock, registry = make_home()
    fake = FakeIntegration(registry)
    executor = Executor(registry, bus, clock, {"fake": fake})
    config = AutomationsConfig(folder=tmp_path / "automations.d", learn=False)
    seen = collect(bus)
    async with (
        EventLog(tmp_path / "events.sqlite", bus) as log,
        AutomationRunner(config, HomeConfig(timezone="UTC"), bus, registry, executor, clock) as run,
        Suggestions(config, tmp_path, log, bus, registry, clock, run) as hub,
    ):
        yield World(hub, run, config.folder, seen, mined, registry, bus)


def kinds(seen: list[Event]) -> list[str]:
    return [e.kind for e in seen if isinstance(e, HubEvent)]


async def test_new_suggestions_are_stored_published_and_not_new_twice(world: World) -> None:
    world.mined[:] = [COFFEE, DOOR]
    fresh = await world.hub.mine_now()
    assert [s.suggestion.id for s in fresh] == [COFFEE.id, DOOR.id]
    assert kinds(world.seen).count("suggestion") == 2
    assert await world.hub.mine_now() == []
    assert [s.state for s in world.hub.list()] == ["new", "new"]


async def test_approve_writes_a_commented_file_and_the_automation_runs_at_once(
    world: World,
) -> None:
    world.mined[:] = [COFFEE]
    await world.hub.mine_now()
    stored = world.hub.approve(COFFEE.id)
    assert stored.state == "approved" and stored.file is not None
    text = Path(stored.file).read_text()  # noqa: ASYNC240
    assert Path(stored.file).parent == world.folder
    assert "# You turn on the coffee maker around 6:45 on weekdays." in text
    assert "Seen 40 times, confidence 0.90" in text
    auto = world.runner.engine.get(str(stored.automation_id))
    assert auto is not None
    nxt = world.runner.next_run(auto.id)
    assert nxt is not None and (nxt.hour, nxt.minute) == (6, 45) and nxt.weekday() < 5
    assert "suggestion_approved" in kinds(world.seen)
    assert world.hub.approve(COFFEE.id) == stored  # twice is once


async def test_dismissed_is_never_offered_again_even_when_the_habit_drifts(world: World) -> None:
    world.mined[:] = [COFFEE]
    await world.hub.mine_now()
    world.hub.dismiss(COFFEE.id)
    drifted = _drifted(COFFEE, at="06:40")
    assert drifted.id != COFFEE.id  # another half-hour slot: another id, the same habit
    world.mined[:] = [COFFEE, drifted]
    assert await world.hub.mine_now() == []
    assert world.hub.pending_offer(None) is None
    assert [s.state for s in world.hub.list()] == ["dismissed"]


async def test_pending_offer_is_by_area_and_answered_by_yes_or_no(world: World) -> None:
    world.mined[:] = [COFFEE, DOOR]
    await world.hub.mine_now()
    assert world.hub.pending_offer("bedroom") is None
    offer = world.hub.pending_offer("kitchen")
    assert offer is not None and offer.id == COFFEE.id  # switch.coffee is in the kitchen
    second = world.hub.pending_offer("kitchen")  # light.kitchen too; each is offered once
    assert second is not None and second.id == DOOR.id
    assert world.hub.pending_offer("kitchen") is None
    assert world.hub.answer_offer(offer.id, yes=False).state == "dismissed"


async def test_undoing_a_learned_automation_three_times_offers_its_removal(world: World) -> None:
    world.mined[:] = [DOOR]
    await world.hub.mine_now()
    stored = world.hub.approve(DOOR.id)
    registry = world.registry
    for n in range(3):
        registry.report_state("binary_sensor.door", "on")
        async with asyncio.timeout(2):
            # The runner's task does the work; polling its effect is the point.
            while registry.get("light.kitchen").state.state != "on":  # type: ignore[union-attr]  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
        registry.report_state("light.kitchen", "off")  # a person
        registry.report_state("binary_sensor.door", "off")
        assert kinds(world.seen).count("automation_undone") == (1 if n == 2 else 0)
    offer = next(e for e in world.seen if isinstance(e, HubEvent) and e.kind == "automation_undone")
    assert offer.data["automation_id"] == stored.automation_id and offer.data["offer"] == "remove"
    removed = world.hub.remove_learned(str(stored.automation_id))
    assert removed.state == "removed"
    assert not Path(str(stored.file)).exists()  # noqa: ASYNC240
    assert world.runner.engine.get(str(stored.automation_id)) is None


async def test_mining_runs_over_the_real_event_log_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus, clock, registry = make_home()
    config = AutomationsConfig(folder=tmp_path / "a", learn=False)
    async with (
        EventLog(tmp_path / "events.sqlite", bus) as log,
        Suggestions(config, tmp_path, log, bus, registry, clock) as hub,
    ):
        await log.flush()
        assert await hub.mine_now() == []  # a fresh home: nothing repeated yet


def _drifted(s: Suggestion, at: str) -> Suggestion:
    assert isinstance(s.trigger, TimeTrigger)
    return replace(s, trigger=TimeTrigger(at, s.trigger.weekdays))


async def test_api_and_cli_list_approve_and_dismiss(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.mined[:] = [COFFEE, DOOR]
    await world.hub.mine_now()
    ctx = ApiContext(
        world.registry, world.bus, FakeEventLog(), FakeHandler(FakeRegistry()), TOKEN,
        asyncio.Event(),
    )  # fmt: skip
    extra = automation_routes(world.runner, world.hub)
    async with ApiServer(ctx, "127.0.0.1", 0, extra_routes=extra) as server:
        flags = ("--url", server.url, "--token", TOKEN)

        async def hub(*argv: str) -> int:
            p = argparse.ArgumentParser(prog="hub")
            commands.register(p.add_subparsers(dest="command"))
            args = p.parse_args([*argv, *flags])
            return int(await asyncio.to_thread(args.func, args))

        assert await hub("suggestions") == 0
        out = capsys.readouterr().out
        assert COFFEE.id in out and "coffee maker around 6:45" in out
        assert await hub("approve", COFFEE.id) == 0
        assert "approved" in capsys.readouterr().out
        assert await hub("dismiss", DOOR.id) == 0
        assert await hub("dismiss", "sug-nope") == 1
        assert "no suggestion sug-nope" in capsys.readouterr().err
        assert await hub("suggestions") == 0
        assert "(no suggestions yet)" in capsys.readouterr().err
        assert await hub("automations", "--json") == 0
        listed = json.loads(capsys.readouterr().out)["automations"]
        assert [(a["learned"], a["triggers"]) for a in listed] == [(True, ["time"])]
        assert listed[0]["next_run"].endswith("+00:00") and "T06:45:00" in listed[0]["next_run"]
        assert await hub("automations") == 0
        assert "(learned)" in capsys.readouterr().out


class _FakeYesNoEngine:
    """A fake engine that reads only yes and no (the real one is tested in tests/unit/intents)."""

    def parse(self, text: str) -> Parse:
        intent = {"yes": "affirm", "no": "deny"}.get(text, "turn_on")
        return Parse(text, intent, 1.0)


async def test_an_offer_in_conversation_is_answered_by_yes_or_no(world: World) -> None:
    from hub.offers import SuggestionOffers

    world.mined[:] = [COFFEE, DOOR]
    await world.hub.mine_now()
    offers = SuggestionOffers(world.hub, _FakeYesNoEngine())
    question = await offers.after("kitchen", "s1")
    assert question is not None and "coffee maker" in question
    assert await offers.after("kitchen", "s1") is None  # one open offer at a time
    reply = await offers.before("yes", "s1")
    assert reply is not None and reply.startswith("Done.")
    assert world.hub.store.get(COFFEE.id).state == "approved"  # type: ignore[union-attr]
    assert await offers.before("yes", "s1") is None  # answered: nothing open any more
    await offers.after("kitchen", "s2")
    assert await offers.before("turn on the kettle", "s2") is None  # moved on
    assert world.hub.store.get(DOOR.id).state == "offered"  # type: ignore[union-attr]
