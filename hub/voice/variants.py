"""Pronunciations beside the dictionary's own: a weak final "r", British words, a British
accent (pure).

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

A British household says so (voice.accent: en-gb), and then every word may also be said the
southern British way (`british`): with no "r" after a vowel, "back" and "half" with the open
a, "turn" without its r-coloured vowel. Those are not heard as American words said badly: the
grammar's best sentence for espeak en-gb "open the garage door" was "open the blind and pull",
and with a five-sentence grammar the search reached no sentence at all. Measured with
bench/voice_bench.py --accent en-gb, exact actions (wrong): the 98 dev cases in espeak
en-gb+f3 79 (4) -> 96 (0), en-gb-x-rp 82-84 (3-4) -> 88 (1), en-gb-x-gbclan (northern, no
open BATH vowel) 70-71 (4) -> 78-79 (6), en-gb+f3 at 10 dB 58 (10) -> 78 (6-7);
bench/spoken_heldout.yaml 70 (6) -> 84 (3), the unseen spoken_heldout2.yaml 45 (9) -> 48 (6).
Not by default: for American voices they are more ways to mishear (en-us at 10 dB 93 -> 89).
"""

from __future__ import annotations

from typing import Literal

Accent = Literal["en-us", "en-gb"]
AccentSetting = Literal["auto", "en-us", "en-gb"]  # voice.accent: auto learns it (accent.py)

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
# enrolled model in one stream 93 -> 95; no other voice moved. "television" with the
# unreduced vowel Oxford gives it (TEL-i-vizh-un; espeak en-gb t'ElI2v,IZ@n), which aligned
# e-100 against CMUdict's e-134: en-gb+f3 under accent en-gb in one stream 93 -> 94 of 98,
# en-us at 10 dB 90 -> 91, the rest the same. Only these words: dropping
# every "r" before a consonant lost 3 to 6 turns in noise (above).
BRITISH: dict[str, tuple[str, ...]] = {
    "garage": ("G AE R IH JH", "G AE R AA ZH"),
    "start": ("S T AA T",),
    "television": ("T EH L IH V IH ZH AH N",),
}


# TRAP and BATH open (AE as AA); PRICE from a back a (AA IY): the dictionary's AY lost
# "five" and "nineteen" (espeak en-gb's vowel aligned 1e-44 with AA IY, 1e-52 with AY), and
# AA alone turned "the" into "my".
BRITISH_VOWELS = {"AE": "AA", "AY": "AA IY"}


def british(phones: str) -> str:
    """`phones` (CMUdict, American) as southern British English says them: no "r" after a
    vowel unless a vowel follows; the vowels of BRITISH_VOWELS; the NURSE vowel ER without its
    r-colour (UH inside a word, AH at its end). One rendering with all of them, not one for
    each: apart they gave more ways to mishear and no more right (before PRICE was in: en-gb
    93 of 98 both ways, en-gb-x-rp 88 against 86). Tried and not kept: LOT (AA as AO) changed nothing, GOAT (OW as
    AH UW) lost 6 of 98."""
    ph = phones.split()
    out: list[str] = []
    for i, x in enumerate(ph):
        last = i == len(ph) - 1
        if x == "R" and i > 0 and ph[i - 1] in VOWELS and (last or ph[i + 1] not in VOWELS):
            continue
        out.append(BRITISH_VOWELS.get(x, x) if x != "ER" else "AH" if last else "UH")
    return " ".join(out)


def pronunciations(word: str, known: list[str], accent: Accent = "en-us") -> list[str]:
    """The pronunciations a word may also be heard with, beside its `known` ones."""
    extra = [v for p in known if (v := weak_final_r(p)) is not None] + list(BRITISH.get(word, ()))
    if accent == "en-gb":
        extra += [british(p) for p in [*known, *BRITISH.get(word, ())]]
    return sorted(set(extra) - set(known))
