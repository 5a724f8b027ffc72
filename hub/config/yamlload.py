"""YAML with a line for every key and item, `!secret`/`!env`/`!file`/`!include`, no duplicates."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]

SECRETS_FILE = "secrets.yaml"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TAGS = ("!secret", "!env", "!file", "!include")
_MAX_INCLUDE_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Mark:
    """Where something is written: a file as the user named it and a 1-based line."""

    file: str
    line: int


def format_loc(loc: Loc) -> str:
    """`home.areas[2].name` for ("home", "areas", 2, "name"); "(top level)" for ()."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the configuration, printed as "FILE:LINE: path: message"."""

    mark: Mark
    loc: Loc | None  # None: not about a path (a syntax error, an unreadable file)
    message: str

    def __str__(self) -> str:
        where = f"{self.mark.file}:{self.mark.line}"
        if self.loc is None:
            return f"{where}: {self.message}"
        return f"{where}: {format_loc(self.loc)}: {self.message}"


@dataclass(slots=True)
class Document:
    """Plain data from YAML, with where each path is written and which values are secret."""

    file: str
    data: object = field(default=None, repr=False)
    marks: dict[Loc, Mark] = field(default_factory=dict, repr=False)
    secret_locs: set[Loc] = field(default_factory=set, repr=False)
    # Kept only to hide these values in messages; never printed (repr=False).
    secret_values: set[str] = field(default_factory=set, repr=False)
    problems: list[Problem] = field(default_factory=list)

    def mark_of(self, loc: Loc) -> Mark:
        """The mark of `loc`, or of its nearest written ancestor (a missing key has none)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.marks:
                return self.marks[loc[:end]]
        return Mark(self.file, 1)


class LineLoader(yaml.SafeLoader):
    """SafeLoader that only composes nodes; `_Builder` turns them into data with their lines."""


class _Failed(Exception):
    """A value could not be built; its problem is already recorded."""


class _Builder:
    """Walks composed nodes with their path, so every value and problem knows where it is."""

    def __init__(
        self, doc: Document, base_dir: Path, secrets_file: Path | None, *, tags: bool
    ) -> None:
        self.doc = doc
        self.tags = tags
        self.base_dir = base_dir
        self.secrets_file = secrets_file
        self._secrets: Document | None = None
        self._including: list[Path] = []
        self._scalars = LineLoader("")  # only its scalar constructors are used

    def fail(self, node: Node, file: str, loc: Loc, message: str) -> _Failed:
        self.doc.problems.append(Problem(Mark(file, node.start_mark.line + 1), loc, message))
        return _Failed()

    def build(self, node: Node, file: str, loc: Loc) -> object:
        tag = node.tag
        if tag.startswith("!") and (not self.tags or tag not in _TAGS):
            # A secrets file may not pull in more secrets; unknown tags are typos.
            why = f"{tag} is not allowed here" if tag in _TAGS else f"unknown tag {tag}"
            raise self.fail(node, file, loc, why)
        if tag in _TAGS:
            if not isinstance(node, ScalarNode):
                raise self.fail(node, file, loc, f"{tag} takes a single value, not a block")
            if tag == "!include":
                return self._include(node, file, loc)
            value = self._secret_scalar(node, file, loc, str(node.value).strip())
            self.doc.secret_locs.add(loc)
            self.doc.secret_values.add(str(value))
            return value
        if isinstance(node, MappingNode):
            return self._mapping(node, file, loc)
        if isinstance(node, SequenceNode):
            return [self._item(n, file, (*loc, i)) for i, n in enumerate(node.value)]
        try:
            return self._scalars.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.fail(node, file, loc, f"cannot read this value: {_problem(exc)}") from None

    def _item(self, node: Node, file: str, loc: Loc) -> object:
        self.doc.marks[loc] = Mark(file, node.start_mark.line + 1)
        try:
            return self.build(node, file, loc)
        except _Failed:
            return None

    def _mapping(self, node: MappingNode, file: str, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        merged: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.update(self._merge(value_node, file, loc))
                continue
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, file, loc, "a key must be a plain name, not a list or map")
                continue
            # Keys are names: keep their text, so `on:` or `1:` is not turned into True or 1.
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self.fail(
                    key_node, file, (*loc, key), f"duplicate key (first at line {first_line[key]})"
                )
                continue
            first_line[key] = line
            self.doc.marks[(*loc, key)] = Mark(file, line)
            try:
                result[key] = self.build(value_node, file, (*loc, key))
            except _Failed:
                result[key] = None
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def _merge(self, node: Node, file: str, loc: Loc) -> dict[str, object]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, object] = {}
        # YAML merge: earlier sources win over later ones, and the map's own keys win over all.
        for source in reversed(sources):
            value = self.build(source, file, loc)
            if not isinstance(value, dict):
                raise self.fail(source, file, loc, "`<<` merges only maps")
            merged.update(value)
        return merged

    def _secret_scalar(self, node: ScalarNode, file: str, loc: Loc, arg: str) -> object:
        if not arg:
            raise self.fail(node, file, loc, f"{node.tag} needs a name")
        if node.tag == "!env":
            name, _, default = arg.partition(" ")
            value = os.environ.get(name)
            if value is None and not default.strip():
                raise self.fail(node, file, loc, f"environment variable {name} is not set")
            return value if value is not None else default.strip()
        if node.tag == "!file":
            path = self._relative(file, arg)
            try:
                return path.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise self.fail(
                    node, file, loc, f"cannot read file {path}: {_reason(exc)}"
                ) from None
        return self._secret(node, file, loc, arg)

    def _secret(self, node: ScalarNode, file: str, loc: Loc, name: str) -> object:
        secrets = self._load_secrets()
        where = self.secrets_file or self.base_dir / SECRETS_FILE
        if secrets is None:
            raise self.fail(node, file, loc, f"secret {name!r}: no secrets file {where}")
        if secrets.data is None:
            raise self.fail(node, file, loc, f"secret {name!r}: {where} has errors")
        if not isinstance(secrets.data, dict) or name not in secrets.data:
            raise self.fail(node, file, loc, f"secret {name!r} is not in {where}")
        return secrets.data[name]

    def _load_secrets(self) -> Document | None:
        if self._secrets is None:
            path = self.secrets_file or self.base_dir / SECRETS_FILE
            if not path.is_file():
                return None
            # Problems inside the secrets file are reported like the config's own.
            self._secrets = load_yaml(path, secrets_file=None, tags=False)
            self.doc.problems.extend(self._secrets.problems)
        return self._secrets

    def _include(self, node: ScalarNode, file: str, loc: Loc) -> object:
        path = self._relative(file, str(node.value).strip())
        if len(self._including) >= _MAX_INCLUDE_DEPTH or path.resolve() in self._including:
            raise self.fail(node, file, loc, f"!include {path}: includes itself or nests too deep")
        root = self._compose(path, node, file, loc)
        self._including.append(path.resolve())
        try:
            return None if root is None else self.build(root, str(path), loc)
        finally:
            self._including.pop()

    def _compose(self, path: Path, node: Node, file: str, loc: Loc) -> Node | None:
        try:
            return compose(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise self.fail(node, file, loc, f"cannot read {path}: {_reason(exc)}") from None
        except yaml.YAMLError as exc:
            self.doc.problems.append(_syntax_problem(str(path), exc))
            raise _Failed() from None

    def _relative(self, file: str, name: str) -> Path:
        path = Path(name).expanduser()
        return path if path.is_absolute() else Path(file).parent / path


def compose(path: Path) -> Node | None:
    """Parse a file into YAML nodes (None when empty); raise OSError or MarkedYAMLError."""
    text = path.read_text(encoding="utf-8")
    try:
        loader = LineLoader(text)
    except yaml.reader.ReaderError as exc:
        # The reader checks every character up front and reports an offset; give it a line.
        line = text.count("\n", 0, exc.position)
        mark = yaml.Mark(str(path), exc.position, line, 0, None, 0)
        problem = f"character {chr(exc.character)!r} is not allowed in YAML"
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=mark) from None
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_yaml(path: Path, secrets_file: Path | None = None, *, tags: bool = True) -> Document:
    """Read a YAML file into a Document; problems are collected, never raised."""
    name = str(path)
    doc = Document(name)
    try:
        root = compose(path)
    except (OSError, UnicodeDecodeError) as exc:
        doc.problems.append(Problem(Mark(name, 1), None, f"cannot read: {_reason(exc)}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(_syntax_problem(name, exc))
        return doc
    if root is None:
        doc.data = {}
        return doc
    base_dir = path.parent
    if secrets_file is None and isinstance(root, MappingNode):
        secrets_file = _secrets_setting(root, base_dir)
    builder = _Builder(doc, base_dir, secrets_file, tags=tags)
    try:
        doc.data = builder.build(root, name, ())
    except _Failed:
        doc.data = None
    return doc


def _secrets_setting(root: MappingNode, base_dir: Path) -> Path | None:
    """The top-level `secrets:` file, read before the rest so `!secret` knows where to look."""
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "secrets" and isinstance(value, ScalarNode):
            if value.tag.startswith("!") or not str(value.value).strip():
                return None
            path = Path(str(value.value)).expanduser()
            return path if path.is_absolute() else base_dir / path
    return None


def _syntax_problem(file: str, exc: yaml.YAMLError) -> Problem:
    line = 1
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
    return Problem(Mark(file, line), None, f"YAML syntax error: {_problem(exc)}")


def _problem(exc: yaml.YAMLError) -> str:
    # Only the problem text: str(exc) quotes the offending line, which may hold a secret.
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [exc.context, exc.problem]
        return ", ".join(p for p in parts if p) or "invalid YAML"
    return type(exc).__name__


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return "not UTF-8 text"
