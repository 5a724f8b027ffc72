"""The conversation: text with its room in, calls made or held, replies out (virtual home)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.answers import LiveAnswerer
from hub.bus import Bus
from hub.clock import FakeClock
from hub.conversation import DOUBTFUL, Conversation
from hub.core import CallDone, Event, JsonObject, Origin
from hub.executor import Executor
from hub.registry import Registry
from integrations.virtual import VirtualConfig, VirtualHome
from intents import EmbeddedEngine, Planner, train_embedded


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedEngine:
    return train_embedded(cache_dir=tmp_path_factory.mktemp("nlu"))


class Home:
    def __init__(self, conv: Conversation, registry: Registry, events: list[Event]) -> None:
        self.conv, self.registry, self.events = conv, registry, events

    async def say(
        self, text: str, area: str | None = None, origin: Origin = Origin.TEXT, **extra: object
    ) -> JsonObject:
        req: JsonObject = {"text": text, "area": area, "session": "t"}
        req.update(extra)  # type: ignore[arg-type]
        return await self.conv.handle(req, origin)

    def state(self, entity_id: str) -> str:
        entity = self.registry.get(entity_id)
        assert entity is not None
        return entity.state.state


@pytest.fixture
async def home(engine: EmbeddedEngine) -> AsyncIterator[Home]:
    clock = FakeClock()
    bus = Bus()
    events: list[Event] = []
    bus.add_listener(events.append)
    registry = Registry(bus, clock)
    virtual = VirtualHome(VirtualConfig(seed=1), registry, clock)
    async with virtual:
        executor = Executor(registry, bus, clock, {"virtual": virtual})
        planner = Planner(engine, answerer=LiveAnswerer())
        yield Home(Conversation(planner, registry, executor, clock), registry, events)


async def test_a_typed_command_acts_and_is_recorded_as_text(home: Home) -> None:
    answer = await home.say("turn on the lights", area="Kitchen")  # area by name works too
    assert answer["ok"] is True
    assert home.state("light.kitchen") == "on"
    assert home.state("light.kitchen_counter") == "on"
    done = [e for e in home.events if isinstance(e, CallDone)]
    assert done and done[-1].origin is Origin.TEXT
    assert "kitchen light" in str(answer["reply"]).lower()


async def test_unlocking_waits_for_yes(home: Home) -> None:
    answer = await home.say("unlock the front door")
    assert answer["pending_confirmation"] is True
    assert home.state("lock.front_door") == "locked"
    answer = await home.say("yes")
    assert [c["status"] for c in answer["calls"]] == ["done"]  # type: ignore[index,union-attr]
    home_state = home.state("lock.front_door")
    assert home_state in ("unlocking", "unlocked")


async def test_no_drops_the_held_call(home: Home) -> None:
    await home.say("open the garage door")
    answer = await home.say("no")
    assert answer["calls"] == []
    assert home.state("cover.garage_door") == "closed"
    await home.say("yes")  # nothing is pending any more
    assert home.state("cover.garage_door") == "closed"


async def test_a_doubtful_hearing_is_asked_again(home: Home) -> None:
    answer = await home.say("turn on the kitchen light", origin=Origin.VOICE, confidence=0.2)
    assert answer["reply"] == DOUBTFUL
    assert home.state("light.kitchen") == "off"


async def test_a_free_form_hearing_is_offered_back_not_acted_on(home: Home) -> None:
    """A doubtful hearing heard again free-form ("hold"): its action waits for a clear yes."""
    answer = await home.say("turn on the kettle", origin=Origin.VOICE, confidence=0.2, hold=True)
    assert answer["reply"] == 'I heard "turn on the kettle". Do you want me to turn on the kettle?'
    assert answer["pending_confirmation"] is True
    assert home.state("switch.kettle") == "off"
    answer = await home.say("yes", origin=Origin.VOICE, confidence=0.95)
    assert home.state("switch.kettle") == "on"


async def test_a_free_form_hearing_answers_no_pending_question(home: Home) -> None:
    """A misheard "yes" must not unlock: held hearings never answer what waits for a yes."""
    await home.say("unlock the back door", origin=Origin.VOICE, confidence=0.95)
    answer = await home.say("yes", origin=Origin.VOICE, confidence=0.3, hold=True)
    assert answer["calls"] == []
    assert home.state("lock.back_door") == "locked"
    answer = await home.say("yes", origin=Origin.VOICE, confidence=0.95)  # still waiting
    assert home.state("lock.back_door") in ("unlocking", "unlocked")


async def test_a_free_form_hearing_out_of_scope_is_refused(home: Home) -> None:
    answer = await home.say("what time is it", origin=Origin.VOICE, confidence=0.1, hold=True)
    assert answer["calls"] == [] and "can't help" in str(answer["reply"])


async def test_a_sensitive_yes_needs_a_clear_hearing(home: Home) -> None:
    await home.say("unlock the back door", origin=Origin.VOICE, confidence=0.95)
    answer = await home.say("yes", origin=Origin.VOICE, confidence=0.6)
    assert answer["reply"] == DOUBTFUL
    assert home.state("lock.back_door") == "locked"


async def test_unknown_device_and_garbage_do_nothing(home: Home) -> None:
    before = len([e for e in home.events if isinstance(e, CallDone)])
    for text in ("turn on the sauna", "asdf qwer", "", "what is the capital of France"):
        answer = await home.say(text)
        assert answer["calls"] == [] and answer["reply"]
    assert len([e for e in home.events if isinstance(e, CallDone)]) == before


async def test_questions_are_answered_from_live_state(home: Home) -> None:
    await home.say("lock the front door")
    answer = await home.say("is the front door locked")
    assert "locked" in str(answer["reply"])
    assert answer["asks"] == [{"kind": "state", "entity_id": ["lock.front_door"]}]


async def test_bad_requests_are_refused_not_raised(home: Home) -> None:
    answer = await home.conv.handle({"area": "kitchen"}, Origin.TEXT)
    assert answer["ok"] is False and answer["code"] == "invalid"


def test_out_of_range_values_are_refused(engine: EmbeddedEngine, tmp_path: Path) -> None:
    del tmp_path
    from hub.core import Entity, EntityState, HomeSnapshot
    from integrations.virtual import REFERENCE_HOME, load_home

    home = load_home(REFERENCE_HOME)
    snap = HomeSnapshot(
        {a.id: a for a in home.areas},
        {s.entity_id: Entity(s, EntityState("off")) for s in home.entities},
    )
    plan = Planner(engine).plan("set the thermostat to 45 degrees", snap)
    assert plan.calls == ()
