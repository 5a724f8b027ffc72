"""The `mqtt:` section of hub.yaml: the broker, credentials, TLS and the hub's topics."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator


class MqttTls(BaseModel):
    """TLS to the broker."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    ca_certs: Path | None = Field(None, description="CA bundle; default: the system's.")
    certfile: Path | None = Field(None, description="Client certificate (mutual TLS).")
    keyfile: Path | None = None
    insecure: bool = Field(False, description="Skip hostname checks (testing only).")


class MqttConfig(BaseModel):
    """A broker carrying Home Assistant MQTT discovery devices and the hub's own topics."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(1883, ge=1, le=65535)
    username: str | None = None
    password: SecretStr | None = Field(None, description="Use !secret or !env, not plain text.")
    password_file: Path | None = Field(None, description="Read the password from this file.")
    tls: MqttTls = MqttTls()
    client_id: str = "lamhub"
    clean_session: bool = Field(False, description="False keeps a persistent session (QoS 1).")
    keepalive: int = Field(60, ge=5, le=3600)
    qos: Literal[0, 1, 2] = 1
    base_topic: str = Field("lamhub", pattern=r"^[^#+]+$", description="The hub's own topics.")
    discovery_prefix: str = Field("homeassistant", pattern=r"^[^#+]+$")
    discovery: bool = Field(True, description="Import devices from Home Assistant discovery.")
    reconnect_min_s: float = Field(0.5, gt=0)
    reconnect_max_s: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _one_password(self) -> MqttConfig:
        if self.password is not None and self.password_file is not None:
            raise ValueError("set either password or password_file, not both")
        return self

    def secret(self) -> str | None:
        """The broker password, from the config or its file."""
        if self.password_file is not None:
            return self.password_file.read_text(encoding="utf-8").strip()
        return self.password.get_secret_value() if self.password is not None else None
