"""Remarks said around a command: "..., it's roasting in here", "my programme is about to start".

People explain themselves. A remark is no command and no question: said with a command it is
set apart, so the classifier reads the command alone and the remark adds no action ("pause the
vacuum it's too loud" must not also turn something down). A remark before the command may name
what "it" means: "the floor lamp is way too bright, turn it down".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hub.core import HomeSnapshot, ServiceCall
from intents.dialogue import RUN_ON_VERBS
from intents.lexicon import NOUNS
from intents.text import lemma, normalize

# How a remark starts (normalised text: "it's" is "its"), as token sequences.
_SUBJECTS: tuple[tuple[str, ...], ...] = (
    ("its",), ("it", "is"), ("thats",), ("that", "is"), ("im",), ("i", "am"), ("ive", "got"),
    ("we", "are"), ("were",),
    ("theyre",), ("they", "are"), ("theres",), ("there", "is"), ("shes",), ("she", "is"),
    ("hes",), ("he", "is"), ("i", "think"), ("i", "heard"), ("i", "guess"), ("i", "reckon"),
    ("i", "believe"), ("i", "left"), ("i", "forgot"), ("youve",), ("you", "have"), ("youre",),
    ("you", "are"), ("so", "that"), ("so", "i"), ("so", "she"), ("so", "he"), ("so", "we"),
    ("so", "they"), ("if", "it", "isnt"), ("if", "its", "not"), ("if", "you", "dont", "mind"),
    ("thank", "you"), ("thanks",), ("cheers",), ("before", "i", "forget"), ("by", "the", "way"),
    ("this", "is"), ("this", "matters"), ("and", "this"), ("hope", "youre"), ("hope", "you"),
)  # fmt: skip
# After a command, any of these starts a remark: people give their reasons ("..., we're
# heading out", "..., I need to get the bikes out"). Not before one: "I want the kitchen light
# on, and the hall light off" is all command. "you", "it" and "that" alone are not here: "turn
# it off", "could you", "the light that is on" say them inside commands.
_AFTER_SUBJECTS: tuple[tuple[str, ...], ...] = (
    ("i",), ("ive",), ("id",), ("ill",), ("we",), ("weve",), ("wed",), ("they",),
    ("theyve",), ("she",), ("he",), ("theyll",), ("well", "be"),
)  # fmt: skip
# Said after a command, "the ... is" more often belongs to it ("check the door is locked"),
# except for the people and pets of the house.
_HOUSEHOLD = frozenset(
    {"kid", "baby", "children", "child", "dog", "cat", "guest", "family", "neighbour", "neighbor",
     "place", "house", "flat", "weather", "sun"}
)  # fmt: skip
_COPULA = frozenset(
    {
        "is",
        "are",
        "s",
        "was",
        "gets",
        "keeps",
        "will",
        "has",
        "have",
        "ran",
        "went",
        "left",
        "feel",
        "feels",
        "seem",
        "seems",
        "look",
        "looks",
    }
)
_ADVERBS = frozenset({"just", "finally", "still", "already", "always", "really"})
_JOINS = ("because", "cause", "cuz", "as", "since")
# A clause after these words belongs to the command: "turn the heat up until it's 20".
_BOUND = frozenset(
    {"so", "if", "when", "until", "till", "whether", "unless", "once", "while", "what", "where"}
)
# A pronoun after these is the subject of a question, not a remark: "how much did we use".
_AUX = frozenset(
    {"did", "do", "does", "can", "could", "will", "would", "should", "shall", "have", "has",
     "had", "are", "is", "was", "were", "am", "may", "might", "must"}
)  # fmt: skip
_FILLERS = frozenset({"please", "now", "thanks", "thank", "you", "and", "then", ","})
_BARE_COPULA = frozenset({"is", "are", "was", "were"})
_NOT_SUBJECTS = frozenset(
    {"what", "who", "where", "how", "which", "when", "why", "whether", "is", "are", "was",
     "were", "there", "here", "it", "that", "this", "please", "and", "so", "if"}
)  # fmt: skip
# Words of the lexicon's that say how a place is: "it's cold" is no possessive.
_HOW_IT_FEELS = frozenset({"cold", "hot", "warm", "dark", "bright", "loud", "quiet", "humid"})
_DETS = frozenset({"the", "my", "our", "these", "those", "this", "that", "your", "their"})
_MAX_SUBJECT = 4  # words between "the"/"my" and "is": "the living room ceiling light is"


@dataclass(slots=True)
class Said:
    """A sentence as its command and the remarks around it."""

    command: str
    before: list[str] = field(default_factory=list)  # may name what "it" is
    after: list[str] = field(default_factory=list)


def _subject_at(toks: list[str], i: int, *, after: bool = False) -> int:
    """The length of a pronoun subject and verb starting at toks[i] ("it is": 2), else 0
    (`after` a command: any subject pronoun, _AFTER_SUBJECTS)."""
    for subject in (*_SUBJECTS, *_AFTER_SUBJECTS) if after else _SUBJECTS:
        if tuple(toks[i : i + len(subject)]) == subject:
            following = toks[i + len(subject) : i + len(subject) + 1]
            if (
                subject == ("its",)
                and following
                and lemma(following[0]) in NOUNS
                and following[0] not in _HOW_IT_FEELS
            ):
                return 0  # "its light": a possessive ("its cold": how it is)
            return len(subject)
    return 0


def _named_subject_at(toks: list[str], i: int, *, household: bool) -> int:
    """The length of "the/my <words> is" starting at toks[i] (`household`: only "the kids are",
    "my dog is" and the like), else 0."""
    if toks[i] not in _DETS:
        return 0
    for k in range(1, _MAX_SUBJECT + 1):
        j = i + 1 + k
        if j >= len(toks) or toks[j - 1] == "," or (k > 1 and toks[j - 1] in _DETS):
            return 0
        verb = j + 1 if toks[j] in _ADVERBS and j + 1 < len(toks) else j
        if toks[verb] in _COPULA:
            words = toks[i + 1 : j]
            if household and not (toks[i] == "my" or any(lemma(w) in _HOUSEHOLD for w in words)):
                return 0
            return verb - i + 1
    return 0


def _starts_remark(toks: list[str], i: int, *, leading: bool) -> bool:
    joined = toks[i] in _JOINS
    j = i + 1 if joined else i
    if j >= len(toks):
        return False
    # After "as", "because": any "the ... are" is a reason ("..., as the bridge club ladies are
    # due any minute"), not only the household's.
    household = not leading and not joined
    if (
        not leading
        and toks[i - 1 : i] == [","]
        and toks[j] == "just"
        and toks[j + 1 : j + 2]
        and toks[j + 1].endswith("ing")
    ):  # "pause the telly, just nipping to the loo" (not "would you mind just locking")
        return True
    return bool(
        _subject_at(toks, j, after=not leading)
        or _named_subject_at(toks, j, household=household)
        or (leading and _bare_subject_at(toks, j))
    )


def _bare_subject_at(toks: list[str], i: int) -> bool:
    """Whether a clause starts with a word and how it is, no "the" before it: "dinner is
    ready", "supper is on the table" (not a question: "what is ...", "is it ...")."""
    return (
        i + 1 < len(toks)
        and toks[i + 1] in _BARE_COPULA
        and toks[i] not in _NOT_SUBJECTS
        and toks[i].isalpha()
    )


# How a request begins after a preamble: "..., so could you set the aircon to 21".
_REQUEST_OPENERS = (("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"))
_LINKERS = frozenset({"so", "and", "but", "then", "anyway", "well", "now"})


def _past_preamble(toks: list[str], start: int, said: Said) -> int:
    """Where the request begins when what comes before it, up to a comma, only tells (no
    command verb starts any of its parts): "g'day, it's a real scorcher this arvo, forty-odd
    degrees out, and the bedroom's like an oven, so could you set the aircon to 21". The parts
    go to `said.before` (they may name what "it" is)."""
    commas = [i for i in range(start, len(toks)) if toks[i] == ","]
    parts = [start, *(c + 1 for c in commas)]
    for n, at in enumerate(parts[1:], 1):
        j = at
        while j < len(toks) and toks[j] in _LINKERS:
            j += 1
        if not any(tuple(toks[j : j + len(o)]) == o for o in _REQUEST_OPENERS) or j + 2 >= len(
            toks
        ):
            continue
        before = [toks[p:c] for p, c in zip(parts[:n], commas[:n], strict=True)]
        if any(_commands(part) for part in before):
            return start
        said.before += [" ".join(part) for part in before if part]
        return j
    return start


def _commands(part: list[str]) -> bool:
    """Whether a part of a sentence is itself a command or a request (a verb to do starts it)."""
    words = [w for w in part if w not in _LINKERS]
    return bool(words) and (
        words[0] in RUN_ON_VERBS
        or any(tuple(words[: len(o)]) == o for o in _REQUEST_OPENERS)
        or words[0] in ("turn", "switch", "set", "put")
    )


def split_remarks(norm: str, *, asked: bool = False) -> Said:
    """The command of a normalised sentence apart from remarks before and after it. A sentence
    that is all remark is left whole: what it says is all there is to answer. `asked`: it was
    written as a question ("the front door, it is locked or not?"), so nothing after is set
    apart."""
    toks = norm.split()
    said = Said("")
    start = 0
    # Before: "the floor lamp is way too bright , turn it down", up to a comma; and another
    # after it ("so i was thinking , since the kids are asleep , could you ...").
    while "," in toks[start:] and _starts_remark(toks, start, leading=True):
        comma = toks.index(",", start)
        if not any(t not in _FILLERS for t in toks[comma + 1 :]):
            break
        said.before.append(" ".join(toks[start:comma]))
        start = comma + 1
    start = _past_preamble(toks, start, said)
    command: list[str] = []
    i = start
    while i < len(toks):
        content = [t for t in command if t not in _FILLERS]
        if (
            not asked
            and len(content) >= 2
            and toks[i - 1] not in _BOUND
            and toks[i - 1] not in _AUX
            and _starts_remark(toks, i, leading=False)
        ):
            end = toks.index(",", i) if "," in toks[i:] else len(toks)
            said.after.append(" ".join(toks[i:end]))
            i = end
            continue
        command.append(toks[i])
        i += 1
    said.command = " ".join(command).strip(" ,")
    if not said.command.replace(",", "").strip():
        return Said(norm)
    return said


# "we should paint the living room", "I think we could do with some light": a suggestion, said
# as much to the room as to the hub.
_MODALS = frozenset({"should", "could", "might", "must", "ought", "shall"})
_QUESTION_WORDS = frozenset({"what", "which", "who", "how", "where", "when", "why", "whether"})
_STATING = frozenset({"is", "are", "was", "were", "s"})


def is_statement(norm: str) -> bool:
    """Whether a sentence only states something (no request in it): a remark through and
    through ("it's freezing in here", "the kitchen light is too bright"), a suggestion ("we
    should ..."), or "<something> is <so>" ("dinner is ready everybody"). The hub may offer
    what it would do; it does not do it on that guess."""
    if "," in norm.split():  # "the floor lamp is way too bright, turn it down": asked for
        return all(is_statement(part.strip()) for part in norm.split(",") if part.strip())
    toks = norm.split()
    if not toks or toks[0] in _BOUND:
        return False
    if _starts_remark(toks, 0, leading=True):
        return True  # all remark: "it's freezing in here"
    if toks[0] in ("we", "i", "they") and toks[1:2] and toks[1] in _MODALS:
        # British "I should like the kettle on" asks, as "I would like" does
        return not (toks[1] == "should" and {"like", "love"} & set(toks[2:5]))
    # "<something> is <so>": a stating verb within the first words, only a name before it
    at = next((i for i, t in enumerate(toks[:6]) if t in _STATING), None)
    return (
        at is not None
        and 0 < at < len(toks) - 1
        and not any(t in RUN_ON_VERBS or t in _AUX or t in _QUESTION_WORDS for t in toks[:at])
    )


SENTENCE_END = re.compile(r"(?<=[a-z0-9][.?!])\s+(?=\w)", re.IGNORECASE)  # where one begins
_IS = re.compile(r"\b(\w+)'s\b")  # "the mirror's all steamed up": its "'s" read as "is"


def beside_questions(text: str) -> str:
    """The text less the statements said after a question in it ("What's the humidity like in
    the bathroom? The mirror's all steamed up."): they tell why it is asked, and ask nothing
    about what they name (the mirror light's state had been given too)."""
    sentences = SENTENCE_END.split(text)
    kept, asked = [], False
    for sentence in sentences:
        if not (asked and is_statement(normalize(_IS.sub(r"\1 is", sentence)))):
            kept.append(sentence)
        asked = asked or sentence.rstrip().endswith("?")
    return " ".join(kept)


# A remark that complains of a level ("it's too bright", "I can't hear a thing") tells which
# way the person wants it to go: per level, the domain it is set in and that way (+1 up).
_COMPLAINTS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"\b(too|so|really) (bright|glaring)\b|\bblinding\b"), "light", -1),
    (re.compile(r"\b(too|so|really) (dark|dim|gloomy)\b|\bcant see\b"), "light", 1),
    (re.compile(r"\b(too|so|really) (loud|noisy)\b|\bdeafening\b"), "media_player", -1),
    (re.compile(r"\b(too|so|really) quiet\b|\bcant hear\b"), "media_player", 1),
    (
        re.compile(r"\b(too|so|really) (hot|warm|stuffy)\b|\b(boiling|roasting|sweltering)\b"),
        "climate",
        -1,
    ),
    (re.compile(r"\b(too|so|really) (cold|chilly)\b|\b(freezing|nippy)\b"), "climate", 1),
)


def _way(call: ServiceCall, snapshot: HomeSnapshot) -> int:
    """Which way a call moves its device's level: +1 up, -1 down, 0 neither or not known (a
    temperature against the setting the device last reported)."""
    data = call.data
    if call.service == "climate.set_temperature":
        to = data.get("temperature")
        entity = snapshot.entities.get(call.entity_ids[0]) if call.entity_ids else None
        now = entity.state.attributes.get("temperature") if entity is not None else None
        if isinstance(to, int | float) and isinstance(now, int | float) and to != now:
            return 1 if to > now else -1
        return 0
    step = data.get("brightness_step_pct")
    level = data.get("brightness_pct", data.get("volume_level"))
    if isinstance(step, int | float) and step:
        return 1 if step > 0 else -1
    if call.service == "media_player.volume_up":
        return 1
    if call.service in ("media_player.volume_down", "light.turn_off"):
        return -1
    if isinstance(level, int | float):  # only the ends: a level between says no way
        top = 1.0 if "volume_level" in data else 100.0
        return 1 if level >= 0.8 * top else -1 if level <= 0.2 * top else 0
    return 0


def against_remarks(
    remarks: list[str], calls: tuple[ServiceCall, ...], snapshot: HomeSnapshot
) -> str | None:
    """The remark a call goes against ("set the floor lamp to full, it's too bright": a
    misheard or misspoken command; the hub asks before doing it), or None."""
    for remark in remarks:
        for pattern, domain, wanted in _COMPLAINTS:
            if pattern.search(remark) and any(
                c.domain == domain and _way(c, snapshot) == -wanted for c in calls
            ):
                return remark
    return None
