"""Pronunciations with a weak final "r" (pure)."""

from __future__ import annotations

import pytest

from hub.voice.variants import weak_final_r


@pytest.mark.parametrize(
    ("phones", "weak"),
    [
        ("D AO R", "D AO"),  # door
        ("F AO R", "F AO"),  # four
        ("HH IY T ER", "HH IY T AH"),  # heater
        ("AW ER", "AW AH"),  # hour
        ("AW R", "AW"),  # hour(2)
    ],
)
def test_a_last_r_may_be_dropped(phones: str, weak: str) -> None:
    assert weak_final_r(phones) == weak


@pytest.mark.parametrize(
    "phones",
    [
        "S T AA R T",  # start: an "r" inside a word stays (measured worse in noise)
        "T ER N",  # turn
        "L AY T",  # light
        "R",  # no vowel before it
        "",
    ],
)
def test_words_not_ending_in_r_have_no_variant(phones: str) -> None:
    assert weak_final_r(phones) is None


def test_garage_may_be_said_the_british_way() -> None:
    from hub.voice.variants import pronunciations

    assert pronunciations("garage", ["G ER AA ZH"]) == ["G AE R AA ZH", "G AE R IH JH"]
    assert pronunciations("door", ["D AO R", "D AO"]) == []  # nothing it has already


def test_start_may_be_said_without_its_r() -> None:
    from hub.voice.variants import pronunciations

    assert pronunciations("start", ["S T AA R T"]) == ["S T AA T"]
