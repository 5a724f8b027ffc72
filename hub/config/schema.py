"""The schema of hub.yaml: one typed section per part of the hub, defaults included."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    IPvAnyAddress,
    SecretStr,
    field_validator,
    model_validator,
)

from automations.schema import AutomationsConfig
from hub.energy.config import EnergyConfig
from hub.voice.config import VoiceConfig
from integrations.homeassistant.config import HomeAssistantConfig
from integrations.influxdb import InfluxConfig
from integrations.mqtt import MqttConfig
from integrations.virtual import VirtualConfig
from intents.config import NluConfig


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_timezone() -> str:
    """The machine's IANA time zone name (TZ, /etc/timezone, /etc/localtime), else "UTC"."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    # /etc/localtime links into the zoneinfo tree: its tail is the zone's name.
    target = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    return next((c for c in candidates if c and _is_zone(c)), "UTC")


class _Section(BaseModel):
    """A section of hub.yaml: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid")


class HomeConfig(_Section):
    """The home itself: its name, and where it is on Earth for sunrise and sunset."""

    name: str = Field("Home", min_length=1, description="The home's name, as the hub says it.")
    timezone: str = Field(
        default_factory=system_timezone,
        description="IANA time zone, e.g. Europe/Paris; default: the machine's.",
    )
    latitude: float | None = Field(None, ge=-90, le=90, description="Degrees north (sun times).")
    longitude: float | None = Field(None, ge=-180, le=180, description="Degrees east (sun times).")
    elevation: float = Field(0.0, ge=-500, le=9000, description="Metres above sea level.")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not _is_zone(value):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Paris)")
        return value

    @model_validator(mode="after")
    def _both_coordinates(self) -> HomeConfig:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("set both latitude and longitude, or neither")
        return self

    def zone(self) -> ZoneInfo:
        """The home's time zone."""
        return ZoneInfo(self.timezone)


class LogConfig(_Section):
    """What the daemon logs and how."""

    level: Literal["debug", "info", "warning", "error"] = Field("info", description="Least level.")
    format: Literal["text", "json"] = Field("text", description="json: one object per line.")


class ApiConfig(_Section):
    """The HTTP API and websocket that the CLI, apps and Home Assistant talk to."""

    host: str = Field("127.0.0.1", description="Address to listen on; 0.0.0.0 for every one.")
    port: int = Field(8321, ge=1, le=65535, description="TCP port.")
    token: SecretStr | None = Field(
        None, description="Bearer token; use !secret or !env. Neither set: one is generated."
    )
    token_file: Path | None = Field(
        None,
        description="Read the token from this file; neither set: <data_dir>/api_token is made.",
    )
    max_body_bytes: int = Field(
        64 * 1024, ge=1024, le=64 * 1024 * 1024, description="Largest request body accepted."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Browser origins allowed to call the API."
    )
    trusted_proxies: list[IPvAnyAddress] = Field(
        default_factory=list,
        description="Proxies that authenticate people themselves (Home Assistant ingress: "
        "172.30.32.2); their requests marked X-Ingress-Path need no token.",
    )

    @model_validator(mode="after")
    def _one_token(self) -> ApiConfig:
        if self.token is not None and self.token_file is not None:
            raise ValueError("set either token or token_file, not both")
        return self

    def secret(self) -> str | None:
        """The configured token, from the config or its file; None when one must be generated."""
        if self.token_file is not None:
            return self.token_file.read_text(encoding="utf-8").strip()
        return self.token.get_secret_value() if self.token is not None else None


class SchedulerConfig(_Section):
    """Delayed calls and timed automations (APScheduler on a persistent job store)."""

    misfire_grace_s: int = Field(
        3600, ge=0, description="A job missed by up to this long (hub down) still runs."
    )


class HubConfig(_Section):
    """Everything in hub.yaml, validated once at start."""

    home: HomeConfig = Field(default_factory=HomeConfig, description="The home itself.")
    data_dir: Path = Field(
        Path("data"), description="The hub's state (SQLite, token); relative to this file."
    )
    secrets: Path | None = Field(
        None, description="File that !secret reads; default: secrets.yaml beside this file."
    )
    log: LogConfig = Field(default_factory=LogConfig, description="Logging.")
    api: ApiConfig = Field(default_factory=ApiConfig, description="The HTTP API.")
    scheduler: SchedulerConfig = Field(default_factory=SchedulerConfig, description="Scheduler.")

    # Sections owned elsewhere: one line each, importing the owner's model (DESIGN.md, habit 3).
    # Add nlu, automations, influxdb, homeassistant and voice here the same way.
    virtual: VirtualConfig = Field(default_factory=VirtualConfig, description="Virtual home.")
    mqtt: MqttConfig = Field(default_factory=MqttConfig, description="MQTT broker.")
    nlu: NluConfig = Field(default_factory=NluConfig, description="Understanding text.")
    energy: EnergyConfig = Field(default_factory=EnergyConfig, description="Energy tracking.")
    influxdb: InfluxConfig = Field(default_factory=InfluxConfig, description="InfluxDB export.")
    automations: AutomationsConfig = Field(
        default_factory=AutomationsConfig, description="Automations and learning."
    )
    homeassistant: HomeAssistantConfig = Field(
        default_factory=HomeAssistantConfig, description="Home Assistant server."
    )
    voice: VoiceConfig = Field(default_factory=VoiceConfig, description="Offline speech.")
