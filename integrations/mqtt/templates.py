"""Home Assistant style value/command templates: Jinja2 in a sandbox, compiled once."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from jinja2 import TemplateError, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment


class TemplateFailed(Exception):
    """A template could not be compiled or rendered; the message says why."""


def _to_float(value: Any, default: Any = None) -> Any:
    # HA's `float` filter: the fallback is returned when conversion fails (an error without one).
    try:
        return float(value)
    except (TypeError, ValueError):
        if default is None:
            raise ValueError(f"float got invalid input {value!r}") from None
        return default


def _to_int(value: Any, default: Any = None, base: int = 10) -> Any:
    try:
        if isinstance(value, str) and base != 10:
            return int(value, base)
        return int(float(value)) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        if default is None:
            raise ValueError(f"int got invalid input {value!r}") from None
        return default


def _is_defined(value: Any) -> bool:
    return not isinstance(value, Undefined)


def _from_json(value: str) -> Any:
    return json.loads(value)


def _to_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _multiply(value: Any, amount: float) -> float:
    return float(value) * amount


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    env.filters.update(
        float=_to_float,
        int=_to_int,
        is_defined=_is_defined,
        from_json=_from_json,
        to_json=_to_json,
        tojson=_to_json,
        multiply=_multiply,
        log=math.log,
    )
    env.globals.update(float=_to_float, int=_to_int, is_defined=_is_defined, min=min, max=max)
    env.tests["defined"] = _is_defined
    return env


_ENV = _environment()


# `{{ value_json.a.b }}` / `{{ value_json['a'] }}`: the usual state templates, evaluated
# without Jinja (a render costs ~10 us; at 10k msg/s that is a tenth of the budget).
_PATH = re.compile(
    r"""^\{\{\s*value_json((?:\.[A-Za-z_]\w*|\[\s*(?:'[^']*'|"[^"]*")\s*\])+)\s*\}\}$"""
)
_KEY = re.compile(r"""\.([A-Za-z_]\w*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]""")


def _fast_path(source: str) -> tuple[str, ...] | None:
    match = _PATH.match(source.strip())
    if match is None:
        return None
    return tuple(a or b or c for a, b, c in _KEY.findall(match.group(1)))


def _as_jinja_text(value: Any) -> str:
    # What Jinja prints for JSON values: Python's str(), booleans as True/False.
    return value if isinstance(value, str) else str(value)


class Template:
    """One compiled template; `render(**variables)` returns its text output."""

    __slots__ = ("_path", "_render", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._path = _fast_path(source)
        try:
            compiled = _ENV.from_string(source)
        except TemplateError as exc:
            raise TemplateFailed(f"template {source!r} does not compile: {exc}") from None
        self._render: Callable[..., str] = compiled.render

    def render(self, **variables: Any) -> str:
        """Render with the given variables; raise TemplateFailed on any error."""
        try:
            return self._render(**variables).strip()
        except Exception as exc:  # a sandbox, filter or lookup error: all mean "ignore message"
            raise TemplateFailed(f"{type(exc).__name__}: {exc}") from None

    def render_value(self, payload: str) -> str:
        """Render a value template for a received payload (`value`, and `value_json` if JSON)."""
        if self._path is not None:
            try:
                value: Any = json.loads(payload)
                for key in self._path:
                    value = value[key]
            except (ValueError, KeyError, TypeError):
                return self.render_jinja(payload)  # let Jinja decide (undefined -> error or "")
            return _as_jinja_text(value).strip()
        return self.render_jinja(payload)

    def render_jinja(self, payload: str) -> str:
        """Render a value template through Jinja."""
        # Parse JSON only for templates that use it: most state templates take `value`.
        if "value_json" in self.source:
            try:
                value_json: Any = json.loads(payload)
            except ValueError:
                # HA renders with value_json undefined; using it then fails as a template error.
                value_json = _ENV.undefined(name="value_json")
            return self.render(value=payload, value_json=value_json)
        return self.render(value=payload)


def compile_template(source: object) -> Template | None:
    """Compile an optional template from a discovery config (None when absent or empty)."""
    if source is None or source == "":
        return None
    if not isinstance(source, str):
        raise TemplateFailed(f"template must be a string, got {type(source).__name__}")
    return Template(source)
