"""Numbers and text as recognisers spell them: lower case, words only, 21 -> "twenty one"."""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spoken(n: int) -> str:
    """A whole number from 0 to 999 in words."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _UNITS[n % 10])
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + ("" if rest == 0 else " " + spoken(rest))
    return " ".join(_UNITS[int(d)] for d in str(n))  # years, codes: digit by digit


def number_words(lo: int, hi: int) -> list[str]:
    """Every number from lo to hi in words, plus "a hundred" (how people say 100)."""
    out = [spoken(n) for n in range(lo, hi + 1)]
    return [*out, "a hundred"] if lo <= 100 <= hi else out


def normalise(text: str, keep: str | None = None) -> str:
    """Lower-case words only (letters of any script): digits spelled, % as "percent",
    punctuation dropped.

    `keep` is a regex of tokens to pass through untouched (slot markers).
    """
    kept: list[str] = []
    if keep:

        def stash(m: re.Match[str]) -> str:
            kept.append(m.group(0))
            return f" zqk{_letters(len(kept) - 1)}qz "  # letters only: survives the rest

        text = re.sub(keep, stash, text)
    text = text.lower().replace("%", " percent ").replace("-", " ").replace("&", " and ")
    text = re.sub(r"(\d+)\.(\d+)", lambda m: f"{m.group(1)} point {m.group(2)}", text)
    text = re.sub(r"\d+", lambda m: f" {spoken(int(m.group(0)))} ", text)
    # Letters of any script stay: "café", a German model's "küche", a Korean model's words.
    text = re.sub(r"[^\w' ]+|_", " ", text)
    text = re.sub(r"(?<!\w)'|'(?!\w)", " ", text)  # quotes, not apostrophes in words
    if kept:
        text = re.sub(r"zqk([a-j]+)qz", lambda m: kept[_index(m.group(1))], text)
    return " ".join(text.split())


def _letters(n: int) -> str:
    return "".join("abcdefghij"[int(d)] for d in str(n))


def _index(letters: str) -> int:
    return int("".join(str("abcdefghij".index(c)) for c in letters))
