"""How the decoder's compound words ("living_room_light") come back as words (no model)."""

from __future__ import annotations

import pytest

from hub.voice.sphinx import FRAME_S, _words_of, unjoined


def test_compounds_are_written_as_their_words() -> None:
    assert unjoined("turn on the living_room_light") == "turn on the living room light"
    assert unjoined("") == ""


def test_a_compound_shares_its_frames_among_its_words() -> None:
    words = _words_of("kitchen_light", 10, 30)
    assert [w.text for w in words] == ["kitchen", "light"]
    assert words[0].start == pytest.approx(10 * FRAME_S) and words[1].end == pytest.approx(
        30 * FRAME_S
    )
    assert words[0].end == pytest.approx(words[1].start)
    assert [w.text for w in _words_of("lamp", 0, 5)] == ["lamp"]
