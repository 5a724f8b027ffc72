"""How the decoder's compound words ("living_room_light") come back as words (no model)."""

from __future__ import annotations

from hub.voice.sphinx import unjoined, word_frames


def test_compounds_are_written_as_their_words() -> None:
    assert unjoined("turn on the living_room_light") == "turn on the living room light"
    assert unjoined("") == ""


def test_a_compound_shares_its_frames_among_its_words() -> None:
    assert word_frames("kitchen_light", 10, 29) == [("kitchen", 10, 19), ("light", 20, 29)]
    assert word_frames("lamp(2)", 0, 4) == [("lamp", 0, 4)]  # an alternate pronunciation
