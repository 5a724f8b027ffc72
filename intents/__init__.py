"""Understanding: text + home snapshot + session -> Plan, with Rasa-format training data."""

from intents.dialogue import Language
from intents.embedded import EmbeddedEngine, train_embedded
from intents.nlu import EntitySpan, NluEngine, Parse
from intents.planner import Planner
from intents.replies import Answerer, default_answer

__all__ = [
    "Answerer",
    "EmbeddedEngine",
    "EntitySpan",
    "Language",
    "NluEngine",
    "Parse",
    "Planner",
    "default_answer",
    "train_embedded",
]
