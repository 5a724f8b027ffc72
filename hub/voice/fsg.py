"""Compiles a Grammar to a small word graph (a pocketsphinx FSG) without null transitions.

pocketsphinx's JSGF compiler copies every rule reference through null transitions and closes
over them: for a home's grammar (a thousand sentences, a hundred device names) that took 14 s
and decoded slower than real time. Here the sentences first become a minimal automaton over
tokens (shared prefixes and suffixes, so "... the <device>" exists once), and only then is each
slot edge expanded into its phrases: the same language, a far smaller search.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from hub.voice.grammar import Grammar, Tokens
from hub.voice.patterns import FELT, SOLO_END, SOLO_START

Transition = tuple[int, int, float, str] | tuple[int, int, float]
_END = "</s>"  # sentinel token: every sentence ends in it, so one state is final
# Slots with this many phrases would get one copy for the whole grammar. Measured slower (the
# null transitions form loops the search keeps alive) and looser, so it is off; kept to retry.
SHARE_ABOVE = 10**9
# A room followed by a kind ("the kitchen lights") weighs less than a device's own name ("the
# kitchen light"): people mostly say names, and espeak's "light a bit" was heard as "lights a
# bit", all the kitchen's lights. At 0.3 and at 0.1 alike: 2 more of 309 clean dev turns right,
# 1 fewer of 206 under 10 dB noise; a room and kind said clearly are still heard. Lower (0.1,
# 0.03) moved nothing further (five voices from files over the dev cases, cases_extra and sets 1
# and 3: within a turn either way): espeak still gives "light to", "light off" an s ("kitchen
# lights", about 20 wrong actions over those sets), so that s is in its audio (festival: never).
AREA_WEIGHT = 0.3


@dataclass
class WordGraph:
    """States 0..n-1, a start and a single final state, word-labelled transitions."""

    start: int = 0
    final: int = 1
    states: int = 2
    edges: set[tuple[int, int, str]] = field(default_factory=set)
    nulls: set[tuple[int, int]] = field(default_factory=set)
    scale: dict[tuple[int, int], float] = field(default_factory=dict)  # null -> weight factor
    # Slot phrases of several words made one word ("living_room"), with join (compile_fsg).
    compounds: set[str] = field(default_factory=set)
    weight: dict[tuple[int, int, str], float] = field(default_factory=dict)  # edge -> factor

    def copy(self) -> WordGraph:
        """A copy to add to, this graph unchanged."""
        return replace(
            self,
            edges=set(self.edges),
            nulls=set(self.nulls),
            scale=dict(self.scale),
            compounds=set(self.compounds),
            weight=dict(self.weight),
        )

    def new_state(self) -> int:
        self.states += 1
        return self.states - 1

    def transitions(self) -> list[Transition]:
        """Each state's ways out split evenly, as JSGF alternatives are."""
        out_degree = Counter(src for src, _, _ in self.edges)
        out_degree.update(src for src, _ in self.nulls)
        words: list[Transition] = [
            (s, d, self.weight.get((s, d, w), 1.0) / out_degree[s], w)
            for s, d, w in sorted(self.edges)
        ]
        return words + [
            (s, d, self.scale.get((s, d), 1.0) / out_degree[s]) for s, d in sorted(self.nulls)
        ]


def minimal_automaton(templates: tuple[Tokens, ...]) -> dict[int, dict[str, int]]:
    """The minimal acyclic automaton over tokens (state 0 starts) accepting `t + (_END,)`."""
    trie: list[dict[str, int]] = [{}]
    for template in templates:
        state = 0
        for token in (*template, _END):
            nxt = trie[state].get(token)
            if nxt is None:
                trie.append({})
                nxt = len(trie) - 1
                trie[state][token] = nxt
            state = nxt
    # Merge states with the same future, children first (ids grow with depth in the trie).
    canon: dict[tuple[tuple[str, int], ...], int] = {}
    rep: dict[int, int] = {}
    for state in sorted(range(len(trie)), key=_depths(trie).__getitem__, reverse=True):
        key = tuple(sorted((tok, rep[child]) for tok, child in trie[state].items()))
        rep[state] = canon.setdefault(key, state)
    return {
        rep[s]: {tok: rep[c] for tok, c in trie[s].items()} for s in range(len(trie)) if rep[s] == s
    }


def _depths(trie: list[dict[str, int]]) -> list[int]:
    """Height of each state (longest path to a leaf): children are always merged first."""
    height = [0] * len(trie)
    for state in range(len(trie) - 1, -1, -1):  # children have larger ids than parents
        height[state] = max((height[c] + 1 for c in trie[state].values()), default=0)
    return [-h for h in height]


def compile_fsg(grammar: Grammar, join: str = "") -> WordGraph:
    """The grammar as one word graph with slot phrases expanded between automaton states.

    With `join`, a slot phrase of several words ("living room ceiling light") is one word of
    them joined by it (graph.compounds), not a chain of words and states (COMPOUNDS).
    """
    auto = grammar.automaton or minimal_automaton(grammar.templates)
    graph = WordGraph()
    # Commands start at the start and, after the joiner, at `again` (a copy of the start without
    # the sentences said alone); they end at `ends`. Sentences said alone start only at the
    # start and end at the final state, with no joiner after. No nulls at the start: they would
    # split its weight between commands and sentences said alone, which have far fewer words.
    ids: dict[int, int] = {0: graph.start}
    again, ends = graph.start, graph.final
    if grammar.joiner:  # "... and ...": another command may follow a whole one
        again, ends = graph.new_state(), graph.new_state()
        graph.nulls.add((ends, graph.final))
        graph.edges.add((ends, again, grammar.joiner))
    if SOLO_START in auto.get(0, {}):
        ids[auto[0][SOLO_START]] = graph.start

    def state_of(node: int) -> int:
        if node not in ids:
            ids[node] = graph.new_state()
        return ids[node]

    shared: dict[tuple[str, int], int] = {}  # (slot, destination) -> state its phrases leave
    big: dict[str, tuple[int, int]] = {}  # large slot -> (entry, exit) of its one copy

    def add(src: int, dst: int, token: str) -> None:
        if not _is_slot(token):
            graph.edges.add((src, dst, token))
            return
        if len(grammar.slots.get(token[1:-1], ())) >= SHARE_ABOVE:
            # One copy of a large slot for the whole grammar, entered and left by nulls: the
            # search keeps one set of device names alive instead of one per sentence shape. It
            # lets through a few non-sentences; Grammar.accepts() rejects those afterwards.
            if token not in big:
                big[token] = (graph.new_state(), graph.new_state())
                _wire(graph, grammar, *big[token], token, 0, join)
            graph.nulls |= {(src, big[token][0]), (big[token][1], dst)}
            return
        # Smaller slots: one copy per destination, reached by nulls; the language is unchanged
        # since what follows depends only on the destination.
        hub = shared.get((token, dst))
        if hub is None:
            hub = shared[(token, dst)] = graph.new_state()
            _wire(graph, grammar, hub, dst, token, 0, join)
        graph.nulls.add((src, hub))
        if token == "<area>":
            graph.scale[(src, hub)] = AREA_WEIGHT

    for node, out in auto.items():
        sources = {state_of(node), again} if node == 0 else {state_of(node)}
        for token, child in out.items():
            if token in (_END, SOLO_START):
                continue
            if token in (SOLO_END, FELT):
                graph.nulls.add((state_of(node), graph.final))
                continue
            for src in sources:
                if any(t != _END for t in auto[child]):
                    add(src, state_of(child), token)
                if _END in auto[child]:  # a command may stop here: an edge straight to its end
                    add(src, ends, token)
    _close_nulls(graph)
    return graph


def with_remark(graph: WordGraph, pause: str, sounds: list[str], weight: float) -> WordGraph:
    """The graph with a remark allowed after its sentences: the word `pause`, then any run of
    `sounds` (one-phone words), each weighed by `weight` (sphinx.REMARK_*)."""
    out = graph.copy()
    loop = out.new_state()
    out.edges.add((out.final, loop, pause))
    for sound in sounds:
        out.edges.add((loop, loop, sound))
        out.weight[(loop, loop, sound)] = weight
    out.nulls.add((loop, out.final))  # the final state has no nulls out: no chain to close
    return out


def with_remark_before(graph: WordGraph, pause: str, sounds: list[str], weight: float) -> WordGraph:
    """The graph with a remark before its sentences instead: from a new start, one or more
    `sounds` (one-phone words, each weighed by `weight`), then the word `pause` into the
    grammar's start (sphinx.REMARK_BEFORE_SEARCH)."""
    out = graph.copy()
    out.start, loop = out.new_state(), out.new_state()
    for src in (out.start, loop):
        for sound in sounds:
            out.edges.add((src, loop, sound))
            out.weight[(src, loop, sound)] = weight
    out.edges.add((loop, graph.start, pause))
    return out


def _close_nulls(graph: WordGraph) -> None:
    """Add a direct null for every chain of nulls: pocketsphinx follows only one per frame."""
    after: dict[int, set[int]] = {}
    for src, dst in graph.nulls:
        after.setdefault(src, set()).add(dst)
    changed = True
    while changed:
        changed = False
        for src, dsts in after.items():
            more = set().union(*(after.get(d, set()) for d in dsts)) - dsts - {src}
            if more:
                dsts |= more
                changed = True
    graph.nulls = {(src, dst) for src, dsts in after.items() for dst in dsts}


def _is_slot(token: str) -> bool:
    return token.startswith("<") and token.endswith(">")


def _wire(
    graph: WordGraph, grammar: Grammar, src: int, dst: int, token: str, depth: int, join: str
) -> None:
    """Add the paths that `token` (a word or a <slot>) takes from src to dst."""
    if not _is_slot(token):
        graph.edges.add((src, dst, token))
        return
    if depth > 4:  # slots inside slots (a time holds numbers); deeper is a loop in the data
        return
    phrases: tuple[Tokens, ...] | list[Tokens] = grammar.slots.get(token[1:-1], ())
    if join:  # phrases of words only: one compound word each
        plain = [p for p in phrases if len(p) > 1 and not any(_is_slot(t) for t in p)]
        for phrase in plain:
            word = join.join(phrase)
            graph.compounds.add(word)
            graph.edges.add((src, dst, word))
        phrases = [p for p in phrases if p not in plain]
    _wire_phrases(graph, grammar, src, dst, phrases, depth, join)


def _wire_phrases(
    graph: WordGraph,
    grammar: Grammar,
    src: int,
    dst: int,
    phrases: tuple[Tokens, ...] | list[Tokens],
    depth: int,
    join: str,
) -> None:
    """Phrases from src to dst as a prefix tree: "twenty", "twenty one" ... "twenty nine" leave
    src by one "twenty", where a chain per phrase had the search run nine copies of it."""
    rests: dict[str, list[Tokens]] = {}
    for phrase in phrases:
        if phrase:
            rests.setdefault(phrase[0], []).append(phrase[1:])
    for first, tails in rests.items():
        more = [t for t in tails if t]
        if not more:
            _wire(graph, grammar, src, dst, first, depth + 1, join)
            continue
        mid = graph.new_state()
        _wire(graph, grammar, src, mid, first, depth + 1, join)
        if len(more) < len(tails):  # the phrase may also stop after its first word
            graph.nulls.add((mid, dst))
        _wire_phrases(graph, grammar, mid, dst, more, depth, join)
