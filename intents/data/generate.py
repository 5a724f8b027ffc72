"""Writes nlu.yml (Rasa 3.x) from hand-written carrier phrases and a generic household lexicon.

Run `python intents/data/generate.py` after editing; the output is committed. The device and room
words here are generic household vocabulary, deliberately not one particular home, so the models
learn the carrier phrases ("could you switch ... off") rather than names.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from intents.data.phrases import (
    AREAS,
    COLORS,
    DEVICES,
    INTENT_TEMPLATES,
    LOOKUPS,
    REGEXES,
    SYNONYMS,
)

PER_INTENT = 90  # examples drawn per intent; templates are used at least once each

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spoken(n: int) -> str:
    """A number as a speech recogniser writes it: 21 -> "twenty one"."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _UNITS[n % 10])
    if n == 100:
        return "a hundred"
    return str(n)


def _number(rng: random.Random, lo: int, hi: int, step: int = 1) -> str:
    n = rng.randrange(lo, hi + 1, step)
    return spoken(n) if rng.random() < 0.35 else str(n)


def _fill(template: str, rng: random.Random, domain_hint: str | None) -> str:
    """Replace {slot} markers by annotated values."""

    def device(kind: str) -> str:
        pool = DEVICES.get(kind) or DEVICES["any"]
        return f"[{rng.choice(pool)}](device)"

    def repl(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot.startswith("dev"):
            kind = slot.partition(":")[2] or domain_hint or "any"
            return device(kind)
        if slot == "area":
            return f"[{rng.choice(AREAS)}](area)"
        if slot == "pct":
            return f"[{_number(rng, 5, 100, 5)}](number)"
        if slot == "temp":
            return f"[{_number(rng, 15, 28)}](number)"
        if slot == "kelvin":
            return f"[{rng.choice(['2700', '3000', '4000', '5000', '6500'])}](number)"
        if slot == "color":
            return f"[{rng.choice(COLORS)}](color)"
        if slot == "mode":
            return f"[{rng.choice(LOOKUPS['hvac_mode'])}](hvac_mode)"
        if slot == "period":
            return f"[{rng.choice(LOOKUPS['period'])}](period)"
        if slot == "delay":
            n = rng.choice(["5", "ten", "15", "twenty", "30", "45", "two", "an"])
            unit = "hour" if n in ("two", "an") else "minutes"
            unit += "s" if n == "two" else ""
            return f"in [{n} {unit}](duration)"
        if slot == "time":
            return (
                f"at [{rng.choice(['7 pm', 'six thirty', '10:30', 'noon', '8 am', '9pm'])}](time)"
            )
        raise KeyError(slot)

    return re.sub(r"\{([a-z:_]+)\}", repl, template)


def _plain(example: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([a-z_]+\)", r"\1", example)


def _held_out() -> set[str]:
    """Texts of the shared development cases: never copied into training data."""
    cases = Path(__file__).resolve().parents[3] / "shared" / "eval" / "commands.yaml"
    if not cases.exists():
        return set()
    return set(re.findall(r"text: \"?([^\"\n]*)\"?", cases.read_text()))


def generate(seed: int = 7) -> str:
    rng = random.Random(seed)
    held_out = _held_out()
    out = ['version: "3.1"', "nlu:"]
    for intent, (hint, templates) in INTENT_TEMPLATES.items():
        seen: set[str] = set()
        order = list(templates) + [rng.choice(templates) for _ in range(PER_INTENT * 3)]
        for template in order:
            if len(seen) >= max(PER_INTENT, len(templates)) and "{" in template:
                break
            example = _fill(template, rng, hint)
            polite = example.startswith(("please", "could", "can", "would", "and", "i ", "also"))
            if hint is not None and not polite and rng.random() < 0.12:
                example = rng.choice(["please ", "hey ", "could you ", "can you "]) + example
            if _plain(example) not in held_out:
                seen.add(example)
        out.append(f"- intent: {intent}")
        out.append("  examples: |")
        out.extend(f"    - {e}" for e in sorted(seen))
    for value, names in SYNONYMS.items():
        out += [f"- synonym: {value}", "  examples: |", *(f"    - {n}" for n in names)]
    for name, values in LOOKUPS.items():
        out += [f"- lookup: {name}", "  examples: |", *(f"    - {v}" for v in values)]
    for name, pattern in REGEXES.items():
        out += [f"- regex: {name}", "  examples: |", f"    - {pattern}"]
    return "\n".join(out) + "\n"


ENTITIES = ["device", "area", "number", "color", "hvac_mode", "period", "duration", "time"]


def domain() -> str:
    """domain.yml: the intents and entities nlu.yml uses (an NLU-only assistant)."""
    lines = ['version: "3.1"', "intents:", *(f"  - {i}" for i in INTENT_TEMPLATES)]
    lines += ["entities:", *(f"  - {e}" for e in ENTITIES)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(__file__).with_name("nlu.yml").write_text(generate())
    Path(__file__).with_name("domain.yml").write_text(domain())
