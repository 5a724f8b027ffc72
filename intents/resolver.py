"""Resolution: the words of a clause -> entities of the live registry (names, areas, nouns, fuzzy)."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass, field

from hub.core import SENSOR_DOMAINS, EntitySpec, HomeSnapshot
from intents.lexicon import (
    DETERMINERS,
    HOUSE_WORDS,
    NAME_PREFERRED,
    NOUNS,
    PRONOUNS,
    SCOPE_WORDS,
    STOPWORDS,
    VERB_NOUNS,
    Lexicon,
)
from intents.text import lemma

_LEADERS = frozenset(
    {"please", "could", "can", "would", "you", "hey", "now", "and", "also", "then"}
)
# Nouns for what a device plays or how loud, not a device of their own beside a named one.
_ATTRIBUTES = frozenset({"volume", "music", "song", "track", "playback", "media", "sound"})
FUZZY_CUTOFF = 0.8  # difflib ratio for a misheard word to count as a registry word
PHRASE_CUTOFF = 0.85  # ... and for a stretch of words to count as a whole name


@dataclass(slots=True)
class Mention:
    """A stretch of the clause that names something: the entities it can mean."""

    words: tuple[str, ...]
    candidates: list[str]
    exact: bool  # a whole name or alias was said
    plural: bool


@dataclass(slots=True)
class Resolution:
    """What a clause refers to."""

    mentions: list[Mention] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # areas named explicitly
    unknown: list[str] = field(default_factory=list)  # words naming nothing we know
    unknown_device: list[str] = field(default_factory=list)  # "pod bay doors": a noun we lack
    pronoun: bool = False
    scope_all: bool = False
    house: bool = False
    everything: bool = False  # "switch everything off": every kind of device, not only lights
    both: bool = False
    fuzzy: bool = False
    bare: bool = False  # only names and fillers ("the office tv"): no word says what to do
    main_light: bool = False  # "the big light": the room's main light, whatever its name
    here: bool = False  # "in here": the speaker's room, said


# Words that can stand around a bare name without saying what to do with it.
BARE_FILLERS = frozenset(
    {"the", "a", "an", "my", "our", "your", "please", "just", "in", "one", "ones", "this", "that"}
)


def _correct(word: str, lex: Lexicon, known: Collection[str]) -> str | None:
    """The registry word a misheard word stands for, when it is close enough."""
    if len(word) < 4 or word in known or word.isdigit():
        return None
    match = difflib.get_close_matches(word, lex.vocab, n=1, cutoff=FUZZY_CUTOFF)
    if not match:
        return None
    # Closer still to a word the training data says ("electricty": electricity, not the
    # electric blanket): that word, no registry name.
    other = difflib.get_close_matches(word, known, n=1, cutoff=FUZZY_CUTOFF)
    if other and other[0] not in lex.vocab:
        ratio = difflib.SequenceMatcher(None, word, match[0]).ratio()
        if difflib.SequenceMatcher(None, word, other[0]).ratio() > ratio:
            return None
    return match[0]


def scan(text: str, lex: Lexicon, carrier: Collection[str]) -> Resolution:
    """Find names, area names, device nouns and unknown words in a normalised clause."""
    surface = [t for t in text.split() if t != ","]
    words = [t if t in STOPWORDS else lemma(t) for t in surface]
    res = Resolution()
    res.scope_all = any(w in SCOPE_WORDS for w in surface)
    res.both = "both" in surface
    res.house = any(w in HOUSE_WORDS for w in surface) or "everywhere" in surface
    res.pronoun = any(w in PRONOUNS for w in surface)
    res.main_light = _main_light(words, surface, lex)
    res.here = "here" in surface
    res.everything = "everything" in surface
    for i, w in enumerate(words):
        if w in STOPWORDS or w in lex.vocab or w in NOUNS:
            continue
        fixed = _correct(w, lex, carrier)
        if fixed is not None:
            words[i] = fixed
            res.fuzzy = True
    _fuzzy_phrases(words, surface, lex, carrier, res)
    ends: dict[int, str] = {}  # where a whole name ends -> its entity ("movie night scene")
    one_word: dict[int, Mention] = {}  # where a one-word name starts ("heating", "heater")
    used = [False] * len(words)
    n = len(words)
    lead = next((i for i, w in enumerate(surface) if w not in _LEADERS), n)
    if lead + 1 < n and surface[lead] in VERB_NOUNS and surface[lead + 1] in DETERMINERS:
        used[lead] = True  # "lock it": the verb, not a lock
    # 1. whole names and aliases, longest first
    for phrase in lex.phrases:
        k = len(phrase.tokens)
        for start in range(n - k + 1):
            if any(used[start : start + k]) or tuple(words[start : start + k]) != phrase.tokens:
                continue
            plural = surface[start + k - 1] != words[start + k - 1]
            if phrase.kind == "area":
                res.areas.append(phrase.target)
            elif plural and not phrase.plural and _area_plus_noun(phrase.tokens, lex):
                continue  # "bathroom lights" means the room's lights, not "Bathroom light"
            else:
                res.mentions.append(Mention(phrase.tokens, [phrase.target], True, plural))
                ends[start + k] = phrase.target
                if k == 1:
                    one_word[start] = res.mentions[-1]
            for j in range(start, start + k):
                used[j] = True
    # "bathroom lights" left over: the area part is an area
    for phrase in lex.phrases:
        k = len(phrase.tokens)
        if phrase.kind != "area":
            continue
        for start in range(n - k + 1):
            if (
                not any(used[start : start + k])
                and tuple(words[start : start + k]) == phrase.tokens
            ):
                res.areas.append(phrase.target)
                for j in range(start, start + k):
                    used[j] = True
    # 2. runs of remaining content words: partial names, nouns, unknown words
    run: list[int] = []
    for i in range(n + 1):
        content = i < n and not used[i] and words[i] not in STOPWORDS and not words[i].isdigit()
        if content and (words[i] in lex.vocab or words[i] in NOUNS or words[i] not in carrier):
            run.append(i)
            continue
        head = ends.get(run[0]) if run else None
        if head and all(words[j] in NOUNS and NOUNS[words[j]](lex.specs[head]) for j in run):
            run = []  # the noun after a name is part of it: "the movie night scene"
        if run:
            named = one_word.get(run[-1] + 1)
            if named is not None and all(words[j] not in lex.vocab for j in run):
                # "the swimming pool heating", "the immersion heater": a device of its own we
                # lack, not the home's heating with a word we do not know before it
                res.mentions.remove(named)
                res.unknown_device.append(" ".join(surface[j] for j in [*run, run[-1] + 1]))
            else:
                _partial(run, words, surface, lex, res)
        run = []
    if any(m.exact for m in res.mentions):
        # "turn the volume up on the tv": the volume is the TV's, not every speaker's here.
        res.mentions = [
            m for m in res.mentions if m.exact or not all(w in _ATTRIBUTES for w in m.words)
        ]
    res.bare = (
        not (lead < n and surface[lead] in VERB_NOUNS)  # "lock front door": the verb leads
        and bool(res.mentions or res.areas)
        and all(
            used[i] or w in BARE_FILLERS or w in lex.vocab or w in NOUNS
            for i, w in enumerate(words)
        )
    )
    return res


# "The big light" (British), "the main light", "the overhead light": a room's ceiling light.
_MAIN_LIGHT = frozenset({"big", "main", "overhead", "top"})


def _main_light(words: list[str], surface: list[str], lex: Lexicon) -> bool:
    """Say "ceiling" for the words that mean the room's main light, unless a name holds them;
    with no ceiling light in the home they are left out. Whether there were any (a room with
    no ceiling light then means its own light: targets.choose)."""
    found = False
    for i, w in enumerate(words[:-1]):
        if w in _MAIN_LIGHT and w not in lex.vocab and words[i + 1] == "light":
            words[i] = surface[i] = "ceiling" if "ceiling" in lex.vocab else "the"
            found = True
    return found


def _fuzzy_phrases(
    words: list[str], surface: list[str], lex: Lexicon, carrier: Collection[str], res: Resolution
) -> None:
    """Misheard names ("kitchen lite"): a window around an unknown word close to a whole name."""
    for i, w in enumerate(words):
        if w in STOPWORDS or w in lex.vocab or w in NOUNS or w in carrier or w.isdigit():
            continue
        best, best_ratio, second = None, 0.0, 0.0
        for phrase in lex.phrases:
            k = len(phrase.tokens)
            if k < 2:
                continue
            for start in range(max(0, i - k + 1), min(i, len(words) - k) + 1):
                window = " ".join(words[start : start + k])
                matcher = difflib.SequenceMatcher(None, window, " ".join(phrase.tokens))
                if (
                    matcher.real_quick_ratio() < PHRASE_CUTOFF
                    or matcher.quick_ratio() < PHRASE_CUTOFF
                ):
                    continue  # cheap upper bounds first: this runs per unknown word
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio, second = (start, phrase), ratio, best_ratio
                elif ratio > second:
                    second = ratio
        if best is not None and best_ratio >= PHRASE_CUTOFF and best_ratio - second > 0.03:
            start, phrase = best
            words[start : start + len(phrase.tokens)] = list(phrase.tokens)
            surface[start : start + len(phrase.tokens)] = list(phrase.tokens)
            res.fuzzy = True


def _area_plus_noun(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    return tokens[-1] in NOUNS and any(
        tokens[:-1] == p.tokens for p in lex.phrases if p.kind == "area"
    )


def _partial(
    run: list[int], words: list[str], surface: list[str], lex: Lexicon, res: Resolution
) -> None:
    toks = [words[i] for i in run]
    unknown = [t for t in toks if t not in lex.vocab and t not in NOUNS]
    plural = surface[run[-1]] != words[run[-1]]
    if unknown:
        if any(t in NOUNS or t in lex.vocab for t in toks):
            res.unknown_device.append(" ".join(surface[i] for i in run))
        else:
            res.unknown.append(" ".join(surface[i] for i in run))
        return
    cands = [
        eid
        for eid, names in lex.entity_tokens.items()
        if all(t in names or t in NOUNS for t in toks)
    ]
    res.mentions.append(Mention(tuple(toks), cands, False, plural))


def _area(eid: str, snapshot: HomeSnapshot) -> str | None:
    return snapshot.entities[eid].spec.area


def candidates(
    mention: Mention, snapshot: HomeSnapshot, lex: Lexicon, areas: list[str], *, sensors: bool
) -> list[str]:
    """The entities a mention can mean, each word satisfied by a name word, noun or area."""
    if mention.exact:
        exact = list(mention.candidates)
        # An alias that is only a kind word ("shades") names that device, unless a room said
        # with it holds none of them: "the office shades" are the office's blinds.
        kind_only = all(t in NOUNS for t in mention.words)
        if not (areas and kind_only and not any(_area(c, snapshot) in areas for c in exact)):
            return exact
    out: list[tuple[str, int]] = []
    for eid, entity in snapshot.entities.items():
        spec = entity.spec
        if not sensors and spec.domain in SENSOR_DOMAINS:
            continue
        names = lex.entity_tokens.get(eid, frozenset())
        room = lex.area_tokens.get(spec.area or "", frozenset())
        score, ok = 0, True
        for t in mention.words:
            if t in NOUNS and len(mention.words) == 1 and not NOUNS[t](spec):
                ok = False  # bare "lights" are lights, not the switch aliased "tree lights"
                break
            if t in names:
                score += 2
            elif t in NOUNS and NOUNS[t](spec) and t not in NAME_PREFERRED:
                score += 1
            elif t in NOUNS and NOUNS[t](spec):
                score += 0
            elif t in room:
                score += 1
            else:
                ok = False
                break
        if ok and (not areas or spec.area in areas):
            out.append((eid, score))
    preferred = [t for t in mention.words if t in NAME_PREFERRED]
    if preferred:  # "blinds" means the covers called blinds when there are any
        named = [(e, s) for e, s in out if all(t in lex.entity_tokens[e] for t in preferred)]
        if named:
            out = named
    return [e for e, _ in out]


def main_entity(cands: list[str], snapshot: HomeSnapshot, lex: Lexicon, noun: str) -> str | None:
    """The room's own light: the one named "<area> light" when several could be meant."""
    for eid in cands:
        spec: EntitySpec = snapshot.entities[eid].spec
        room = lex.area_names.get(spec.area or "", "")
        if (
            room
            and lemma(spec.name.lower().split()[-1]) == noun
            and spec.name.lower() == f"{room.lower()} {spec.name.lower().split()[-1]}"
        ):
            return eid
    return None
