"""``fmbot monitor [--now ISO] [--json] [--dry-run]`` and
``fmbot recommend --department CODE --year Y [--json]``.

``monitor`` computes the five monitoring signals (缺位, 越位, 交叉, 滞后, 不报) over the twelve months
before that local moment, raises each new one as a finding with its evidence (as the periodic job does;
``--dry-run`` writes nothing) and prints one line each with the records behind it. ``recommend`` computes
the year's signals as on the first moment of the next year (or now, for the year under way) and prints the
department's recommendations with their evidence and the 三定 changes they imply, then the year by the
six classes of duty; a recommendation staff have seen in chat (/建议) shows its number and decision. It
writes nothing: recommendations are stored, and decided, in chat.

Both read the records as conversations.monitoring_records reads them for the job and the chat.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from bot.app import load_calendar
from bot.commands.moment import moment_from_args
from bot.config import Settings
from bot.database import open_database
from conversations import MonitoringJob, year_recommendations
from fm_domain.monitoring import Mark, Records, Signal
from fm_domain.recommendations import (
    Recommendation,
    StoredRecommendation,
    class_summary,
    for_department,
    recommendation_key,
    texts,
)

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    monitor_parser = subparsers.add_parser(
        "monitor",
        help="运行监管：计算缺位、越位、交叉、滞后、不报五类监测信号",
        description="按指定的本地时刻（FM_TIMEZONE），计算此前十二个月各部门的监测信号及其依据，新信号转为发现。",
    )
    monitor_parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="本地时刻，默认为当前时间")
    monitor_parser.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    monitor_parser.add_argument("--dry-run", action="store_true", help="只计算，不把新信号转为发现")
    monitor_parser.set_defaults(handler=_monitor)
    recommend_parser = subparsers.add_parser(
        "recommend",
        help="动态管理：按部门和年度生成调整职能、理顺关系、机构编制等建议",
        description="根据该年度经确认的监测依据，生成部门的动态管理建议及其拟修改的三定内容。",
    )
    recommend_parser.add_argument("--department", required=True, metavar="CODE", help="部门代码")
    recommend_parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="年度")
    recommend_parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM", help="本地时刻，默认为当前时间")
    recommend_parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    recommend_parser.set_defaults(handler=_recommend)


def _monitor(args: argparse.Namespace, settings: Settings) -> int:
    now = moment_from_args(args, settings, texts.BAD_MOMENT)
    if now is None:
        return EXIT_BAD_INPUT
    database = open_database(settings)
    try:
        job = MonitoringJob(
            database.unit_of_work, calendar=load_calendar(settings), timezone=settings.tz, clock=lambda: now
        )
        run = job.run(now, dry_run=args.dry_run)
        with database.unit_of_work() as uow:
            catalog = uow.catalog.current()
    finally:
        database.dispose()
    findings = {id(raised.signal): raised.finding_id for raised in run.raised}
    if args.json:
        print(
            json.dumps(
                [_json(signal) | {"finding": findings.get(id(signal))} for signal in run.signals],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    local = now.astimezone(settings.tz)
    print(texts.monitor_heading(f"{local:%Y-%m-%d %H:%M}（{settings.timezone}）", len(run.signals)))
    records = Records(catalog, ())
    for signal in run.signals:
        _print_signal(records, signal, indent="")
    numbers = [raised.finding_id for raised in run.raised]
    print(texts.raised_line(numbers, dry_run=args.dry_run, count=len(run.raised)))
    return 0


def _recommend(args: argparse.Namespace, settings: Settings) -> int:
    now = moment_from_args(args, settings, texts.BAD_MOMENT)
    if now is None:
        return EXIT_BAD_INPUT
    database = open_database(settings)
    try:
        with database.unit_of_work() as uow:
            year = year_recommendations(uow, args.year, now, settings.tz, load_calendar(settings))
            stored = {r.id: r for r in uow.recommendations.of_year(args.year, args.department)}
    finally:
        database.dispose()
    records = year.records
    if records.catalog.get(args.department) is None:
        known = "、".join(department.code for department in records.catalog)
        print(texts.UNKNOWN_DEPARTMENT.format(code=args.department, known=known), file=sys.stderr)
        return EXIT_BAD_INPUT
    made = for_department(year.made, args.department)
    decided = _as_stored(made, stored.values())
    if args.json:
        print(json.dumps([_json(recommendation) for recommendation in decided], ensure_ascii=False, indent=2))
        return 0
    print(texts.recommend_heading(records.catalog, args.department, args.year, len(made)))
    for number, recommendation in enumerate(decided, start=1):
        _print_recommendation(records, number, recommendation)
    in_year = [s for s in records.submissions if s.period.startswith(str(args.year))]
    rows = class_summary(
        records.catalog,
        args.department,
        in_year,
        year.signals,
        decided,
        findings=records.findings,
        judged=records.judged,
    )
    print(texts.CLASS_TABLE_HEADING)
    for row in rows:
        print(texts.class_row(row.category, row.duties, row.performed, row.gaps, row.items))
    return 0


def _as_stored(made: list[Recommendation], stored: Iterable[StoredRecommendation]) -> list[Recommendation]:
    """Each recommendation as staff have it, when they have seen it in chat: with its decision."""
    by_key = {recommendation_key(entry.recommendation): entry for entry in stored}
    by_key |= {
        recommendation_key(replace(entry.recommendation, changes=entry.proposed)): entry for entry in stored
    }
    return [by_key[key].recommendation if (key := recommendation_key(r)) in by_key else r for r in made]


def _print_recommendation(records: Records, number: int, recommendation: Recommendation) -> None:
    print(texts.recommendation_line(number, recommendation))
    if recommendation.changes:
        print(texts.CHANGES_HEADING)
        for change in recommendation.changes:
            print(f"     - {texts.change_text(records.catalog, change)}")
    print(texts.EVIDENCE_HEADING)
    for signal in recommendation.signals:
        _print_signal(records, signal, indent="     ")
    for evidence in recommendation.evidence:
        print(f"     - {texts.evidence_text(records.catalog, evidence)}")


def _print_signal(records: Records, signal: Signal, indent: str) -> None:
    print(f"{indent}{texts.signal_line(records.catalog, signal)}")
    examined = [e for e in signal.evidence if e.mark is Mark.EXAMINED]
    for evidence in signal.evidence:
        if evidence.mark is not Mark.EXAMINED:
            print(f"{indent}  - {texts.evidence_text(records.catalog, evidence)}")
    if examined:  # a year of reports that say nothing of the duty: one line, each report named
        print(f"{indent}  - {texts.examined_text(examined)}")


def _json(record: Signal | Recommendation) -> dict[str, Any]:
    """The dataclass as JSON values: enums as their values, dates ISO, a catalog change with its type."""
    data = asdict(record)
    if isinstance(record, Recommendation):
        for change, original in zip(data["changes"], record.changes, strict=True):
            change["change"] = type(original).__name__
    return json.loads(json.dumps(data, default=_plain))


def _plain(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")
