"""Intent classifier: an averaged perceptron over word and character n-grams (pure Python)."""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Iterable, Sequence

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def features(text: str) -> list[str]:
    """Word 1-2 grams and in-word character 3-5 grams; numbers collapse to one token."""
    words = _DIGITS.sub("0", text).replace(",", " ").split()
    feats = ["bias"]
    padded = ["<s>", *words, "</s>"]
    feats += ["w:" + w for w in words]
    feats += ["b:" + a + "_" + b for a, b in itertools.pairwise(padded)]
    if words:
        feats.append("first:" + words[0])
    for w in words:
        token = f"<{w}>"
        for n in (3, 4, 5):
            feats += ["c:" + token[i : i + n] for i in range(max(1, len(token) - n + 1))]
    return feats


class LinearModel:
    """Sparse multi-class linear model: feature -> {class index: weight}."""

    def __init__(self, classes: Sequence[str], weights: dict[str, dict[int, float]]) -> None:
        self.classes = list(classes)
        self.weights = weights

    def scores(self, feats: Iterable[str]) -> list[float]:
        out = [0.0] * len(self.classes)
        for f in feats:
            row = self.weights.get(f)
            if row:
                for c, w in row.items():
                    out[c] += w
        return out

    def rank(self, text: str, scale: float) -> list[tuple[str, float]]:
        """Classes with softmax confidences, best first; `scale` sharpens the perceptron scores."""
        feats = features(text)
        raw = self.scores(feats)
        norm = scale / math.sqrt(len(feats))
        top = max(raw)
        exps = [math.exp((s - top) * norm) for s in raw]
        total = sum(exps)
        ranked = sorted(
            zip(self.classes, (e / total for e in exps), strict=True), key=lambda p: -p[1]
        )
        return ranked

    def to_json(self) -> dict[str, object]:
        return {"classes": self.classes, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        classes = data["classes"]
        raw = data["weights"]
        assert isinstance(classes, list) and isinstance(raw, dict)
        weights = {f: {int(c): float(w) for c, w in row.items()} for f, row in raw.items()}
        return cls([str(c) for c in classes], weights)


def train(samples: Sequence[tuple[str, str]], epochs: int = 12, seed: int = 1) -> LinearModel:
    """Averaged perceptron (Collins 2002) with lazy averaging; samples are (text, label)."""
    classes = sorted({label for _, label in samples})
    index = {c: i for i, c in enumerate(classes)}
    data = [(features(text), index[label]) for text, label in samples]
    w: dict[str, dict[int, float]] = {}
    totals: dict[tuple[str, int], float] = {}
    stamps: dict[tuple[str, int], int] = {}
    model = LinearModel(classes, w)
    rng = random.Random(seed)
    step = 1

    def update(f: str, c: int, delta: float) -> None:
        row = w.setdefault(f, {})
        key = (f, c)
        old = row.get(c, 0.0)
        totals[key] = totals.get(key, 0.0) + (step - stamps.get(key, 0)) * old
        stamps[key] = step
        row[c] = old + delta

    for _ in range(epochs):
        rng.shuffle(data)
        for feats, gold in data:
            sc = model.scores(feats)
            guess = max(range(len(sc)), key=sc.__getitem__)
            if guess != gold:
                for f in feats:
                    update(f, gold, 1.0)
                    update(f, guess, -1.0)
            step += 1
    averaged: dict[str, dict[int, float]] = {}
    for f, row in w.items():
        for c, value in row.items():
            key = (f, c)
            total = totals.get(key, 0.0) + (step - stamps.get(key, 0)) * value
            if abs(total) > 1e-9:
                averaged.setdefault(f, {})[c] = round(total / step, 5)
    return LinearModel(classes, averaged)
