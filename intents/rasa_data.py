"""Reads Rasa 3.x NLU training data (nlu.yml): examples with entity spans, synonyms, lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from intents.nlu import EntitySpan

# [text](entity) or [text]{"entity": "x", "value": "y"}: Rasa's inline entity annotation.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{([^}]*)\})")


@dataclass(frozen=True, slots=True)
class Example:
    """One training utterance, annotations removed, with its intent and entity spans."""

    text: str
    intent: str
    entities: tuple[EntitySpan, ...] = ()


@dataclass(slots=True)
class TrainingData:
    """Everything nlu.yml holds."""

    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # surface form -> canonical value
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)


def parse_example(annotated: str, intent: str) -> Example:
    """Strip Rasa entity annotations, keeping where each entity sits in the plain text."""
    plain: list[str] = []
    spans: list[EntitySpan] = []
    pos = 0
    length = 0
    for m in _ANNOTATION.finditer(annotated):
        before = annotated[pos : m.start()]
        plain.append(before)
        length += len(before)
        surface = m.group(1)
        entity = m.group(2) or _json_entity(m.group(3) or "")
        spans.append(EntitySpan(entity.split(":")[0], surface, length, length + len(surface)))
        plain.append(surface)
        length += len(surface)
        pos = m.end()
    plain.append(annotated[pos:])
    return Example("".join(plain).strip(), intent, tuple(spans))


def _json_entity(body: str) -> str:
    m = re.search(r'"entity"\s*:\s*"([^"]+)"', body)
    return m.group(1) if m else "entity"


def _items(block: object) -> list[str]:
    if not isinstance(block, str):
        return []
    return [
        line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")
    ]


def load_training_data(data_dir: Path) -> TrainingData:
    """Read every nlu*.yml under data_dir (the files `rasa train nlu` would read)."""
    data = TrainingData()
    for path in sorted(data_dir.glob("nlu*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            if "intent" in item:
                intent = str(item["intent"])
                data.examples += [parse_example(e, intent) for e in _items(item.get("examples"))]
            elif "synonym" in item:
                for form in _items(item.get("examples")):
                    data.synonyms[form.lower()] = str(item["synonym"]).lower()
            elif "lookup" in item:
                data.lookups.setdefault(str(item["lookup"]), []).extend(_items(item["examples"]))
            elif "regex" in item:
                data.regexes.setdefault(str(item["regex"]), []).extend(_items(item["examples"]))
    return data
