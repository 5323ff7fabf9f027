"""``fmbot console``: chat with fmbot in the terminal, or drive it line by line with ``--jsonl``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import Application, build_application
from bot.channels.console import ConsoleChannel, run_jsonl
from bot.channels.console_terminal import Terminal
from bot.commands.moment import EXIT_BAD_MOMENT, add_now_option, clock_from_args
from bot.config import Settings

FILES_DIR = Path("var/console-files")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("console", help="在终端里与 fmbot 对话（--jsonl 供脚本使用）")
    parser.add_argument("--as", dest="user", default="staff", help="以哪个控制台账号说话（默认 staff）")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='每行读入一个 JSON 对象 {"user", "text"|"button"|"file", "id"}，每条回复输出一行 JSON，'
        '对这一行的回复以 {"done": true} 结束；给了 id 的，输出各行带回同一个 id',
    )
    add_now_option(parser, "对话所在")
    parser.set_defaults(handler=_console)


def _console(args: argparse.Namespace, settings: Settings) -> int:
    clock = clock_from_args(args, settings)
    if clock is None:
        return EXIT_BAD_MOMENT
    app = build_application(settings, clock=clock)
    try:
        return run_console(app, args.user, jsonl=args.jsonl)
    finally:
        app.close()


def run_console(app: Application, user: str, *, jsonl: bool) -> int:
    app.engine.process_pending()  # anything recorded but not handled before the last exit
    channel = ConsoleChannel(app.engine, app.clock)
    if jsonl:
        refused = run_jsonl(channel, sys.stdin, sys.stdout)
        return 1 if refused else 0
    Terminal(channel, user, FILES_DIR, sys.stdout).run()
    return 0
