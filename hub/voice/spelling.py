"""Pronouncing words a model's dictionary lacks from dictionary words they are made of (pure).

Device names are often compounds the dictionary has never seen: "wallbox", "unmute",
"ambilight". Without a pronunciation such a word cannot be heard at all, and every phrase holding
it drops out of the grammar, so "unmute the TV" could not be said. Joining the parts' own
pronunciations ("wall" + "box") is what a person reading the word does too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

Lookup = Callable[[str], str | None]
MAX_PARTS = 3
# Letter names in the dictionary's phones: short strings are often entered as spelled out
# ("ba" is B IY EY), and "room" + "B-A" is not how "roomba" sounds.
LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "EY", "B IY", "S IY", "D IY", "IY", "EH F", "JH IY", "EY CH", "AY", "JH EY", "K EY", "EH L",
    "EH M", "EH N", "OW", "P IY", "K Y UW", "AA R", "EH S", "T IY", "Y UW", "V IY",
    "D AH B AH L Y UW", "EH K S", "W AY", "Z IY",
), strict=True))  # fmt: skip


# Names of things in homes that cmudict lacks and no split spells: said as their makers say them.
BRANDS = {
    "roomba": "R UW M B AH",
    "sonos": "S OW N OW S",
    "ecobee": "IY K OW B IY",
    "tado": "T AA D OW",
}


def folded(word: str) -> str:
    """The word without its accents ("café" -> "cafe"): how an English dictionary spells it."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def phones_for(word: str, lookup: Lookup) -> str | None:
    """Phones for a word the dictionary lacks: as its accent-free spelling says it ("café"), as
    a brand is said (BRANDS), or as the words it is made of (compound_phones); None when none
    is known."""
    plain = folded(word)
    if plain != word and (phones := lookup(plain)) is not None:
        return phones
    return BRANDS.get(plain) or compound_phones(plain, lookup)


def compound_phones(word: str, lookup: Lookup) -> str | None:
    """Phones for `word` as 2 or 3 known words run together; None when there is no such split.

    Splits with fewer parts win, then those whose shortest part is longest, then those with fewer
    phones ("wall" + "box", not "wal" + "lbox" said as L-box). A part the dictionary only knows
    spelled out as letters is no part.
    """
    best: tuple[int, int, int, str] | None = None
    for parts in _splits(word, MAX_PARTS):
        if len(parts) < 2:
            continue
        phones = [lookup(p) for p in parts]
        if any(ph is None or ph == _spelled_out(p) for p, ph in zip(parts, phones, strict=True)):
            continue
        joined = " ".join(ph or "" for ph in phones)
        key = (len(parts), -min(len(p) for p in parts), len(joined.split()), joined)
        if best is None or key[:3] < best[:3]:
            best = key
    return best[3] if best else None


def _splits(word: str, parts: int) -> list[list[str]]:
    """Every way to cut a word into at most `parts` pieces of 2 letters or more."""
    out = [[word]] if len(word) >= 2 else []
    if parts > 1:
        for i in range(2, len(word) - 1):
            out += [[word[:i], *rest] for rest in _splits(word[i:], parts - 1)]
    return out


def _spelled_out(part: str) -> str:
    return " ".join(LETTERS.get(c, "?") for c in part)
