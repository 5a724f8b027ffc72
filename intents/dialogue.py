"""Dialogue helpers: clause splitting, questions, yes/no, picking from a list of candidates."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from hub.core import HomeSnapshot
from hub.core.services import COLOR_NAMES
from intents.lexicon import DETERMINERS, NOUNS, STOPWORDS, VERB_NOUNS, Lexicon
from intents.nlu import Parse
from intents.rasa_data import TrainingData, load_training_data
from intents.resolver import Resolution
from intents.text import normalize

DATA_DIR = Path(__file__).with_name("data")
_QUESTION_START = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "did",
        "does",
        "has",
        "have",
        "whats",
        "what",
        "which",
        "how",
        "hows",
        "who",
        "whos",
        "where",
        "when",
        "why",
    ]
)
_YES = frozenset(
    [
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "confirm",
        "confirmed",
        "correct",
        "affirmative",
        "absolutely",
    ]
)
# Words that only agree, said after a yes however many ("yes, that's quite right, do go ahead").
_ASSENT = frozenset(
    {"thats", "that", "is", "its", "quite", "right", "correct", "do", "go", "ahead", "it",
     "fine", "good", "ok", "okay", "sure", "yes", "yeah", "absolutely", "indeed", "exactly",
     "perfect", "great", "please", "proceed", "carry", "on", "lovely", "all", "me", "mate"}
)  # fmt: skip
_NO = frozenset(["no", "nope", "nah", "cancel", "abort", "negative", "dont", "forget", "never"])
_LEADERS = frozenset({"please", "could", "can", "would", "will", "you", "hey", "ok", "okay", "now"})
_ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1}


@dataclass(frozen=True, slots=True)
class Language:
    """What the training data teaches beyond intents: carrier words and clause-opening verbs."""

    carrier: frozenset[str]
    starters: frozenset[str]

    @classmethod
    def from_data(cls, data_dir: Path = DATA_DIR) -> Language:
        return cls.from_training(load_training_data(data_dir))

    @classmethod
    def from_training(cls, data: TrainingData) -> Language:
        carrier: set[str] = set()
        starters: set[str] = set()
        for ex in data.examples:
            text = ex.text
            for span in sorted(ex.entities, key=lambda s: -s.start):
                text = text[: span.start] + " " + text[span.end :]
            words = normalize(text).split()
            carrier.update(words)
            acts = ex.intent not in ("inform", "affirm", "deny", "cancel", "out_of_scope")
            lead = [w for w in words if w not in _LEADERS]
            if (
                acts
                and lead
                and lead[0]
                not in STOPWORDS - {"turn", "switch", "set", "make", "put", "get", "let", "go"}
            ):
                starters.add(lead[0])
        starters -= set(NOUNS)
        starters -= {"and", "then", "also", "in", "at", "for"}
        return cls(frozenset(carrier), frozenset(starters))


# Before "tell me whether": "would you kindly", "could you please".
_POLITE_OPENERS = frozenset({"would", "could", "can", "will", "you", "kindly", "please", "just"})


def is_question(norm: str) -> bool:
    words = norm.split()
    while words and words[0] in _POLITE_OPENERS:  # "would you kindly tell me whether ..."
        words = words[1:]
    if not words:
        return False
    if words[0] in ("tell", "check", "let") and any(w in ("if", "whether") for w in words[:4]):
        return True
    if words[0] == "have" and _HAVE_IT_DONE.search(" ".join(words)):
        return False  # "have the porch light come on at 6": a request, not "have you ...?"
    return words[0] in _QUESTION_START


_WHAT_I_WANT = re.compile(
    r"(?:^|(?<=, )|(?<=, and ))what (?:id|i would|i|we|wed) (?:really )?(?:love|like|want|need)\b"
    r".*? is (?=the |my |some )"
)


def wished(norm: str) -> str:
    """ "what I'd love more than anything right now is the movie night scene": a request for
    it ("i would like the movie night scene"), not a question about it."""
    return _WHAT_I_WANT.sub("i would like ", norm, count=1)


# "have <something> come on / switch off ... <when>": a thing to be done at a time.
_HAVE_IT_DONE = re.compile(
    r"^have (?:the|my|our|all) .*\b(?:come|go|turn|switch) (?:on|off)\b.*"
    r"\b(?:at|in|by|from|tonight|tomorrow|every)\b"
)


# Said first while thinking or changing one's mind ("actually, make it 20"); no command starts so.
THINKING = (("actually",), ("oh",), ("um",), ("erm",), ("hmm",), ("sorry",), ("okay", "so"),
            ("ok", "so"))  # fmt: skip
# And before an answer: "hang on, no - leave it armed".
_HESITATIONS = (*THINKING, ("hang", "on"), ("hold", "on"), ("wait",), ("ah",),
                ("on", "second", "thought"), ("on", "second", "thoughts"))  # fmt: skip


def past(openers: tuple[tuple[str, ...], ...], words: list[str]) -> list[str]:
    """`words` without the openers (THINKING, ...) they begin with."""
    while opener := next((o for o in openers if tuple(words[: len(o)]) == o), None):
        words = words[len(opener) :]
    return words


# "leave it armed", "keep them locked": the held action is not wanted.
_AS_IT_IS = (["leave", "it"], ["leave", "them"], ["keep", "it"], ["keep", "them"])


def yes_or_no(norm: str, parse: Parse) -> str | None:
    """'yes' / 'no' for a short confirmation answer, else None."""
    words = [
        w
        for w in norm.replace(",", " ").replace("-", " ").split()
        if w not in ("please", "thanks", "thank", "you")
    ]
    words = past(_HESITATIONS, words)
    rest = words[1:3] if words and words[0] in _NO else words[:2]
    if rest in _AS_IT_IS:
        return "no"
    if words and words[0] in _YES and all(w in _ASSENT for w in words[1:]):
        return "yes"  # "yes, that's quite right, do go ahead"
    if not words or len(words) > 4:
        return None
    if words[0] in _NO or (parse.intent in ("deny", "cancel") and parse.confidence > 0.5):
        return "no"
    if words[0] in _YES or (parse.intent == "affirm" and parse.confidence > 0.5):
        return "yes"
    if words[:2] in (["go", "ahead"], ["do", "it"], ["please", "do"]):
        return "yes"
    return None


# Verbs that start a command even with no "and" or comma before them ("turn on the porch light
# turn off the fan"), when a determiner or particle follows and a command is already under way.
# Only imperative verbs: the training data's clause openers also hold nouns and adjectives.
RUN_ON_VERBS = frozenset(
    {
        "turn", "switch", "set", "dim", "brighten", "open", "close", "shut", "lock", "unlock",
        "arm", "disarm", "activate", "deactivate", "start", "stop", "pause", "resume", "play",
        "mute", "unmute", "toggle", "raise", "lower", "make", "put", "send", "run",
    }
)  # fmt: skip
_RUN_ON_NEXT = DETERMINERS | {"on", "off", "up", "down", "my", "our", "every"}


def _runs_on(toks: list[str], i: int, clause: list[str], starters: Collection[str]) -> bool:
    """Whether toks[i] starts a new command with no joiner before it."""
    head = next((w for w in clause if w not in _LEADERS), None)
    return (
        toks[i] in RUN_ON_VERBS
        and toks[i + 1 : i + 2] != []
        and toks[i + 1] in _RUN_ON_NEXT
        and len(clause) >= 3
        and head is not None
        and (head in starters or head in RUN_ON_VERBS)
    )


# Verbs whose command takes no value: "open the garage door and heat to ten" is two commands,
# where "set the lamp and the fan to 50" is one.
_NO_VALUE = frozenset(
    {
        "open", "close", "shut", "lock", "unlock", "start", "stop", "pause", "resume", "kill",
        "toggle", "arm", "disarm", "mute", "unmute",
    }
)  # fmt: skip
_VALUE_WORDS = frozenset({"to", "at", "percent", "degrees"})


def _own(rest: list[str]) -> list[str]:
    """The words of `rest` up to the next joiner: the clause it would be on its own."""
    return list(itertools.takewhile(lambda w: w not in (",", "and", "then"), rest))


def _names_a_thing(words: list[str]) -> bool:
    return any(w in NOUNS or w.removesuffix("s") in NOUNS for w in words)


def _sets_another(clause: list[str], rest: list[str]) -> bool:
    """Whether `rest` (after "and" or a comma) sets something to a value of its own ("heat to
    ten") while the clause so far is a command that takes none ("open the garage door"), or
    sets one of its own too ("desk fan to 35 and office blinds to 60 percent": the fan had
    gone to 60)."""
    head = next((w for w in clause if w not in _LEADERS), None)
    if head is None:
        return False
    if any(w in _VALUE_WORDS or w[0].isdigit() for w in clause):
        own = _own(rest)
        at = next((i for i, w in enumerate(own[:-1]) if w in ("to", "at")), 0)
        return (
            at > 0
            and own[at + 1][0].isdigit()
            and _names_a_thing(own[:at])
            and any(w in ("to", "at") for w in clause)
            and not any(w in RUN_ON_VERBS for w in own)
        )
    said = [w for w in clause if w not in (",", "please", "now")]
    valueless = (
        head in _NO_VALUE
        or (head in ("turn", "switch", "put") and any(w in ("on", "off") for w in clause))
        or said[-1:] in (["on"], ["off"])  # "ceiling fan on, and the ac to 24 degrees"
    )
    if not valueless:
        return False
    own = _own(rest)
    at = next((i for i, w in enumerate(own[:-1]) if w in ("to", "at")), 0)
    return _names_a_thing(own[:at]) and not any(w in RUN_ON_VERBS for w in own)


def _switches_another(clause: list[str], rest: list[str]) -> bool:
    """Whether `rest` switches a device of its own on or off ("the lights off") after a clause
    that set a value ("heat to twenty") or a colour ("the string lights blue"): the "off" is
    not the thermostat's."""
    if not any(w in ("to", "at") for w in clause[1:]) and not COLOR_NAMES & set(clause):
        return False
    own = [w for w in _own(rest) if w not in ("please", "now", "too")]
    return (
        len(own) >= 2 and own[-1] in ("on", "off") and _names_a_thing(own[:-1]) and "to" not in own
    )


def _switches_the_other_way(clause: list[str], rest: list[str]) -> bool:
    """Whether `rest` switches a device of its own the other way ("the hall light off") after
    a clause that switched one on ("turn the kitchen light on"): two commands, not one."""
    said = [w for w in clause if w in ("on", "off")]
    own = [w for w in _own(rest) if w not in ("please", "now", "too")]
    return (
        len(said) == 1
        and len(own) >= 2
        and own[-1] in ("on", "off")
        and own[-1] != said[0]
        and _names_a_thing(own[:-1])
    )


def _colours_another(clause: list[str], rest: list[str]) -> bool:
    """Whether `rest` gives a device of its own a colour ("the string lights blue") after a
    clause that switched another ("the tree lights on"): the colour is its own command, not
    lost in one "turn on" of both."""
    own = [w for w in _own(rest) if w not in ("please", "now", "too")]
    colour = len(own) >= 2 and own[-1] in COLOR_NAMES and _names_a_thing(own[:-1])
    switched = any(w in ("on", "off") for w in clause)
    return colour and switched and not any(w in RUN_ON_VERBS for w in own)


_TIMED = re.compile(
    r"\b(?:in|after|at|within) (?:\d|an? |half|quarter|noon|midnight)|\b\d+ (?:minutes?|hours?) "
    r"from now\b"
)


def _timed_apart(clause: list[str], rest: list[str]) -> bool:
    """Whether `rest` has a time of its own after a clause said for now ("turn the kettle on
    now and the coffee maker in ten minutes"), or switches the same thing back later ("the
    sprinkler on now and off again in 20 minutes"): two commands at two times."""
    words = _own(rest)
    own = " ".join(words)
    if "now" in words and not _TIMED.search(own) and _TIMED.search(" ".join(clause)):
        # "movie night in five minutes, and the hallway light off now": now is its own time;
        # "... and the coffee maker now" names its thing by a name, not a kind noun.
        thing = [w for w in words if w not in ("now", "on", "off", "please")]
        named = thing[:1] and thing[0] in DETERMINERS and any(w not in STOPWORDS for w in thing)
        return _names_a_thing(thing) or bool(named)
    if not _TIMED.search(own):
        return False
    said = [w for w in clause if w in ("on", "off")]
    back = bool(said) and words[:1] == [{"on": "off", "off": "on"}[said[0]]]
    back = back or words[:2] in (["off", "again"], ["on", "again"])  # "water it ... off again"
    if _TIMED.search(" ".join(clause)):
        # Each with a time of its own: "the porch light on at 6 pm and off again at 11 pm",
        # "the kettle on at 7 am and the coffee maker at 8 am" (both had gone at the first).
        at = next(i for i in range(len(words)) if _TIMED.match(" ".join(words[i:])))
        if set(words[at + 2 : at + 3]) & {"percent", "degrees", "kelvin"}:
            return False  # "at eleven percent": a level, not a time
        return back or any(w not in STOPWORDS for w in words[:at])
    return "now" in clause or back


# Verbs people start a command with that the training data has none of ("shut the curtains and
# pop the aircon on twenty-two").
_CASUAL_VERBS = frozenset({"pop", "stick", "bung", "flick"})


def _asks_after(clause: list[str], rest: list[str], starters: Collection[str]) -> bool:
    """A question after a command: "turn off the kettle, and tell me how much power the house
    is using". Not after a question ("is the tv on and what is it playing") or a topic ("the
    car charger yesterday, how much energy did it use"): those stay whole."""
    if not any(w in starters for w in clause) or is_question(" ".join(clause)):
        return False
    return rest[:2] in (["tell", "me"], ["let", "me"]) or rest[0] in ("what", "whats", "how")


def split_clauses(norm: str, starters: Collection[str]) -> list[str]:
    """Split at "and", "then" and commas where a new verb starts a new command, and before a
    command verb that follows a whole command with no joiner at all."""
    toks = norm.split()
    clauses: list[list[str]] = [[]]
    for i, tok in enumerate(toks):
        if _runs_on(toks, i, clauses[-1], starters):
            clauses.append([])
        if tok in (",", "and", "then") and clauses[-1]:
            j = i + 1
            while j < len(toks) and toks[j] in ("and", "then", "also", "please", ","):
                j += 1
            if j >= len(toks):  # a trailing "and" / "then": nothing follows
                break
            verb_noun = (
                toks[j] in VERB_NOUNS and toks[j + 1 : j + 2] != [] and toks[j + 1] in DETERMINERS
            )
            if (
                toks[j] in starters
                or toks[j] in _CASUAL_VERBS
                or verb_noun
                or _sets_another(clauses[-1], toks[j:])
                or _switches_another(clauses[-1], toks[j:])
                or _switches_the_other_way(clauses[-1], toks[j:])
                or _colours_another(clauses[-1], toks[j:])
                or _timed_apart(clauses[-1], toks[j:])
                or _asks_after(clauses[-1], toks[j:], starters)
            ):
                clauses.append([])
                continue
            if tok == ",":
                continue
        if tok == "," and not clauses[-1]:
            continue
        clauses[-1].append(tok)
    return [" ".join(c) for c in clauses if c] or [norm]


def pick(
    norm: str,
    cands: tuple[str, ...],
    snapshot: HomeSnapshot,
    lex: Lexicon,
    res: Resolution,
) -> list[str]:
    """Which of the offered candidates the answer picks: a name, a word, a room, both, first
    (`res`: the answer's names and rooms, as scan() read them)."""
    words = norm.split()
    if "both" in words:
        return list(cands) if len(cands) == 2 else []
    if any(w in ("all", "every", "each", "everything") for w in words):
        return list(cands)
    for w in words:
        if w in _ORDINALS and len(cands) > abs(_ORDINALS[w]) - (1 if _ORDINALS[w] < 0 else 0):
            return [cands[_ORDINALS[w]]]
    chosen: list[str] = []
    for m in res.mentions:
        if m.exact:
            chosen += [c for c in m.candidates if c in cands]
        else:
            # A kind word must fit the candidate: "the kitchen lights" picks no door.
            chosen += [
                c
                for c in cands
                if all(
                    t in lex.entity_tokens[c]
                    or (t in NOUNS and NOUNS[t](snapshot.entities[c].spec))
                    for t in m.words
                )
            ]
    if not res.mentions and not res.areas:
        chosen = _by_own_word(set(words) - DETERMINERS - {"one", "ones", "please"}, cands, lex)
    plural = any(m.plural for m in res.mentions)
    if res.areas:
        in_area = [c for c in cands if snapshot.entities[c].spec.area in res.areas]
        if not res.mentions:
            return in_area  # "in the kitchen": everything offered there
        chosen = [c for c in chosen if c in in_area]
    chosen = list(dict.fromkeys(chosen))
    return chosen if len(chosen) == 1 or (plural and chosen) else []


def _by_own_word(said: set[str], cands: tuple[str, ...], lex: Lexicon) -> list[str]:
    """The one candidate whose name has a word said that the others' lack, when that word is
    not read as a name ("the right one": "right" as in "right now")."""
    own = {c: set(normalize(" ".join((lex.specs[c].name, *lex.specs[c].aliases))).split())
           for c in cands if c in lex.specs}  # fmt: skip
    shared = set.intersection(*own.values()) if own else set()
    hits = [c for c, ws in own.items() if said & (ws - shared)]
    return hits if len(hits) == 1 else []


# An hour (1-12, or 0-23 with minutes): "from 20 to 22" is a level, not a time.
_CLOCK = (
    r"(?:(?:half|quarter) (?:past|to) )?(?:1[0-2]|[1-9])(?: oclock)?(?: [ap]m)?"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?: [ap]m)?|noon|midnight"
)
_WHEN = r"(?: (?:tomorrow|tonight|today|this|in|the|morning|afternoon|evening|night))*"
_RANGE = re.compile(
    rf"^(?P<head>.+?) (?:from|between) (?P<t1>{_CLOCK}) (?:till|until|til|to|and) "
    rf"(?P<t2>{_CLOCK})\b(?P<when>{_WHEN})(?P<rest>(?! ?(?:percent|degrees|kelvin)\b).*)$"
)


_LEVELLED = frozenset({"set", "dim", "brighten", "up", "down", "raise", "lower", "to", "at"})


def unranged(norm: str) -> str:
    """ "water the garden from 6 till half past 6 tomorrow morning": on at the first time and
    off again at the second (or off and on again), as two commands."""
    m = _RANGE.match(norm)
    if m is None or _LEVELLED & set(m["head"].split()):
        # "turn the heat down from 10 to 8", "set the thermostat from 20 to 22": to the second
        return re.sub(r"\bfrom \d+(?:\.\d+)?(?: percent| degrees)? to (?=\d)", "to ", norm)
    back = "on" if " off" in f" {m['head']} " else "off"
    when, t1, t2 = m["when"], m["t1"], m["t2"]
    half = re.search(r" [ap]m$", t2)
    if half and not re.search(r" [ap]m$", t1) and t1 not in ("noon", "midnight"):
        t1 += half.group(0)  # "between 7 and 8 am": both in the morning
    return f"{m['head']} at {t1}{when} and {back} again at {t2}{when}{m['rest']}"
