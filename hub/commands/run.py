"""`hub run`: start the daemon in the foreground."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("run", help="run the hub in the foreground")
    p.add_argument("--config", type=Path, default=None, help="hub.yaml (default: ./hub.yaml)")
    p.add_argument("--data-dir", type=Path, default=None, help="state directory (SQLite files)")
    p.add_argument("--port", type=int, default=None, help="HTTP API port (0: any free port)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio
    import logging
    import signal

    from hub.app import Overrides, serve
    from hub.config import load_config
    from hub.core import ConfigError
    from hub.logs import setup_logging

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 1
    setup_logging(config.log.level, config.log.format)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(config, Overrides(data_dir=args.data_dir, port=args.port), stop)

    try:
        asyncio.run(main())
    except ConfigError as exc:  # e.g. an invalid home file, found while starting
        for line in exc.errors:
            logging.getLogger("hub").error("%s", line)
        return 1
    except OSError as exc:
        logging.getLogger("hub").error("cannot start: %s", exc)
        return 1
    return 0
