"""Helpers for the Rasa tests: the real-server fixture and the reference home as a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.core import Entity, EntityState, HomeSnapshot
from integrations.virtual import load_home
from tests.fixtures.rasa import RasaServer, free_port, rasa_server

__all__ = ["HOME", "RasaServer", "free_port", "rasa_server", "snapshot"]

HOME = Path(__file__).resolve().parents[3] / "integrations" / "virtual" / "homes" / "reference.yaml"


@pytest.fixture(scope="session")
def snapshot() -> HomeSnapshot:
    """The reference home (the eval's home.yaml), everything off."""
    home = load_home(HOME)
    return HomeSnapshot(
        areas={a.id: a for a in home.areas},
        entities={s.entity_id: Entity(s, EntityState("off")) for s in home.entities},
    )
