"""What a command leaves out: "turn off all the lights except the hallway one".

The exception names devices or rooms; the command is planned without it and the devices it
names are taken out of the calls. Heard as a command of its own, "... except the hallway
light" had turned off the hallway light alone: the one light meant to stay on.
"""

from __future__ import annotations

import re

from hub.core import HomeSnapshot
from intents.lexicon import Lexicon
from intents.resolver import Resolution, candidates

# "except (for)", "apart from", "other than", "but not", "excluding", "save for": what follows
# is left out. Not a bare "but" ("turn it off but leave the lamp"): a clause of its own.
EXCEPT = re.compile(
    r"\s*,?\s*\b(?:except(?: for)?|apart from|other than|but not|excluding|save for)\b"
)


def split_exception(text: str) -> tuple[str, str] | None:
    """The command and what it leaves out, when the text says both; None otherwise."""
    found = EXCEPT.search(text)
    if found is None:
        return None
    command, left_out = text[: found.start()].strip(), text[found.end() :].strip(" ,.!?")
    return (command, left_out) if command and left_out else None


def excluded(res: Resolution, targets: set[str], snapshot: HomeSnapshot, lex: Lexicon) -> set[str]:
    """Which of `targets` the exception (`res`, as scan() read it) names: its devices, or
    everything in the rooms it names ("except the hallway one", "except in the bedroom")."""
    named: set[str] = set()
    for mention in res.mentions:
        found = candidates(mention, snapshot, lex, res.areas, sensors=False)
        named |= set(found) & targets
    if not named and res.areas:
        named = {e for e in targets if snapshot.entities[e].spec.area in res.areas}
    return named
