"""`hub check-config` and `hub config-schema`: validate hub.yaml, export its JSON schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add the config subcommands to the `hub` parser."""
    check: argparse.ArgumentParser = sub.add_parser(
        "check-config", help="validate hub.yaml and print every problem with its line"
    )
    check.add_argument(
        "file", nargs="?", type=Path, default=Path("hub.yaml"), help="default: ./hub.yaml"
    )
    check.set_defaults(func=check_config)
    schema: argparse.ArgumentParser = sub.add_parser(
        "config-schema", help="print the JSON schema of hub.yaml, for editors"
    )
    schema.add_argument("--out", type=Path, default=None, help="write to FILE, not stdout")
    schema.set_defaults(func=config_schema)


def check_config(args: argparse.Namespace) -> int:
    """Exit 0 when valid, 1 with every problem on stderr, 2 when the file is missing."""
    from hub.config import load_config
    from hub.core import ConfigError

    path: Path = args.file
    if not path.is_file():
        print(f"{path}: no such config file", file=sys.stderr)
        return 2
    from hub.automation_files import check_automations

    try:
        config = load_config(path)
        errors = check_automations(config)  # automation files are part of the config
        if errors:
            raise ConfigError(errors)
    except ConfigError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        count = len(exc.errors)
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{path}: OK")
    return 0


def config_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON schema of hub.yaml."""
    import json

    from hub.config import config_json_schema

    text = json.dumps(config_json_schema(), indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0
