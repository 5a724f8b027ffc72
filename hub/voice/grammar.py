"""The command grammar: Rasa training phrases as templates, filled with the home's own names."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from hub.core import HomeSnapshot
from hub.voice.numbers import normalise, number_words
from hub.voice.patterns import END, SOLO_START, Automaton

# [surface](entity) or [surface]{"entity": ...}: Rasa's inline annotation, as in nlu.yml.
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{([^}]*)\})")
_JSON_ENTITY = re.compile(r'"entity"\s*:\s*"([^"]+)"')

# Slots whose values come from the home (or, without one, from the training data).
HOME_SLOTS = ("device", "area")
# Spoken forms of durations and clock times, built over the number words.
DURATION = ("<number> minutes", "<number> minute", "<number> hours", "<number> hour",
            "<number> seconds", "an hour", "half an hour", "a minute", "a few minutes")  # fmt: skip
TIME = ("<number> am", "<number> pm", "<number> o'clock", "<number> <number>",
        "<number> <number> am", "<number> <number> pm", "noon", "midnight")  # fmt: skip
# Generic words people use for a kind of device, whatever the home calls it.
GENERIC = {
    "light": ("light", "lights", "lamp", "lamps"),
    "fan": ("fan", "fans"),
    "climate": ("heating", "thermostat", "temperature"),
    "cover": ("blinds", "curtains", "shades", "shutters"),
    "lock": ("door", "doors", "lock"),
    "media_player": ("tv", "television", "music", "speaker", "radio"),
    "vacuum": ("vacuum", "robot vacuum", "hoover"),
    "alarm_control_panel": ("alarm",),
}

Tokens = tuple[str, ...]
# The most commands one hearing may join. bench/voice_bench.py's hearings over the dev and
# held-out sets (festival, espeak en-us and en-gb+f3): of those that joined three, 7 were right
# (all "lock the front door, arm the alarm and turn off the hallway light") and 39 wrong; of
# those that joined four or more, none right and 7 wrong, all long polite sentences forced
# onto a chain ("would you turn the telly down, kill lamp for us, ... and turn on lamp", 0.91).
# Past it a hearing is doubtful: offered back or asked again, never done.
MOST_COMMANDS = 3


@dataclass(frozen=True)
class Grammar:
    """Sentences (templates with <slot> tokens) and each slot's phrases."""

    templates: tuple[Tokens, ...]
    slots: Mapping[str, tuple[Tokens, ...]] = field(default_factory=dict)
    # The language as a minimal automaton over tokens (then `templates` may be empty), and the
    # word that may join several commands in one breath ("... and ...").
    automaton: Automaton | None = field(default=None, compare=False)
    joiner: str = ""

    def words(self) -> set[str]:
        """Every word the grammar can produce."""
        out = {t for tpl in self.templates for t in tpl if not _is_slot(t)}
        if self.automaton is not None:
            out |= {t for edges in self.automaton.values() for t in edges if not _is_slot(t)}
            out = {t for t in out if t != END and not _is_marker(t)}
        if self.joiner:
            out.add(self.joiner)
        for values in self.slots.values():
            out |= {t for v in values for t in v if not _is_slot(t)}
        return out

    def restrict(self, known: Callable[[str], bool]) -> tuple[Grammar, list[str]]:
        """Drop every sentence and slot phrase holding a word the model lacks; list those words."""
        missing = sorted(w for w in self.words() if not known(w))
        bad = set(missing)
        slots = {k: tuple(v for v in vs if not bad & set(v)) for k, vs in self.slots.items()}
        empty = {k for k, vs in slots.items() if not vs}
        if self.automaton is not None:  # slots the home has nothing for (no locks, say)
            used = {_slot(t) for edges in self.automaton.values() for t in edges if t != END}
            used.discard("")
            empty |= used - set(slots)
        templates = tuple(
            t for t in self.templates if not bad & set(t) and not empty & {_slot(x) for x in t}
        )
        automaton = None
        if self.automaton is not None:
            automaton = {
                state: {t: c for t, c in edges.items() if t not in bad and _slot(t) not in empty}
                for state, edges in self.automaton.items()
            }
        joiner = "" if self.joiner in bad else self.joiner
        return Grammar(templates, slots, automaton, joiner), missing

    def without(self, marker: str) -> Grammar:
        """The grammar without the sentences that pass `marker` (patterns.FELT): their edges
        go, and so does every state left with no way to the end."""
        if self.automaton is None:
            return self
        edges = {
            s: {t: c for t, c in out.items() if t != marker} for s, out in self.automaton.items()
        }
        live = {c for out in edges.values() for t, c in out.items() if t == END}
        grew = True
        while grew:  # states from which a live one is reached are live
            more = {s for s, out in edges.items() if s not in live and live & set(out.values())}
            live |= more
            grew = bool(more)
        automaton = {
            s: {t: c for t, c in out.items() if c in live} for s, out in edges.items() if s in live
        }
        return replace(self, automaton=automaton)

    def to_jsgf(self, name: str = "home") -> str:
        """The grammar in JSGF, as pocketsphinx reads it."""

        def seq(tokens: Tokens) -> str:
            return " ".join(f"<{_rule(_slot(t))}>" if _is_slot(t) else t for t in tokens)

        lines = ["#JSGF V1.0;", f"grammar {name};"]
        used = {_slot(t) for tpl in self.templates for t in tpl if _is_slot(t)}
        for slot in sorted(self._closure(used)):
            body = " | ".join(seq(v) for v in self.slots[slot])
            lines.append(f"<{_rule(slot)}> = {body};")
        lines.append("public <command> = " + " | ".join(seq(t) for t in self.templates) + ";")
        return "\n".join(lines) + "\n"

    def phrases(self, limit: int = 20000) -> list[str]:
        """Whole sentences (slots filled), at most `limit`, spread over every template.

        Vosk's grammar is a list of phrases; a full expansion would be millions, so each template
        contributes its first fillings in turn until the limit.
        """
        iters = [self._expand(t) for t in self.templates or self._paths(limit)]
        out: dict[str, None] = {}
        while iters and len(out) < limit:
            alive = []
            for it in iters:
                phrase = next(it, None)
                if phrase is not None:
                    out[" ".join(phrase)] = None
                    alive.append(it)
            iters = alive
        return list(out)[:limit]

    def accepts(self, text: str) -> bool:
        """Whether the text is a whole sentence of the grammar (partial paths are not)."""
        return self.split(text) is not None

    def run_on(self, text: str) -> bool:
        """Whether the text joins more commands than people say in one breath (MOST_COMMANDS):
        a long sentence outside the language forced onto a chain of short commands."""
        parts = self.split(text)
        return parts is not None and len(parts) > MOST_COMMANDS

    def split(self, text: str) -> list[str] | None:
        """The text as the commands it joins (one or more), or None outside the grammar."""
        words = tuple(normalise(text).split())
        if not words:
            return None
        if len(words) in self._ends(words, 0, solo=True):  # a sentence said alone
            return [" ".join(words)]
        # best[i]: the commands covering words[:i]; a joiner may sit between two commands.
        best: dict[int, list[str]] = {0: []}
        for i in range(len(words)):
            if i not in best:
                continue
            starts = [i]
            if i > 0 and self.joiner and i < len(words) and words[i] == self.joiner:
                starts.append(i + 1)
            for s in starts:
                for j in self._ends(words, s):
                    if j not in best:
                        best[j] = [*best[i], " ".join(words[s:j])]
        return best.get(len(words))

    def punctuate(self, text: str) -> str:
        """Several commands written as a person would: "a, b and c" (the planner reads commas)."""
        parts = self.split(text)
        if not parts or len(parts) < 2:
            return text
        return ", ".join(parts[:-1]) + f" {self.joiner} " + parts[-1]

    def _ends(self, words: Tokens, i: int, *, solo: bool = False) -> set[int]:
        """Where one whole command starting at words[i] can end (with `solo`: one of the
        sentences said alone, else one of the commands that may be joined)."""
        if self.automaton is None:
            if solo:
                return set()
            spans = range(i + 1, len(words) + 1)
            return {j for j in spans if self._regex.fullmatch(" ".join(words[i:j]))}
        out: set[int] = set()
        first = self.automaton.get(0, {}).get(SOLO_START) if solo else 0
        if first is None:
            return out
        todo, seen = [(first, i)], set()
        while todo:
            state, pos = todo.pop()
            if (state, pos) in seen:
                continue
            seen.add((state, pos))
            for tok, child in self.automaton.get(state, {}).items():
                if tok == END:
                    out.add(pos)
                elif tok == SOLO_START:
                    continue  # entered only from the start, for a whole sentence
                elif _is_marker(tok):
                    todo.append((child, pos))
                elif _is_slot(tok):
                    for phrase in self._flat(_slot(tok)):
                        if words[pos : pos + len(phrase)] == phrase:
                            todo.append((child, pos + len(phrase)))
                elif pos < len(words) and words[pos] == tok:
                    todo.append((child, pos + 1))
        return out

    def _flat(self, slot: str) -> tuple[Tokens, ...]:
        return self._flat_slots.get(slot, ())

    @cached_property
    def _flat_slots(self) -> dict[str, tuple[Tokens, ...]]:
        return {k: tuple(x for v in vs for x in self._expand(v)) for k, vs in self.slots.items()}

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        def rx(tokens: Tokens, depth: int) -> str:
            parts = [
                f"(?:{'|'.join(rx(v, depth + 1) for v in self.slots.get(_slot(t), ()))})"
                if _is_slot(t) and depth < 4
                else re.escape(t)
                for t in tokens
            ]
            return " ".join(parts)

        return re.compile("|".join(f"(?:{rx(t, 0)})" for t in self.templates))

    def _paths(self, limit: int) -> list[Tokens]:
        """Up to `limit` token paths through the automaton, depth first."""
        out: list[Tokens] = []
        todo: list[tuple[int, Tokens]] = [(0, ())]
        auto = self.automaton or {}
        while todo and len(out) < limit:
            state, path = todo.pop()
            for tok, child in sorted(auto.get(state, {}).items(), reverse=True):
                if tok == END:
                    out.append(path)
                else:
                    todo.append((child, path if _is_marker(tok) else (*path, tok)))
        return out

    def _closure(self, names: set[str]) -> set[str]:
        todo, seen = list(names), set()
        while todo:
            name = todo.pop()
            if name in seen or name not in self.slots:
                continue
            seen.add(name)
            todo += [_slot(t) for v in self.slots[name] for t in v if _is_slot(t)]
        return seen

    def _expand(self, tokens: Tokens) -> Iterator[Tokens]:
        choices = [
            [tuple(x for part in self._expand(v) for x in part) for v in self.slots[_slot(t)]]
            if _is_slot(t) and _slot(t) in self.slots
            else [(t,)]
            for t in tokens
        ]
        return (tuple(w for part in combo for w in part) for combo in itertools.product(*choices))


def _is_slot(token: str) -> bool:
    return token.startswith("<") and token.endswith(">")


def _is_marker(token: str) -> bool:
    return token.startswith("#")


def _slot(token: str) -> str:
    return token[1:-1] if _is_slot(token) else ""


def _rule(slot: str) -> str:
    return "slot_" + re.sub(r"[^a-z0-9_]", "_", slot)


def default_nlu_path() -> Path:
    """The training data shipped with the intents package."""
    import intents.data  # data only: no code of the understanding layer is used

    return Path(intents.data.__file__).with_name("nlu.yml")


def nlu_items(nlu_path: Path) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """Each item of a Rasa nlu.yml (intent, lookup, synonym) with its example lines."""
    doc = yaml.safe_load(nlu_path.read_text(encoding="utf-8")) or {}
    for item in doc.get("nlu") or []:
        block = item.get("examples") if isinstance(item, dict) else None
        if isinstance(block, str):
            yield item, [ln.strip()[2:] for ln in block.splitlines() if ln.strip().startswith("- ")]


def load_templates(nlu_path: Path) -> tuple[list[Tokens], dict[str, set[str]]]:
    """Every training example as a template (entities -> <slot>), and each slot's surfaces."""
    templates: dict[Tokens, None] = {}
    surfaces: dict[str, set[str]] = {}
    for item, lines in nlu_items(nlu_path):
        if "lookup" in item or "synonym" in item:
            surfaces.setdefault(str(item.get("lookup") or ""), set()).update(lines)
            continue
        if "intent" not in item:
            continue
        for line in lines:

            def slot(m: re.Match[str]) -> str:
                entity = m.group(2) or _entity_of(m.group(3) or "")
                entity = entity.split(":")[0].split("@")[0]
                surfaces.setdefault(entity, set()).add(m.group(1))
                return f" SLOT{entity} "

            text = normalise(ANNOTATION.sub(slot, line), keep=r"SLOT[a-z_]+")
            tokens = tuple(f"<{t[4:]}>" if t.startswith("SLOT") else t for t in text.split())
            if tokens:
                templates[tokens] = None
    return list(templates), surfaces


def _entity_of(body: str) -> str:
    m = _JSON_ENTITY.search(body)
    return m.group(1) if m else "entity"


def build_grammar(nlu_path: Path | None = None, snapshot: HomeSnapshot | None = None) -> Grammar:
    """The command grammar: the spoken language's patterns x the home's names x number words.

    `nlu_path`, when given, adds the training data's lookup values (colours, modes, periods).
    """
    from hub.voice.language import language_automaton, normalised_slots, slot_values

    values = slot_values(snapshot)
    if nlu_path is not None:
        _, surfaces = load_templates(nlu_path)
        for slot, lookup in (("colour", "color"), ("mode", "hvac_mode"), ("period", "period")):
            values[slot] |= surfaces.get(lookup, set())
    slots = {k: v for k, v in normalised_slots(values).items() if v}
    return Grammar((), slots, language_automaton(), joiner="and")


def build_nlu_grammar(
    nlu_path: Path | None = None, snapshot: HomeSnapshot | None = None
) -> Grammar:
    """The earlier grammar, kept to compare in the bench: training templates x the home's names."""
    templates, surfaces = load_templates(nlu_path or default_nlu_path())
    values: dict[str, set[str]] = {k: set(v) for k, v in surfaces.items()}
    if snapshot is not None:
        values["area"] = {n for a in snapshot.areas.values() for n in (a.name, *a.aliases)}
        devices: set[str] = set()
        for e in snapshot.entities.values():
            devices |= {e.spec.name, *e.spec.aliases, *GENERIC.get(e.spec.domain, ())}
        values["device"] = devices
    values["number"] = set(number_words(0, 100))
    values["duration"] = set(DURATION)
    values["time"] = set(TIME)
    slots = {
        name: tuple(sorted({tuple(normalise(v, keep=r"<[a-z_]+>").split()) for v in vs} - {()}))
        for name, vs in values.items()
        if name
    }
    used = {_slot(t) for tpl in templates for t in tpl if _is_slot(t)}
    unknown = used - set(slots)
    kept = [t for t in templates if not unknown & {_slot(x) for x in t}]
    return Grammar(tuple(kept), {k: v for k, v in slots.items() if v})
