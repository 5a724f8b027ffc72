"""The `virtual:` section of hub.yaml: the built-in simulated home."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class VirtualConfig(BaseModel):
    """Simulate a home from a home file, so the hub does something real with no hardware."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="Run the built-in virtual home.")
    home: Path | None = Field(
        None, description="Home file (areas and entities); default: the bundled reference home."
    )
    speed: float = Field(
        1.0, gt=0, le=3600, description="Simulation speed: 60 runs a minute of the home per second."
    )
    tick_s: float = Field(1.0, gt=0, le=60, description="Seconds between simulation steps.")
    seed: int | None = Field(None, description="Random seed, for repeatable simulations.")
