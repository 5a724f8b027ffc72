"""Text normalisation: lower case, tokens, and numbers as a speech recogniser writes them."""

from __future__ import annotations

import re
from collections.abc import Callable

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words after which a lone "one" is a number, not a pronoun ("the left one").
_UNIT_WORDS = {
    "percent", "degrees", "degree", "hour", "hours", "minute", "minutes", "second", "seconds",
    "pm", "am", "oclock", "point", "hundred", "thousand", "kelvin", "k",
}  # fmt: skip

# Spoken durations rewritten before numbers are read, so "and" inside them never splits clauses.
_DURATIONS: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"\b(?:an?|one) hour and a half\b", "90 minutes"),
    (r"\b(?:one|1) and a half hours?\b", "90 minutes"),
    (r"\b(\d+) and a half hours\b", lambda m: f"{int(m.group(1)) * 60 + 30} minutes"),
    (r"\b(\d+) and a half minutes\b", lambda m: f"{int(m.group(1)) * 60 + 30} seconds"),
    (r"\bhalf an hour\b", "30 minutes"),
    (r"\ba half hour\b", "30 minutes"),
    (r"\b(?:a )?quarter of an hour\b", "15 minutes"),
    (r"\b(?:a )?quarter hour\b", "15 minutes"),
    (r"\b(?:three quarters|3 quarters) of an hour\b", "45 minutes"),
    (r"\ban hour\b", "1 hour"),
    (r"\ba minute\b", "1 minute"),
    (r"\ba couple of (minutes|hours)\b", r"2 \1"),
    (r"\b(\d+) hours? and (\d+) minutes?\b", lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} minutes"),
    (r"\b(\d+) minutes? and (\d+) seconds?\b", lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} seconds"),
]  # fmt: skip


def _words_to_numbers(tokens: list[str]) -> list[str]:
    """Replace runs of number words by digits: "twenty one" -> "21", "nineteen point five"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        is_num = tok in _UNITS or tok in _TENS
        if tok == "one" and nxt not in _UNIT_WORDS and nxt not in _UNITS and nxt not in _TENS:
            is_num = False
        if tok == "oh" and not (out and out[-1].isdigit()):
            is_num = False
        if tok == "a" and nxt == "hundred":
            is_num = True
        if not is_num:
            out.append(tok)
            i += 1
            continue
        value, i = _read_number(tokens, i)
        out.append(value)
    return out


def _read_number(tokens: list[str], i: int) -> tuple[str, int]:
    total = 0
    if tokens[i] == "a":
        total, i = 1, i + 1
    if tokens[i] in _TENS:
        total = _TENS[tokens[i]]
        i += 1
        if i < len(tokens) and tokens[i] in _UNITS and 0 < _UNITS[tokens[i]] < 10:
            total += _UNITS[tokens[i]]
            i += 1
    elif tokens[i] in _UNITS:
        total = max(total, 0) + _UNITS[tokens[i]] if tokens[i] != "a" else total
        i += 1
    if i < len(tokens) and tokens[i] == "hundred":
        total = max(total, 1) * 100
        i += 1
        if i < len(tokens) and tokens[i] == "and" and i + 1 < len(tokens):
            rest = tokens[i + 1]
            if rest in _UNITS or rest in _TENS:
                more, i = _read_number(tokens, i + 1)
                total += int(more)
        elif i < len(tokens) and (tokens[i] in _UNITS or tokens[i] in _TENS):
            more, i = _read_number(tokens, i)
            total += int(more)
    if i < len(tokens) and tokens[i] == "thousand":  # "two thousand seven hundred" (kelvin)
        total = max(total, 1) * 1000
        i += 1
        if i < len(tokens) and tokens[i] == "and" and i + 1 < len(tokens):
            i += 1
        if i < len(tokens) and (tokens[i] in _UNITS or tokens[i] in _TENS or tokens[i] == "a"):
            more, i = _read_number(tokens, i)
            total += int(float(more))
    # "nineteen point five", "nineteen and a half" (degrees)
    if i + 1 < len(tokens) and tokens[i] == "point" and tokens[i + 1] in _UNITS:
        return f"{total}.{_UNITS[tokens[i + 1]]}", i + 2
    if tokens[i : i + 3] == ["and", "a", "half"]:
        return f"{total}.5", i + 3
    return str(total), i


# Typed shorthand, read as the words it stands for ("brighter in here plz", "tree lights on n
# string lights blue", "can u").
_SHORTHAND = {"plz": "please", "pls": "please", "u": "you", "ur": "your", "n": "and",
              "thx": "thanks", "ty": "thanks", "tmrw": "tomorrow", "mins": "minutes",
              "rq": "now", "asap": "now"}  # fmt: skip


# Asides that ask nothing of their own: "lock the back door, would you, and the front while
# you're at it" is "lock the back door and the front".
_TAGS = (
    re.compile(r"(?:^|(?<= ))(?:, )?while (?:youre|you are) at it\b"),
    re.compile(r"(?<= ), (?:would|will|could|can) you(?= ,|$)"),
)


def normalize(text: str) -> str:
    """Lower-case text with spoken numbers and durations as digits, punctuation mostly gone."""
    s = text.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"(\d)\s*%", r"\1 percent", s)
    s = re.sub(r"\bper cent\b", "percent", s)
    s = re.sub(r"(\d)\s*°\s*[cf]?\b", r"\1 degrees", s)
    s = re.sub(r"\bo'clock\b", "oclock", s)
    s = re.sub(r"\b(\d{1,2})\s*([ap])\.?\s*m\b\.?", r"\1 \2m", s)
    s = re.sub(r"'", "", s)
    s = re.sub(r"[.](?!\d)|[!?;\"()\[\]]", " ", s)
    s = re.sub(r",", " , ", s)
    s = re.sub(r"-", " ", s)
    s = re.sub(r"\b(turn|switch|shut|power) of\b", r"\1 off", s)  # a common typo and mishearing
    tokens = _words_to_numbers([_SHORTHAND.get(t, t) for t in s.split()])
    s = " ".join(tokens)
    s = re.sub(r"(\d) ([ap]) m\b", r"\1 \2m", s)  # "seven p.m." read after the numbers
    for pattern, repl in _DURATIONS:
        s = re.sub(pattern, repl, s)
    s = re.sub(r"\bhalf way\b", "halfway", s)
    s = re.sub(r"\bmore bright\b", "brighter", s)  # "the lights, more bright please"
    s = re.sub(r"\bmore dim\b", "dimmer", s)
    s = re.sub(r"(?: ,)? (\w+) wise\b", r" \1", s)  # ", energy-wise": what the question is about
    for tag in _TAGS:
        s = tag.sub("", s)
    return " ".join(s.split()).strip(" ,") or s


def tokens(text: str) -> list[str]:
    return text.split()


# Words for one thing, said as the first: British "telly" reaches a TV named "TV" (or with the
# alias "television") as if its name had been said, not only as any media player.
SAME_THING = {"telly": "tv", "television": "tv"}


def lemma(word: str) -> str:
    """A crude singular: "lights" -> "light", "blinds" -> "blind" (enough for device nouns),
    and one word for a thing with several (SAME_THING)."""
    if len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return SAME_THING.get(word, word)
