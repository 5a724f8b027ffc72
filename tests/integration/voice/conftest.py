"""Voice integration tests: real engines on speech synthesised at test time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hub.core import HomeSnapshot
from hub.voice import RecognizerPool
from hub.voice.sphinx import PocketsphinxRecognizer
from tests.fixtures.voice import Synth, speak  # noqa: F401 - the fixture, for these tests

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


@pytest.fixture
def pcm(speak: Synth) -> Callable[[str], bytes]:  # noqa: F811 - the fixture above
    """pcm(text): festival's slt voice saying it, 16 kHz mono s16, 0.3 s of silence each side."""
    from hub.voice import read_wav

    return lambda text: read_wav(speak(text, "slt"))


@pytest.fixture
def pool(sphinx: PocketsphinxRecognizer) -> Iterator[RecognizerPool]:
    """A pool of one: the shared pocketsphinx recogniser."""
    pool = RecognizerPool(lambda: sphinx, 1)
    yield pool
    pool.close()
