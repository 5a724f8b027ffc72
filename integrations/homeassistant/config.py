"""The `homeassistant:` section of hub.yaml: the server, its token and what the hub may control."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

# Inside a Home Assistant add-on the Supervisor proxies Core here, with its own token.
SUPERVISOR_URL = "http://supervisor/core"
SUPERVISOR_TOKEN_ENV = "SUPERVISOR_TOKEN"


class EntityFilter(BaseModel):
    """Entities chosen by domain ("light"), area id ("kitchen") or entity id."""

    model_config = ConfigDict(extra="forbid")

    domains: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)

    def matches(self, entity_id: str, area: str | None) -> bool:
        domain = entity_id.split(".", 1)[0]
        return (
            entity_id in self.entities
            or domain in self.domains
            or (area is not None and area in self.areas)
        )

    def empty(self) -> bool:
        return not (self.domains or self.areas or self.entities)


class HomeAssistantConfig(BaseModel):
    """A Home Assistant server whose areas and entities the hub imports and controls."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    url: str = Field(
        "http://homeassistant.local:8123",
        description="Base URL of Home Assistant; inside the add-on: http://supervisor/core.",
    )
    token: SecretStr | None = Field(
        None, description="Long-lived access token; use !secret or !env, not plain text."
    )
    token_file: Path | None = Field(None, description="Read the token from this file.")
    verify_ssl: bool = Field(True, description="Check the server's TLS certificate.")
    include: EntityFilter | None = Field(
        None, description="Entities the hub may control; default: those exposed to Assist."
    )
    exclude: EntityFilter = Field(
        default_factory=EntityFilter, description="Never import these (wins over include)."
    )
    call_timeout_s: float = Field(10.0, gt=0, description="How long a service call may take.")
    reconnect_min_s: float = Field(1.0, gt=0)
    reconnect_max_s: float = Field(60.0, gt=0)
    auth_retry_s: float = Field(
        300.0, gt=0, description="A rejected token is retried this rarely, not in a loop."
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("url must look like http://host:8123 or https://host")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _one_token(self) -> HomeAssistantConfig:
        if self.token is not None and self.token_file is not None:
            raise ValueError("set either token or token_file, not both")
        return self

    def secret(self) -> str | None:
        """The access token: from the config, its file, or the add-on's SUPERVISOR_TOKEN."""
        if self.token is not None:
            return self.token.get_secret_value()
        if self.token_file is not None:
            return self.token_file.read_text(encoding="utf-8").strip()
        return os.environ.get(SUPERVISOR_TOKEN_ENV) or None

    @property
    def behind_supervisor(self) -> bool:
        return urlsplit(self.url).netloc == "supervisor"

    @property
    def api_url(self) -> str:
        """The REST API root: the Supervisor proxy serves Core's /api under /core/api too."""
        return self.url + "/api"

    @property
    def websocket_url(self) -> str:
        """The websocket API; the Supervisor proxy serves it at /core/websocket, not /api/..."""
        scheme = "wss" if self.url.startswith("https") else "ws"
        base = scheme + self.url[self.url.index(":") :]
        return base + ("/websocket" if self.behind_supervisor else "/api/websocket")

    def allows(self, entity_id: str, area: str | None, exposed: bool) -> bool:
        """Whether the hub may import and control this entity."""
        if self.exclude.matches(entity_id, area):
            return False
        if self.include is None or self.include.empty():
            return exposed
        return self.include.matches(entity_id, area)
