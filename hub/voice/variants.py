"""Pronunciations beside the dictionary's own: a weak final "r", and a few British words (pure).

The dictionary (CMUdict) spells every "r" after a vowel: "door" is D AO R, "heater" HH IY T ER.
Many speakers barely colour a word's last "r": all of southern England and Australia, and much
fast American speech, espeak's voices included ("door" is d'o@ in en-us and en-gb alike). Heard
against the dictionary's "r", such words lose to their neighbours. So each grammar word may also
end without it ("door" D AO, "four" F AO) and with a final ER said as a plain schwa ("heater"
HH IY T AH).

Measured with bench/voice_bench.py, the 98 dev cases each in three orders (a hearing depends a
little on the ones before it): in six clean voices 7 to 8 more exact turns per order (en-us
92-93 to 95-96, festival 95-96 to 96-97), the same wrong actions; under pink noise (en-us at
10 and 20 dB, festival at 10 dB) even (-1 to +2). Dropping an "r" inside a word too ("start"
S T AA T) gained nothing clean and lost 3 to 6 turns in noise: it is not done.
"""

from __future__ import annotations

VOWELS = frozenset(("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY",
                    "UH", "UW"))  # fmt: skip


def weak_final_r(phones: str) -> str | None:
    """`phones` with a last "r" after a vowel dropped and a last ER said as AH; None when the
    word does not end in one."""
    old = phones.split()
    if len(old) >= 2 and old[-1] == "R" and old[-2] in VOWELS and old[-2] != "ER":
        return " ".join(old[:-1])
    if old and old[-1] == "ER":
        return " ".join([*old[:-1], "AH"])
    return None


# Words whose British sounds CMUdict (American) lacks altogether, not only in a last "r":
# "garage" is G ER AA ZH there, but GARR-idge or GARR-ahzh in Britain (espeak en-gb: g'arI2dZ);
# British "start" has no "r" at all, and without one it was heard as "stop" (S T AA P, the
# vowel near enough): en-gb+f3 from files 78 -> 80 of 98 and 2 fewer wrong actions, with an
# enrolled model in one stream 93 -> 95; no other voice moved. Only these words: dropping
# every "r" before a consonant lost 3 to 6 turns in noise (above).
BRITISH: dict[str, tuple[str, ...]] = {
    "garage": ("G AE R IH JH", "G AE R AA ZH"),
    "start": ("S T AA T",),
}


def pronunciations(word: str, known: list[str]) -> list[str]:
    """The pronunciations a word may also be heard with, beside its `known` ones."""
    extra = [v for p in known if (v := weak_final_r(p)) is not None] + list(BRITISH.get(word, ()))
    return sorted(set(extra) - set(known))
