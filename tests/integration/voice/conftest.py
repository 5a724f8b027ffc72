"""Voice integration tests: real engines on speech synthesised at test time."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.core import HomeSnapshot
from tests.fixtures.voice import speak  # noqa: F401 - the fixture, for these tests

pytest.importorskip("pocketsphinx")

HOME = Path(__file__).resolve().parents[4] / "shared" / "eval" / "home.yaml"


@pytest.fixture(scope="session")
def snapshot() -> HomeSnapshot:
    """The reference home (shared/eval/home.yaml, beside the checkout)."""
    from hub.commands.plan import load_snapshot

    if not HOME.is_file():
        pytest.skip(f"{HOME} not found")
    return load_snapshot(HOME)


@pytest.fixture(scope="session")
def sphinx(snapshot: HomeSnapshot):  # type: ignore[no-untyped-def]
    """One pocketsphinx recogniser over the home's grammar, shared by the tests."""
    from hub.voice import build_grammar
    from hub.voice.sphinx import PocketsphinxRecognizer

    return PocketsphinxRecognizer(build_grammar(None, snapshot))
