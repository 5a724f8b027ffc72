"""How the decoder's compound words ("living_room_light") come back as words (no model)."""

from __future__ import annotations

import pytest

from hub.voice.sphinx import takes_back, unjoined, word_frames


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
