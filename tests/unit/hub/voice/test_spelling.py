"""Words the dictionary lacks, spelled from the words they are made of (a fake dictionary)."""

from __future__ import annotations

from hub.voice.spelling import compound_phones

# A stand-in for the model's dictionary: a few words as cmudict spells them, letter names too.
FAKE_DICT = {
    "wall": "W AO L", "box": "B AA K S", "un": "AH N", "mute": "M Y UW T", "room": "R UW M",
    "ba": "B IY EY", "am": "AE M", "bi": "B AY", "light": "L AY T", "wal": "W AO L",
    "lbox": "EH L B AA K S", "night": "N AY T", "nightlight": "N AY T L AY T",
}  # fmt: skip


def test_compounds_join_their_parts() -> None:
    lookup = FAKE_DICT.get
    assert compound_phones("wallbox", lookup) == "W AO L B AA K S"
    assert compound_phones("unmute", lookup) == "AH N M Y UW T"
    assert compound_phones("ambilight", lookup) == "AE M B AY L AY T"  # three parts


def test_parts_spelled_as_letters_are_not_parts() -> None:
    """cmudict has "ba" only as B-A: "roomba" is not room + B IY EY."""
    assert compound_phones("roomba", FAKE_DICT.get) is None
    assert compound_phones("zzz", FAKE_DICT.get) is None
    assert compound_phones("", FAKE_DICT.get) is None


def test_fewer_and_longer_parts_win() -> None:
    # "wal" + "lbox" is also a split; "wall" + "box" has the longer shortest part.
    assert compound_phones("wallbox", FAKE_DICT.get) == "W AO L B AA K S"
    assert compound_phones("nightlightbox", FAKE_DICT.get) == "N AY T L AY T B AA K S"


def test_accented_words_are_said_as_their_plain_spelling() -> None:
    from hub.voice.spelling import folded, phones_for

    lookup = {"cafe": "K AH F EY", "zoe's": "Z OW IY Z", **FAKE_DICT}.get
    assert folded("café") == "cafe" and folded("Zoë's") == "Zoe's"
    assert phones_for("café", lookup) == "K AH F EY"
    assert phones_for("zoë's", lookup) == "Z OW IY Z"
    assert phones_for("wällbox", lookup) == "W AO L B AA K S"  # plain, then its parts
    assert phones_for("küche", lookup) is None
