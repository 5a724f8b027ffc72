"""The embedded engine's cache key: the training data and the code that makes features."""

from __future__ import annotations

import pytest

from intents import embedded


def test_the_cache_key_follows_the_feature_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to text.py (how text becomes features) must not reuse a model trained before
    it: the key covers those sources, not only the data and a hand-bumped version."""
    before = embedded.data_hash(embedded.DATA_DIR)
    assert embedded.data_hash(embedded.DATA_DIR) == before  # stable
    monkeypatch.setattr(embedded, "FEATURE_SOURCES", ("text.py", "classifier.py"))
    assert embedded.data_hash(embedded.DATA_DIR) != before
