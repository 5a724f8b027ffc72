"""Pronunciations beside the dictionary's: a weak final "r", British words, a British accent (pure)."""

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


def test_television_may_be_said_the_british_way() -> None:
    from hub.voice.variants import pronunciations

    assert pronunciations("television", ["T EH L AH V IH ZH AH N"]) == ["T EH L IH V IH ZH AH N"]


def test_start_may_be_said_without_its_r() -> None:
    from hub.voice.variants import pronunciations

    assert pronunciations("start", ["S T AA R T"]) == ["S T AA T"]


@pytest.mark.parametrize(
    ("phones", "said"),
    [
        ("B AE K", "B AA K"),  # back: the open a of TRAP
        ("HH AE F", "HH AA F"),  # half: BATH
        ("AA R M", "AA M"),  # arm: no r before a consonant
        ("D AO R", "D AO"),  # door: nor at the end
        ("T ER N", "T UH N"),  # turn: NURSE without its r-colour
        ("HH IY T ER", "HH IY T AH"),  # heater: a last ER is a schwa
        ("F AY V", "F AA IY V"),  # five: PRICE from a back a
        ("G AE R IH JH", "G AA R IH JH"),  # garage: an r before a vowel stays
        ("L AA K", "L AA K"),  # lock: the same
    ],
)
def test_british_renders_the_southern_british_sounds(phones: str, said: str) -> None:
    from hub.voice.variants import british

    assert british(phones) == said


def test_an_american_household_hears_no_british_renderings() -> None:
    from hub.voice.variants import pronunciations

    assert pronunciations("back", ["B AE K"]) == []
    assert pronunciations("back", ["B AE K"], "en-gb") == ["B AA K"]
    # A British word the British way too, and its British rendering.
    assert pronunciations("garage", ["G ER AA ZH"], "en-gb") == [
        "G AA R AA ZH", "G AA R IH JH", "G AE R AA ZH", "G AE R IH JH", "G UH AA ZH",
    ]  # fmt: skip


def test_a_compound_reaches_every_parts_british_rendering() -> None:
    """A British household's "garage door": the product's first four would all start with
    garage's first pronunciation, so its British ones would never be heard."""
    from hub.voice.sphinx import compound_prons

    garage = ["G ER AA ZH", "G AA R IH JH", "G AE R IH JH"]
    door = ["D AO R", "D AO"]
    gb = compound_prons([garage, door], "en-gb")
    assert "G AA R IH JH D AO R" in gb and "G ER AA ZH D AO" in gb
    assert len(gb) == 1 + 2 + 1  # the dictionary's, then each part's alternatives in turn
    us = compound_prons([garage, door], "en-us")
    assert us[:2] == ["G ER AA ZH D AO R", "G ER AA ZH D AO"]
