"""``fmbot demo``: a fresh demo database with the sample catalog and users, then the console."""

from __future__ import annotations

import argparse
import dataclasses

from bot.app import build_application
from bot.clock import utc_now
from bot.commands.console import quiet_logs_in_the_chat, run_console
from bot.config import Settings
from bot.demo import DEMO_DATABASE, fresh_demo_file, guide, seed_demo


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo", help=f"新建演示数据库（{DEMO_DATABASE}），载入示例目录，打开控制台"
    )
    parser.add_argument(
        "--as", dest="user", default="minzheng", help="以哪个控制台账号开始（默认 minzheng）"
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    quiet_logs_in_the_chat()
    app = build_application(dataclasses.replace(settings, database_url=fresh_demo_file()))
    try:
        print(guide(seed_demo(app.database, utc_now())), flush=True)
        return run_console(app, args.user, jsonl=False)
    finally:
        app.close()
