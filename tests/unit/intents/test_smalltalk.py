"""What asks for nothing ("I'm home", "it's lovely in here") is answered and nothing is done."""

from __future__ import annotations

from datetime import datetime

import pytest

from hub.core import HomeSnapshot
from intents import Planner

NOW = datetime(2024, 5, 1, 18, 0)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("I'm home", "Welcome home."),  # was the vacuum's "go home", offered for a yes
        ("hi honey, I'm home", "Welcome home."),
        ("we're back", "Welcome back."),
        ("it's nice in here", "Good to hear."),  # was "I don't know a device called nice."
        ("it's quiet in here", "Good to hear."),  # was "... a device called quiet."
        ("oh it's lovely and warm", "Good to hear."),
        ("that's better", "Good to hear."),
        ("thanks, you've been so helpful", "You're welcome."),
    ],
)
def test_said_to_the_hub_answered_and_nothing_done(
    planner: Planner, snapshot: HomeSnapshot, text: str, reply: str
) -> None:
    plan = planner.plan(text, snapshot, "living_room", "s", NOW)
    assert (plan.reply, plan.calls, plan.asks) == (reply, (), ())


@pytest.mark.parametrize(
    "text", ["it's too quiet in here", "I'm freezing", "send the vacuum home", "it's dim in here"]
)
def test_a_complaint_or_a_command_is_not_small_talk(
    planner: Planner, snapshot: HomeSnapshot, text: str
) -> None:
    plan = planner.plan(text, snapshot, "living_room", "s", NOW)
    assert plan.reply not in ("Good to hear.", "Welcome home.")


@pytest.mark.parametrize("answer", ["I'm good", "that's fine"])
def test_after_an_offer_it_is_no_yes(planner: Planner, snapshot: HomeSnapshot, answer: str) -> None:
    """An offer waiting ("Do you want me to turn on the space heater?"): small talk is no yes,
    and they hear that nothing was done."""
    assert planner.plan("I'm cold", snapshot, "office", "s", NOW).calls
    plan = planner.plan(answer, snapshot, "office", "s", NOW)
    assert (plan.reply, plan.calls) == ("OK, I won't.", ())
    assert not planner.plan("yes", snapshot, "office", "s", NOW).calls  # the offer is gone
