"""The `hub` command line: one subcommand per module in hub/commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module defines register(subparsers); a subcommand sets `func(args) -> int`.
# Modules import their heavy dependencies inside `func`, so `hub --help` stays fast.
COMMAND_MODULES = (
    "hub.commands.run",
    "hub.commands.config",
    "hub.commands.remote",
    "hub.commands.events",
    "hub.commands.plan",
    "hub.commands.learn",
    "hub.commands.automations",
    "hub.commands.voice",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hub", description="lamhub: a local action hub for the home."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
