"""The ``fmbot`` command: one sub-command per module in ``bot.commands``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import ConfigError, load_settings
from bot.log_redaction import RedactingFilter

# Each module exposes register(subparsers); the parser it adds sets ``handler(args, settings) -> int``.
# The settings are read once, here, and handed to the command.
COMMAND_MODULES = (
    "bot.commands.db",
    "bot.commands.catalog",
    "bot.commands.invite",
    "bot.commands.check",
    "bot.commands.judgements",
    "bot.commands.console",
    "bot.commands.demo",
    "bot.commands.nudges",
    "bot.commands.serve",
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
    try:
        settings = load_settings()
        configure_logging(settings.log_level)
        return int(args.handler(args, settings) or 0)
    except ConfigError as error:
        print(f"配置错误：{error}", file=sys.stderr)
        return 2


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    # urllib3 logs whole request URLs at DEBUG, and WeCom puts corpsecret and access_token in them.
    logging.getLogger("urllib3").setLevel(max(logging.INFO, logging.getLogger().level))
    # Alembic announces every migration context at INFO; operators only need to hear of problems.
    logging.getLogger("alembic").setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
