"""The embedded engine: trained from intents/data at start, cached by a hash of the data."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from intents.classifier import LinearModel, train
from intents.nlu import EntitySpan, Parse
from intents.rasa_data import TrainingData, load_training_data
from intents.slots import read_slots
from intents.text import normalize

DATA_DIR = Path(__file__).with_name("data")
MODEL_VERSION = "perceptron-1"
# The code that turns text into features and trains on them: a change to any of it (a new
# normalisation in text.py, say) makes cached models stale, and a hand-bumped version alone
# was easy to forget, after which a cached model saw features it was not trained on.
FEATURE_SOURCES = ("text.py", "classifier.py", "embedded.py")
CONFIDENCE_SCALE = 4.0  # sharpens perceptron scores into confidences


class EmbeddedEngine:
    """Intent by a linear model over word and character n-grams; value entities by rule."""

    def __init__(self, model: LinearModel, carrier_words: frozenset[str]) -> None:
        self.model = model
        # Words the training sentences use around entities: verbs, fillers, politeness.
        self.carrier_words = carrier_words

    def parse(self, text: str) -> Parse:
        norm = normalize(text)
        if not norm.strip():
            return Parse(text, "out_of_scope", 1.0)
        ranking = self.model.rank(norm, CONFIDENCE_SCALE)
        return Parse(text, ranking[0][0], ranking[0][1], _value_entities(norm), tuple(ranking[:5]))


def _value_entities(norm: str) -> tuple[EntitySpan, ...]:
    # Spans refer to the normalised text; the planner reads slots itself, these are for callers.
    slots = read_slots(norm)
    found: list[EntitySpan] = []
    for name, value in (("number", slots.percent), ("number", slots.degrees), ("color", slots.color),
                        ("hvac_mode", slots.hvac_mode), ("period", slots.period)):  # fmt: skip
        if value is None:
            continue
        m = re.search(re.escape(str(value if not isinstance(value, float) else f"{value:g}")), norm)
        start, end = (m.start(), m.end()) if m else (0, 0)
        found.append(EntitySpan(name, str(value), start, end))
    return tuple(found)


def carrier_vocabulary(data: TrainingData) -> frozenset[str]:
    words: set[str] = set()
    for ex in data.examples:
        text = ex.text
        for span in sorted(ex.entities, key=lambda s: -s.start):
            text = text[: span.start] + " " + text[span.end :]
        words.update(normalize(text).split())
    return frozenset(words)


def data_hash(data_dir: Path) -> str:
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for name in FEATURE_SOURCES:
        digest.update(Path(__file__).with_name(name).read_bytes())
    for path in sorted(data_dir.glob("nlu*.yml")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def train_embedded(data_dir: Path = DATA_DIR, cache_dir: Path | None = None) -> EmbeddedEngine:
    """Train (or load from cache_dir, keyed by the data's hash) the embedded engine."""
    data = load_training_data(data_dir)
    carrier = carrier_vocabulary(data)
    cache = cache_dir / f"intents-{data_hash(data_dir)}.json" if cache_dir else None
    if cache is not None and cache.exists():
        try:
            return EmbeddedEngine(LinearModel.from_json(json.loads(cache.read_text())), carrier)
        except (ValueError, KeyError, AssertionError):
            pass  # a damaged cache is retrained below
    samples = [(normalize(ex.text), ex.intent) for ex in data.examples]
    model = train(samples)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(model.to_json(), f, separators=(",", ":"))
        os.replace(tmp, cache)
    return EmbeddedEngine(model, carrier)
