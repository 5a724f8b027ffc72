"""Shared fixtures: the trained embedded engine (cached per test session) and the reference home."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.core import Entity, EntityState, HomeSnapshot
from integrations.virtual import load_home
from intents import EmbeddedEngine, Planner, train_embedded

EVAL = Path(__file__).resolve().parents[4] / "shared" / "eval"
HOME = EVAL / "home.yaml"


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedEngine:
    return train_embedded(cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def snapshot() -> HomeSnapshot:
    home = load_home(HOME)
    return HomeSnapshot(
        areas={a.id: a for a in home.areas},
        entities={s.entity_id: Entity(s, EntityState("off")) for s in home.entities},
    )


@pytest.fixture()
def planner(engine: EmbeddedEngine) -> Planner:
    return Planner(engine)
