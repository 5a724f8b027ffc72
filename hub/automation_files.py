"""Automation files: read YAML with lines, validate each automation, report "FILE:LINE: path: msg"."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from automations.schema import (
    AndCondition,
    Automation,
    AutomationFile,
    AutomationsConfig,
    ChooseStep,
    Condition,
    NotCondition,
    OrCondition,
    Step,
    SunCondition,
    SunTrigger,
)
from hub.config.report import validation_problems
from hub.config.schema import HomeConfig, HubConfig
from hub.config.yamlload import Document, Loc, Mark, Problem, load_yaml

log = logging.getLogger(__name__)

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A valid automation and where it is written."""

    automation: Automation
    mark: Mark
    file: Path | None  # None: written inline in hub.yaml


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Every valid automation, and every problem (one line each) with the rest."""

    automations: list[Loaded]
    errors: list[str]


def automation_files(folder: Path) -> list[Path]:
    """The YAML files of the automations folder, by name (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def load_file(path: Path) -> tuple[list[Loaded], list[Problem]]:
    """One file: a list of automations, or a single automation map. Bad ones are left out."""
    doc = load_yaml(path)
    if doc.data is None:
        return [], list(doc.problems)
    problems = list(doc.problems)
    data = doc.data
    if data == {} or data == []:
        return [], problems  # an empty file: nothing yet
    single = isinstance(data, dict)
    items = [data] if single else data if isinstance(data, list) else None
    if items is None:
        msg = "an automation file holds a list of automations (or one automation map)"
        return [], [*problems, Problem(Mark(str(path), 1), (), msg)]
    loaded: list[Loaded] = []
    for i, item in enumerate(items):
        own: Loc = () if single else (i,)
        automation, found = _validate(doc, own, item)
        problems.extend(found)
        if automation is not None:
            loaded.append(Loaded(automation, doc.mark_of(own), path))
    return loaded, problems


def _validate(doc: Document, own: Loc, item: object) -> tuple[Automation | None, list[Problem]]:
    """Validate one automation; its problems keep their place in the file."""
    prefix: Loc = ("automations", 0)
    n = len(own)
    # The shared error reporter wants a model with fields: wrap the item, shift its marks.
    shifted = Document(
        doc.file,
        {"automations": [item]},
        {(*prefix, *loc[n:]): mark for loc, mark in doc.marks.items() if loc[:n] == own},
        {(*prefix, *loc[n:]) for loc in doc.secret_locs if loc[:n] == own},
        doc.secret_values,
    )
    shifted.marks.setdefault(prefix, doc.mark_of(own))
    try:
        return AutomationFile.model_validate(shifted.data).automations[0], []
    except ValidationError as exc:
        found = validation_problems(exc, shifted, AutomationFile)
    return None, [Problem(p.mark, (*own, *(p.loc or ())[2:]), p.message) for p in found]


def load_all(
    config: AutomationsConfig, home: HomeConfig, config_file: str = "hub.yaml"
) -> LoadResult:
    """The inline automations and every file's; duplicate ids and sun without a location are errors."""
    loaded = [Loaded(a, Mark(config_file, 1), None) for a in config.inline]
    problems: list[Problem] = []
    for path in automation_files(config.folder):
        try:
            found, errors = load_file(path)
        except OSError as exc:
            found, errors = [], [Problem(Mark(str(path), 1), None, f"cannot read: {exc.strerror}")]
        loaded += found
        problems += errors
    kept: list[Loaded] = []
    seen: dict[str, Loaded] = {}
    for item in loaded:
        auto, mark = item.automation, item.mark
        first = seen.get(auto.id)
        if first is not None:
            where = f"{first.mark.file}:{first.mark.line}"
            problems.append(
                Problem(mark, None, f"duplicate automation id {auto.id!r} (first at {where})")
            )
            continue
        if home.latitude is None and uses_sun(auto):
            msg = f"automation {auto.id!r} uses the sun: set home.latitude and home.longitude"
            problems.append(Problem(mark, None, msg))
            continue
        seen[auto.id] = item
        kept.append(item)
    problems.sort(key=lambda p: (p.mark.file, p.mark.line))
    return LoadResult(kept, [str(p) for p in problems])


def uses_sun(auto: Automation) -> bool:
    """Whether any trigger, condition or step of the automation needs sunrise or sunset."""
    return any(isinstance(t, SunTrigger) for t in auto.trigger) or _sun_in(
        auto.condition, auto.action
    )


def _sun_in(conds: Iterable[Condition], steps: Iterable[Step]) -> bool:
    for cond in conds:
        if isinstance(cond, SunCondition):
            return True
        if isinstance(cond, AndCondition | OrCondition | NotCondition) and _sun_in(
            cond.conditions, ()
        ):
            return True
    for step in steps:
        if isinstance(step, ChooseStep):
            if any(_sun_in(o.conditions, o.sequence) for o in step.choose) or _sun_in(
                (), step.default
            ):
                return True
        elif isinstance(step, SunCondition | AndCondition | OrCondition | NotCondition) and _sun_in(
            (step,), ()
        ):
            return True
    return False


def check_automations(config: HubConfig) -> list[str]:
    """For `hub check-config`: every problem of the automation files, as "FILE:LINE: path: msg"."""
    section: AutomationsConfig | None = getattr(config, "automations", None)
    if section is None:
        return []
    return load_all(section, config.home).errors
