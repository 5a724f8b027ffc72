"""The live lexicon: the registry's names, aliases and areas as token phrases, plus device nouns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hub.core import EntitySpec, HomeSnapshot
from intents.text import lemma, normalize

# Function words: they separate mentions and are never a device name on their own.
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "this",
        "that",
        "these",
        "those",
        "in",
        "on",
        "off",
        "of",
        "to",
        "at",
        "for",
        "from",
        "with",
        "and",
        "or",
        "please",
        "all",
        "every",
        "both",
        "each",
        "it",
        "them",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "one",
        "ones",
        "up",
        "down",
        "me",
        "i",
        "we",
        "you",
        "us",
        "can",
        "could",
        "would",
        "will",
        "shall",
        "do",
        "does",
        "did",
        "what",
        "whats",
        "which",
        "how",
        "much",
        "many",
        "some",
        "any",
        "there",
        "here",
        "too",
        "also",
        "as",
        "well",
        "now",
        "right",
        "just",
        "then",
        "again",
        "mode",
        "setting",
        "settings",
        "by",
        "back",
        "out",
        "into",
        "over",
        "turn",
        "switch",
        "set",
        "make",
        "get",
        "put",
        "let",
        "go",
        "goes",
        "gone",
        "went",
        "come",
        "comes",
        "came",
        "have",
        "has",
        "had",
        "not",
        "no",
        "yes",
        "if",
        "whether",
        "still",
        "currently",
        "being",
        "should",
        "tell",
        "hey",
        "ok",
        "okay",
        "thanks",
        "thank",
        "kindly",
        "very",
        "really",
        "only",
        "so",
        "about",
        "around",
        "near",
        "next",
        "lot",
        "bit",
        "little",
        "whole",
        "entire",
        "house",
        "home",
        "everywhere",
        "everything",
        "anything",
        "something",
        "stuff",
        "thing",
        "things",
        "room",
    ]
)
SCOPE_WORDS = frozenset({"all", "every", "both", "each", "everything", "everywhere"})
HOUSE_WORDS = frozenset({"house", "home", "everywhere", "flat", "apartment"})
# Nouns that are also verbs: "lock the door", "light up the hall", "vacuum the kitchen".
VERB_NOUNS = frozenset(
    {"lock", "light", "heat", "vacuum", "hoover", "fan", "alarm", "cool", "warm"}
)
DETERMINERS = frozenset(
    {
        "the",
        "it",
        "them",
        "all",
        "up",
        "my",
        "our",
        "every",
        "both",
        "everything",
        "this",
        "that",
        "those",
        "these",
        "a",
        "an",
    }
)
# "him" too: in some first languages every lamp is a he ("make him red").
PRONOUNS = frozenset({"it", "them", "that", "those", "its", "they", "this", "him"})

Pred = Callable[[EntitySpec], bool]


def _domain(*domains: str) -> Pred:
    return lambda s: s.domain in domains


def _dclass(*classes: str) -> Pred:
    return lambda s: s.device_class in classes


def _waters(spec: EntitySpec) -> bool:
    """A switch or valve that waters the garden, by its name or an alias."""
    said = " ".join((spec.name, *spec.aliases)).lower()
    return spec.domain in ("switch", "valve") and any(
        w in said for w in ("sprinkler", "irrigation", "watering")
    )


# Device nouns (lemmas) and the entities they can mean when no name is given.
NOUNS: dict[str, Pred] = {
    **dict.fromkeys(["light", "lamp", "bulb", "lighting", "lightbulb"], _domain("light")),
    "fan": _domain("fan"),
    **dict.fromkeys(
        ["blind", "shade", "shutter", "curtain", "drape", "cover", "awning"],
        lambda s: s.domain == "cover" and not s.sensitive,
    ),
    # A door that locks, or one that opens: "open the door" in the garage is its garage door.
    "door": lambda s: (
        s.domain == "lock"
        or (
            s.domain == "cover"
            and (s.device_class in ("door", "garage", "gate") or "door" in s.name.lower())
        )
    ),
    "lock": _domain("lock"),
    "window": lambda s: s.device_class == "window",
    **dict.fromkeys(["tv", "television", "telly"], _domain("media_player")),
    **dict.fromkeys(
        [
            "speaker",
            "music",
            "song",
            "track",
            "playback",
            "media",
            "volume",
            "radio",
            "player",
            "tune",
        ],
        _domain("media_player"),
    ),
    **dict.fromkeys(["thermostat", "heating", "heat", "ac", "climate"], _domain("climate")),
    **dict.fromkeys(
        ["temperature", "temp", "warm", "hot", "cold"],
        lambda s: s.device_class == "temperature" or s.domain == "climate",
    ),
    **dict.fromkeys(["humidity", "humid", "muggy", "damp"], _dclass("humidity")),
    **dict.fromkeys(["motion", "movement"], _dclass("motion")),
    **dict.fromkeys(["plug", "socket", "outlet"], _domain("switch")),
    **dict.fromkeys(["vacuum", "hoover", "robot", "roomba", "cleaner"], _domain("vacuum")),
    **dict.fromkeys(["alarm", "security"], _domain("alarm_control_panel")),
    "scene": _domain("scene"),
    **dict.fromkeys(["sprinkler", "irrigation", "watering"], _waters),
    **dict.fromkeys(["device", "appliance"], _domain("light", "switch", "fan", "media_player")),
}
_ARTICLES = frozenset({"the", "a", "an", "my", "our"})
# Nouns that prefer entities carrying the word in their name ("blinds" over "curtains").
NAME_PREFERRED = frozenset({"blind", "shade", "shutter", "curtain", "drape", "lamp", "speaker"})


def phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(lemma(t) for t in normalize(text).split() if t != ",")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A name or alias of an entity or area, as lemmatised tokens."""

    tokens: tuple[str, ...]
    kind: str  # "entity" | "area"
    target: str  # entity_id or area id
    plural: bool  # the name itself ends in a plural ("Garden lights")


@dataclass(slots=True)
class Lexicon:
    """Everything the resolver looks up, built once per set of entity specs."""

    phrases: list[Phrase] = field(default_factory=list)
    entity_tokens: dict[str, frozenset[str]] = field(default_factory=dict)  # name+alias lemmas
    area_tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    vocab: frozenset[str] = frozenset()  # every content lemma of names, aliases and areas
    specs: dict[str, EntitySpec] = field(default_factory=dict)


# What most households also call a room or a device, whatever this home named it: a name
# holding the first words is also said with each of the others ("Living room blinds": "lounge
# blinds"). Only words that mean nothing else in a home.
ALSO_CALLED: dict[str, tuple[str, ...]] = {
    "living room": ("lounge", "sitting room", "front room"),
    "washing machine": ("washer",),
    "tumble dryer": ("dryer",),
    "dryer": ("tumble dryer",),
    "office": ("study",),
    "bathroom": ("loo",),
    "car charger": ("ev charger",),
    "alarm": ("burglar alarm", "house alarm", "security alarm"),
}


def _also_called(names: tuple[str, ...], taken: frozenset[str] = frozenset()) -> list[str]:
    """The names with what households also call them (ALSO_CALLED), each once; not a name the
    home gave something else (`taken`: a home with a Study and an Office keeps them apart)."""
    own = {normalize(n) for n in names}
    out = list(dict.fromkeys(names))
    for name in names:
        low = f" {normalize(name)} "
        for said, others in ALSO_CALLED.items():
            if f" {said} " in low:
                # not "tumble tumble dryer" from an alias "tumble dryer"
                variants = (
                    low.replace(f" {said} ", f" {o} ").strip()
                    for o in others
                    if f" {o} " not in low
                )
                out += [v for v in variants if v in own or v not in taken]
    return list(dict.fromkeys(out))


def _names_of(snapshot: HomeSnapshot) -> frozenset[str]:
    names = [n for a in snapshot.areas.values() for n in (a.name, *a.aliases)]
    names += [n for e in snapshot.entities.values() for n in (e.spec.name, *e.spec.aliases)]
    return frozenset(normalize(n) for n in names)


def household_names(snapshot: HomeSnapshot) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each area's and each device's names as people say them, by id: the home's names and
    aliases (an area's id too: "laundry") with what households also call them (ALSO_CALLED).
    The planner reads these and the spoken grammar hears them, so what is understood typed is
    understood said."""
    taken = _names_of(snapshot)
    areas = {
        a.id: _also_called((a.name, a.id.replace("_", " "), *a.aliases), taken)
        for a in snapshot.areas.values()
    }
    entities = {
        e.spec.entity_id: _also_called((e.spec.name, *e.spec.aliases), taken)
        for e in snapshot.entities.values()
    }
    return areas, entities


def build_lexicon(snapshot: HomeSnapshot) -> Lexicon:
    lex = Lexicon()
    area_said, entity_said = household_names(snapshot)
    vocab: set[str] = set()
    for area in snapshot.areas.values():
        words: set[str] = set()
        lex.area_names[area.id] = area.name
        for name in area_said[area.id]:
            toks = phrase_tokens(name)
            if toks:
                lex.phrases.append(Phrase(toks, "area", area.id, False))
                words.update(t for t in toks if t not in STOPWORDS)
        lex.area_tokens[area.id] = frozenset(words)
        vocab |= words
    for entity in snapshot.entities.values():
        spec = entity.spec
        lex.specs[spec.entity_id] = spec
        words = set()
        for name in entity_said[spec.entity_id]:
            toks = phrase_tokens(name)
            if not toks:
                continue
            last = normalize(name).split()[-1]
            plural = lemma(last) != last
            lex.phrases.append(Phrase(toks, "entity", spec.entity_id, plural))
            if len(toks) > 1 and toks[0] in _ARTICLES:  # alias "the heat" said as "heat to 20"
                lex.phrases.append(Phrase(toks[1:], "entity", spec.entity_id, plural))
            words.update(t for t in toks if t not in STOPWORDS)
        lex.entity_tokens[spec.entity_id] = frozenset(words)
        vocab |= words
    lex.phrases.sort(key=lambda p: (-len(p.tokens), p.kind != "entity"))
    lex.vocab = frozenset(vocab)
    return lex
