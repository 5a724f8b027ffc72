"""What any understanding engine returns (Parse) and the engine Protocol the planner uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """An entity found in the text: its type, normalised value and character span."""

    entity: str  # "device", "area", "number", "color", "hvac_mode", "period", "duration", "time"
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Parse:
    """An engine's reading of one utterance: best intent, its confidence, the runners-up."""

    text: str
    intent: str
    confidence: float
    entities: tuple[EntitySpan, ...] = ()
    ranking: tuple[tuple[str, float], ...] = ()


class NluEngine(Protocol):
    """Anything that turns text into a Parse: the embedded model or a Rasa server."""

    def parse(self, text: str) -> Parse: ...
