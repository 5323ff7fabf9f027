"""``fmbot db upgrade``: bring the configured database to the latest migration (the app also does this on
start)."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.database import open_database


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("db", help="数据库维护", description="数据库维护")
    parser.set_defaults(handler=lambda _args, _settings: parser.print_help() or 0)
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help="升级数据库结构到最新版本（可重复执行）",
        description="升级数据库结构到最新版本（可重复执行）",
    )
    upgrade.set_defaults(handler=_upgrade)


def _upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings)
    try:
        where = database.url.render_as_string(hide_password=True)
        print(f"数据库已升级到最新版本：{where}（迁移版本 {database.revision()}）")
    finally:
        database.dispose()
    return 0
