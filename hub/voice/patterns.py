"""Phrase patterns ("(turn | switch) on [the] <device>") compiled straight to a minimal automaton.

Expanding the language's patterns into sentences first gives hundreds of thousands of templates
(12 s to build); the same language as a minimal automaton has a few hundred states. So patterns
go to an NFA, then by subset construction to a DFA, then states with the same future merge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Automaton = dict[int, dict[str, int]]  # state -> token -> state; 0 starts; END marks acceptance
END = "</s>"
# Markers around sentences that are said alone (never joined by "and" to another command): the
# automaton's start reaches them only through SOLO_START, and they end in SOLO_END, not END.
SOLO_START, SOLO_END = "#solo", "#end"
# A feeling said alone ("it's freezing in here"), or small talk ("thanks a lot"), ends in FELT in
# place of SOLO_END: the remark searches hear without them (Grammar.without), or a feeling said
# before a command was heard as the whole utterance there too.
FELT = "#felt"
_TOKEN = re.compile(r"[()\[\]|]|[^\s()\[\]|]+")


class _Nfa:
    def __init__(self) -> None:
        self.edges: list[list[tuple[str, int]]] = []
        self.eps: list[list[int]] = []

    def state(self) -> int:
        self.edges.append([])
        self.eps.append([])
        return len(self.edges) - 1

    def sequence(self, tokens: list[str], pos: int, src: int) -> tuple[int, int]:
        """Wire alternatives up to a closing bracket from src; (their common exit, next pos)."""
        exit_, cur = self.state(), src
        while pos < len(tokens) and tokens[pos] not in ")]":
            tok = tokens[pos]
            if tok == "|":
                self.eps[cur].append(exit_)
                cur = src
                pos += 1
            elif tok in "([":
                start = self.state()
                self.eps[cur].append(start)
                end, pos = self.sequence(tokens, pos + 1, start)
                if tok == "[":
                    self.eps[start].append(end)
                cur, pos = end, pos + 1
            else:
                nxt = self.state()
                self.edges[cur].append((tok, nxt))
                cur, pos = nxt, pos + 1
        self.eps[cur].append(exit_)
        return exit_, pos

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        todo, seen = list(states), set(states)
        while todo:
            for nxt in self.eps[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return frozenset(seen)


def compile_patterns(patterns: Iterable[str]) -> Automaton:
    """The minimal acyclic automaton accepting every pattern's token sequences (+ END)."""
    nfa = _Nfa()
    start, final = nfa.state(), nfa.state()
    for pattern in patterns:
        entry = nfa.state()
        nfa.eps[start].append(entry)
        exit_, _ = nfa.sequence(_TOKEN.findall(pattern), 0, entry)
        nfa.edges[exit_].append((END, final))
    # Subset construction: DFA state ids in discovery order.
    first = nfa.closure([start])
    ids = {first: 0}
    dfa: Automaton = {}
    todo = [first]
    while todo:
        subset = todo.pop()
        moves: dict[str, set[int]] = {}
        for s in subset:
            for tok, nxt in nfa.edges[s]:
                moves.setdefault(tok, set()).add(nxt)
        out: dict[str, int] = {}
        for tok, targets in moves.items():
            nxt_set = nfa.closure(targets)
            if nxt_set not in ids:
                ids[nxt_set] = len(ids)
                todo.append(nxt_set)
            out[tok] = ids[nxt_set]
        dfa[ids[subset]] = out
    return minimise(dfa)


def minimise(dfa: Automaton) -> Automaton:
    """Merge states with the same future (the automaton is acyclic: children first)."""
    height: dict[int, int] = {}

    def h(state: int) -> int:
        if state not in height:
            height[state] = max((h(c) + 1 for c in dfa[state].values()), default=0)
        return height[state]

    rep: dict[int, int] = {}
    canon: dict[tuple[tuple[str, int], ...], int] = {}
    for state in sorted(dfa, key=h):
        key = tuple(sorted((tok, rep[c]) for tok, c in dfa[state].items()))
        rep[state] = canon.setdefault(key, state)
    return {rep[s]: {t: rep[c] for t, c in dfa[s].items()} for s in dfa if rep[s] == s}
