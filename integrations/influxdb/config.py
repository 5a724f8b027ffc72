"""The `influxdb:` section of hub.yaml: server, credentials, batching and the disk buffer."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator


class InfluxConfig(BaseModel):
    """Export of power and energy to InfluxDB (2.x/3.x, or 1.8+ through its v2 write API).

    For 1.8+: token "user:password" (or empty without auth), bucket "database/retention" (or
    just "database"), org "-".
    """

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    url: str = Field("http://127.0.0.1:8086", description="Server base URL.")
    org: str = Field("-", description="Organisation (2.x/3.x); '-' for 1.8.")
    bucket: str = Field("home", min_length=1, description="Bucket, or 'db/rp' for 1.8.")
    token: SecretStr | None = Field(None, description="API token; use !secret or !env.")
    token_file: Path | None = Field(None, description="Read the token from this file.")
    verify_ssl: bool = True
    timeout_s: float = Field(10.0, gt=0, le=300, description="A write slower than this fails.")
    batch_size: int = Field(1000, ge=1, le=100_000, description="Points per write.")
    flush_interval: float = Field(
        5.0, gt=0, le=3600, description="Seconds a point may wait for its batch to fill."
    )
    buffer_dir: Path | None = Field(
        None, description="Where points wait while the server is down; default <data_dir>/influxdb."
    )
    max_buffer_mb: float = Field(
        200.0, gt=0, description="Disk the buffer may use; beyond it the oldest points go."
    )
    max_memory_points: int = Field(
        50_000, ge=1, description="Points held in memory before they are moved to disk."
    )
    measurement_power: str = Field("power", min_length=1)
    measurement_energy: str = Field("energy", min_length=1)

    @model_validator(mode="after")
    def _one_token(self) -> InfluxConfig:
        if self.token is not None and self.token_file is not None:
            raise ValueError("set either token or token_file, not both")
        return self

    def secret(self) -> str:
        """The token ("" when the server needs none)."""
        if self.token_file is not None:
            return self.token_file.read_text(encoding="utf-8").strip()
        return self.token.get_secret_value() if self.token is not None else ""

    def buffer_path(self, data_dir: Path) -> Path:
        """The buffer directory, relative paths taken from the data directory."""
        if self.buffer_dir is None:
            return data_dir / "influxdb"
        return self.buffer_dir if self.buffer_dir.is_absolute() else data_dir / self.buffer_dir
