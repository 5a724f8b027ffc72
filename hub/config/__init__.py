"""hub.yaml, validated once into typed objects: `load_config` and the JSON schema for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hub.config.paths import resolve_paths
from hub.config.report import REDACTED, validation_problems
from hub.config.schema import (
    ApiConfig,
    HomeConfig,
    HubConfig,
    LogConfig,
    SchedulerConfig,
    system_timezone,
)
from hub.config.yamlload import Document, Mark, Problem, format_loc, load_yaml
from hub.core import ConfigError

DEFAULT_CONFIG = Path("hub.yaml")

__all__ = [
    "DEFAULT_CONFIG", "REDACTED", "ApiConfig", "Document", "HomeConfig", "HubConfig", "LogConfig",
    "Mark", "Problem", "SchedulerConfig", "config_json_schema", "format_loc", "load_config",
    "load_yaml", "system_timezone", "validate_document",
]  # fmt: skip


def load_config(path: Path | None = None) -> HubConfig:
    """Read and validate hub.yaml; None: ./hub.yaml if present, else every default.

    Raises ConfigError whose `.errors` lists every problem as "FILE:LINE: path: message".
    """
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return resolve_paths(HubConfig(), Path.cwd())
        path = DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError([f"{path}: no such config file"])
    return validate_document(load_yaml(path), path.absolute().parent)


def validate_document(doc: Document, base_dir: Path) -> HubConfig:
    """Validate loaded YAML as a HubConfig; relative paths are taken from `base_dir`."""
    problems = list(doc.problems)
    config: HubConfig | None = None
    # A file that failed to parse has no data worth validating; report the syntax error alone.
    if doc.data is not None or not problems:
        try:
            config = HubConfig.model_validate({} if doc.data is None else doc.data)
        except ValidationError as exc:
            problems.extend(validation_problems(exc, doc, HubConfig))
    if problems or config is None:
        # Read top to bottom, like the file; sorted() is stable, so one line keeps its order.
        problems.sort(key=lambda p: (p.mark.file, p.mark.line))
        raise ConfigError([str(p) for p in problems])
    return resolve_paths(config, base_dir)


def config_json_schema() -> dict[str, Any]:
    """The JSON schema of hub.yaml, for editors (yaml-language-server, VS Code)."""
    schema = HubConfig.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "lamhub hub.yaml",
    }
