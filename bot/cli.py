"""The ``fmbot`` command: one sub-command per module in ``bot.commands``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import ConfigError

# Each module exposes register(subparsers); the parser it adds sets ``handler(args) -> int``.
COMMAND_MODULES = (
    "bot.commands.db",
    "bot.commands.catalog",
    "bot.commands.invite",
    "bot.commands.check",
)

log = logging.getLogger("fmbot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fmbot", description="职能管理助手 fmbot")
    parser.add_argument("--version", action="version", version=f"fmbot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.handler(args) or 0)
    except ConfigError as error:
        print(f"配置错误：{error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
