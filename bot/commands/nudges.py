"""``fmbot nudges [--now "2026-12-03T09:00"] [--json] [--dry-run]``: run one nudge sweep at that local moment.

Prints what the sweep queued: one line per nudge, or with ``--json`` one JSON array of
``{"user", "department", "task", "kind", "deadline", "text"}`` (null where a digest has no value; ``text``
is the message as the user reads it). The nudges really
go to the outbox, as the minute scheduler's would, and are never queued twice; ``--dry-run`` shows what a
sweep at that moment would queue and writes nothing (use it for a moment other than now: a nudge queued
for a future day goes out at once, and not again on that day).
"""

from __future__ import annotations

import argparse
import json
import logging

from bot.app import build_application
from bot.commands.moment import moment_from_args
from bot.config import Settings
from conversations import QueuedNudge, date_label, task_label

log = logging.getLogger("fmbot.nudges")

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "nudges",
        help="按指定时刻运行一次催办扫描，列出排入发送队列的提醒",
        description="按指定的本地时刻（FM_TIMEZONE）运行一次催办扫描，并列出这次排入发送队列的提醒。",
    )
    parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="本地时刻，默认为当前时间")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    parser.add_argument("--dry-run", action="store_true", help="只列出将会排入的提醒，不写入数据库")
    parser.set_defaults(handler=_nudges)


def _nudges(args: argparse.Namespace, settings: Settings) -> int:
    now = moment_from_args(args, settings)
    if now is None:
        return EXIT_BAD_INPUT
    app = build_application(settings)  # the same tasks, calendar and settings as the running bot
    try:
        result = app.nudge_sweeper().sweep(now, dry_run=args.dry_run)
    finally:
        app.close()
    if args.dry_run:  # nothing was written: the log must not say it was
        log.info("nudge dry run at %s: %d nudges would be queued", now.isoformat(), len(result.queued))
    else:
        log.info("nudge sweep at %s queued %d nudges", now.isoformat(), len(result.queued))
    if args.json:
        print(json.dumps([nudge.as_json() for nudge in result.queued], ensure_ascii=False, indent=2))
        return 0
    local = now.astimezone(settings.tz)
    verb = "将排入" if args.dry_run else "排入"
    print(f"{local:%Y-%m-%d %H:%M}（{settings.timezone}）{verb}发送队列的提醒：{len(result.queued)} 条")
    for nudge in result.queued:
        print(_line(nudge))
    for year in result.calendar_notices:
        print(f"已提醒工作人员：节假日数据缺少 {year} 年")
    return 0


# The nudge kinds of fm_domain.nudges, as staff call them.
KIND_LABELS = {
    "before_3": "截止前3个工作日提醒",
    "before_1": "截止前1个工作日提醒",
    "due": "截止当日提醒",
    "overdue": "逾期提醒",
    "digest": "逾期汇总",
}


def _line(nudge: QueuedNudge) -> str:
    kind = KIND_LABELS.get(nudge.kind, nudge.kind)
    if nudge.task is None:
        return f"- {kind}：{nudge.user_name}"
    department = nudge.department_name or nudge.department
    task = task_label(nudge.task_title or nudge.task, nudge.period or "")
    deadline = f"，{date_label(nudge.deadline)}截止" if nudge.deadline else ""
    return f"- {kind}：{nudge.user_name}（{department}）{task}{deadline}"
