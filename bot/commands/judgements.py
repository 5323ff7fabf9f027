"""``fmbot judgements export [--out FILE]``: the office's judgements (编办认定) as JSONL.

What is written is what the chat's reviews follow: the latest judgement of each (department, text) made
under the department's current 三定 revision, one ``{"text", "department", "verdict", "duty"}`` object a
line (``internal`` where true), as ``fmbot check --judgements FILE`` reads it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.config import Settings
from bot.database import open_database
from fm_domain.matching.precedents import Judgement, judgements_jsonl

log = logging.getLogger("fmbot.judgements")

EXIT_ERROR = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "judgements", help="编办认定：导出为 JSONL", description="编办认定（编办对比对结果的改正）"
    )
    parser.set_defaults(handler=lambda _args, _settings: parser.print_help() or 0)
    actions = parser.add_subparsers(dest="judgements_action", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="导出现行三定下的编办认定（每行一个 JSON，可供 fmbot check --judgements 使用）",
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="写入文件（默认输出到屏幕）")
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            judgements = [
                Judgement(entry.item, entry.department, entry.verdict, entry.duty, entry.internal)
                for entry in uow.judgements.current()
            ]
    finally:
        database.dispose()
    text = judgements_jsonl(judgements)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"无法写入 {args.out}：{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    log.info("exported %d judgements to %s", len(judgements), args.out)
    print(f"已导出 {len(judgements)} 条编办认定到 {args.out}。", file=sys.stderr)
    return 0
