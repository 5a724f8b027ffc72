"""Turns pydantic's validation errors into "FILE:LINE: path: message" problems, secrets hidden."""

from __future__ import annotations

import difflib
import types
from typing import Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from hub.config.yamlload import Document, Loc, Problem

REDACTED = "<secret>"
# Secrets shorter than this are hidden only in errors about their own path: hiding "1" or "on"
# everywhere would garble unrelated messages, and such values are not guessable secrets anyway.
_MIN_GLOBAL_REDACT = 4


def validation_problems(
    exc: ValidationError, doc: Document, model: type[BaseModel]
) -> list[Problem]:
    """Every error in `exc`, located in `doc`; skip paths whose YAML already failed to load."""
    failed = [p.loc for p in doc.problems if p.loc is not None]
    problems: list[Problem] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False, include_input=False):
        loc = data_loc(err["loc"], doc.data, model)
        if any(loc[: len(f)] == f for f in failed):
            continue  # already reported (a missing secret, a duplicate key...)
        problem = Problem(doc.mark_of(loc), loc, redact(_message(err, loc, model), loc, doc))
        if str(problem) not in seen:  # a union reports once per member; say it once
            seen.add(str(problem))
            problems.append(problem)
    return problems


def data_loc(loc: tuple[int | str, ...], data: object, model: type[BaseModel]) -> Loc:
    """The path as written in YAML: drop the union-member tags pydantic puts in its `loc`."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(data, dict):
            # A key that is written, or a field that is missing; else a union tag.
            if part in data or part in fields_at(model, tuple(out)):
                out.append(part)
                data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
    return tuple(out)


def redact(message: str, loc: Loc, doc: Document) -> str:
    """Hide every secret value that a message might quote (validators may echo their input)."""
    own = loc in doc.secret_locs or any(loc[: len(s)] == s for s in doc.secret_locs)
    for value in sorted(doc.secret_values, key=len, reverse=True):
        if value and (len(value) >= _MIN_GLOBAL_REDACT or own):
            message = message.replace(value, REDACTED)
    return message


def _message(err: ErrorDetails, loc: Loc, model: type[BaseModel]) -> str:
    if err["type"] == "extra_forbidden" and loc:
        known = fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        if hint:
            return f"unknown key {loc[-1]!r}; did you mean {hint[0]!r}?"
        return f"unknown key {loc[-1]!r}" + (f" (known: {', '.join(known)})" if known else "")
    if err["type"] in ("model_type", "dict_type"):
        return "should be a map (indented `key: value` lines), not a single value or a list"
    msg = err["msg"]
    # Our own validators raise ValueError; pydantic prefixes it with noise for a person.
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return msg


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the schema allows at `loc`, or [] when it is not a fixed set of fields."""
    current: object = model
    for part in loc:
        current = _model_in(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif get_origin(current) in (list, tuple, set, frozenset) and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return []
    current = _model_in(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: object) -> object:
    """`X | None` or `Union[X, Y]`: the first member that is a model (or the annotation)."""
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
            if get_origin(arg) in (list, dict):
                return arg
    return annotation
