"""The Home Assistant add-on configuration rules, as a pydantic model and an options checker.

Transcribed from the add-on configuration reference (developers.home-assistant.io/docs/add-ons/
configuration) and the Supervisor's own validation (supervisor/addons/validate.py and
options.py), which silently drops an add-on whose config.yaml fails them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ARCH = Literal["armhf", "armv7", "aarch64", "amd64", "i386"]
RE_SLUG = r"^[-_.A-Za-z0-9]+$"
RE_SERVICE = re.compile(r"^(mqtt|mysql):(provide|want|need)$")
RE_MAP = re.compile(
    r"^(data|config|ssl|addons|backup|share|media|homeassistant_config|all_addon_configs|addon_config)(?::(rw|ro))?$"
)
# supervisor/addons/options.py RE_SCHEMA_ELEMENT: every type an option's schema may name.
RE_SCHEMA_ELEMENT = re.compile(
    r"^(?:"
    r"|bool|email|url|port"
    r"|device(?:\((?P<filter>subsystem=[a-z]+)\))?"
    r"|str(?:\((?P<s_min>\d+)?,(?P<s_max>\d+)?\))?"
    r"|password(?:\((?P<p_min>\d+)?,(?P<p_max>\d+)?\))?"
    r"|int(?:\((?P<i_min>-?\d+)?,(?P<i_max>-?\d+)?\))?"
    r"|float(?:\((?P<f_min>-?\d*\.?\d+)?,(?P<f_max>-?\d*\.?\d+)?\))?"
    r"|match\((?P<match>.*)\)"
    r"|list\((?P<list>.+)\)"
    r")\??$"
)


class AddonConfig(BaseModel):
    """The documented keys of an add-on's config.yaml and their types (unknown keys refused)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    version: str
    slug: str = Field(pattern=RE_SLUG)
    description: str
    arch: list[ARCH] = Field(min_length=1)
    machine: list[str] | None = None
    url: str | None = Field(None, pattern=r"^https?://")
    startup: Literal["initialize", "system", "services", "application", "once"] = "application"
    boot: Literal["auto", "manual", "manual_only"] = "auto"
    init: bool = True
    advanced: bool = False
    stage: Literal["stable", "experimental", "deprecated"] = "stable"
    ports: dict[str, int | None] | None = None
    ports_description: dict[str, str] | None = None
    webui: str | None = Field(
        None, pattern=r"^(?:https?|\[PROTO:\w+\]):\/\/\[HOST\]:\[PORT:\d+\].*$"
    )
    watchdog: str | None = None
    ingress: bool = False
    ingress_port: int = Field(8099, ge=0, le=65535)
    ingress_entry: str | None = None
    ingress_stream: bool = False
    panel_icon: str = Field("mdi:puzzle", pattern=r"^mdi:[a-z0-9-]+$")
    panel_title: str | None = None
    panel_admin: bool = True
    homeassistant: str | None = None
    host_network: bool = False
    host_pid: bool = False
    host_ipc: bool = False
    host_uts: bool = False
    host_dbus: bool = False
    devices: list[str] | None = None
    udev: bool = False
    tmpfs: bool = False
    map: list[str] = Field(default_factory=list)
    environment: dict[str, str] | None = None
    privileged: list[str] | None = None
    full_access: bool = False
    apparmor: bool = True
    audio: bool = False
    video: bool = False
    gpio: bool = False
    usb: bool = False
    uart: bool = False
    devicetree: bool = False
    kernel_modules: bool = False
    realtime: bool = False
    hassio_api: bool = False
    hassio_role: Literal["default", "homeassistant", "backup", "manager", "admin"] = "default"
    homeassistant_api: bool = False
    stdin: bool = False
    legacy: bool = False
    docker_api: bool = False
    auth_api: bool = False
    services: list[str] | None = None
    discovery: list[str] | None = None
    backup_exclude: list[str] | None = None
    backup: Literal["hot", "cold"] = "hot"
    options: dict[str, Any] = Field(default_factory=dict)
    schema_: dict[str, Any] | Literal[False] = Field(default_factory=dict, alias="schema")
    image: str | None = None
    timeout: int = Field(10, ge=10, le=300)
    journald: bool = False

    @field_validator("version")
    @classmethod
    def _version(cls, v: str) -> str:
        if not re.fullmatch(r"[\w.+-]+", v):
            raise ValueError("version must be a version tag")
        return v

    @field_validator("services")
    @classmethod
    def _services(cls, v: list[str] | None) -> list[str] | None:
        for item in v or []:
            if not RE_SERVICE.match(item):
                raise ValueError(f"service {item!r} must look like mqtt:want")
        return v

    @field_validator("map")
    @classmethod
    def _map(cls, v: list[str]) -> list[str]:
        for item in v:
            if not RE_MAP.match(item):
                raise ValueError(f"map entry {item!r} is not a known folder")
        return v


def schema_errors(schema: Any, path: str = "") -> list[str]:
    """Schema elements the Supervisor cannot read (it would drop the whole add-on)."""
    if isinstance(schema, dict):
        return [e for k, v in schema.items() for e in schema_errors(v, f"{path}.{k}")]
    if isinstance(schema, list):
        if len(schema) != 1 or isinstance(schema[0], list):
            return [f"{path}: a list schema holds exactly one element type"]
        return schema_errors(schema[0], f"{path}[]")
    if not isinstance(schema, str) or not RE_SCHEMA_ELEMENT.match(schema):
        return [f"{path}: {schema!r} is not a schema type"]
    return []


def option_errors(options: Any, schema: Any, path: str = "") -> list[str]:
    """Where the default options break their own schema (the Supervisor's options check)."""
    out: list[str] = []
    if isinstance(schema, dict):
        if not isinstance(options, dict):
            return [f"{path}: expected a mapping"]
        for key, value in options.items():
            if key not in schema:
                out.append(f"{path}.{key}: not in the schema")
            else:
                out += option_errors(value, schema[key], f"{path}.{key}")
        for key, element in schema.items():
            required = not (isinstance(element, str) and element.endswith("?"))
            if required and key not in options and not isinstance(element, list):
                out.append(f"{path}.{key}: required by the schema but has no default")
        return out
    if isinstance(schema, list):
        if not isinstance(options, list):
            return [f"{path}: expected a list"]
        return [
            e for i, v in enumerate(options) for e in option_errors(v, schema[0], f"{path}[{i}]")
        ]
    return _value_errors(options, schema.rstrip("?"), path)


def _value_errors(value: Any, element: str, path: str) -> list[str]:
    m = RE_SCHEMA_ELEMENT.match(element)
    assert m is not None
    if element == "bool":
        ok = isinstance(value, bool)
    elif element.startswith(("str", "password")):
        lo, hi = m.group("s_min") or m.group("p_min"), m.group("s_max") or m.group("p_max")
        ok = (
            isinstance(value, str)
            and (lo is None or len(value) >= int(lo))
            and (hi is None or len(value) <= int(hi))
        )
    elif element.startswith("int"):
        lo, hi = m.group("i_min"), m.group("i_max")
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok and (lo is None or value >= int(lo)) and (hi is None or value <= int(hi))
    elif element.startswith("float"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif element == "port":
        ok = isinstance(value, int) and 1 <= value <= 65535
    elif element == "url":
        ok = isinstance(value, str) and re.match(r"^https?://\S+$", value) is not None
    elif element == "email":
        ok = isinstance(value, str) and "@" in value
    elif m.group("match") is not None:
        ok = isinstance(value, str) and re.fullmatch(m.group("match"), value) is not None
    elif m.group("list") is not None:
        ok = value in m.group("list").split("|")
    else:
        ok = True  # device: depends on the machine
    return [] if ok else [f"{path}: {value!r} is not a valid {element}"]
