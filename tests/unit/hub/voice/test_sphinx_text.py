"""How the decoder's compound words ("living_room_light") come back as words (no model)."""

from __future__ import annotations

import pytest

from hub.voice.sphinx import (
    plain,
    shares_a_word,
    stands_alone,
    takes_back,
    unjoined,
    word_frames,
)


def test_compounds_are_written_as_their_words() -> None:
    assert unjoined("turn on the living_room_light") == "turn on the living room light"
    assert unjoined("") == ""


def test_a_compound_shares_its_frames_among_its_words() -> None:
    assert word_frames("kitchen_light", 10, 29) == [("kitchen", 10, 19), ("light", 20, 29)]
    assert word_frames("lamp(2)", 0, 4) == [("lamp", 0, 4)]  # an alternate pronunciation


@pytest.mark.parametrize(
    ("rest", "remark", "back"),
    [("i'm expecting a delivery", True, False), ("the sun's right in my eyes", True, False),
     ("no wait don't", True, True), ("actually never mind", False, True),
     ("how much power is it using", True, True), ("for the night", True, True),
     ("for the night", False, False), ("lower lamp", False, False), ("", True, False)],
)  # fmt: skip
def test_what_follows_a_command_may_take_it_back(rest: str, remark: bool, back: bool) -> None:
    """A cancel anywhere takes the command back; a remark that asks or says when goes on with
    the sentence, so the command alone is not what was meant. A left-out command ("lower lamp")
    that merely begins with "for" is no remark."""
    assert takes_back(rest, remark=remark) is back


@pytest.mark.parametrize(
    ("remark", "command", "alone"),
    [("it's freezing in here", "put the heater on", True), ("", "lights off", True),
     ("the floor lamp is way too bright", "turn it down", False),
     ("the blinds in the study", "close them", False),
     ("please don't", "turn on the porch light", False), ("no not yet", "open the blinds", False),
     ("speaker volume to forty", "the fan", False), ("and", "and the blinds as well", False)],
)  # fmt: skip
def test_a_command_after_a_remark_must_stand_alone(remark: str, command: str, alone: bool) -> None:
    """A command heard after a remark is done without it only when the remark denies nothing
    and the command neither points back to what the remark may have named nor is a fragment
    (a follow-up would act on what the last command did)."""
    assert stands_alone(remark, command) is alone


def test_a_hearing_is_compared_by_its_plain_words() -> None:
    assert plain("Turn on the space heater, please.") == "turn on the space heater please"
    assert plain("Emma's night light") == "emma's night light"


@pytest.mark.parametrize(
    ("said", "heard", "shared"),
    [("guests are coming", "desk lamp on and", False), ("i'm off to bed", "i'm hotter and", False),
     ("lock the bag door and", "lock the back door and", True),
     ("it's getting dark", "it's dinner time time and", False), ("", "desk", False)],
)  # fmt: skip
def test_a_remark_heard_free_form_is_told_from_a_start_really_said(
    said: str, heard: str, shared: bool
) -> None:
    """A start the grammar heard weakly was a remark forced onto its words unless the free-form
    hearing of the same audio shares a word with it that carries meaning ("i'm" does not)."""
    assert shares_a_word(said, heard) is shared
