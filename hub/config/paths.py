"""Resolves every relative path in a validated config against the config file's folder."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def resolve_paths(model: M, base_dir: Path) -> M:
    """A copy of `model` where each `Path` (in any section, list or map) is absolute.

    Walking the validated models, rather than naming fields, means a section added later
    (cert files, model folders) gets its paths resolved without touching this module.
    """
    updates = {name: _resolve(getattr(model, name), base_dir) for name in type(model).model_fields}
    return model.model_copy(update=updates)


def _resolve(value: object, base_dir: Path) -> object:
    if isinstance(value, Path):
        path = value.expanduser()
        return path if path.is_absolute() else base_dir / path
    if isinstance(value, BaseModel):
        return resolve_paths(value, base_dir)
    if isinstance(value, list):
        return [_resolve(v, base_dir) for v in value]
    if isinstance(value, tuple):
        return tuple(_resolve(v, base_dir) for v in value)
    if isinstance(value, dict):
        return {k: _resolve(v, base_dir) for k, v in value.items()}
    return value
