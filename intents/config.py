"""The `nlu:` section of hub.yaml: which understanding engine runs, and dialogue settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class NluConfig(BaseModel):
    """How text is understood: the embedded engine (default) or a Rasa server."""

    model_config = ConfigDict(extra="forbid")

    engine: Literal["embedded", "rasa"] = Field(
        "embedded", description="embedded: trained from intents/data at start; rasa: a server."
    )
    rasa_url: str = Field("http://127.0.0.1:5005", description="Rasa server (engine: rasa).")
    rasa_timeout_s: float = Field(5.0, gt=0, le=60)
    cache_dir: Path | None = Field(
        None, description="Where the trained embedded model is cached; default <data_dir>/nlu."
    )
    session_ttl_s: float = Field(
        300, gt=0, le=86400, description="A conversation forgets follow-ups after this."
    )
